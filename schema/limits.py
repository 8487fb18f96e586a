"""Request limits and document caches, in one schema extension (stack notes: Strawberry 0.341).

Every request runs through: a token limit on the parser, a parse cache on the query text,
depth and alias rules added to validation, and a validation cache. Strawberry's own extensions
for these (``MaxTokensLimiter``, ``ParserCache``, ``AddValidationRules``, ``ValidationCache``)
cost, together, more than executing a small query: strawberry builds each extension's hooks
for every request (about 3 µs per extension and hook), and ``ValidationCache`` keys its LRU on
the parsed document, which graphql-core hashes node by node (about 40 µs for ``me``). This one
extension does the same work with one set of hooks, and keys validation on the identity of
the parsed document, which the parse cache returns for the same text
(docs/decisions/me-query.md).
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from collections.abc import Iterator

from graphql import DocumentNode, GraphQLError, GraphQLSchema
from graphql.language.parser import parse
from graphql.validation import ASTValidationRule
from strawberry.extensions import MaxAliasesLimiter, QueryDepthLimiter, SchemaExtension
from strawberry.schema.schema import validate_document

MAX_DEPTH = 12
MAX_ALIASES = 15
MAX_TOKENS = 2000
# Distinct query texts kept parsed and validated: the apps send a few dozen; the bound keeps
# a client that sends endless new texts from growing memory.
CACHE_SIZE = 256

# Built once: rule classes built per request would never hit the validation cache.
RULES: tuple[type[ASTValidationRule], ...] = (
    *QueryDepthLimiter(max_depth=MAX_DEPTH).validation_rules,
    *MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules,
)

_parse = functools.lru_cache(maxsize=CACHE_SIZE)(parse)

Rules = tuple[type[ASTValidationRule], ...]


class _ValidationCache:
    """Validation errors by schema and parsed document, keyed on their identities.

    The document is kept in the entry: while it is, its id cannot name another document.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[
            tuple[int, int], tuple[DocumentNode, Rules, list[GraphQLError], GraphQLSchema]
        ] = OrderedDict()

    def validate(
        self, schema: GraphQLSchema, document: DocumentNode, rules: Rules
    ) -> list[GraphQLError]:
        key = (id(schema), id(document))
        entry = self.entries.get(key)
        if entry is not None and entry[0] is document and entry[3] is schema and entry[1] == rules:
            self.entries.move_to_end(key)
            return entry[2]
        errors = validate_document(schema, document, rules)
        self.entries[key] = (document, rules, errors, schema)
        if len(self.entries) > self.size:
            self.entries.popitem(last=False)
        return errors


validation_cache = _ValidationCache(CACHE_SIZE)


class RequestLimits(SchemaExtension):
    """At most ``MAX_TOKENS`` tokens, ``MAX_DEPTH`` levels (introspection aside) and
    ``MAX_ALIASES`` aliases; parsed and validated documents cached across requests."""

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        context.parse_options["max_tokens"] = MAX_TOKENS
        context.validation_rules = (*context.validation_rules, *RULES)
        yield

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        context.graphql_document = _parse(context.query, **context.parse_options)
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        assert context.graphql_document is not None
        context.pre_execution_errors = validation_cache.validate(
            context.schema._schema, context.graphql_document, context.validation_rules
        )
        yield
