"""« Mes tutos »: saving, removing and listing tutorials."""

from __future__ import annotations

import asyncio

import pytest
from campaign_world import make_services, make_user, viewer_of

from engine.content import bundled_referential
from models import SavedTutorial
from resolvers.context import Viewer
from resolvers.errors import DomainError, ErrorCode
from resolvers.tutorials import save_tutorial, saved_tutorials, unsave_tutorial

pytestmark = pytest.mark.usefixtures("db")


def _tutorial_ids(count: int) -> list[str]:
    return [str(t) for t in list(bundled_referential().tutorials)[:count]]


async def test_saving_is_idempotent_even_at_once() -> None:
    services = make_services()
    pupil = await make_user()
    (tutorial_id,) = _tutorial_ids(1)

    rows = await asyncio.gather(
        *(save_tutorial(tutorial_id, viewer=viewer_of(pupil), services=services) for _ in range(3))
    )

    assert len({row.id for row in rows}) == 1
    assert await SavedTutorial.filter(user_id=pupil.id).count() == 1


async def test_saved_tutorials_newest_first_and_removing() -> None:
    services = make_services()
    pupil, other = await make_user(), await make_user("Camille", "Autre")
    ids = _tutorial_ids(3)
    for tutorial_id in ids:
        services.clock.advance(60)  # type: ignore[attr-defined]
        await save_tutorial(tutorial_id, viewer=viewer_of(pupil), services=services)
    await save_tutorial(ids[0], viewer=viewer_of(other), services=services)

    await unsave_tutorial(ids[1], viewer=viewer_of(pupil), services=services)
    await unsave_tutorial(ids[1], viewer=viewer_of(pupil), services=services)  # again: no-op
    page = await saved_tutorials(viewer=viewer_of(pupil), services=services, first=1)
    rest = await saved_tutorials(
        viewer=viewer_of(pupil), services=services, first=5, after=page.keys[-1]
    )

    assert [s.tutorial_id for s in [*page.items, *rest.items]] == [ids[2], ids[0]]
    assert await page.total_count() == 2
    assert await SavedTutorial.filter(user_id=other.id).count() == 1


async def test_unknown_tutorials_and_anonymous_visitors_are_refused() -> None:
    services = make_services()
    pupil = await make_user()

    with pytest.raises(DomainError) as unknown:
        await save_tutorial("tu-inexistant", viewer=viewer_of(pupil), services=services)
    with pytest.raises(DomainError) as anonymous:
        await save_tutorial(_tutorial_ids(1)[0], viewer=Viewer(), services=services)

    assert unknown.value.code == ErrorCode.TUTORIAL_NOT_FOUND
    assert anonymous.value.code == ErrorCode.UNAUTHENTICATED
    assert await SavedTutorial.all().count() == 0
