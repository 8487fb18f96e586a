"""``orga demo [--if-empty]``: a school with campaigns and pupils in every state.

« Collège Pix » (SCO, UAI 0251234A), its referent Sophie Pix (ADMIN) and a teacher, Stéphane
Libellot (MEMBER), both having accepted the Orga terms; the seed's campaigns; about thirty
simulated pupils who join with the code, answer with the engine's simulated-pupil model
(an ability per competence, a logistic chance of success, seeded) and stop midway, finish, or
finish and send their results. Everything goes through the same use cases as the API, so
every screen, count and export of the teacher dashboard shows consistent data.

``--if-empty`` does nothing when an organization already exists: ``make run`` loads the demo
on its first start only. Passwords are drawn at random and printed once, at the end.
"""

from __future__ import annotations

import argparse
import json
import random
import secrets
import string
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any

from engine.content import bundled_referential
from engine.referential import Challenge, ChallengeType
from engine.simulation import (
    MAX_ABILITY,
    MAX_DISCRIMINATION,
    MIN_ABILITY,
    MIN_DISCRIMINATION,
    success_probability,
)
from engine.treatments import parse_solution_mapping
from models import Organization, ParticipationStatus
from resolvers.accounts import sign_up
from resolvers.answers import submit_answer
from resolvers.campaigns import archive_campaign, create_campaign
from resolvers.context import ANONYMOUS, Services, Viewer
from resolvers.organizations import create_organization
from resolvers.participations import join_campaign, share_results
from resolvers.target_profiles import create_target_profile
from resolvers.team import add_member
from resolvers.terms import accept_organization_terms
from web.commands._runtime import load_settings, open_database, run
from web.commands.simulate import ProgressBar
from web.mail import mailer_for

EMAIL_DOMAIN = "demo.orga.fr"
LANDING_TEXT = "Vous devez m'envoyer votre test avant le 18 mars. Bonne chance !"

# The seed's campaigns, with how many pupils end in each state: (started, to share, shared).
# « Classe de 3ème » tests the 16 competences (about a hundred questions per pupil).
CAMPAIGNS: tuple[dict[str, Any], ...] = (
    {
        "name": "Stéphane Libellot - Classe de 3°4",
        "target_profile_id": "tp-1.1",
        "title": "Parcours Mener une recherche",
        "landing_text": LANDING_TEXT,
        "by_teacher": True,
        "pupils": (1, 1, 1),
    },
    {"name": "Classe de 5°B", "target_profile_id": "tp-1.3", "pupils": (4, 3, 4)},
    {
        "name": "Classe de 3ème",
        "target_profile_id": "tp-16",
        "title": "Les 16 compétences",
        "pupils": (1, 1, 1),
    },
    {
        "name": "Besançon 1",
        "target_profile_id": "custom",
        "title": "Socle commun",
        "external_id_label": "Numéro d'élève",
        "pupils": (3, 2, 3),
    },
    {
        "name": "Classe de 4ème - année 2025",
        "target_profile_id": "tp-4.1",
        "archived": True,
        "pupils": (2, 1, 2),
    },
)
# A custom target profile (« profil-cible »): chosen tubes of several competences, up to level 3.
CUSTOM_PROFILE_NAME = "Socle commun - recherche et sécurité"
CUSTOM_PROFILE_TUBES = ("@rechercheWeb", "@urlAdresse", "@motDePasse", "@hameconnage")
CUSTOM_PROFILE_LEVEL = 3

FIRST_NAMES = (
    "Adelita", "Bastien", "Camille", "Inès", "Lucas", "Léa", "Hugo", "Chloé", "Nathan", "Jade",
    "Raphaël", "Zoé", "Arthur", "Louise", "Maël", "Anaïs", "Sacha", "Océane", "Noé", "Emma",
    "Timéo", "Adèle", "Yanis", "Élodie", "Gabriel", "Manon", "Wassim", "Lina", "Jules", "Rose",
)  # fmt: skip
LAST_NAMES = (
    "Sorolibaly", "Dupont", "Leroy", "Martin", "Bernard", "Dubois", "Moreau", "Lefèvre",
    "Girard", "Roux", "Fournier", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier",
    "François", "Legrand", "Gauthier", "Perrin", "Robin", "Clément", "Morin", "Nicolas",
    "Henry", "Roussel", "Mathieu", "Gautier", "Masson",
)  # fmt: skip


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="crée un établissement de démonstration : équipe, campagnes, élèves simulés",
    )
    parser.add_argument(
        "--if-empty",
        action="store_true",
        help="ne rien faire si une organisation existe déjà (premier démarrage de make run)",
    )
    parser.add_argument("--seed", type=int, default=2019, help="graine des élèves simulés (2019)")
    parser.set_defaults(handler=demo_command)


