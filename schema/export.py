"""Write the SDL of the schema to ``schema.graphql`` at the repository root.

    python -m schema.export           # rewrite the file
    python -m schema.export --check   # exit 1 when the file differs from the schema

``tests/test_schema_drift.py`` fails when the committed file is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from strawberry.printer import print_schema

from schema import schema

SDL_PATH = Path(__file__).resolve().parent.parent / "schema.graphql"


def sdl() -> str:
    return print_schema(schema) + "\n"


def main(argv: list[str]) -> int:
    current = sdl()
    if "--check" in argv:
        if not SDL_PATH.exists() or SDL_PATH.read_text() != current:
            print(f"{SDL_PATH.name} est obsolète : lancez python -m schema.export", file=sys.stderr)
            return 1
        return 0
    SDL_PATH.write_text(current)
    print(f"{SDL_PATH} écrit")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
