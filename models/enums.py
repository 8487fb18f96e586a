"""Stored enumerations. Their values are what the database holds: never rename one."""

from enum import StrEnum


class OrganizationType(StrEnum):
    SCO = "SCO"
    SUP = "SUP"
    PRO = "PRO"


class Role(StrEnum):
    ADMIN = "ADMIN"
    MEMBER = "MEMBER"


class ParticipationStatus(StrEnum):
    STARTED = "STARTED"
    TO_SHARE = "TO_SHARE"
    SHARED = "SHARED"


class AssessmentState(StrEnum):
    STARTED = "started"
    COMPLETED = "completed"
    ABORTED = "aborted"


class AnswerResult(StrEnum):
    OK = "ok"
    KO = "ko"
    ABAND = "aband"
    TIMEDOUT = "timedout"


class KnowledgeElementStatus(StrEnum):
    VALIDATED = "validated"
    INVALIDATED = "invalidated"
    RESET = "reset"


class KnowledgeElementSource(StrEnum):
    DIRECT = "direct"
    INFERRED = "inferred"


class AssessmentMethod(StrEnum):
    """How a campaign picks its questions and measures: Pix's smart random, or the item-response
    method (docs/decisions/irt-method.md). Set at creation, never changed."""

    SMART_RANDOM = "SMART_RANDOM"
    IRT = "IRT"
