"""Target profiles (« parcours »): built-in and custom, and the content they are made of."""

from schema.target_profiles.mutations import Mutation
from schema.target_profiles.queries import Query

__all__ = ["Mutation", "Query"]
