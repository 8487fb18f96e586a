from __future__ import annotations

import strawberry

from resolvers import organizations, terms
from schema.accounts.types import Me
from schema.errors import UserError, perform
from schema.organizations.inputs import AcceptOrganizationTermsInput, CreateOrganizationInput
from schema.organizations.types import Organization


@strawberry.type
class CreateOrganizationPayload:
    organization: Organization | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class AcceptOrganizationTermsPayload:
    me: Me | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Create an organization; the logged-in user becomes its ADMIN. "
        "Errors: UNAUTHENTICATED, VALIDATION_FAILED."
    )
    async def create_organization(
        self, info: strawberry.Info, input: CreateOrganizationInput
    ) -> CreateOrganizationPayload:
        async def action() -> CreateOrganizationPayload:
            context = info.context
            organization = await organizations.create_organization(
                context.viewer,
                name=input.name,
                type=input.type.value,
                external_id=input.external_id,
                services=context.services,
            )
            return CreateOrganizationPayload(organization=Organization.from_model(organization))

        return await perform(info, CreateOrganizationPayload, action)

    @strawberry.mutation(
        description="Accept the Orga terms of use in force (see `organizationTerms`). "
        "Accepting again changes nothing."
    )
    async def accept_organization_terms(
        self, info: strawberry.Info, input: AcceptOrganizationTermsInput
    ) -> AcceptOrganizationTermsPayload:
        async def action() -> AcceptOrganizationTermsPayload:
            context = info.context
            me = await terms.accept_organization_terms(
                context.viewer, input.version, context.services
            )
            return AcceptOrganizationTermsPayload(me=Me.from_data(me))

        return await perform(info, AcceptOrganizationTermsPayload, action)
