/**
 * Every text of the web app, in French, in the words of the user guide. One module so that a
 * translation is one new file of the same shape (`typeof fr`); components never hold text.
 *
 * Sections: `common` (shared words), `errors` (what a failure says), `live` (the live-link
 * indicator), `account` (log in, password reset: teachers and pupils alike), `orga` (the
 * teacher dashboard, one key per screen), `pupil` (the pupil's screens, one key per screen),
 * `assessment` (the test itself: questions, checkpoints, results).
 */

// The pupil's screens first, the teacher dashboard last: each issue's texts live apart.
const pupil = {
	header: {
		nav: 'Menu de l’élève',
		participations: 'Mes parcours',
		tutorials: 'Mes tutos'
	},
	codeForm: {
		label: 'Saisissez le code du parcours',
		hint: '9 caractères, par exemple ABCDEF123 : les majuscules et les espaces ne comptent pas.',
		submit: 'Commencer',
		submitting: 'Recherche…',
		empty: 'Veuillez saisir un code.'
	},
	home: {
		pageTitle: 'Accueil · Orga',
		heading: 'J’ai un code',
		intro:
			'Vous souhaitez participer à un parcours de test ? Saisissez le code que votre enseignant vous a communiqué.',
		account: 'Vous avez déjà un compte ?',
		logIn: 'Se connecter',
		noAccount: 'Pas encore de compte ?',
		signUp: 'Inscription gratuite',
		myParticipations: 'Voir mes parcours'
	},
	campaign: {
		pageTitle: (title: string) => `${title} · Orga`,
		heading: 'Commencez votre parcours',
		organizer: (name: string) => `Parcours proposé par ${name}`,
		intro:
			'Démarrez votre parcours d’évaluation personnalisé. Inscrivez-vous ou connectez-vous sur la plateforme Orga et lancez votre test.',
		start: 'Je commence',
		starting: 'Démarrage…',
		logInInstead: 'Vous avez déjà un compte ?',
		logIn: 'Se connecter',
		legal:
			'Vos informations personnelles et vos résultats seront transmis à l’organisateur du parcours. Vos résultats aux tests ne lui seront transmis qu’avec votre accord.',
		unfinished: (title: string) => `Vous n’avez pas terminé le parcours « ${title} »`,
		resume: 'Reprendre',
		toShare: (title: string) =>
			`Vous avez terminé le parcours « ${title} » : envoyez vos résultats à l’organisateur.`,
		send: 'Envoyer mes résultats',
		shared: (title: string) => `Vous avez déjà envoyé vos résultats du parcours « ${title} ».`,
		seeResults: 'Voir mes résultats',
		wrongCodeTitle: 'Code erroné',
		archivedTitle: 'Oups, la page demandée n’est plus accessible.',
		archivedText: 'Ce parcours a été archivé par l’organisateur : il n’est plus possible de le commencer.',
		myParticipations: 'Voir mes parcours',
		enterAnother: 'Saisir un autre code'
	},
	externalId: {
		pageTitle: 'Avant de commencer · Orga',
		heading: 'Avant de commencer',
		intro: 'L’organisateur a besoin de l’information ci-dessous pour pouvoir vous accompagner :',
		submit: 'Continuer',
		submitting: 'Envoi…',
		cancel: 'Annuler',
		missing: (label: string) => `Veuillez saisir votre ${label}.`
	},
	login: {
		pageTitle: 'Connexion · Orga',
		heading: 'Se connecter',
		intro: 'Connectez-vous à votre compte Orga pour commencer ou reprendre un parcours.',
		forgotten: 'Vous avez oublié votre mot de passe ?',
		forgottenLink: 'Réinitialisez-le',
		noAccount: 'Pas encore de compte ?',
		signUp: 'Inscription gratuite'
	},
	platformTerms: {
		pageTitle: 'Conditions d’utilisation · Orga',
		heading: 'Conditions d’utilisation',
		signUp: 'Inscription gratuite'
	},
	signUp: {
		pageTitle: 'Inscription gratuite · Orga',
		heading: 'Inscription gratuite',
		firstName: 'Prénom',
		lastName: 'Nom',
		email: 'Adresse e-mail',
		emailHint: 'Par exemple : prenom.nom@exemple.fr',
		password: 'Mot de passe',
		passwordRules: '8 caractères au moins, dont une majuscule, une minuscule et un chiffre.',
		acceptTerms: 'J’accepte les conditions d’utilisation d’Orga',
		readTerms: 'Lire les conditions d’utilisation',
		newTab: '(nouvel onglet)',
		submit: 'Je m’inscris',
		submitting: 'Inscription…',
		account: 'Vous avez déjà un compte ?',
		logIn: 'Se connecter'
	},
	participations: {
		pageTitle: 'Mes parcours · Orga',
		heading: 'Mes parcours',
		started: 'En cours',
		toShare: 'À envoyer',
		shared: 'Terminé',
		archived: 'Archivé',
		archivedText: 'Parcours archivé par votre organisation. Vos résultats n’ont pas pu être envoyés.',
		startedOn: (date: string) => `Commencé le ${date}`,
		sharedOn: (date: string) => `Résultats envoyés le ${date}`,
		mastery: (rate: string) => `${rate} de réussite`,
		resume: 'Reprendre',
		resumeLabel: (title: string) => `Reprendre le parcours « ${title} »`,
		send: 'Envoyer mes résultats',
		sendLabel: (title: string) => `Envoyer mes résultats du parcours « ${title} »`,
		sent: 'Résultats envoyés',
		empty: 'Vous n’avez encore commencé aucun parcours.',
		emptyAction: 'J’ai un code',
		more: 'Voir plus de parcours'
	},
	tutorials: {
		pageTitle: 'Mes tutos · Orga',
		heading: 'Mes tutos',
		intro: 'Les tutos que vous avez enregistrés pendant vos parcours, pour apprendre et progresser.',
		source: (source: string) => `par ${source}`,
		duration: 'Durée',
		format: 'Format',
		open: (title: string) => `${title} (nouvel onglet)`,
		remove: 'Retirer',
		removing: 'Retrait…',
		removeLabel: (title: string) => `Retirer le tuto « ${title} » de Mes tutos`,
		removed: (title: string) => `Le tuto « ${title} » a été retiré de Mes tutos.`,
		empty: 'Vous n’avez encore enregistré aucun tuto. Pendant un parcours, enregistrez ceux qui vous aident : ils apparaîtront ici.',
		more: 'Voir plus de tutos'
	}
} as const;

