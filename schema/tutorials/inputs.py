from __future__ import annotations

import strawberry


@strawberry.input
class SaveTutorialInput:
    tutorial_id: str = strawberry.field(description="A `Tutorial.id`.")
    skill_id: str | None = strawberry.field(
        default=None, description="The skill whose correction it was saved from, if known."
    )


@strawberry.input
class UnsaveTutorialInput:
    tutorial_id: str
