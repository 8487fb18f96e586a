"""The terms of use: the Orga terms (staff) with who accepted which version, and the platform
terms that every account accepts when it is created (``signUp``'s ``acceptTerms``).

The Orga version in force is ``policy.terms_version`` (``ORGA_TERMS_VERSION``). Publishing new
Orga terms means changing the text below and that setting: every member is then asked again,
since the acceptance of an older version no longer counts (``require_member`` checks the
current one).
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models import TermsAcceptance
from resolvers.access import require_user
from resolvers.accounts import Me, get_me
from resolvers.context import Services, Viewer
from resolvers.errors import clean_text, invalid

logger = logging.getLogger("orga.terms")

ORGA_TERMS_TEXT = """\
# Conditions générales d'utilisation de la plateforme Orga

## Article 1 — Objet
Orga permet aux établissements scolaires, aux établissements d'enseignement supérieur et aux
organismes de formation (les « organisations ») d'évaluer les compétences numériques de leurs
élèves au moyen de campagnes de tests adaptatifs, et d'en suivre les résultats.

## Article 2 — Accès à l'espace Orga
L'accès à l'espace d'une organisation est réservé aux personnes qu'un administrateur de cette
organisation a ajoutées à son équipe. Chaque membre accède à Orga avec son compte personnel ; il
garde ses identifiants confidentiels et signale sans délai toute utilisation frauduleuse.

## Article 3 — Rôles
Un administrateur gère l'équipe (ajout, rôle, retrait des membres) et les jetons d'accès des
services tiers. Tout membre peut créer des campagnes et consulter les résultats que les élèves
ont choisi d'envoyer.

## Article 4 — Données personnelles des élèves
Les membres n'utilisent les résultats des élèves que pour l'accompagnement pédagogique. Ils ne
les communiquent qu'aux personnes qui en ont besoin dans ce cadre et n'en font aucun usage
commercial. Les résultats d'un élève ne sont visibles par l'organisation qu'après leur envoi par
l'élève lui-même. L'organisation est responsable du traitement des données de ses élèves au sens
du Règlement général sur la protection des données ; elle informe les élèves (et, pour les
mineurs, leurs représentants légaux) de ce traitement et de leurs droits.

## Article 5 — Jetons d'accès des services tiers
Un jeton d'accès ne permet que la lecture des données de l'organisation qui l'a créé.
L'administrateur qui le crée le transmet uniquement au service concerné et le révoque dès qu'il
n'est plus nécessaire.

## Article 6 — Évolution des conditions
Ces conditions peuvent évoluer. Chaque nouvelle version doit être acceptée avant de poursuivre
l'utilisation de l'espace Orga.
"""


PLATFORM_TERMS_TEXT = """\
# Conditions générales d'utilisation de la plateforme

## Article 1 — Objet
La plateforme permet à chacun de tester ses compétences numériques au moyen de parcours de
tests adaptatifs proposés par des organisations (établissements scolaires, d'enseignement
supérieur, organismes de formation), et d'apprendre grâce à des tutoriels.

## Article 2 — Compte
L'inscription est gratuite. Vous donnez votre prénom, votre nom, une adresse e-mail et un mot
de passe. Votre compte est personnel : vous gardez votre mot de passe secret et ne passez pas
de test à la place d'une autre personne.

## Article 3 — Parcours et résultats
Vous rejoignez un parcours avec son code ou son lien. Vos réponses servent à mesurer votre
niveau et à choisir les questions suivantes. Vos résultats ne sont transmis à l'organisation
qui vous a proposé le parcours que lorsque vous choisissez de les lui envoyer ; avant cet
envoi, elle voit seulement votre nom, que vous avez commencé ou terminé le parcours, et votre
avancement. Si le parcours demande un identifiant (par exemple un numéro d'élève),
l'organisation le voit aussi.

## Article 4 — Données personnelles
Les données de votre compte, vos réponses, vos résultats et les tutoriels que vous
enregistrez sont conservés pour vous permettre de reprendre vos parcours et de retrouver vos
résultats. Elles ne sont ni vendues ni utilisées à des fins commerciales. Pour exercer vos
droits d'accès, de rectification et d'effacement, adressez-vous à l'organisation qui vous a
proposé le parcours ou à l'exploitant de la plateforme.

## Article 5 — Bon usage
Vous pouvez chercher sur internet pendant un test. Vous vous engagez à ne pas perturber le
fonctionnement de la plateforme et à ne pas publier les questions des tests.

## Article 6 — Évolution des conditions
Ces conditions peuvent évoluer ; la version en vigueur est toujours consultable depuis la page
d'inscription.
"""


@dataclass(frozen=True)
class Terms:
    version: str
    text: str


def current_terms(services: Services) -> Terms:
    return Terms(version=services.policy.terms_version, text=ORGA_TERMS_TEXT)


async def has_accepted_current_terms(user_id: uuid.UUID, services: Services) -> bool:
    return await TermsAcceptance.exists(user_id=user_id, version=services.policy.terms_version)


async def accept_organization_terms(viewer: Viewer, version: str | None, services: Services) -> Me:
    """Record that the viewer accepts the terms in force. Accepting twice changes nothing.

    The client sends the version it displayed: if the terms changed in between, the
    acceptance is refused (VALIDATION_FAILED on ``version``) rather than applied to a text the
    person did not read.
    """
    user_id = require_user(viewer)
    shown = clean_text(version, field="version", label="La version", max_length=32)
    terms = current_terms(services)
    if shown != terms.version:
        raise invalid(
            "version",
            "Les conditions d'utilisation ont changé depuis leur affichage : "
            "relisez-les avant de les accepter.",
        )
    if not await has_accepted_current_terms(user_id, services):
        try:
            async with in_transaction():
                await TermsAcceptance.create(user_id=user_id, version=terms.version)
        except IntegrityError:
            # Accepted at the same moment by another request (double click): same outcome.
            pass
    logger.info("Conditions %s acceptées par l'utilisateur %s", terms.version, user_id)
    return await get_me(viewer, services)
