"""Request limits and caches, configured once (stack notes: Strawberry 0.341).

Extensions are passed to the schema as classes: strawberry builds one of each per request.
The depth and alias rules are built here once, at import: a limiter built per request would
hand the ``ValidationCache`` new rule classes every time, and the cache would never hit.
"""

from __future__ import annotations

from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
)

MAX_DEPTH = 12
MAX_ALIASES = 15
MAX_TOKENS = 2000

_RULES = (
    *QueryDepthLimiter(max_depth=MAX_DEPTH).validation_rules,
    *MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules,
)


class DepthAndAliasLimits(AddValidationRules):
    """At most ``MAX_DEPTH`` levels (introspection fields aside) and ``MAX_ALIASES`` aliases."""

    def __init__(self) -> None:
        super().__init__(list(_RULES))


class TokenLimit(MaxTokensLimiter):
    """At most ``MAX_TOKENS`` tokens in a document: the parser stops there."""

    def __init__(self) -> None:
        super().__init__(max_token_count=MAX_TOKENS)
