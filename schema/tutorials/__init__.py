"""« Mes tutos »: tutorials a pupil saves from corrections."""

from schema.tutorials.mutations import Mutation
from schema.tutorials.queries import Query

__all__ = ["Mutation", "Query"]
