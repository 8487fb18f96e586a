from __future__ import annotations

import strawberry


@strawberry.input
class CreateApiTokenInput:
    organization_id: strawberry.ID
    name: str = strawberry.field(
        description='What the token is for ("ENT du lycée"), required, at most 100 characters.'
    )


@strawberry.input
class RevokeApiTokenInput:
    api_token_id: strawberry.ID
