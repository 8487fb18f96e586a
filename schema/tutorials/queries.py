from __future__ import annotations

import strawberry

from resolvers import tutorials
from schema.pagination import After, First, decode_cursor
from schema.tutorials.types import Tutorial, TutorialConnection


@strawberry.type
class Query:
    @strawberry.field(
        description="« Mes tutos »: the logged-in user's saved tutorials, most recently saved "
        "first. UNAUTHENTICATED without a session."
    )
    async def saved_tutorials(
        self, info: strawberry.Info, first: First = 20, after: After = None
    ) -> TutorialConnection:
        context = info.context
        page = await tutorials.saved_tutorials(
            viewer=context.viewer,
            services=context.services,
            first=first,
            after=decode_cursor(after),
        )
        return TutorialConnection.from_page(page, Tutorial.from_saved)
