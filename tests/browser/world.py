"""The world a browser test stands in: people, schools, campaigns and pupils' answers, made
over the GraphQL API with bearer tokens (synchronous httpx, as the browser tests are).

Every person gets a unique e-mail, so the tests share one server without seeing each other.
``log_in(context, person)`` opens a session in a browser context the way the login form does
(the ``logIn`` mutation sets the cookie), for tests that are not about logging in.
"""

from __future__ import annotations

import json
import unicodedata
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
from playwright.sync_api import BrowserContext

from engine.content import bundled_referential
from engine.referential import ChallengeType
from engine.treatments import parse_solution_mapping
from tests.conftest import Server

PASSWORD = "Secret123"
ERRORS = "errors { code message field }"
CSRF_HEADER = {"X-Orga-Request": "1"}

SIGN_UP = f"""mutation SignUp($input: SignUpInput!) {{
  signUp(input: $input) {{ token me {{ id }} {ERRORS} }} }}"""
LOG_IN = f"""mutation LogIn($input: LogInInput!) {{ logIn(input: $input) {{ {ERRORS} }} }}"""
CREATE_ORGANIZATION = f"""mutation Create($input: CreateOrganizationInput!) {{
  createOrganization(input: $input) {{ organization {{ id }} {ERRORS} }} }}"""
TERMS = "{ organizationTerms { version } }"
ACCEPT_TERMS = f"""mutation Accept($input: AcceptOrganizationTermsInput!) {{
  acceptOrganizationTerms(input: $input) {{ {ERRORS} }} }}"""
ADD_MEMBER = f"""mutation Add($input: AddMemberInput!) {{
  addMember(input: $input) {{ membership {{ id }} {ERRORS} }} }}"""
CREATE_CAMPAIGN = f"""mutation CreateCampaign($input: CreateCampaignInput!) {{
  createCampaign(input: $input) {{ campaign {{ id code name title directLink }} {ERRORS} }} }}"""
JOIN = f"""mutation Join($input: JoinCampaignInput!) {{
  joinCampaign(input: $input) {{
    participation {{ id }} assessment {{ id currentChallenge {{ id }} }} {ERRORS} }} }}"""
SUBMIT = f"""mutation Submit($input: SubmitAnswerInput!) {{
  submitAnswer(input: $input) {{ checkpointDue finished nextChallenge {{ id }} {ERRORS} }} }}"""
SEEN = f"""mutation Seen($input: AssessmentInput!) {{
  markCheckpointSeen(input: $input) {{ {ERRORS} }} }}"""
SHARE = f"""mutation Share($input: ShareResultsInput!) {{
  shareResults(input: $input) {{ {ERRORS} }} }}"""


class ApiRefused(AssertionError):
    """The API answered errors where the test's world expected none."""


@dataclass
class Person:
    first_name: str
    last_name: str
    email: str
    token: str
    password: str = PASSWORD

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass
class School:
    organization_id: str
    name: str
    admin: Person


@dataclass
class Pupil:
    """A pupil's test taken over the API: the participation and the challenge being asked."""

    person: Person
    participation_id: str
    assessment_id: str
    challenge_id: str | None
    answered: int = 0


def right_answer(challenge_id: str) -> str:
    """The expected answer of a bundled challenge, in the API's value format."""
    item = bundled_referential().challenges[challenge_id]
    if item.type in (ChallengeType.QCU, ChallengeType.QCM):
        return item.solution
    if item.type == ChallengeType.QROC:
        return next(line for line in item.solution.split("\n") if line.strip()).strip()
    groups = list(parse_solution_mapping(item.solution).items())
    if item.type == ChallengeType.QROCM_IND:
        mapping = dict(groups)
        return json.dumps({key: mapping[key][0] for key in item.input_keys})
    return json.dumps({key: groups[i][1][0] for i, key in enumerate(item.input_keys)})


