"""Organizations (schools, universities, companies), their team and the Orga terms of use."""

import uuid

from tortoise import fields
from tortoise.models import Model

from models.enums import OrganizationType, Role


class Organization(Model):
    id = fields.UUIDField(primary_key=True, default=uuid.uuid4)
    name = fields.CharField(max_length=255)
    type = fields.CharEnumField(OrganizationType, max_length=3)
    # For a school (SCO), the UAI; free text otherwise.
    external_id = fields.CharField(max_length=255, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    archived_at = fields.DatetimeField(null=True)

    class Meta:
        table = "organizations"


class Membership(Model):
    """A user's role in an organization. Removal is soft (``disabled_at``)."""

    id = fields.UUIDField(primary_key=True, default=uuid.uuid4)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="memberships", on_delete=fields.CASCADE
    )
    user: fields.ForeignKeyRelation["User"] = fields.ForeignKeyField(  # type: ignore[name-defined]  # noqa: F821
        "models.User", related_name="memberships", on_delete=fields.CASCADE
    )
    role = fields.CharEnumField(Role, max_length=6, default=Role.MEMBER)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    updated_by: fields.ForeignKeyNullableRelation["User"] = fields.ForeignKeyField(  # type: ignore[name-defined]  # noqa: F821
        "models.User", related_name="updated_memberships", null=True, on_delete=fields.SET_NULL
    )
    disabled_at = fields.DatetimeField(null=True)

    class Meta:
        table = "memberships"
        unique_together = (("organization", "user"),)
        # ``me`` and every guard look memberships up by user: the unique index leads with the
        # organization and cannot serve that.
        indexes = (("user",),)


class TermsAcceptance(Model):
    """A user accepted a given version of the Orga terms of use."""

    id = fields.BigIntField(primary_key=True)
    user: fields.ForeignKeyRelation["User"] = fields.ForeignKeyField(  # type: ignore[name-defined]  # noqa: F821
        "models.User", related_name="terms_acceptances", on_delete=fields.CASCADE
    )
    version = fields.CharField(max_length=32)
    accepted_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "terms_acceptances"
        unique_together = (("user", "version"),)
