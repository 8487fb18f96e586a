"""API tokens for third parties (listed by ``Organization.apiTokens``)."""

from schema.tokens.mutations import Mutation

__all__ = ["Mutation"]
