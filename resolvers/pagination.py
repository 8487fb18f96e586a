"""Keyset pagination: page N costs what page 1 costs.

A page is read with ``WHERE (sort key) > (key of the last row seen) ORDER BY sort key LIMIT
first + 1`` instead of ``OFFSET``: the database walks its index from the key, whatever the page
number. The key of each row is handed back (plain JSON values) so the API layer can turn it
into an opaque cursor; the API layer decodes a cursor back into that list of values and passes
it as ``after``.

Sort fields must be non-null columns (a NULL compares as unknown and would drop rows); the
primary key is appended to the ordering when absent, so that every key is unique.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any, Generic, TypeVar

from tortoise import fields as tortoise_fields
from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

from resolvers.errors import invalid

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20

M = TypeVar("M", bound=Model)

INVALID_CURSOR = "Ce curseur de pagination est invalide : repartez de la première page."


@dataclass
class Page(Generic[M]):
    """One page of rows, the sort key of each (for cursors) and how to count them all."""

    items: list[M]
    keys: list[list[Any]]
    has_next_page: bool
    has_previous_page: bool
    count_all: Callable[[], Awaitable[int]] = field(repr=False)
    _total: int | None = field(default=None, repr=False)

    async def total_count(self) -> int:
        """Rows of the whole list (every page). One ``COUNT`` query, run only when asked."""
        if self._total is None:
            self._total = await self.count_all()
        return self._total


def check_page_size(first: int) -> int:
    """``first`` must be within 0..MAX_PAGE_SIZE (VALIDATION_FAILED on ``first`` otherwise)."""
    if first < 0 or first > MAX_PAGE_SIZE:
        raise invalid("first", f"« first » doit être compris entre 0 et {MAX_PAGE_SIZE}.")
    return first


async def keyset_page(
    queryset: QuerySet[M],
    order_by: Sequence[str],
    *,
    first: int,
    after: Sequence[Any] | None = None,
) -> Page[M]:
    """Read ``first`` rows of ``queryset`` sorted by ``order_by``, starting after the key ``after``.

    ``order_by`` names model fields, related ones with ``__`` (``"user__last_name"``: the
    queryset must then ``select_related`` them), ``-`` for descending. ``after`` is the key of
    the last row of the previous page, as found in ``Page.keys`` (a cursor decoded by the API
    layer); a key that does not fit the ordering raises VALIDATION_FAILED on ``after``.
    """
    check_page_size(first)
    model = queryset.model
    ordering = _ordering_with_primary_key(model, order_by)
    base = queryset

    page_query = queryset
    if after is not None:
        values = _decode_key(model, ordering, after)
        page_query = page_query.filter(_after_clause(ordering, values))
    rows = await page_query.order_by(*[_order_term(name, desc) for name, desc in ordering]).limit(
        first + 1
    )
    has_next_page = len(rows) > first
    rows = rows[:first]
    return Page(
        items=list(rows),
        keys=[[_json_value(_value_of(row, name)) for name, _ in ordering] for row in rows],
        has_next_page=has_next_page,
        # Reading forward only: there are rows before this page exactly when a cursor was given.
        has_previous_page=after is not None,
        count_all=base.count,
    )


def _ordering_with_primary_key(
    model: type[Model], order_by: Sequence[str]
) -> list[tuple[str, bool]]:
    ordering = [(name.lstrip("-"), name.startswith("-")) for name in order_by]
    pk = model._meta.pk_attr
    if pk not in {name for name, _ in ordering}:
        ordering.append((pk, ordering[-1][1] if ordering else False))
    return ordering


def _order_term(name: str, descending: bool) -> str:
    return f"-{name}" if descending else name


def _after_clause(ordering: list[tuple[str, bool]], values: list[Any]) -> Q:
    """(a, b, id) after (x, y, z): a > x, or a = x and b > y, or a = x and b = y and id > z."""
    clause: Q | None = None
    for index, (name, descending) in enumerate(ordering):
        conditions = {ordering[j][0]: values[j] for j in range(index)}
        conditions[f"{name}__{'lt' if descending else 'gt'}"] = values[index]
        branch = Q(**conditions)
        clause = branch if clause is None else clause | branch
    assert clause is not None
    return clause


def _value_of(row: Model, path: str) -> Any:
    value: Any = row
    for part in path.split("__"):
        value = getattr(value, part)
    return value


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    return value


def _field_of(model: type[Model], path: str) -> tortoise_fields.Field:
    parts = path.split("__")
    for part in parts[:-1]:
        relation = model._meta.fields_map[part]
        model = relation.related_model  # type: ignore[attr-defined]
    return model._meta.fields_map[parts[-1]]


def _decode_key(
    model: type[Model], ordering: list[tuple[str, bool]], key: Sequence[Any]
) -> list[Any]:
    """Turn the JSON values of a cursor back into typed values, refusing anything else."""
    if not isinstance(key, list | tuple) or len(key) != len(ordering):
        raise invalid("after", INVALID_CURSOR)
    values = []
    for (name, _), raw in zip(ordering, key, strict=True):
        values.append(_typed(_field_of(model, name), raw))
    return values


def _typed(model_field: tortoise_fields.Field, raw: Any) -> Any:
    try:
        if isinstance(model_field, tortoise_fields.DatetimeField):
            if not isinstance(raw, str):
                raise ValueError
            moment = datetime.fromisoformat(raw)
            if moment.tzinfo is None:
                raise ValueError
            return moment
        if isinstance(model_field, tortoise_fields.UUIDField):
            return uuid.UUID(str(raw))
        if isinstance(model_field, tortoise_fields.BooleanField):
            if not isinstance(raw, bool):
                raise ValueError
            return raw
        if isinstance(model_field, tortoise_fields.IntField | tortoise_fields.BigIntField):
            if isinstance(raw, bool) or not isinstance(raw, int):
                raise ValueError
            return raw
        if not isinstance(raw, str):
            raise ValueError
        return raw
    except ValueError as error:
        raise invalid("after", INVALID_CURSOR) from error
