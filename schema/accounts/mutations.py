from __future__ import annotations

import strawberry

from resolvers import accounts
from schema.accounts.inputs import (
    LogInInput,
    RequestPasswordResetInput,
    ResetPasswordInput,
    SignUpInput,
)
from schema.accounts.types import Me
from schema.errors import UserError, perform

TOKEN_DESCRIPTION = (
    "The session token, for API clients: send it as `Authorization: Bearer <token>`. "
    "Browsers also get it as the HttpOnly cookie `orga_session`."
)


@strawberry.type
class SignUpPayload:
    me: Me | None = None
    token: str | None = strawberry.field(default=None, description=TOKEN_DESCRIPTION)
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class LogInPayload:
    me: Me | None = None
    token: str | None = strawberry.field(default=None, description=TOKEN_DESCRIPTION)
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class LogOutPayload:
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class RequestPasswordResetPayload:
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ResetPasswordPayload:
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Create an account and log in (session cookie + `token`). Errors: "
        "VALIDATION_FAILED, WEAK_PASSWORD, TERMS_REQUIRED, EMAIL_ALREADY_USED."
    )
    async def sign_up(self, info: strawberry.Info, input: SignUpInput) -> SignUpPayload:
        async def action() -> SignUpPayload:
            context = info.context
            logged_in = await accounts.sign_up(
                context.viewer,
                first_name=input.first_name,
                last_name=input.last_name,
                email=input.email,
                password=input.password,
                accept_terms=input.accept_terms,
                services=context.services,
            )
            context.set_session_cookie(logged_in.token, logged_in.expires_at)
            return SignUpPayload(me=Me.from_data(logged_in.me), token=logged_in.token)

        return await perform(info, SignUpPayload, action)

    @strawberry.mutation(
        description="Open a session (session cookie + `token`). Errors: INVALID_CREDENTIALS; "
        "TOO_MANY_ATTEMPTS after too many failures from the client address within the window, "
        "even with the right password. Failures of an e-mail never lock it: its next attempts "
        "wait a growing delay (1 s after the 5th failure, doubling, at most 16 s)."
    )
    async def log_in(self, info: strawberry.Info, input: LogInInput) -> LogInPayload:
        async def action() -> LogInPayload:
            context = info.context
            logged_in = await accounts.log_in(
                context.viewer,
                email=input.email,
                password=input.password,
                services=context.services,
            )
            context.set_session_cookie(logged_in.token, logged_in.expires_at)
            return LogInPayload(me=Me.from_data(logged_in.me), token=logged_in.token)

        return await perform(info, LogInPayload, action)

    @strawberry.mutation(
        description="Close the current session and clear the cookie. Succeeds when logged out."
    )
    async def log_out(self, info: strawberry.Info) -> LogOutPayload:
        async def action() -> LogOutPayload:
            context = info.context
            await accounts.log_out(context.viewer, context.services)
            context.clear_session_cookie()
            return LogOutPayload()

        return await perform(info, LogOutPayload, action)

    @strawberry.mutation(
        description="Mail a single-use link to choose a new password, if the address has an "
        "account. Answers the same whether it has one or not."
    )
    async def request_password_reset(
        self, info: strawberry.Info, input: RequestPasswordResetInput
    ) -> RequestPasswordResetPayload:
        async def action() -> RequestPasswordResetPayload:
            context = info.context
            await accounts.request_password_reset(
                context.viewer, email=input.email, services=context.services
            )
            return RequestPasswordResetPayload()

        return await perform(info, RequestPasswordResetPayload, action)

    @strawberry.mutation(
        description="Choose a new password with the token of a reset link: single use, expires; "
        "ends every session of the account. Errors: INVALID_RESET_TOKEN, WEAK_PASSWORD, "
        "TERMS_REQUIRED (an account that never accepted the platform terms must accept them)."
    )
    async def reset_password(
        self, info: strawberry.Info, input: ResetPasswordInput
    ) -> ResetPasswordPayload:
        async def action() -> ResetPasswordPayload:
            context = info.context
            await accounts.reset_password(
                context.viewer,
                token=input.token,
                new_password=input.new_password,
                services=context.services,
                accept_terms=input.accept_terms,
            )
            return ResetPasswordPayload()

        return await perform(info, ResetPasswordPayload, action)
