"""The one place where domain errors become API errors (docs/decisions/errors.md).

- Mutations: ``perform`` runs the use case; a ``DomainError`` becomes a ``UserError`` in the
  payload's ``errors`` (code, French message, input field) and nothing was changed.
- Queries: a ``DomainError`` propagates; ``ApiErrors`` turns it into a GraphQL error whose
  ``extensions.code`` is the code and whose message is the French one.
- Anything else raised while executing is a bug: ``ApiErrors`` replaces it with
  "Une erreur inattendue est survenue." / INTERNAL_ERROR, and ``OrgaSchema.process_errors``
  logs it with its traceback, server-side only.
- Errors of the request itself (syntax, validation, limits, variables) keep graphql-core's
  message, which says what to fix, with the code GRAPHQL_VALIDATION_FAILED.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, TypeVar

import strawberry
from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext
from strawberry.types import ExecutionResult as StrawberryExecutionResult

from resolvers import errors as domain
from resolvers.errors import DEFAULT_MESSAGES, DomainError

logger = logging.getLogger("orga.graphql")

ErrorCode = strawberry.enum(
    enum.StrEnum(  # type: ignore[misc]
        "ErrorCode", {code.name: code.value for code in domain.ErrorCode}
    ),
    description=(
        "Stable machine-readable failure codes. The meaning of each is in docs/api.md; "
        "the message next to a code is French and meant for the person using the app."
    ),
)


@strawberry.type(description="An expected failure of a mutation. When present, nothing changed.")
class UserError:
    code: ErrorCode = strawberry.field(description="Stable code to branch on.")  # type: ignore[valid-type]
    message: str = strawberry.field(description="French message to show as is.")
    field: str | None = strawberry.field(
        description="The input field at fault (its API name), when one is."
    )

    @classmethod
    def from_domain(cls, error: DomainError) -> UserError:
        return cls(code=ErrorCode(error.code.value), message=error.message, field=error.field)


P = TypeVar("P")


async def perform(
    info: strawberry.Info, payload: Callable[..., P], action: Callable[[], Awaitable[P]]
) -> P:
    """Run a mutation's use case and map an expected failure into ``payload(errors=[...])``.

    Checked first, for every mutation: an API token is read-only (READ_ONLY_TOKEN), and a
    request authenticated by the session cookie must carry the ``X-Orga-Request`` header
    (CSRF_HEADER_MISSING).
    """
    context = info.context
    try:
        if context.viewer.is_api_token:
            raise DomainError(domain.ErrorCode.READ_ONLY_TOKEN)
        if context.viewer.via_cookie and not context.csrf_header:
            raise DomainError(domain.ErrorCode.CSRF_HEADER_MISSING)
        return await action()
    except DomainError as error:
        logger.info("Mutation %s refusée : %s", info.field_name, error.code)
        return payload(errors=[UserError.from_domain(error)])


def _is_request_error(error: GraphQLError) -> bool:
    """Parse, validation, limit and variable errors: about the request, raised before any
    resolver ran (no path), with graphql-core's message written for the client."""
    return error.path is None and (
        error.original_error is None or isinstance(error.original_error, GraphQLError)
    )


def _api_error(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    if original is None and error.extensions and "code" in error.extensions:
        # Already mapped (``ApiErrors`` ran, then ``OrgaSchema.execute`` checks again).
        return error
    if isinstance(original, DomainError):
        extensions: dict[str, Any] = {"code": original.code.value}
        if original.field:
            extensions["field"] = original.field
        message = original.message
    elif _is_request_error(error):
        extensions = {
            **(error.extensions or {}),
            "code": domain.ErrorCode.GRAPHQL_VALIDATION_FAILED.value,
        }
        message = error.message
    else:
        extensions = {"code": domain.ErrorCode.INTERNAL_ERROR.value}
        message = DEFAULT_MESSAGES[domain.ErrorCode.INTERNAL_ERROR]
    return GraphQLError(
        message=message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions=extensions,
    )


class ApiErrors(SchemaExtension):
    """Gives every error of a result a code; masks unexpected ones (see the module doc)."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if isinstance(result, GraphQLExecutionResult | StrawberryExecutionResult) and result.errors:
            result.errors = [_api_error(error) for error in result.errors]


class OrgaSchema(strawberry.Schema):
    """A strawberry schema that logs expected errors in one line and bugs with a traceback,
    and lets no error out without a code.

    Strawberry's default logs every error with its traceback, permission errors included:
    our expected failures are answers, not incidents.
    """

    async def execute(self, *args: Any, **kwargs: Any) -> StrawberryExecutionResult:
        result = await super().execute(*args, **kwargs)
        # An exception raised inside an extension hook (the parser cache raising on the token
        # limit, say) ends the operation before ``ApiErrors`` sees the result: map it here.
        if result.errors:
            result.errors = [_api_error(error) for error in result.errors]
        return result

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            original = error.original_error
            if isinstance(original, DomainError):
                logger.info("Requête refusée (%s) sur %s", original.code, error.path)
            elif _is_request_error(error):
                logger.info("Requête GraphQL invalide : %s", error.message)
            else:
                logger.error(
                    "Erreur inattendue sur %s : %s",
                    error.path,
                    error.message,
                    exc_info=original or error,
                )