// The test itself (« /campagnes/CODE/evaluation/ID »): introduction, questions, checkpoints,
// results. Apart from `pupil` (the screens around it) so that each part reads on its own.
const assessment = {
	pageTitle: (title: string) => `${title} – Orga`,
	header: {
		label: 'Parcours',
		quit: 'Quitter',
		quitLabel: 'Quitter le parcours : vous pourrez le reprendre plus tard'
	},
	instructions: {
		label: 'Avant de commencer',
		step: (current: number, total: number) => `Étape ${current} sur ${total}`,
		pages: [
			{
				title: 'Vous pouvez rechercher sur internet',
				text: 'Si vous ignorez une réponse, elle se trouve sûrement sur internet.'
			},
			{
				title: 'Pas de limite de temps !',
				text: 'Prenez le temps nécessaire pour terminer votre parcours. Si une question est chronométrée, cela vous sera indiqué.'
			},
			{
				title: 'Des tutos pour apprendre',
				text: 'Accédez à des tutos pour apprendre davantage sur chaque question et progresser.'
			},
			{
				title: 'Un niveau de difficulté adapté',
				text: 'En fonction de vos réponses, Orga adapte la difficulté des questions.'
			}
		],
		next: 'Suivant',
		previous: 'Précédent',
		skip: 'Passer les consignes',
		start: 'Je commence'
	},
	question: {
		ofCheckpoint: (n: number) => `Question ${n} sur 5`,
		answer: 'Votre réponse',
		field: (n: number) => `Réponse ${n}`,
		choicesQcu: 'Choisissez une réponse.',
		choicesQcm: 'Choisissez une ou plusieurs réponses.',
		illustration: 'Illustration de la question',
		embed: 'Simulateur de la question',
		skip: 'Je passe',
		validate: 'Je valide',
		sending: 'Envoi…',
		empty: 'Pour valider, sélectionnez ou saisissez une réponse. Sinon, cliquez sur « Je passe ».',
		emptyField: 'Ce champ est vide.',
		offline:
			'Connexion perdue : votre réponse sera envoyée dès le retour du réseau. Ne fermez pas cette page.',
		retry: 'Réessayer maintenant',
		stale:
			'Cette question a déjà reçu une réponse (dans un autre onglet ?) : voici la suite de votre parcours.'
	},
	timed: {
		title: 'Question chronométrée',
		announce: (duration: string) =>
			`Vous disposerez de ${duration} pour réussir la question suivante.`,
		explain:
			'Le temps commence quand vous cliquez sur « Commencer ». Quand il est écoulé, votre réponse est envoyée telle quelle et compte comme hors délai.',
		start: 'Commencer',
		remaining: 'Temps restant',
		announceRemaining: (duration: string) => `Il reste ${duration}.`,
		over: 'Temps écoulé : votre réponse est envoyée.',
		minutes: (n: number) => (n === 1 ? '1 minute' : `${n} minutes`),
		seconds: (n: number) => (n === 1 ? '1 seconde' : `${n} secondes`)
	},
	report: {
		open: 'Signaler un problème',
		title: 'Signaler un problème',
		category: 'J’ai un problème avec',
		categories: {
			QUESTION: 'la question',
			IMAGE: 'l’image',
			LINK: 'le lien indiqué dans la question',
			EMBED: 'le simulateur / l’application',
			DOWNLOAD: 'le fichier à télécharger',
			ANSWER: 'la réponse',
			TUTORIAL: 'le tutoriel',
			ACCESSIBILITY: 'l’accessibilité de l’épreuve',
			OTHER: 'autre'
		},
		content: 'Précisez',
		contentHint: '5 000 caractères au plus.',
		send: 'Envoyer',
		sent: 'Merci : votre signalement a été envoyé. Vous pouvez continuer.'
	},
	checkpoint: {
		progress: 'Avancement du parcours',
		answers: 'Vos réponses',
		finalTitle: 'Fin de votre évaluation',
		nothingNew: 'C’est déjà fini, ne soyez pas surpris !',
		details: 'Réponses et tutos',
		detailsOf: (instruction: string) => `Réponses et tutos : ${instruction}`,
		yourAnswer: 'Votre réponse',
		noAnswer: 'Pas de réponse',
		solution: 'Réponse attendue',
		hint: 'Un conseil pour la prochaine fois',
		tutorials: 'Pour réussir la prochaine fois',
		learnMore: 'Pour en apprendre davantage',
		tutorialMeta: (duration: string, source: string, format: string) =>
			`${duration} · ${format} · par ${source}`,
		save: 'Enregistrer',
		saveLabel: (title: string) => `Enregistrer le tuto « ${title} » dans Mes tutos`,
		saved: 'Enregistré',
		unsaveLabel: (title: string) => `Enregistré : retirer le tuto « ${title} » de Mes tutos`,
		continue: 'Continuer mon parcours',
		seeResults: 'Voir mes résultats'
	},
	results: {
		title: 'Vos résultats',
		mastery: (percentage: string) => `Vous maîtrisez ${percentage} des compétences testées.`,
		sendInvite:
			'Envoyez vos résultats à l’organisateur du parcours pour qu’il puisse vous accompagner.',
		send: 'J’envoie mes résultats',
		sendQuestion: 'Envoyer vos résultats à l’organisateur ? Vous ne pourrez plus les modifier.',
		sent: 'Vos résultats ont été envoyés à l’organisateur du parcours. Merci !',
		sentOn: (date: string) => `Envoyés le ${date}.`,
		archived: 'Parcours archivé par votre organisation : les résultats ne peuvent plus être envoyés.',
		details: 'Vos résultats détaillés',
		competence: 'Compétence',
		level: 'Niveau',
		levelValue: (level: number | null | undefined) =>
			level === null || level === undefined ? '–' : `Niveau ${level}`,
		validated: 'Acquis validés',
		validatedValue: (validated: number, tested: number) => `${validated} sur ${tested}`,
		masteryColumn: 'Réussite',
		notSentNote:
			'Tant que vous n’avez pas envoyé vos résultats, votre enseignant ne les voit pas.',
		backHome: 'Revenir à mes parcours'
	}
} as const;

