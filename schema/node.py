"""``node(id:)`` and ``nodes(ids:)``: fetch any object by its global id (Relay).

Each type's ``resolve_nodes`` checks that the viewer may see the object and gives None
otherwise, so these fields answer null alike for an unknown id, a malformed one, an id of
another type and an object of another organization.
"""

from __future__ import annotations

from collections import defaultdict

import strawberry
from strawberry import relay
from strawberry.types.base import StrawberryObjectDefinition

from schema.ids import parse_global_id

MAX_NODES = 100


def _node_type(info: strawberry.Info, type_name: str) -> type[relay.Node] | None:
    definition = info.schema.get_type_by_name(type_name)
    if not isinstance(definition, StrawberryObjectDefinition):
        return None
    origin = definition.origin
    return origin if isinstance(origin, type) and issubclass(origin, relay.Node) else None


async def resolve_global_ids(info: strawberry.Info, ids: list[str]) -> list[relay.Node | None]:
    """The objects behind ``ids``, in order, one batch per type; None where not visible."""
    by_type: dict[type[relay.Node], list[tuple[int, str]]] = defaultdict(list)
    for index, value in enumerate(ids):
        parsed = parse_global_id(value)
        node_type = _node_type(info, parsed[0]) if parsed else None
        if parsed and node_type:
            by_type[node_type].append((index, str(parsed[1])))
    found: list[relay.Node | None] = [None] * len(ids)
    for node_type, wanted in by_type.items():
        nodes = await node_type.resolve_nodes(info=info, node_ids=[i for _, i in wanted])
        for (index, _), node in zip(wanted, nodes, strict=True):
            found[index] = node
    return found


@strawberry.type
class Query:
    @strawberry.field(
        description="The object with this global id, or null when it does not exist or the "
        "viewer may not see it."
    )
    async def node(self, info: strawberry.Info, id: strawberry.ID) -> relay.Node | None:
        return (await resolve_global_ids(info, [id]))[0]

    @strawberry.field(
        description=f"Several objects by global id, in the same order, null where not visible. "
        f"At most {MAX_NODES} ids (VALIDATION_FAILED above)."
    )
    async def nodes(
        self, info: strawberry.Info, ids: list[strawberry.ID]
    ) -> list[relay.Node | None]:
        from resolvers.errors import invalid

        if len(ids) > MAX_NODES:
            raise invalid("ids", f"Au plus {MAX_NODES} identifiants à la fois.")
        return await resolve_global_ids(info, list(ids))
