"""The adaptive test: assessments, answers, knowledge elements and what pupils keep."""

import uuid

from tortoise import fields
from tortoise.models import Model

from models.enums import (
    AnswerResult,
    AssessmentState,
    KnowledgeElementSource,
    KnowledgeElementStatus,
)


class Assessment(Model):
    id = fields.UUIDField(primary_key=True, default=uuid.uuid4)
    participation: fields.ForeignKeyRelation["Participation"] = fields.ForeignKeyField(  # type: ignore[name-defined]  # noqa: F821
        "models.Participation", related_name="assessments", on_delete=fields.CASCADE
    )
    user: fields.ForeignKeyRelation["User"] = fields.ForeignKeyField(  # type: ignore[name-defined]  # noqa: F821
        "models.User", related_name="assessments", on_delete=fields.CASCADE
    )
    state = fields.CharEnumField(AssessmentState, max_length=10, default=AssessmentState.STARTED)
    locale = fields.CharField(max_length=10, default="fr-fr")
    last_challenge_id = fields.CharField(max_length=64, null=True)
    last_question_state = fields.CharField(max_length=10, null=True)
    last_question_date = fields.DatetimeField(null=True)
    answers_count = fields.IntField(default=0)
    # The answers count at the last checkpoint the pupil saw, so "Reprendre" can show a due one.
    checkpoint_seen_count = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "assessments"
        # Each answer sums the pupil's answers over their assessments (a kept progress is
        # current only while no other assessment of theirs moved): by user, not by scan.
        indexes = (("user",),)


class Answer(Model):
    id = fields.BigIntField(primary_key=True)
    assessment: fields.ForeignKeyRelation[Assessment] = fields.ForeignKeyField(
        "models.Assessment", related_name="answers", on_delete=fields.CASCADE
    )
    # A content id, not a foreign key: history survives a release that retires the challenge.
    challenge_id = fields.CharField(max_length=64)
    value = fields.TextField()
    result = fields.CharEnumField(AnswerResult, max_length=10)
    result_details = fields.JSONField(null=True)
    timeout = fields.IntField(null=True)
    time_spent = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "answers"
        # One answer per challenge and assessment: makes a double submit store exactly one.
        unique_together = (("assessment", "challenge_id"),)


class KnowledgeElement(Model):
    id = fields.BigIntField(primary_key=True)
    user: fields.ForeignKeyRelation["User"] = fields.ForeignKeyField(  # type: ignore[name-defined]  # noqa: F821
        "models.User", related_name="knowledge_elements", on_delete=fields.CASCADE
    )
    assessment: fields.ForeignKeyNullableRelation[Assessment] = fields.ForeignKeyField(
        "models.Assessment", related_name="knowledge_elements", null=True, on_delete=fields.SET_NULL
    )
    answer: fields.ForeignKeyNullableRelation[Answer] = fields.ForeignKeyField(
        "models.Answer", related_name="knowledge_elements", null=True, on_delete=fields.SET_NULL
    )
    skill_id = fields.CharField(max_length=64)
    competence_id = fields.CharField(max_length=64)
    status = fields.CharEnumField(KnowledgeElementStatus, max_length=11)
    source = fields.CharEnumField(KnowledgeElementSource, max_length=8)
    earned_pix = fields.FloatField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "knowledge_elements"
        indexes = (("user", "skill_id", "created_at"),)


class KnowledgeElementSnapshot(Model):
    """The pupil's knowledge elements frozen when they sent their results."""

    id = fields.BigIntField(primary_key=True)
    participation: fields.OneToOneRelation["Participation"] = fields.OneToOneField(  # type: ignore[name-defined]  # noqa: F821
        "models.Participation", related_name="snapshot", on_delete=fields.CASCADE
    )
    user: fields.ForeignKeyRelation["User"] = fields.ForeignKeyField(  # type: ignore[name-defined]  # noqa: F821
        "models.User", related_name="knowledge_element_snapshots", on_delete=fields.CASCADE
    )
    snapped_at = fields.DatetimeField()
    # [{"skill_id", "competence_id", "status", "source", "earned_pix", "created_at"}]
    snapshot = fields.JSONField()

    class Meta:
        table = "knowledge_element_snapshots"


class ChallengeReport(Model):
    """« Signaler un problème » on a challenge."""

    id = fields.BigIntField(primary_key=True)
    user: fields.ForeignKeyRelation["User"] = fields.ForeignKeyField(  # type: ignore[name-defined]  # noqa: F821
        "models.User", related_name="challenge_reports", on_delete=fields.CASCADE
    )
    assessment: fields.ForeignKeyNullableRelation[Assessment] = fields.ForeignKeyField(
        "models.Assessment", related_name="challenge_reports", null=True, on_delete=fields.SET_NULL
    )
    challenge_id = fields.CharField(max_length=64)
    category = fields.CharField(max_length=64)
    content = fields.TextField()
    answer = fields.TextField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "challenge_reports"


class SavedTutorial(Model):
    """« Mes tutos »: a tutorial a pupil bookmarked."""

    id = fields.BigIntField(primary_key=True)
    user: fields.ForeignKeyRelation["User"] = fields.ForeignKeyField(  # type: ignore[name-defined]  # noqa: F821
        "models.User", related_name="saved_tutorials", on_delete=fields.CASCADE
    )
    tutorial_id = fields.CharField(max_length=64)
    skill_id = fields.CharField(max_length=64, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "saved_tutorials"
        unique_together = (("user", "tutorial_id"),)