def demo_command(args: argparse.Namespace) -> int:
    settings = load_settings()
    services = Services(policy=settings.policy(), mailer=mailer_for(settings))

    async def main() -> int:
        async with open_database(settings):
            if args.if_empty and await Organization.exists():
                print("Des organisations existent déjà : données de démonstration non chargées.")
                return 0
            demo = await load_demo(services, seed=args.seed, progress=ProgressBar("Élèves"))
        print_summary(demo, settings.public_url)
        return 0

    return run(main())


# --- people ----------------------------------------------------------------------------------


def demo_password() -> str:
    """12 characters with an upper-case letter, a lower-case letter and a digit, as the
    password rules ask; drawn with ``secrets``: demo data must not open a known door."""
    rng = secrets.SystemRandom()
    alphabet = string.ascii_letters + string.digits
    while True:
        password = "".join(rng.choice(alphabet) for _ in range(12))
        if (
            any(c.islower() for c in password)
            and any(c.isupper() for c in password)
            and any(c.isdigit() for c in password)
        ):
            return password


@dataclass
class Person:
    first_name: str
    last_name: str
    email: str
    password: str
    viewer: Viewer


async def _account(first_name: str, last_name: str, services: Services) -> Person:
    # « Stéphane Libellot » → stephane.libellot@demo.orga.fr: accents dropped, not the letters.
    local_part = unicodedata.normalize("NFKD", f"{first_name}.{last_name}".lower())
    local_part = "".join(c for c in local_part if c.isascii()).replace(" ", "-")
    email = f"{local_part}@{EMAIL_DOMAIN}"
    password = demo_password()
    logged_in = await sign_up(
        ANONYMOUS,
        first_name=first_name,
        last_name=last_name,
        email=email,
        password=password,
        accept_terms=True,
        services=services,
    )
    viewer = Viewer(user_id=logged_in.me.user.id)
    return Person(first_name, last_name, email, password, viewer)


# --- pupils' answers -------------------------------------------------------------------------


def answer_value(challenge: Challenge, correct: bool) -> str:
    """What the pupil client sends for a right or a wrong answer to ``challenge``."""
    if challenge.type in (ChallengeType.QCU, ChallengeType.QCM):
        if correct:
            return challenge.solution
        count = max(2, len(challenge.choices))
        return next(str(i) for i in range(1, count + 1) if str(i) != challenge.solution.strip())
    if challenge.type == ChallengeType.QROC:
        if correct:
            return next(line.strip() for line in challenge.solution.splitlines() if line.strip())
        return "je ne sais pas"
    keys = challenge.input_keys
    if not correct:
        return json.dumps({key: "je ne sais pas" for key in keys})
    variants = parse_solution_mapping(challenge.solution)
    if challenge.type == ChallengeType.QROCM_IND:
        return json.dumps({key: variants[key][0] for key in keys})
    groups = list(variants.values())
    return json.dumps({key: groups[index][0] for index, key in enumerate(keys)})


