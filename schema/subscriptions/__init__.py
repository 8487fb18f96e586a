"""Live dashboards over GraphQL subscriptions (graphql-transport-ws): see ``docs/live.md``."""

from schema.subscriptions.execution import SharedEventExecutionContext
from schema.subscriptions.fields import Subscription
from schema.subscriptions.types import SCALARS

__all__ = ["SCALARS", "SharedEventExecutionContext", "Subscription"]
