from __future__ import annotations

import strawberry

from resolvers import accounts, terms
from schema.accounts.types import Me, PlatformTerms


@strawberry.type
class Query:
    @strawberry.field(
        description="The logged-in user. UNAUTHENTICATED without a session (API tokens "
        "included: a token is not a person)."
    )
    async def me(self, info: strawberry.Info) -> Me | None:
        context = info.context
        return Me.from_data(await accounts.get_me(context.viewer, context.services))

    @strawberry.field(
        description="The platform terms of use that every account accepts (`signUp`). Public."
    )
    def platform_terms(self) -> PlatformTerms:
        return PlatformTerms(text=terms.PLATFORM_TERMS_TEXT)