class SimulatedPupil:
    """The engine's simulated pupil (``engine.simulation``): an ability θ per competence, and
    on a challenge of difficulty d a chance g + (1 − g) / (1 + e^(−1.7·a·(θ − d)))."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.abilities: dict[str, float] = {}
        self.discriminations: dict[str, float] = {}

    def succeeds(self, challenge: Challenge) -> bool:
        skill = bundled_referential().skills[challenge.skill_id]
        ability = self.abilities.setdefault(
            skill.competence_id, self.rng.uniform(MIN_ABILITY, MAX_ABILITY)
        )
        discrimination = self.discriminations.setdefault(
            challenge.id, self.rng.uniform(MIN_DISCRIMINATION, MAX_DISCRIMINATION)
        )
        guess = 1 / len(challenge.choices) if challenge.type == ChallengeType.QCU else 0.0
        chance = success_probability(ability, skill.difficulty, discrimination, guess)
        return self.rng.random() < chance


async def take_test(
    pupil: Person,
    code: str,
    outcome: ParticipationStatus,
    rng: random.Random,
    services: Services,
    *,
    external_id: str | None = None,
) -> ParticipationStatus:
    """Join, answer like the simulated pupil until ``outcome`` is reached, send if asked."""
    joined = await join_campaign(
        code, external_id=external_id, viewer=pupil.viewer, services=services
    )
    simulated = SimulatedPupil(rng)
    referential = bundled_referential()
    asked_id = joined.assessment.last_challenge_id
    # A pupil who stops midway has answered a few questions: at most a third of what a test
    # of this campaign asks (about one question per two skills), so that they surely stop
    # before the end; the engine's shortest tests on the bundled profiles are longer.
    expected = max(3, len(joined.participation.campaign.skill_ids) // 2)
    stop_after = rng.randint(1, expected // 3)
    answered = 0
    while asked_id is not None:
        if outcome == ParticipationStatus.STARTED and answered >= stop_after:
            return ParticipationStatus.STARTED
        challenge = referential.challenges[asked_id]  # type: ignore[index]
        result = await submit_answer(
            joined.assessment.id,
            challenge.id,
            answer_value(challenge, simulated.succeeds(challenge)),
            viewer=pupil.viewer,
            services=services,
        )
        answered += 1
        asked_id = result.next_challenge.id if result.next_challenge else None
    if outcome == ParticipationStatus.SHARED:
        await share_results(joined.participation.id, viewer=pupil.viewer, services=services)
        return ParticipationStatus.SHARED
    return ParticipationStatus.TO_SHARE


# --- the whole school ------------------------------------------------------------------------


@dataclass
class Demo:
    organization: Organization
    admin: Person
    teacher: Person
    resuming_pupil: Person | None
    campaigns: list[tuple[str, str, Counter[ParticipationStatus]]]

    @property
    def pupils_count(self) -> int:
        return sum(sum(counts.values()) for _, _, counts in self.campaigns)


async def load_demo(services: Services, *, seed: int, progress: Any = None) -> Demo:
    rng = random.Random(seed)
    admin = await _account("Sophie", "Pix", services)
    organization = await create_organization(
        admin.viewer, name="Collège Pix", type="SCO", external_id="0251234A", services=services
    )
    terms = services.policy.terms_version
    await accept_organization_terms(admin.viewer, terms, services)
    teacher = await _account("Stéphane", "Libellot", services)
    await add_member(
        admin.viewer, organization.id, email=teacher.email, role="MEMBER", services=services
    )
    await accept_organization_terms(teacher.viewer, terms, services)
    custom = await create_target_profile(
        organization.id,
        name=CUSTOM_PROFILE_NAME,
        tube_ids=CUSTOM_PROFILE_TUBES,
        level=CUSTOM_PROFILE_LEVEL,
        description="Rechercher sur le web, lire une adresse, se protéger en ligne.",
        viewer=admin.viewer,
        services=services,
    )

    names = [(first, last) for first, last in zip(FIRST_NAMES, LAST_NAMES, strict=True)]
    rng.shuffle(names)
    total = sum(sum(spec["pupils"]) for spec in CAMPAIGNS)
    done = 0
    resuming: Person | None = None
    summary: list[tuple[str, str, Counter[ParticipationStatus]]] = []
    for spec in CAMPAIGNS:
        owner = teacher if spec.get("by_teacher") else admin
        profile_id = (
            custom.id if spec["target_profile_id"] == "custom" else spec["target_profile_id"]
        )
        campaign = await create_campaign(
            organization.id,
            name=spec["name"],
            target_profile_id=profile_id,
            title=spec.get("title"),
            landing_text=spec.get("landing_text"),
            external_id_label=spec.get("external_id_label"),
            viewer=owner.viewer,
            services=services,
        )
        started, to_share, shared = spec["pupils"]
        outcomes = (
            [ParticipationStatus.SHARED] * shared
            + [ParticipationStatus.STARTED] * started
            + [ParticipationStatus.TO_SHARE] * to_share
        )
        counts: Counter[ParticipationStatus] = Counter()
        for outcome in outcomes:
            first_name, last_name = names.pop()
            pupil = await _account(first_name, last_name, services)
            external_id = f"E{seed % 1000:03}{done:03}" if spec.get("external_id_label") else None
            reached = await take_test(
                pupil, campaign.code, outcome, rng, services, external_id=external_id
            )
            counts[reached] += 1
            if resuming is None and reached == ParticipationStatus.STARTED:
                resuming = pupil
            done += 1
            if progress is not None:
                progress(done, total)
        if spec.get("archived"):
            await archive_campaign(campaign.id, viewer=owner.viewer, services=services)
        summary.append((campaign.name, campaign.code, counts))
    return Demo(organization, admin, teacher, resuming, summary)


def print_summary(demo: Demo, public_url: str) -> None:
    print(f"\nÉtablissement de démonstration : {demo.organization.name} (UAI 0251234A)")
    print(f"Connexion : {public_url}")
    print(f"  Administratrice : {demo.admin.email}  mot de passe : {demo.admin.password}")
    print(f"  Enseignant      : {demo.teacher.email}  mot de passe : {demo.teacher.password}")
    if demo.resuming_pupil is not None:
        pupil = demo.resuming_pupil
        print(
            f"  Élève à mi-parcours : {pupil.email}  mot de passe : {pupil.password}"
            " (« Reprendre » son test)"
        )
    print(f"\n{'Campagne':40} {'Code':10} {'En cours':>9} {'À envoyer':>10} {'Envoyés':>8}")
    for name, code, counts in demo.campaigns:
        print(
            f"{name:40} {code:10} {counts[ParticipationStatus.STARTED]:>9} "
            f"{counts[ParticipationStatus.TO_SHARE]:>10} {counts[ParticipationStatus.SHARED]:>8}"
        )
    print(f"{demo.pupils_count} élèves simulés. Ces mots de passe ne seront plus affichés.")
    sys.stdout.flush()
