"""The adaptive test: the asked challenge, answers, checkpoints, corrections, reports."""

from schema.assessments.mutations import Mutation
from schema.assessments.queries import Query

__all__ = ["Mutation", "Query"]