const common = {
	appName: 'Orga',
	orgaName: 'Orga',
	loading: 'Chargement…',
	cancel: 'Annuler',
	save: 'Enregistrer',
	close: 'Fermer',
	confirm: 'Confirmer',
	back: 'Retour',
	yes: 'Oui',
	no: 'Non',
	required: 'obligatoire',
	requiredHint: 'Les champs marqués d’un * sont obligatoires.',
	skipToContent: 'Aller au contenu',
	pagination: {
		label: 'Pagination',
		previous: 'Page précédente',
		next: 'Page suivante',
		pageSize: 'Voir',
		pageSizeSuffix: 'par page',
		page: (current: number, total: number) => `Page ${current} sur ${total}`
	}
} as const;

const errors = {
	/** Shown when the API answers a code this module does not name (its message is used). */
	generic: 'Une erreur inattendue est survenue. Veuillez réessayer.',
	network: 'Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.',
	notFoundTitle: 'Page introuvable',
	notFound: 'La page demandée n’existe pas ou ne vous est pas accessible.',
	forbiddenTitle: 'Accès refusé',
	forbidden: 'Vous n’avez pas les droits nécessaires pour accéder à cette page.',
	serverTitle: 'Une erreur est survenue',
	backHome: 'Revenir à l’accueil',
	sessionExpired: 'Votre session a expiré. Connectez-vous à nouveau pour continuer.',
	formHasErrors: 'Le formulaire contient des erreurs :'
} as const;

