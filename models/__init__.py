"""Persistence only: Tortoise models of Orga and the aerich migrations (one tree per dialect).

Every model is re-exported here so that Tortoise's ``models`` app can be declared as
``models`` and resolvers can write ``from models import Campaign``.
"""

from models.accounts import ApiToken, LoginFailure, PasswordResetToken, Session, User
from models.assessments import (
    Answer,
    Assessment,
    ChallengeReport,
    KnowledgeElement,
    KnowledgeElementSnapshot,
    SavedTutorial,
)
from models.campaigns import Campaign, Participation, TargetProfile
from models.enums import (
    AnswerResult,
    AssessmentMethod,
    AssessmentState,
    KnowledgeElementSource,
    KnowledgeElementStatus,
    OrganizationType,
    ParticipationStatus,
    Role,
)
from models.organizations import Membership, Organization, TermsAcceptance

__all__ = [
    "Answer",
    "AnswerResult",
    "ApiToken",
    "Assessment",
    "AssessmentMethod",
    "AssessmentState",
    "Campaign",
    "ChallengeReport",
    "KnowledgeElement",
    "KnowledgeElementSnapshot",
    "KnowledgeElementSource",
    "KnowledgeElementStatus",
    "LoginFailure",
    "Membership",
    "Organization",
    "OrganizationType",
    "Participation",
    "ParticipationStatus",
    "PasswordResetToken",
    "Role",
    "SavedTutorial",
    "Session",
    "TargetProfile",
    "TermsAcceptance",
    "User",
]
