/**
 * Every text of the web app, in French, in the words of the user guide. One module so that a
 * translation is one new file of the same shape (`typeof fr`); components never hold text.
 *
 * Sections: `common` (shared words), `errors` (what a failure says), `live` (the live-link
 * indicator), `account` (log in, password reset: teachers and pupils alike), `orga` (the
 * teacher dashboard, one key per screen), `pupil` (the pupil's screens, one key per screen).
 */

// The pupil's screens first, the teacher dashboard last: each issue's texts live apart.
const pupil = {} as const;

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
	logOut: 'Se déconnecter'
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
	pupil
} as const;

export type Messages = typeof fr;
