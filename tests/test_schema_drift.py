"""``schema.graphql`` at the repository root is what third parties read: it must be current."""

from __future__ import annotations

from schema.export import SDL_PATH, sdl


def test_the_committed_schema_matches_the_code() -> None:
    assert SDL_PATH.exists(), "schema.graphql manque : lancez python -m schema.export"
    assert SDL_PATH.read_text() == sdl(), (
        "schema.graphql est obsolète : lancez python -m schema.export et committez le fichier"
    )
