from __future__ import annotations

from datetime import datetime

import strawberry

from engine.referential import Tutorial as ContentTutorial
from models import SavedTutorial
from resolvers.tutorials import tutorial_of
from schema.pagination import KeysetConnection

RETIRED_TITLE = "Ce tutoriel n'est plus disponible."


@strawberry.type(description="A tutorial (video, page…) that helps with a skill.")
class Tutorial:
    id: str = strawberry.field(description="Content id, to pass to `saveTutorial`.")
    title: str
    link: str = strawberry.field(description="Absolute https URL; empty once retired.")
    source: str = strawberry.field(description="Who published it, e.g. « Lumni ».")
    format: str = strawberry.field(description="« vidéo », « page », « pdf », « outil »…")
    duration: str = strawberry.field(description="`HH:MM:SS`.")
    is_saved: bool = strawberry.field(description="Whether the viewer saved it (« Mes tutos »).")
    saved_at: datetime | None = strawberry.field(
        default=None, description="When the viewer saved it, in `savedTutorials`."
    )

    @classmethod
    def from_content(cls, tutorial: ContentTutorial, *, is_saved: bool) -> Tutorial:
        return cls(
            id=str(tutorial.id),
            title=tutorial.title,
            link=tutorial.link,
            source=tutorial.source,
            format=tutorial.format,
            duration=tutorial.duration,
            is_saved=is_saved,
        )

    @classmethod
    def from_saved(cls, saved: SavedTutorial) -> Tutorial:
        content = tutorial_of(saved)
        if content is None:  # retired by a content release: keep the bookmark visible
            return cls(
                id=saved.tutorial_id, title=RETIRED_TITLE, link="", source="", format="",
                duration="00:00:00", is_saved=True, saved_at=saved.created_at,
            )  # fmt: skip
        tutorial = cls.from_content(content, is_saved=True)
        tutorial.saved_at = saved.created_at
        return tutorial


@strawberry.type(description="A page of the viewer's saved tutorials, newest first.")
class TutorialConnection(KeysetConnection[Tutorial]):
    pass