const live = {
	connected: 'Mise à jour en direct',
	connecting: 'Connexion au direct…',
	down: 'Direct interrompu : reconnexion en cours…'
} as const;

const account = {
	email: 'E-mail',
	password: 'Mot de passe',
	showPassword: 'Afficher le mot de passe',
	hidePassword: 'Masquer le mot de passe',
	logIn: 'Je me connecte',
	loggingIn: 'Connexion…',
	logOut: 'Se déconnecter',
	forgotten: {
		pageTitle: 'Mot de passe oublié · Orga',
		heading: 'Mot de passe oublié',
		intro:
			'Saisissez l’adresse e-mail de votre compte : vous recevrez un lien pour choisir un nouveau mot de passe.',
		submit: 'Recevoir le lien',
		submitting: 'Envoi…',
		sent: 'Si un compte existe avec cette adresse, un e-mail vient de lui être envoyé avec un lien valable quelques heures.',
		backToLogin: 'Revenir à la connexion'
	},
	reset: {
		pageTitle: 'Nouveau mot de passe · Orga',
		heading: 'Choisissez un nouveau mot de passe',
		newPassword: 'Nouveau mot de passe',
		rules: '8 caractères au moins, dont une majuscule, une minuscule et un chiffre.',
		acceptTerms: 'J’accepte les conditions d’utilisation de la plateforme',
		submit: 'Enregistrer le mot de passe',
		submitting: 'Enregistrement…',
		done: 'Votre mot de passe a été modifié. Vous pouvez vous connecter.',
		missingToken: 'Ce lien est incomplet : ouvrez le lien reçu par e-mail, ou demandez-en un nouveau.',
		logIn: 'Se connecter'
	}
} as const;

