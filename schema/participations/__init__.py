"""The pupil's side of a campaign: the code, joining, results, sending them, « Mes parcours »."""

from schema.participations.mutations import Mutation
from schema.participations.queries import Query

__all__ = ["Mutation", "Query"]
