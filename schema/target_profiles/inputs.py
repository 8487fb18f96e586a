from __future__ import annotations

import strawberry


@strawberry.input
class CreateTargetProfileInput:
    organization_id: strawberry.ID
    name: str = strawberry.field(description="Required, at most 255 characters.")
    tube_ids: list[str] = strawberry.field(
        description="Content ids of the chosen tubes (see `competences`), at least one; they "
        "may come from several competences."
    )
    level: int = strawberry.field(
        description="Maximum level (1–8): each chosen tube's skills up to this difficulty."
    )
    description: str | None = strawberry.field(
        default=None, description="Optional, at most 5000 characters."
    )
