"""Target profiles, campaigns and pupils' participations in them."""

import uuid

from tortoise import fields
from tortoise.models import Model

from models.enums import ParticipationStatus


class TargetProfile(Model):
    """A custom target profile ("profil-cible") owned by one organization.

    Built-in profiles (one per competence, "Les 16 compétences") live in the learning content
    (``engine/``), not here; a campaign refers to either kind.
    """

    id = fields.UUIDField(primary_key=True, default=uuid.uuid4)
    organization: fields.ForeignKeyRelation["Organization"] = fields.ForeignKeyField(  # type: ignore[name-defined]  # noqa: F821
        "models.Organization", related_name="target_profiles", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=255)
    description = fields.TextField(null=True)
    # [{"tube_id": "...", "level": 1..8}]: the tube's skills up to that difficulty are targeted.
    tubes = fields.JSONField()
    created_by: fields.ForeignKeyNullableRelation["User"] = fields.ForeignKeyField(  # type: ignore[name-defined]  # noqa: F821
        "models.User", related_name="created_target_profiles", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    outdated = fields.BooleanField(default=False)

    class Meta:
        table = "target_profiles"
        indexes = (("organization", "name"),)


class Campaign(Model):
    id = fields.UUIDField(primary_key=True, default=uuid.uuid4)
    organization: fields.ForeignKeyRelation["Organization"] = fields.ForeignKeyField(  # type: ignore[name-defined]  # noqa: F821
        "models.Organization", related_name="campaigns", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=255)
    # 6 letters + 3 digits, without confusable characters (see resolvers).
    code = fields.CharField(max_length=9, unique=True)
    type = fields.CharField(max_length=32, default="ASSESSMENT")
    title = fields.CharField(max_length=50, null=True)
    landing_text = fields.TextField(null=True)
    external_id_label = fields.CharField(max_length=255, null=True)
    # Exactly one of these two says what is tested.
    target_profile: fields.ForeignKeyNullableRelation[TargetProfile] = fields.ForeignKeyField(
        "models.TargetProfile", related_name="campaigns", null=True, on_delete=fields.RESTRICT
    )
    builtin_target_profile_id = fields.CharField(max_length=64, null=True)
    target_profile_name = fields.CharField(max_length=255)
    # The targeted skill ids, frozen at creation so later content releases don't move results.
    skill_ids = fields.JSONField()
    content_release = fields.CharField(max_length=64)
    owner: fields.ForeignKeyRelation["User"] = fields.ForeignKeyField(  # type: ignore[name-defined]  # noqa: F821
        "models.User", related_name="owned_campaigns", on_delete=fields.RESTRICT
    )
    creator: fields.ForeignKeyRelation["User"] = fields.ForeignKeyField(  # type: ignore[name-defined]  # noqa: F821
        "models.User", related_name="created_campaigns", on_delete=fields.RESTRICT
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    archived_at = fields.DatetimeField(null=True)
    archived_by: fields.ForeignKeyNullableRelation["User"] = fields.ForeignKeyField(  # type: ignore[name-defined]  # noqa: F821
        "models.User", related_name="archived_campaigns", null=True, on_delete=fields.SET_NULL
    )

    class Meta:
        table = "campaigns"
        indexes = (("organization", "name"), ("organization", "created_at"))


class Participation(Model):
    """A pupil's participation in a campaign (STARTED -> TO_SHARE -> SHARED)."""

    id = fields.UUIDField(primary_key=True, default=uuid.uuid4)
    campaign: fields.ForeignKeyRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign", related_name="participations", on_delete=fields.CASCADE
    )
    user: fields.ForeignKeyRelation["User"] = fields.ForeignKeyField(  # type: ignore[name-defined]  # noqa: F821
        "models.User", related_name="participations", on_delete=fields.CASCADE
    )
    external_id = fields.CharField(max_length=255, null=True)
    status = fields.CharEnumField(
        ParticipationStatus, max_length=8, default=ParticipationStatus.STARTED
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    shared_at = fields.DatetimeField(null=True)
    # Maintained on each answer so the participants page needs no per-row aggregate.
    tested_skills_count = fields.IntField(default=0)
    # Computed once at share time from the frozen snapshot.
    validated_skills_count = fields.IntField(null=True)
    mastery_rate = fields.FloatField(null=True)
    pix_score = fields.IntField(null=True)
    deleted_at = fields.DatetimeField(null=True)

    class Meta:
        table = "participations"
        unique_together = (("campaign", "user"),)
        indexes = (("campaign", "status"),)