const orga = {
	title: 'Orga',
	header: {
		nav: 'Menu principal',
		campaigns: 'Campagnes',
		team: 'Équipe',
		apiTokens: 'Accès API',
		organizationSwitcher: 'Organisation',
		userMenu: (first: string, last: string) => `${first} ${last}`
	},
	login: {
		pageTitle: 'Connexion à Orga',
		heading: 'Déjà utilisateur ?',
		intro:
			'Vous avez déjà un compte Orga ? Vous pouvez utiliser ce compte pour rejoindre l’espace organisation.',
		forgotten: 'Vous avez oublié votre mot de passe ?',
		forgottenLink: 'Réinitialisez-le'
	},
	terms: {
		pageTitle: 'Conditions générales d’utilisation · Orga',
		heading: 'Conditions générales d’utilisation de la plateforme Orga',
		accept: 'J’accepte les conditions d’utilisation'
	},
	noOrganization: {
		title: 'Aucune organisation',
		text: 'Votre compte n’est membre d’aucune organisation. Demandez à l’administrateur de l’espace Orga de votre établissement de vous ajouter à l’équipe.'
	},
	campaigns: {
		pageTitle: 'Campagnes · Orga',
		heading: 'Campagnes',
		create: 'Créer une campagne',
		emptyHeading: 'Créez votre première campagne',
		emptyText:
			'Une campagne évalue un groupe d’élèves ou une classe sur une compétence ou un profil cible. Ses participants la rejoignent avec son code ou son lien.',
		noMatch: 'Aucune campagne ne correspond à votre recherche.',
		search: 'Rechercher une campagne',
		searchPlaceholder: 'Nom de la campagne',
		orderBy: 'Trier par',
		orderByName: 'Nom',
		orderByNewest: 'Date de création (plus récentes d’abord)',
		mine: 'Mes campagnes',
		archived: 'Campagnes archivées',
		active: 'Campagnes actives',
		tableCaption: 'Les campagnes de l’organisation',
		name: 'Nom de la campagne',
		code: 'Code',
		owner: 'Propriétaire',
		createdAt: 'Créée le',
		participants: 'Participants',
		resultsReceived: 'Résultats reçus',
		count: (n: number) => (n <= 1 ? `${n} campagne` : `${n} campagnes`),
		more: 'Afficher plus de campagnes'
	},
	creation: {
		pageTitle: 'Création d’une campagne · Orga',
		heading: 'Création d’une campagne',
		name: 'Nom de la campagne',
		nameHint:
			'Par exemple : prénom, nom de l’enseignant, classe, compétence évaluée. Ce nom sera affiché sur la liste des campagnes de l’établissement, et sera uniquement visible par les utilisateurs de l’espace Orga.',
		target: 'Que souhaitez-vous tester ?',
		targetHint:
			'Une compétence, ou un profil cible : une sélection d’acquis relevant de plusieurs compétences.',
		targetChoose: 'Choisissez une compétence ou un profil cible',
		competences: 'Compétences',
		profiles: 'Profils cibles',
		skills: (n: number) => `${n} acquis`,
		askExternalId: 'Souhaitez-vous demander un identifiant ?',
		askExternalIdHint:
			'Laissez « Non » : cette option ne concerne pas les établissements scolaires.',
		externalIdLabel: 'Libellé de l’identifiant',
		externalIdLabelHint: 'Par exemple : « Numéro de l’élève ». Il ne pourra plus être modifié.',
		title: 'Titre du parcours',
		titleHint: 'Il s’affichera dans le parcours de l’élève (50 caractères au plus).',
		landingText: 'Texte de la page d’accueil',
		landingTextHint: 'Un texte court pour personnaliser la page d’accueil de la campagne.',
		submit: 'Créer la campagne',
		submitting: 'Création…'
	},
	campaign: {
		pageTitle: (name: string) => `${name} · Orga`,
		participants: 'Participants',
		resultsReceived: 'Résultats reçus',
		archivedNotice: (date: string) => `Campagne archivée le ${date}.`,
		tabs: 'Onglets de la campagne',
		details: 'Détails',
		participantsTab: (n: number) => `Participants (${n})`,
		collectiveResults: 'Résultats collectifs',
		exportResults: 'Exporter résultats (.csv)',
		targetProfile: 'Profil cible',
		directLink: 'Lien direct',
		copyLink: 'Copier le lien',
		copied: 'Lien copié',
		copyFailed: 'Copie impossible : sélectionnez le lien et copiez-le.',
		code: 'Code',
		title: 'Titre du parcours',
		landingText: 'Texte de la page d’accueil',
		externalIdLabel: 'Identifiant demandé',
		none: 'Aucun',
		owner: 'Propriétaire',
		createdAt: 'Créée le',
		edit: 'Modifier',
		archive: 'Archiver',
		unarchive: 'Désarchiver',
		archiveConfirm:
			'Archiver cette campagne ? Les élèves ne pourront plus la rejoindre ni la poursuivre ; ses résultats restent consultables.',
		tip: 'Conseil : copiez-collez le lien dans le cahier de texte électronique, un outil collaboratif ou l’ENT.'
	},
	edition: {
		pageTitle: (name: string) => `Modifier ${name} · Orga`,
		heading: 'Modifier la campagne',
		owner: 'Propriétaire',
		submit: 'Enregistrer les modifications',
		submitting: 'Enregistrement…'
	},
	participants: {
		caption: 'Les participants de la campagne',
		name: 'Nom',
		externalId: 'Identifiant',
		status: 'Statut',
		progress: 'Avancement',
		startedAt: 'Commencé le',
		sharedAt: 'Partagé le',
		filter: 'Statut',
		all: 'Tous',
		statusLabel: {
			SHARED: 'Résultats reçus',
			STARTED: 'En cours de test',
			TO_SHARE: 'En attente d’envoi'
		},
		statusHelp: {
			SHARED: 'L’élève a terminé son test et envoyé ses résultats.',
			STARTED: 'L’élève n’a pas terminé son test.',
			TO_SHARE: 'L’élève a terminé son test mais n’a pas envoyé ses résultats.'
		},
		empty: 'Aucun participant pour l’instant. Les élèves apparaissent ici dès qu’ils rejoignent la campagne.',
		emptyFilter: 'Aucun participant dans ce statut.',
		total: (n: number) => (n <= 1 ? `${n} participant` : `${n} participants`)
	},
	participant: {
		pageTitle: (name: string) => `${name} · Orga`,
		back: 'Retour aux participants',
		progress: 'Avancement',
		startedAt: 'Commencé le',
		sharedAt: 'Partagé le',
		notShared: 'Non partagé',
		competencesTested: 'Compétences testées',
		validatedSkills: 'Acquis validés',
		testedSkills: 'Acquis évalués',
		score: 'Score',
		results: 'Résultats',
		competence: 'Compétence',
		notSharedYet:
			'Les résultats de cet élève s’afficheront ici lorsqu’il les aura envoyés.'
	},
	collective: {
		caption: 'Résultats collectifs par compétence',
		competence: 'Compétences',
		average: 'Résultats (moyenne)',
		validated: 'Acquis validés (moyenne)',
		targeted: 'Acquis évalués',
		sharedCount: (n: number) =>
			n <= 1 ? `${n} élève a partagé ses résultats.` : `${n} élèves ont partagé leurs résultats.`,
		none: 'Aucun élève n’a encore envoyé ses résultats : les résultats collectifs s’afficheront ici.'
	},
	team: {
		pageTitle: 'Équipe · Orga',
		heading: 'Équipe',
		caption: 'Les membres de l’organisation',
		name: 'Nom',
		email: 'E-mail',
		role: 'Rôle',
		since: 'Membre depuis le',
		actions: 'Actions',
		roles: { ADMIN: 'Administrateur', MEMBER: 'Membre' },
		roleOf: (name: string) => `Rôle de ${name}`,
		remove: 'Retirer',
		removeOf: (name: string) => `Retirer ${name} de l’équipe`,
		removeConfirm: (name: string) => `Retirer ${name} de l’équipe ?`,
		add: 'Ajouter un membre',
		addHeading: 'Ajouter un membre',
		addHint: 'La personne doit déjà avoir un compte, créé avec cette adresse e-mail.',
		adding: 'Ajout…',
		added: (email: string) => `${email} a été ajouté à l’équipe.`,
		roleChanged: 'Le rôle a été modifié.',
		removed: (name: string) => `${name} a été retiré de l’équipe.`
	},
	apiTokens: {
		pageTitle: 'Accès API · Orga',
		heading: 'Accès API',
		intro:
			'Un jeton d’accès permet à un logiciel tiers (ENT, outil de suivi) de lire les campagnes et les résultats de l’organisation par l’API GraphQL, avec l’en-tête « Authorization: Bearer JETON ».',
		caption: 'Les jetons d’accès de l’organisation',
		name: 'Nom',
		prefix: 'Début du jeton',
		createdAt: 'Créé le',
		lastUsedAt: 'Dernière utilisation',
		never: 'Jamais',
		state: 'État',
		active: 'Actif',
		revokedOn: (date: string) => `Révoqué le ${date}`,
		revoke: 'Révoquer',
		revokeOf: (name: string) => `Révoquer le jeton ${name}`,
		revokeConfirm: (name: string) =>
			`Révoquer le jeton ${name} ? Les logiciels qui l’utilisent n’auront plus accès.`,
		create: 'Créer un jeton',
		createHeading: 'Nouveau jeton',
		tokenName: 'Nom du jeton',
		tokenNameHint: 'Par exemple : le nom du logiciel qui l’utilisera.',
		creating: 'Création…',
		shownOnce: 'Copiez ce jeton maintenant : il ne sera plus jamais affiché.',
		token: 'Jeton',
		copy: 'Copier le jeton',
		copied: 'Jeton copié',
		empty: 'Aucun jeton pour l’instant.'
	}
} as const;

export const fr = {
	locale: 'fr-FR',
	timeZone: 'Europe/Paris',
	common,
	errors,
	live,
	account,
	orga,
	pupil,
	assessment
} as const;

export type Messages = typeof fr;
