"""Relay connections over keyset pages (docs/decisions/pagination.md).

``KeysetConnection[T]`` is strawberry's ``relay.Connection`` (``edges { cursor node }``,
``pageInfo``) plus ``totalCount``, built from a ``resolvers.pagination.Page``. A cursor is the
base64 of the JSON sort key of its row (``[sort values..., id]``): opaque to clients, and
enough for the next page to start with an index seek, whatever the page number.

A list field takes ``first`` (default 20, at most 100) and ``after``; see ``First`` / ``After``.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from typing import Annotated, Any, Self, TypeVar

import strawberry
from strawberry import relay

from resolvers.errors import invalid
from resolvers.pagination import DEFAULT_PAGE_SIZE, INVALID_CURSOR, MAX_PAGE_SIZE, Page

NodeType = TypeVar("NodeType")

First = Annotated[
    int,
    strawberry.argument(
        description=f"How many items to return, {DEFAULT_PAGE_SIZE} by default, at most "
        f"{MAX_PAGE_SIZE} (VALIDATION_FAILED above)."
    ),
]
After = Annotated[
    str | None,
    strawberry.argument(
        description="Return the items after this cursor (the `endCursor` of the previous page)."
    ),
]


def encode_cursor(key: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(key, separators=(",", ":")).encode()).decode()


def decode_cursor(cursor: str | None) -> list[Any] | None:
    """The sort key inside a cursor; VALIDATION_FAILED on ``after`` when it is not one of ours."""
    if cursor is None:
        return None
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (binascii.Error, ValueError, UnicodeError) as error:
        raise invalid("after", INVALID_CURSOR) from error
    if not isinstance(key, list):
        raise invalid("after", INVALID_CURSOR)
    return key


@strawberry.type(
    name="Connection",
    description="A page of a list. Read the next one with `after: pageInfo.endCursor`.",
)
class KeysetConnection(relay.Connection[NodeType]):
    page: strawberry.Private[Page[Any]]

    @strawberry.field(
        description="Number of items in the whole list, all pages together "
        "(one count query: ask for it only when you show it)."
    )
    async def total_count(self) -> int:
        return await self.page.total_count()

    @classmethod
    def from_page(cls, page: Page[Any], to_node: Callable[[Any], NodeType]) -> Self:
        edges = [
            relay.Edge(cursor=encode_cursor(key), node=to_node(item))
            for item, key in zip(page.items, page.keys, strict=True)
        ]
        return cls(
            edges=edges,
            page_info=relay.PageInfo(
                has_next_page=page.has_next_page,
                has_previous_page=page.has_previous_page,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            page=page,
        )
