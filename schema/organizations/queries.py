from __future__ import annotations

import strawberry

from resolvers import organizations, terms
from resolvers.errors import ErrorCode
from schema.ids import decode_id
from schema.organizations.types import Organization, OrganizationTerms


@strawberry.type
class Query:
    @strawberry.field(
        description="An organization the viewer belongs to (terms accepted), or the one of the "
        "API token. ORGANIZATION_NOT_FOUND for any other id, existing or not; "
        "TERMS_NOT_ACCEPTED until the member accepts the terms in force."
    )
    async def organization(self, info: strawberry.Info, id: strawberry.ID) -> Organization | None:
        context = info.context
        organization, _ = await organizations.get_organization(
            context.viewer,
            decode_id(id, "Organization", field="id", not_found=ErrorCode.ORGANIZATION_NOT_FOUND),
            context.services,
        )
        return Organization.from_model(organization)

    @strawberry.field(description="The Orga terms of use in force. Public.")
    def organization_terms(self, info: strawberry.Info) -> OrganizationTerms:
        return OrganizationTerms.from_terms(terms.current_terms(info.context.services))
