"""Executing a subscription event once per process instead of once per subscriber.

graphql-core executes a subscriber's selection set on every event it receives: about 100 to
250 µs per event and subscriber for our small types (measured on our machines), which caps a
process at a few thousand deliveries per second. A dashboard event is the same for every
subscriber of its campaign, and so is their query (same text, hence the same parsed document
through the parser cache). This execution context keeps, on the event object itself, the
result for each (operation, variables) pair: the first subscriber executes, the others replay
it without even building a per-event executor. Measured in process on the real schema, 500
subscribers of one campaign: 82 µs of CPU per delivery with execution sharing alone, 60 µs
with the replay, against about 235 µs without either.

Only objects that declare a ``shared_results`` dict take this path (the types of
``schema.subscriptions.types``): their fields depend on the event alone, never on the viewer,
so sharing the result is safe. Everything else executes as usual.

A shared result without errors carries its ``data`` as a ``SharedData`` (a dict that also
keeps its ``next`` payload encoded once): the graphql-transport-ws handler of ``/graphql``
(``web.transport_ws``) sends that text to every subscriber instead of encoding the frame per
subscriber.
"""

from __future__ import annotations

import json
from typing import Any

from graphql import ExecutionResult
from graphql.pyutils import AwaitableOrValue
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext


class SharedData(dict[str, Any]):
    """The ``data`` of a result shared by the subscribers of one event and query.

    A plain dict to everything that reads it; ``payload_json`` encodes the graphql-transport-ws
    ``next`` payload (``{"data": ...}``) the first time a subscriber needs it and hands the same
    text to the others. Shared, hence never modified once built.
    """

    __slots__ = ("_payload_json",)

    def payload_json(self) -> str:
        try:
            return self._payload_json
        except AttributeError:
            # strawberry's own encoding of a frame (``BaseView.encode_json``), so that a frame
            # built from this text is the same, byte for byte, as the one it would send.
            self._payload_json: str = json.dumps({"data": self}, separators=(",", ":"))
            return self._payload_json


class _Replay:
    """Stands in for a per-event executor when the event's result is already known: graphql-core
    only calls ``execute_operation`` on it, and copying a real executor per subscriber is a
    good part of the cost this module removes."""

    __slots__ = ("result",)

    def __init__(self, result: ExecutionResult) -> None:
        self.result = result

    def execute_operation(self, serially: bool | None = None) -> ExecutionResult:
        # A fresh result object: extensions may rewrite its errors for one subscriber.
        return ExecutionResult(data=self.result.data, errors=self.result.errors)


class SharedEventExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context, plus per-event result sharing (see module doc)."""

    _shared_key: tuple[int, str] | None = None

    def build_per_event_executor(self, payload: Any) -> Any:
        results = getattr(payload, "shared_results", None)
        if not isinstance(results, dict):
            return super().build_per_event_executor(payload)
        if self._shared_key is None:
            # Computed once per subscription; the per-event copies inherit it.
            variables = json.dumps(self.variable_values.coerced, sort_keys=True, default=str)
            self._shared_key = (id(self.operation), variables)
        cached = results.get(self._shared_key)
        # The operation is kept next to its result: an id is only unique while alive.
        if cached is not None and cached[0] is self.operation:
            return _Replay(cached[1])
        return super().build_per_event_executor(payload)

    def execute_operation(self, serially: bool | None = None) -> AwaitableOrValue[Any]:
        results = getattr(self.root_value, "shared_results", None)
        # ``serially=False`` is how graphql-core executes a subscription event.
        if not isinstance(results, dict) or serially is not False or self._shared_key is None:
            return super().execute_operation(serially)
        result = super().execute_operation(serially)
        if not isinstance(result, ExecutionResult):
            # Something resolved asynchronously: not one of our plain data types.
            return result
        if type(result.data) is dict and not result.errors:
            # Marks the data as shared, so that its frame payload is encoded once (module doc).
            result = ExecutionResult(data=SharedData(result.data), errors=None)
        results[self._shared_key] = (self.operation, result)
        return _Replay(result).execute_operation()
