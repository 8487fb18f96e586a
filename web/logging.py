"""Log configuration: ids in messages, never passwords, tokens or answers."""

from __future__ import annotations

import logging

_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s"


def configure_logging(level: str = "INFO") -> None:
    root = logging.getLogger()
    if not any(getattr(h, "_orga", False) for h in root.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter(_FORMAT))
        handler._orga = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    logging.getLogger("orga").setLevel(level)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)
    # Expected GraphQL errors are data for the client, not incidents to log with tracebacks.
    logging.getLogger("strawberry.execution").setLevel(logging.CRITICAL)
