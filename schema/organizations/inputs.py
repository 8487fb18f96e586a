from __future__ import annotations

import strawberry

from schema.organizations.types import OrganizationType


@strawberry.input
class CreateOrganizationInput:
    name: str = strawberry.field(description="Required, at most 255 characters.")
    type: OrganizationType  # type: ignore[valid-type]
    external_id: str | None = strawberry.field(
        default=None, description="Optional (a school's UAI), at most 255 characters."
    )


@strawberry.input
class AcceptOrganizationTermsInput:
    version: str = strawberry.field(
        description="The `version` of the terms that were shown (from `organizationTerms`). "
        "VALIDATION_FAILED when other terms are in force now."
    )
