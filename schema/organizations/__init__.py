"""Organizations and the Orga terms of use."""

from schema.organizations.mutations import Mutation
from schema.organizations.queries import Query

__all__ = ["Mutation", "Query"]
