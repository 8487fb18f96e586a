from __future__ import annotations

import strawberry


@strawberry.input(description="A new account. The e-mail is trimmed and lower-cased.")
class SignUpInput:
    first_name: str = strawberry.field(description="Required, at most 255 characters.")
    last_name: str = strawberry.field(description="Required, at most 255 characters.")
    email: str = strawberry.field(description="A valid address, at most 255 characters.")
    password: str = strawberry.field(
        description="At least 8 characters with a lowercase, an uppercase and a digit "
        "(WEAK_PASSWORD otherwise), at most 200."
    )
    accept_terms: bool = strawberry.field(
        description="The platform terms of use must be accepted (TERMS_REQUIRED otherwise)."
    )


@strawberry.input
class LogInInput:
    email: str
    password: str


@strawberry.input
class RequestPasswordResetInput:
    email: str


@strawberry.input
class ResetPasswordInput:
    token: str = strawberry.field(description="The `token` parameter of the mailed link.")
    new_password: str = strawberry.field(description="Same rules as at sign-up.")
    accept_terms: bool | None = strawberry.field(
        default=None,
        description="Required (true) when the account has not accepted the platform terms yet: "
        "a referent created by the operator, choosing their first password.",
    )
