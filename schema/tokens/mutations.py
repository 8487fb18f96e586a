from __future__ import annotations

import strawberry

from resolvers import tokens
from resolvers.errors import ErrorCode
from schema.errors import UserError, perform
from schema.ids import decode_id
from schema.tokens.inputs import CreateApiTokenInput, RevokeApiTokenInput
from schema.tokens.types import ApiToken


@strawberry.type
class CreateApiTokenPayload:
    api_token: ApiToken | None = None
    token: str | None = strawberry.field(
        default=None,
        description="The secret, shown this once: it is stored hashed and cannot be read "
        "again. The third party sends it as `Authorization: Bearer <token>`.",
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class RevokeApiTokenPayload:
    api_token: ApiToken | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="ADMIN creates a read-only token for the organization. Errors: FORBIDDEN, "
        "ORGANIZATION_NOT_FOUND, TERMS_NOT_ACCEPTED, VALIDATION_FAILED."
    )
    async def create_api_token(
        self, info: strawberry.Info, input: CreateApiTokenInput
    ) -> CreateApiTokenPayload:
        async def action() -> CreateApiTokenPayload:
            context = info.context
            created = await tokens.create_api_token(
                context.viewer,
                decode_id(
                    input.organization_id,
                    "Organization",
                    field="organizationId",
                    not_found=ErrorCode.ORGANIZATION_NOT_FOUND,
                ),
                name=input.name,
                services=context.services,
            )
            return CreateApiTokenPayload(
                api_token=ApiToken.from_model(created.api_token), token=created.token
            )

        return await perform(info, CreateApiTokenPayload, action)

    @strawberry.mutation(
        description="ADMIN revokes a token of the organization; it stops working at once. "
        "Revoking twice is not an error. Errors: API_TOKEN_NOT_FOUND, FORBIDDEN."
    )
    async def revoke_api_token(
        self, info: strawberry.Info, input: RevokeApiTokenInput
    ) -> RevokeApiTokenPayload:
        async def action() -> RevokeApiTokenPayload:
            context = info.context
            api_token = await tokens.revoke_api_token(
                context.viewer,
                decode_id(
                    input.api_token_id,
                    "ApiToken",
                    field="apiTokenId",
                    not_found=ErrorCode.API_TOKEN_NOT_FOUND,
                ),
                services=context.services,
            )
            return RevokeApiTokenPayload(api_token=ApiToken.from_model(api_token))

        return await perform(info, RevokeApiTokenPayload, action)
