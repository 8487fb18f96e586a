from __future__ import annotations

import uuid

import strawberry

from resolvers import assessments
from resolvers.errors import ErrorCode
from schema.assessments.types import Assessment
from schema.ids import decode_id


def assessment_id(value: strawberry.ID, field: str = "id") -> uuid.UUID:
    return decode_id(value, "Assessment", field=field, not_found=ErrorCode.ASSESSMENT_NOT_FOUND)


@strawberry.type
class Query:
    @strawberry.field(
        description="One of the logged-in pupil's tests. ASSESSMENT_NOT_FOUND for any other "
        "id, another pupil's included."
    )
    async def assessment(self, info: strawberry.Info, id: strawberry.ID) -> Assessment:
        context = info.context
        return Assessment.from_model(
            await assessments.own_assessment(assessment_id(id), context.viewer)
        )
