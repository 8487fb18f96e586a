"""The people and places of the campaign use-case tests, written straight to the database.

A school (« Collège Pix ») with an admin who accepted the Orga terms, a member, pupils, and a
clock the test moves by hand. Plus the right and wrong answers to any bundled challenge, so a
test can steer a pupil through the adaptive test.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from engine.content import bundled_referential
from engine.referential import Challenge, ChallengeType
from engine.treatments import parse_solution_mapping
from models import (
    Campaign,
    Membership,
    Organization,
    OrganizationType,
    Role,
    TermsAcceptance,
    User,
)
from resolvers.answers import AnswerOutcome, submit_answer
from resolvers.assessments import current_challenge, own_assessment
from resolvers.campaigns import create_campaign
from resolvers.context import Policy, Services, Viewer


@dataclass
class Clock:
    # Close to the real time: rows with ``auto_now_add`` columns (participations) get it.
    now: datetime = field(default_factory=lambda: datetime.now(UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def make_services(clock: Clock | None = None) -> Services:
    return Services(policy=Policy(public_url="https://orga.example"), clock=clock or Clock())


async def make_user(first_name: str = "Adelita", last_name: str = "Sorolibaly") -> User:
    return await User.create(
        email=f"{uuid.uuid4().hex[:12]}@example.org",
        password_hash="not-a-real-hash",
        first_name=first_name,
        last_name=last_name,
        platform_terms_accepted_at=datetime(2026, 1, 1, tzinfo=UTC),
    )


async def make_organization(name: str = "Collège Pix") -> Organization:
    return await Organization.create(name=name, type=OrganizationType.SCO)


async def make_member(
    organization: Organization,
    role: Role = Role.MEMBER,
    *,
    user: User | None = None,
    terms: bool = True,
    services: Services | None = None,
) -> User:
    user = user or await make_user("Sophie", "PIX")
    await Membership.create(organization=organization, user=user, role=role)
    if terms:
        version = (services or make_services()).policy.terms_version
        await TermsAcceptance.get_or_create(user=user, version=version)
    return user


def viewer_of(user: User) -> Viewer:
    return Viewer(user_id=user.id)


def api_token_viewer(organization: Organization) -> Viewer:
    return Viewer(api_token_id=uuid.uuid4(), api_token_organization_id=organization.id)


# --- answers ---------------------------------------------------------------------------------


def challenge(challenge_id: str) -> Challenge:
    return bundled_referential().challenges[challenge_id]  # type: ignore[index]


def right_answer(item: Challenge | str) -> str:
    item = challenge(item) if isinstance(item, str) else item
    if item.type in (ChallengeType.QCU, ChallengeType.QCM):
        return item.solution
    if item.type == ChallengeType.QROC:
        return next(line for line in item.solution.split("\n") if line.strip()).strip()
    mapping = parse_solution_mapping(item.solution)
    keys = item.input_keys
    if item.type == ChallengeType.QROCM_IND:
        return json.dumps({key: mapping[key][0] for key in keys})
    groups = list(mapping.values())
    return json.dumps({key: groups[i][0] for i, key in enumerate(keys)})


def wrong_answer(item: Challenge | str) -> str:
    item = challenge(item) if isinstance(item, str) else item
    if item.type == ChallengeType.QCU:
        return "1" if item.solution.strip() != "1" else "2"
    if item.type == ChallengeType.QCM:
        return "9"
    if item.type == ChallengeType.QROC:
        return "réponse certainement fausse"
    return json.dumps({key: "zzz" for key in item.input_keys})


# --- a whole school, a campaign, a pupil who plays ------------------------------------------


@dataclass
class School:
    organization: Organization
    admin: User
    teacher: User
    services: Services
    clock: Clock


async def make_school() -> School:
    clock = Clock()
    services = make_services(clock)
    organization = await make_organization()
    admin = await make_member(organization, Role.ADMIN, services=services)
    teacher = await make_member(organization, services=services)
    return School(organization, admin, teacher, services, clock)


async def make_campaign(school: School, **changes: object) -> Campaign:
    arguments: dict[str, object] = {"name": "Classe de 3ème", "target_profile_id": "tp-1.2"}
    arguments.update(changes)
    return await create_campaign(
        school.organization.id,
        viewer=viewer_of(school.teacher),
        services=school.services,
        **arguments,  # type: ignore[arg-type]
    )


async def play(
    school: School,
    pupil: User,
    assessment_id: uuid.UUID,
    *,
    answers: int | None = None,
    right: Callable[[int], bool] = lambda index: index % 2 == 0,
) -> list[AnswerOutcome]:
    """Answer ``answers`` questions (all of them when None), right or wrong by position,
    10 seconds each."""
    outcomes: list[AnswerOutcome] = []
    while answers is None or len(outcomes) < answers:
        assessment = await own_assessment(assessment_id, viewer_of(pupil))
        asked = current_challenge(assessment)
        if asked is None:
            break
        school.clock.advance(10)
        value = right_answer(asked) if right(len(outcomes)) else wrong_answer(asked)
        outcomes.append(
            await submit_answer(
                assessment_id, asked.id, value, viewer=viewer_of(pupil), services=school.services
            )
        )
    return outcomes
