"""The team of an organization (its members are listed by ``Organization.members``)."""

from schema.team.mutations import Mutation

__all__ = ["Mutation"]
