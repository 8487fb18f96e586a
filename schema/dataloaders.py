"""Per-request DataLoaders, named after their access path (``XByYLoader``).

A loader caches what it loaded for the lifetime of its context: built per HTTP request in
``get_context``; a subscription, whose context lives as long as its socket, must build fresh
ones for each event (``Loaders()``) so that dashboards never show stale rows.
"""

from __future__ import annotations

import functools
import uuid

from strawberry.dataloader import DataLoader
from tortoise.models import Model

import models
from resolvers.accounts import users_by_ids
from resolvers.organizations import organizations_by_ids


def prefetched(instance: Model, relation: str) -> Model | None:
    """The related object already fetched with ``select_related``, else None (no query)."""
    value = instance.__dict__.get(f"_{relation}")
    return value if isinstance(value, Model) else None


class Loaders:
    """The loaders of one context, each built on first use: most requests use none."""

    @functools.cached_property
    def user_by_id(self) -> DataLoader[uuid.UUID, models.User | None]:
        return DataLoader(load_fn=users_by_ids)

    @functools.cached_property
    def organization_by_id(self) -> DataLoader[uuid.UUID, models.Organization | None]:
        return DataLoader(load_fn=organizations_by_ids)