class World:
    def __init__(self, server: Server) -> None:
        self.server = server
        self.http = httpx.Client(base_url=server.url, timeout=30)

    def close(self) -> None:
        self.http.close()

    def run(self, document: str, token: str | None = None, **variables: Any) -> dict[str, Any]:
        """One operation; GraphQL errors fail the test (the world must be made as asked)."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = self.http.post(
            "/graphql", json={"query": document, "variables": variables}, headers=headers
        )
        # The world speaks with bearer tokens only: a session cookie that signUp set would make
        # the next call a cookie-authenticated one (another person, and the CSRF header due).
        self.http.cookies.clear()
        body = response.json()
        if body.get("errors"):
            raise ApiRefused(body["errors"])
        data: dict[str, Any] = body["data"]
        return data

    def mutate(self, document: str, token: str | None = None, **variables: Any) -> dict[str, Any]:
        """A mutation whose payload must carry no error; returns the payload."""
        payload: dict[str, Any] = next(iter(self.run(document, token, **variables).values()))
        if payload.get("errors"):
            raise ApiRefused(payload["errors"])
        return payload

    # --- people ----------------------------------------------------------------------------

    def sign_up(self, first_name: str = "Sophie", last_name: str = "Martin") -> Person:
        ascii_name = unicodedata.normalize("NFKD", first_name).encode("ascii", "ignore").decode()
        email = f"{ascii_name.lower()}.{uuid.uuid4().hex[:10]}@example.org"
        payload = self.mutate(
            SIGN_UP,
            input={
                "firstName": first_name,
                "lastName": last_name,
                "email": email,
                "password": PASSWORD,
                "acceptTerms": True,
            },
        )
        return Person(first_name, last_name, email, payload["token"])

    def accept_terms(self, person: Person) -> None:
        version = self.run(TERMS, person.token)["organizationTerms"]["version"]
        self.mutate(ACCEPT_TERMS, person.token, input={"version": version})

    def school(
        self, name: str = "Collège Pix", *, admin: Person | None = None, terms: bool = True
    ) -> School:
        """An organization and its admin (who accepted the Orga terms unless ``terms=False``)."""
        admin = admin or self.sign_up("Adèle", "Directrice")
        payload = self.mutate(CREATE_ORGANIZATION, admin.token, input={"name": name, "type": "SCO"})
        if terms:
            self.accept_terms(admin)
        return School(payload["organization"]["id"], name, admin)

    def member(self, school: School, first_name: str = "Marc", role: str = "MEMBER") -> Person:
        """A colleague added to the team, terms accepted."""
        person = self.sign_up(first_name, "Enseignant")
        self.mutate(
            ADD_MEMBER,
            school.admin.token,
            input={"organizationId": school.organization_id, "email": person.email, "role": role},
        )
        self.accept_terms(person)
        return person

    # --- campaigns and pupils --------------------------------------------------------------

    def campaign(
        self, school: School, owner: Person | None = None, **fields: Any
    ) -> dict[str, Any]:
        """A campaign (on competence 1.1's profile unless told otherwise): id, code, url…"""
        arguments = {
            "organizationId": school.organization_id,
            "name": "Classe de 3ème A",
            "targetProfileId": "tp-1.1",
            **fields,
        }
        payload = self.mutate(CREATE_CAMPAIGN, (owner or school.admin).token, input=arguments)
        campaign: dict[str, Any] = payload["campaign"]
        return campaign

    def join(self, code: str, pupil: Person | None = None, **fields: Any) -> Pupil:
        person = pupil or self.sign_up("Lou", "Élève")
        payload = self.mutate(JOIN, person.token, input={"code": code, **fields})
        challenge = payload["assessment"]["currentChallenge"]
        return Pupil(
            person,
            payload["participation"]["id"],
            payload["assessment"]["id"],
            challenge["id"] if challenge else None,
        )

    def answer(self, pupil: Pupil, right: bool = True) -> dict[str, Any]:
        """Answers the challenge being asked (right, or « Je passe »), past any checkpoint."""
        assert pupil.challenge_id, "le parcours est terminé"
        payload = self.mutate(
            SUBMIT,
            pupil.person.token,
            input={
                "assessmentId": pupil.assessment_id,
                "challengeId": pupil.challenge_id,
                "value": right_answer(pupil.challenge_id) if right else None,
                "skip": not right,
            },
        )
        if payload["checkpointDue"]:
            self.mutate(SEEN, pupil.person.token, input={"assessmentId": pupil.assessment_id})
        pupil.answered += 1
        pupil.challenge_id = payload["nextChallenge"]["id"] if payload["nextChallenge"] else None
        return payload

    def finish(self, pupil: Pupil, right: bool = True) -> None:
        while pupil.challenge_id:
            self.answer(pupil, right)

    def share(self, pupil: Pupil) -> None:
        self.mutate(SHARE, pupil.person.token, input={"participationId": pupil.participation_id})


def log_in(context: BrowserContext, person: Person) -> None:
    """Opens a session in ``context`` as the login form does: ``logIn`` sets the cookie."""
    response = context.request.post(
        "/graphql",
        data={
            "query": LOG_IN,
            "variables": {"input": {"email": person.email, "password": person.password}},
        },
        headers=CSRF_HEADER,
    )
    errors = response.json()["data"]["logIn"]["errors"]
    if errors:
        raise ApiRefused(errors)
