"""Live dashboards over GraphQL subscriptions (graphql-transport-ws): see ``docs/live.md``."""

from schema.subscriptions.execution import SharedData, SharedEventExecutionContext
from schema.subscriptions.fields import Subscription
from schema.subscriptions.types import SCALARS

__all__ = ["SCALARS", "SharedData", "SharedEventExecutionContext", "Subscription"]
