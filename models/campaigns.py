"""Target profiles, campaigns and pupils' participations in them."""

import unicodedata
import uuid
from collections.abc import Iterable

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

from models.enums import AssessmentMethod, ParticipationStatus


def name_sort_key(name: str | None) -> str:
    """A name as Orga's lists sort it (campaigns, participants): without accents, case or
    extra spaces.

    Computed in Python and stored, because SQLite's ``lower()`` ignores non-ASCII letters and
    PostgreSQL's ordering depends on the database collation: « Élodie » must sort among the E
    on both, and an index can serve the order only if the key is a plain column.
    """
    decomposed = unicodedata.normalize("NFKD", name or "")
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())[:255]


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
    # The name as the campaign list sorts and filters it (see ``name_sort_key``): « Élodie »
    # among the E and « classe » matching « Classe » on both SQLite and PostgreSQL. Kept in
    # step with ``name`` by ``save`` and by the use cases that update the name.
    sort_name = fields.CharField(max_length=255, default="")
    # 6 letters + 3 digits, without confusable characters (see resolvers).
    code = fields.CharField(max_length=9, unique=True)
    type = fields.CharField(max_length=32, default="ASSESSMENT")
    # Campaigns created before the IRT method keep smart random (the column's default).
    method = fields.CharEnumField(
        AssessmentMethod, max_length=16, default=AssessmentMethod.SMART_RANDOM
    )
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
        indexes = (("organization", "sort_name"), ("organization", "created_at"))

    async def save(
        self,
        using_db: BaseDBAsyncClient | None = None,
        update_fields: Iterable[str] | None = None,
        force_create: bool = False,
        force_update: bool = False,
    ) -> None:
        self.sort_name = name_sort_key(self.name)
        if update_fields is not None and "name" in update_fields:
            update_fields = {*update_fields, "sort_name"}
        await super().save(using_db, update_fields, force_create, force_update)


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
    # The level shown per competence id, frozen at share (engine.irt_selection.shown_levels).
    competence_levels = fields.JSONField(null=True)
    deleted_at = fields.DatetimeField(null=True)
    # Per-competence validated skills counts ({competence id: count}) computed once at share
    # time from the frozen snapshot: collective results and the CSV add them up in SQL instead
    # of reading every snapshot (docs/decisions/collective-results.md).
    competence_results = fields.JSONField(null=True)
    # The participant's names as the teacher's lists sort them (see ``name_sort_key``), copied
    # when the participation is created so that the keyset pages of a campaign read an index.
    sort_last_name = fields.CharField(max_length=255, default="")
    sort_first_name = fields.CharField(max_length=255, default="")

    class Meta:
        table = "participations"
        unique_together = (("campaign", "user"),)
        indexes = (
            ("campaign", "status"),
            ("campaign", "sort_last_name", "sort_first_name", "id"),
            ("campaign", "status", "sort_last_name", "sort_first_name", "id"),
        )

    async def save(
        self,
        using_db: BaseDBAsyncClient | None = None,
        update_fields: Iterable[str] | None = None,
        force_create: bool = False,
        force_update: bool = False,
    ) -> None:
        # Whoever creates a participation (joining, demo data, tests), the sort keys follow the
        # participant's names; a bulk insert has to fill them itself.
        if not self._saved_in_db and not (self.sort_last_name or self.sort_first_name):
            await self._copy_sort_names(using_db)
        await super().save(using_db, update_fields, force_create, force_update)

    async def _copy_sort_names(self, using_db: BaseDBAsyncClient | None) -> None:
        from models.accounts import User

        # ``Participation(user=some_user)`` keeps the instance: no query needed then.
        loaded = getattr(self, "_user", None)
        if isinstance(loaded, User):
            last_name, first_name = loaded.last_name, loaded.first_name
        else:
            names = (
                await User.filter(id=self.user_id)  # type: ignore[attr-defined]
                .using_db(using_db)
                .values_list("last_name", "first_name")
            )
            if not names:
                return
            last_name, first_name = names[0]
        self.sort_last_name = name_sort_key(last_name)
        self.sort_first_name = name_sort_key(first_name)
