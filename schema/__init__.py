"""The GraphQL schema: Strawberry types, inputs and root fields, one folder per domain.

Each domain package exposes ``Query`` and/or ``Mutation`` (and later ``Subscription``);
adding a domain is adding it to ``DOMAINS``.
"""

from __future__ import annotations

from types import ModuleType

from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from schema import (
    accounts,
    assessments,
    campaigns,
    node,
    organizations,
    participations,
    results,
    subscriptions,
    target_profiles,
    team,
    tokens,
    tutorials,
)
from schema.errors import ApiErrors, OrgaSchema
from schema.execution import OrgaExecutionContext
from schema.limits import RequestLimits

DOMAINS: tuple[ModuleType, ...] = (
    node,
    accounts,
    organizations,
    team,
    tokens,
    campaigns,
    target_profiles,
    participations,
    results,
    assessments,
    tutorials,
    subscriptions,
)


def _root(name: str) -> type | None:
    parts = tuple(getattr(domain, name) for domain in DOMAINS if hasattr(domain, name))
    return merge_types(name, parts) if parts else None


schema = OrgaSchema(
    query=_root("Query"),  # type: ignore[arg-type]
    mutation=_root("Mutation"),
    subscription=_root("Subscription"),
    # Keeps field collection across requests, and executes a live event once per process for
    # all its subscribers (docs/live.md).
    execution_context_class=OrgaExecutionContext,
    config=StrawberryConfig(scalar_map=subscriptions.SCALARS),
    extensions=[
        # ApiErrors first: it sees the result after every other extension (outermost).
        ApiErrors,
        RequestLimits,
    ],
)
