"""The execution context of our schema: field collection kept across requests.

graphql-core collects the sub-fields of each object it completes (which fields of the
selection set apply to this type) once per request. The answer depends only on the document,
the type, and (through ``@skip`` / ``@include`` and fragments) on the variables; and the
parse cache hands every request with the same text the same document objects. So for the
plain selection sets our apps send (no directive, no fragment) the collection is kept across
requests, keyed on the identity of the field nodes: ``me`` collects three selection sets per
request, about a fifth of its execution time before this (docs/decisions/me-query.md).
Anything else is collected as graphql-core does.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from graphql import FieldNode, GraphQLObjectType
from graphql.execution.collect_fields import CollectedFields, FieldDetailsList

from schema.subscriptions.execution import SharedEventExecutionContext

# Distinct (type, selection set) pairs kept: a few per query text the apps send.
CACHE_SIZE = 4096

_NOT_CACHEABLE = object()
_collected: OrderedDict[tuple[Any, ...], tuple[tuple[FieldNode, ...], Any]] = OrderedDict()


def _is_plain(field_details_list: FieldDetailsList) -> bool:
    """Whether collecting these fields' selections depends on nothing but the document."""
    for details in field_details_list:
        if details.defer_usage is not None or details.fragment_variable_values is not None:
            return False
        selection_set = details.node.selection_set
        if selection_set is None:
            continue
        for selection in selection_set.selections:
            # Fragments may carry conditions on the type or directives of their own.
            if not isinstance(selection, FieldNode) or selection.directives:
                return False
    return True


class OrgaExecutionContext(SharedEventExecutionContext):
    def collect_subfields(
        self, return_type: GraphQLObjectType, field_details_list: FieldDetailsList
    ) -> CollectedFields:
        nodes = tuple(details.node for details in field_details_list)
        key = (return_type, *map(id, nodes))
        entry = _collected.get(key)
        # The nodes are kept in the entry: while they live, their ids name no other node.
        if entry is not None and all(a is b for a, b in zip(entry[0], nodes, strict=True)):
            if entry[1] is not _NOT_CACHEABLE:
                return entry[1]  # type: ignore[no-any-return]
            return super().collect_subfields(return_type, field_details_list)
        if not _is_plain(field_details_list):
            _remember(key, nodes, _NOT_CACHEABLE)
            return super().collect_subfields(return_type, field_details_list)
        collected = super().collect_subfields(return_type, field_details_list)
        _remember(key, nodes, collected)
        return collected


def _remember(key: tuple[Any, ...], nodes: tuple[FieldNode, ...], value: Any) -> None:
    _collected[key] = (nodes, value)
    if len(_collected) > CACHE_SIZE:
        _collected.popitem(last=False)
