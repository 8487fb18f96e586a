from __future__ import annotations

import enum
from collections.abc import Iterable

import strawberry
from strawberry import relay

from engine.content import bundled_referential
from engine.referential import Competence as ContentCompetence
from engine.referential import TargetProfileCategory as ContentCategory
from engine.referential import Tube as ContentTube
from resolvers.target_profiles import TargetProfileSummary, visible_target_profiles

TargetProfileCategory = strawberry.enum(
    enum.StrEnum(  # type: ignore[misc]
        "TargetProfileCategory", {c.name: c.value for c in ContentCategory}
    ),
    description="COMPETENCES: one competence, or « Les 16 compétences »; CUSTOM: made by the "
    "organization from tubes; the others are kinds of predefined parcours.",
)


@strawberry.type(description="A tube (« sujet »): the skills of one theme, levels 1 to 8.")
class Tube:
    id: str = strawberry.field(description="Content id, e.g. `@rechercheWeb`.")
    name: str
    practical_title: str = strawberry.field(description="What a teacher reads, in French.")
    practical_description: str
    competence_index: str = strawberry.field(description="Index of its competence, e.g. `1.1`.")
    max_level: int = strawberry.field(description="Difficulty of its hardest active skill.")

    @classmethod
    def from_content(cls, tube: ContentTube) -> Tube:
        referential = bundled_referential()
        levels = [s.difficulty for s in referential.tube_skills(tube.id) if s.is_active]
        return cls(
            id=str(tube.id),
            name=tube.name,
            practical_title=tube.practical_title,
            practical_description=tube.practical_description,
            competence_index=referential.competences[tube.competence_id].index,
            max_level=max(levels, default=0),
        )


@strawberry.type(description="One of the 16 competences, with its tubes.")
class Competence:
    id: str
    index: str = strawberry.field(description="« 1.1 » … « 5.2 ».")
    name: str
    description: str
    area_code: str = strawberry.field(description="« 1 » … « 5 ».")
    area_title: str
    area_color: str
    tubes: list[Tube]

    @classmethod
    def from_content(cls, competence: ContentCompetence) -> Competence:
        referential = bundled_referential()
        area = referential.areas[competence.area_id]
        return cls(
            id=str(competence.id),
            index=competence.index,
            name=competence.name,
            description=competence.description,
            area_code=area.code,
            area_title=area.title,
            area_color=area.color,
            tubes=[Tube.from_content(t) for t in referential.competence_tubes(competence.id)],
        )


@strawberry.type(description="A tube of a target profile and the level it is capped at.")
class TargetProfileTube:
    tube: Tube
    level: int = strawberry.field(description="The tube's skills up to this difficulty (1–8).")


@strawberry.type(
    description="What a campaign tests (« Parcours »): built-in (one per competence, and "
    "« Les 16 compétences ») or made by the organization. Pass its `id` as `targetProfileId` "
    "when creating a campaign."
)
class TargetProfile(relay.Node):
    id: relay.NodeID[str]
    name: str
    description: str | None
    category: TargetProfileCategory  # type: ignore[valid-type]
    is_builtin: bool = strawberry.field(description="Shipped with Orga, for every organization.")
    skills_count: int = strawberry.field(description="Number of skills (« acquis ») targeted.")
    summary: strawberry.Private[TargetProfileSummary]

    @classmethod
    def from_summary(cls, summary: TargetProfileSummary) -> TargetProfile:
        return cls(
            id=summary.id,
            name=summary.name,
            description=summary.description,
            category=TargetProfileCategory(summary.category.value),
            is_builtin=summary.is_builtin,
            skills_count=summary.skills_count,
            summary=summary,
        )

    @strawberry.field(description="The tubes and their levels.")
    def tubes(self) -> list[TargetProfileTube]:
        referential = bundled_referential()
        return [
            TargetProfileTube(tube=Tube.from_content(referential.tubes[tube_id]), level=level)
            for tube_id, level in self.summary.tubes
            if tube_id in referential.tubes
        ]

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False
    ) -> list[TargetProfile | None]:
        """Built-in profiles for everybody; custom ones for their organization only."""
        ids = [str(node_id) for node_id in node_ids]
        context = info.context
        visible = await visible_target_profiles(context.viewer, ids, context.services)
        return [cls.from_summary(visible[i]) if i in visible else None for i in ids]
