"""Campaigns on the teacher's side: create, edit, archive, list, read."""

from schema.campaigns.mutations import Mutation
from schema.campaigns.queries import Query

__all__ = ["Mutation", "Query"]
