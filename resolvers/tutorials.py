"""« Mes tutos »: tutorials a pupil saves from a correction to read later.

Use cases (plain parameters, the acting ``viewer`` and ``services``):

- ``save_tutorial(tutorial_id, *, skill_id=None, viewer, services) -> SavedTutorial``: saving
  twice keeps one row and returns it.
- ``unsave_tutorial(tutorial_id, *, viewer, services) -> None``: « Retirer »; removing a
  tutorial that is not saved changes nothing.
- ``saved_tutorials(*, viewer, services, first, after) -> Page[SavedTutorial]``: newest first.
- ``tutorial_of(saved) -> Tutorial | None``: the content behind a saved row (None once a content
  release retired it); ``known_tutorial(tutorial_id) -> Tutorial`` or ``TUTORIAL_NOT_FOUND``.
"""

from __future__ import annotations

from tortoise.exceptions import IntegrityError

from engine.content import bundled_referential
from engine.referential import Tutorial
from engine.types import TutorialId
from models import SavedTutorial
from resolvers.access import require_user
from resolvers.context import Services, Viewer
from resolvers.errors import DomainError, ErrorCode
from resolvers.pagination import DEFAULT_PAGE_SIZE, Page, keyset_page


def tutorial_of(saved: SavedTutorial) -> Tutorial | None:
    return bundled_referential().tutorials.get(TutorialId(saved.tutorial_id))


def known_tutorial(tutorial_id: str) -> Tutorial:
    """The tutorial of that content id, else ``TUTORIAL_NOT_FOUND``."""
    tutorial = bundled_referential().tutorials.get(TutorialId(tutorial_id))
    if tutorial is None:
        raise DomainError(ErrorCode.TUTORIAL_NOT_FOUND, field="tutorialId")
    return tutorial


async def save_tutorial(
    tutorial_id: str, *, skill_id: str | None = None, viewer: Viewer, services: Services
) -> SavedTutorial:
    """« Enregistrer »: idempotent, even when two saves race (the unique index keeps one)."""
    user_id = require_user(viewer)
    tutorial = known_tutorial(tutorial_id)
    if skill_id is not None and skill_id not in bundled_referential().skills:
        skill_id = None  # only a hint of where it was saved from: never worth an error
    existing = await SavedTutorial.get_or_none(user_id=user_id, tutorial_id=tutorial.id)
    if existing is not None:
        return existing
    try:
        return await SavedTutorial.create(
            user_id=user_id, tutorial_id=tutorial.id, skill_id=skill_id, created_at=services.clock()
        )
    except IntegrityError:
        return await SavedTutorial.get(user_id=user_id, tutorial_id=tutorial.id)


async def unsave_tutorial(tutorial_id: str, *, viewer: Viewer, services: Services) -> None:
    """« Retirer »."""
    user_id = require_user(viewer)
    known_tutorial(tutorial_id)
    await SavedTutorial.filter(user_id=user_id, tutorial_id=tutorial_id).delete()


async def saved_tutorials(
    *,
    viewer: Viewer,
    services: Services,
    first: int = DEFAULT_PAGE_SIZE,
    after: list[object] | None = None,
) -> Page[SavedTutorial]:
    """The viewer's saved tutorials, most recently saved first."""
    user_id = require_user(viewer)
    return await keyset_page(
        SavedTutorial.filter(user_id=user_id), ["-created_at"], first=first, after=after
    )
