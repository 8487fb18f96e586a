from __future__ import annotations

import strawberry

from resolvers import tutorials
from schema.errors import UserError, perform
from schema.tutorials.inputs import SaveTutorialInput, UnsaveTutorialInput
from schema.tutorials.types import Tutorial


@strawberry.type
class TutorialPayload:
    tutorial: Tutorial | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="« Enregistrer » a tutorial in « Mes tutos ». Saving it again changes "
        "nothing. Errors: UNAUTHENTICATED, TUTORIAL_NOT_FOUND."
    )
    async def save_tutorial(
        self, info: strawberry.Info, input: SaveTutorialInput
    ) -> TutorialPayload:
        async def action() -> TutorialPayload:
            context = info.context
            saved = await tutorials.save_tutorial(
                input.tutorial_id,
                skill_id=input.skill_id,
                viewer=context.viewer,
                services=context.services,
            )
            return TutorialPayload(tutorial=Tutorial.from_saved(saved))

        return await perform(info, TutorialPayload, action)

    @strawberry.mutation(
        description="« Retirer » a tutorial from « Mes tutos » (nothing happens if it was not "
        "saved). Errors: UNAUTHENTICATED, TUTORIAL_NOT_FOUND."
    )
    async def unsave_tutorial(
        self, info: strawberry.Info, input: UnsaveTutorialInput
    ) -> TutorialPayload:
        async def action() -> TutorialPayload:
            context = info.context
            await tutorials.unsave_tutorial(
                input.tutorial_id, viewer=context.viewer, services=context.services
            )
            content = tutorials.known_tutorial(input.tutorial_id)
            return TutorialPayload(tutorial=Tutorial.from_content(content, is_saved=False))

        return await perform(info, TutorialPayload, action)
