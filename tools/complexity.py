"""The complexity gate of ``make lint``: every function and method of the given folders has a
cyclomatic complexity (radon's ``cc``) of at most ``LIMIT``; exit 1, listing them, otherwise.

    .venv/bin/python tools/complexity.py engine resolvers
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from radon.complexity import cc_visit
from radon.visitors import Class, Function

LIMIT = 15


def _blocks(source: str) -> Iterator[Function]:
    # radon lists methods beside their class: the class's own figure is not a function's.
    for block in cc_visit(source):
        if not isinstance(block, Class):
            yield block
            yield from block.closures


def main(folders: list[str]) -> int:
    over = []
    for folder in folders:
        for path in sorted(Path(folder).rglob("*.py")):
            for block in _blocks(path.read_text(encoding="utf-8")):
                if block.complexity > LIMIT:
                    over.append(f"{path}:{block.lineno} {block.fullname} : {block.complexity}")
    for line in over:
        print(line)
    if over:
        print(f"Complexité cyclomatique au-dessus de {LIMIT} : découpez ces fonctions.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["engine", "resolvers"]))
