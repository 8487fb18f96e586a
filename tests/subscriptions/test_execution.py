"""One execution per live event and query in a process, shared by its subscribers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from typing import Any

import strawberry
from strawberry.extensions import ParserCache

from schema.subscriptions import SharedEventExecutionContext

executions = {"shared": 0, "plain": 0}


@strawberry.type
class Shared:
    label: str
    shared_results: strawberry.Private[dict[Any, Any]]

    @strawberry.field
    def counted(self) -> str:
        executions["shared"] += 1
        return self.label

    @strawberry.field
    def greet(self, name: str) -> str:
        return f"{self.label}, {name}"


@strawberry.type
class Plain:
    label: str

    @strawberry.field
    def counted(self) -> str:
        executions["plain"] += 1
        return self.label


EVENT = Shared(label="état", shared_results={})


@strawberry.type
class Query:
    ping: str = "pong"


@strawberry.type
class Subscription:
    @strawberry.subscription
    async def shared(self) -> AsyncGenerator[Shared, None]:
        yield Shared(label="premier", shared_results={})
        yield EVENT

    @strawberry.subscription
    async def plain(self) -> AsyncGenerator[Plain, None]:
        yield Plain(label="premier")
        yield Plain(label="second")


schema = strawberry.Schema(
    query=Query,
    subscription=Subscription,
    execution_context_class=SharedEventExecutionContext,
    extensions=[ParserCache],
)


async def results(query: str, subscribers: int, **variables: Any) -> list[list[Any]]:
    async def follow() -> list[Any]:
        stream = await schema.subscribe(query, variable_values=variables)
        return [result async for result in stream]  # type: ignore[union-attr]

    return await asyncio.gather(*(follow() for _ in range(subscribers)))


async def test_subscribers_of_one_query_share_the_execution_of_an_event() -> None:
    executions["shared"] = 0
    received = await results("subscription { shared { counted } }", 5)
    assert all(not r.errors for stream in received for r in stream)
    assert [stream[1].data for stream in received] == [{"shared": {"counted": "état"}}] * 5
    # Each first message is its subscriber's own; the shared event executed once.
    assert executions["shared"] == 5 + 1
    assert len({id(stream[1].data) for stream in received}) == 1


async def test_different_variables_do_not_share_a_result() -> None:
    query = "subscription($n: String!) { shared { greet(name: $n) } }"
    lea, tom = await asyncio.gather(results(query, 1, n="Léa"), results(query, 1, n="Tom"))
    assert lea[0][1].data == {"shared": {"greet": "état, Léa"}}
    assert tom[0][1].data == {"shared": {"greet": "état, Tom"}}


async def test_objects_without_shared_results_execute_per_subscriber() -> None:
    executions["plain"] = 0
    received = await results("subscription { plain { counted } }", 3)
    assert [stream[1].data for stream in received] == [{"plain": {"counted": "second"}}] * 3
    assert executions["plain"] == 6
