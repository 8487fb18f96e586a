"""The CSV export of a campaign's results (pix-domain §11).

Pure functions format cells, lines and the file name; ``export_campaign`` checks access, then
streams the lines from the database a batch at a time, and ``web/export.py`` sends them. The
format is what spreadsheet users in France expect:

- UTF-8 with a BOM (so Excel detects the encoding), ``;`` between cells, ``\\n`` after each line;
- strings between double quotes, inner quotes doubled; a string that Excel or LibreOffice could
  run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a
  leading ``'`` (OWASP "CSV injection");
- numbers unquoted with a decimal comma (``0,67``); dates in Europe/Paris time,
  ``DD/MM/YYYY HH:mm``; ``Oui``/``Non``; ``NA`` where a result is not available yet.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from engine.referential import Referential
from engine.types import SkillId
from models import Campaign, KnowledgeElementSnapshot, Participation, ParticipationStatus
from resolvers.context import Services, Viewer
from resolvers.results import (
    PARTICIPANT_FIELDS,
    ParticipationSummary,
    after_position,
    participation_summary,
    progress_rate,
    readable_campaign,
    referential_or_bundled,
    snapshot_elements,
)

PARIS = ZoneInfo("Europe/Paris")
BOM = "\ufeff"
SEPARATOR = ";"
LINE_END = "\n"
NOT_AVAILABLE = "NA"
YES = "Oui"
NO = "Non"

# Cells starting with one of these may be evaluated as a formula by a spreadsheet.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Like Pix, a string made only of digits and dashes (a date, a number-like external id) is
# written bare; it must start with a digit, so "-1-1" (a formula for Excel) is still guarded.
_BARE_STRING = re.compile(r"^[0-9][0-9-]*$")
# Characters no file name may hold on Windows, macOS or Linux, and control characters.
_UNSAFE_IN_FILE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


# --- cells -----------------------------------------------------------------------------------


def format_number(value: float | int) -> str:
    """``0.67`` → ``0,67``; ``1.0`` → ``1``; never an exponent."""
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number cell")
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text.replace(".", ",", 1)


def format_datetime(value: datetime) -> str:
    """A moment as French users read it: Europe/Paris time, ``DD/MM/YYYY HH:mm``."""
    if value.tzinfo is None:
        raise ValueError("naive datetimes are ambiguous: pass an aware datetime (UTC)")
    local = value.astimezone(PARIS)
    # Hand-written rather than strftime: twice as fast, and called twice per exported line.
    return f"{local.day:02}/{local.month:02}/{local.year:04} {local.hour:02}:{local.minute:02}"


def format_string(value: str) -> str:
    if _BARE_STRING.match(value):
        return value
    guard = "'" if value.startswith(_FORMULA_STARTS) else ""
    escaped = value.replace('"', '""')
    return f'"{guard}{escaped}"'


def format_cell(value: object) -> str:
    """One cell: ``None`` is empty, booleans are ``Oui``/``Non``, numbers use a comma."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return format_string(YES if value else NO)
    if isinstance(value, int | float):
        return format_number(value)
    if isinstance(value, datetime):
        return format_string(format_datetime(value))
    if isinstance(value, str):
        return format_string(value)
    raise TypeError(f"no CSV format for {type(value).__name__}")


def format_line(values: Iterable[object]) -> str:
    return SEPARATOR.join(format_cell(value) for value in values) + LINE_END


# --- what the file describes -----------------------------------------------------------------


@dataclass(frozen=True)
class CompetenceColumns:
    """A competence of the campaign: three columns per row."""

    competence_id: str
    name: str
    targeted_skills_count: int


@dataclass(frozen=True)
class AreaColumns:
    """An area of the campaign: three columns per row, summed over its competences."""

    area_id: str
    title: str
    competence_ids: tuple[str, ...]
    targeted_skills_count: int


@dataclass(frozen=True)
class ExportLayout:
    """The campaign-level part of every line and the columns that depend on its skills."""

    organization_name: str
    campaign_id: str
    campaign_code: str
    campaign_name: str
    target_profile_name: str
    external_id_label: str | None
    competences: tuple[CompetenceColumns, ...]
    areas: tuple[AreaColumns, ...]


@dataclass(frozen=True)
class ExportRow:
    """One participation, as the export needs it.

    ``competence_validated`` (validated skills per competence id) and ``mastery_rate`` are only
    read when ``is_shared``: before sharing, the organization sees no result (pix-domain §9).
    """

    last_name: str
    first_name: str
    external_id: str | None
    progress: float
    started_at: datetime
    is_shared: bool
    shared_at: datetime | None
    mastery_rate: float | None
    competence_validated: Mapping[str, int] | None
    #: The level shown per competence id, frozen at share (None: sent before levels were kept).
    competence_levels: Mapping[str, int] | None = None


def header_cells(layout: ExportLayout) -> list[str]:
    """The header texts of pix-domain §11, in order."""
    cells = [
        "Nom de l'organisation",
        "ID Campagne",
        "Code",
        "Nom de la campagne",
        "Parcours",
        "Nom du Participant",
        "Prénom du Participant",
    ]
    if layout.external_id_label:
        cells.append(layout.external_id_label)
    cells += [
        "% de progression",
        "Date et heure de début (Europe/Paris)",
        "Partage (O/N)",
        "Date et heure du partage (Europe/Paris)",
        "% maitrise de l'ensemble des acquis du profil",
    ]
    for competence in layout.competences:
        cells += [
            f"% de maitrise des acquis de la compétence {competence.name}",
            f"Nombre d'acquis du profil cible dans la compétence {competence.name}",
            f"Acquis maitrisés dans la compétence {competence.name}",
            f"Niveau dans la compétence {competence.name}",
        ]
    for area in layout.areas:
        cells += [
            f"% de maitrise des acquis du domaine {area.title}",
            f"Nombre d'acquis du profil cible du domaine {area.title}",
            f"Acquis maitrisés du domaine {area.title}",
        ]
    return cells


def header_line(layout: ExportLayout) -> str:
    """The first line, BOM included."""
    return BOM + format_line(header_cells(layout))


def _ratio(validated: int, targeted: int) -> float:
    return round(validated / targeted, 2) if targeted else 0.0


def row_values(layout: ExportLayout, row: ExportRow) -> list[object]:
    values: list[object] = [
        layout.organization_name,
        layout.campaign_id,
        layout.campaign_code,
        layout.campaign_name,
        layout.target_profile_name,
        row.last_name,
        row.first_name,
    ]
    if layout.external_id_label:
        values.append(row.external_id or "")
    values += [
        round(row.progress, 3),
        row.started_at,
        row.is_shared,
        row.shared_at if row.is_shared and row.shared_at else NOT_AVAILABLE,
    ]
    if not row.is_shared:
        # Mastery, then 4 cells per competence and 3 per area: all « NA » before sharing.
        unavailable = 1 + 4 * len(layout.competences) + 3 * len(layout.areas)
        return values + [NOT_AVAILABLE] * unavailable
    validated_by_competence = row.competence_validated or {}
    levels = row.competence_levels or {}
    values.append(round(row.mastery_rate or 0.0, 2))
    for competence in layout.competences:
        validated = validated_by_competence.get(competence.competence_id, 0)
        targeted = competence.targeted_skills_count
        level = levels.get(competence.competence_id)
        values += [
            _ratio(validated, targeted),
            targeted,
            validated,
            NOT_AVAILABLE if level is None else level,
        ]
    for area in layout.areas:
        validated = sum(validated_by_competence.get(c, 0) for c in area.competence_ids)
        targeted = area.targeted_skills_count
        values += [_ratio(validated, targeted), targeted, validated]
    return values


def row_line(layout: ExportLayout, row: ExportRow) -> str:
    """One participation's line (the readable definition; ``LineWriter`` is the fast one)."""
    return format_line(row_values(layout, row))


class LineWriter:
    """Writes the same lines as ``header_line`` and ``row_line``, several times faster.

    An export of 10 000 pupils on the 16 competences is 760 000 cells: the cells that are
    the same on every line (campaign columns, « NA » tails, targeted counts) are formatted
    once, and the per-competence ratios, which take few distinct values, are cached.
    ``tests/resolvers/test_export.py`` checks that both always write the same text.
    """

    def __init__(self, layout: ExportLayout) -> None:
        self.layout = layout
        self._prefix = SEPARATOR.join(
            format_cell(value)
            for value in (
                layout.organization_name,
                layout.campaign_id,
                layout.campaign_code,
                layout.campaign_name,
                layout.target_profile_name,
            )
        )
        self._with_external_id = bool(layout.external_id_label)
        unavailable = 1 + 4 * len(layout.competences) + 3 * len(layout.areas)
        self._not_shared_tail = SEPARATOR.join([format_string(NOT_AVAILABLE)] * unavailable)
        self._competences = [
            (c.competence_id, c.targeted_skills_count, str(c.targeted_skills_count))
            for c in layout.competences
        ]
        self._areas = [
            (a.competence_ids, a.targeted_skills_count, str(a.targeted_skills_count))
            for a in layout.areas
        ]
        self._ratios: dict[tuple[int, int], str] = {}
        self._yes, self._no = format_string(YES), format_string(NO)
        self._na = format_string(NOT_AVAILABLE)

    def header(self) -> str:
        return header_line(self.layout)

    def _ratio_cells(self, validated: int, targeted: int, targeted_text: str) -> str:
        key = (validated, targeted)
        ratio = self._ratios.get(key)
        if ratio is None:
            ratio = self._ratios[key] = format_number(_ratio(validated, targeted))
        return f"{ratio};{targeted_text};{validated}"

    def row(self, row: ExportRow) -> str:
        cells = [self._prefix, format_string(row.last_name), format_string(row.first_name)]
        if self._with_external_id:
            cells.append(format_string(row.external_id or ""))
        cells.append(format_number(round(row.progress, 3)))
        cells.append(format_string(format_datetime(row.started_at)))
        if not row.is_shared:
            cells += [self._no, self._na, self._not_shared_tail]
            return SEPARATOR.join(cells) + LINE_END
        cells.append(self._yes)
        cells.append(format_string(format_datetime(row.shared_at)) if row.shared_at else self._na)
        cells.append(format_number(round(row.mastery_rate or 0.0, 2)))
        validated_by_competence = row.competence_validated or {}
        levels = row.competence_levels or {}
        for competence_id, targeted, targeted_text in self._competences:
            validated = validated_by_competence.get(competence_id, 0)
            cells.append(self._ratio_cells(validated, targeted, targeted_text))
            level = levels.get(competence_id)
            cells.append(self._na if level is None else str(level))
        for competence_ids, targeted, targeted_text in self._areas:
            validated = sum(validated_by_competence.get(c, 0) for c in competence_ids)
            cells.append(self._ratio_cells(validated, targeted, targeted_text))
        return SEPARATOR.join(cells) + LINE_END


# --- the file name ---------------------------------------------------------------------------


def file_name(campaign_name: str, campaign_id: str, now: datetime) -> str:
    """``Resultats-{campaignName}-{campaignId}-{YYYY-MM-DD-HHmm}.csv``, in French time.

    Characters that no file system accepts are replaced by ``_``; the result may hold
    non-ASCII letters (« Classe de 5°B »): see ``content_disposition``.
    """
    stamp = now.astimezone(PARIS).strftime("%Y-%m-%d-%H%M")
    safe_name = " ".join(_UNSAFE_IN_FILE_NAME.sub("_", campaign_name).split()) or "campagne"
    safe_id = _UNSAFE_IN_FILE_NAME.sub("_", campaign_id)
    return f"Resultats-{safe_name}-{safe_id}-{stamp}.csv"


def _ascii_fallback(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(
        c if ord(c) < 128 else "_" for c in decomposed if not unicodedata.combining(c)
    )
    return ascii_only.replace("\\", "_").replace('"', "_")


def content_disposition(name: str) -> str:
    """An ``attachment`` header with an ASCII ``filename`` and the RFC 5987 ``filename*``."""
    fallback = _ascii_fallback(name)
    if fallback == name:
        return f'attachment; filename="{name}"'
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def campaign_columns(
    referential: Referential, skill_ids: Iterable[str]
) -> tuple[tuple[CompetenceColumns, ...], tuple[AreaColumns, ...]]:
    """The competences and areas a campaign's skills belong to, in referential order.

    Skills that the current content no longer knows (retired by a later release) have no
    competence to be counted in: they stay in the overall mastery only.
    """
    targeted: dict[str, int] = {}
    for skill_id in skill_ids:
        skill = referential.skills.get(SkillId(skill_id))
        if skill is not None:
            targeted[skill.competence_id] = targeted.get(skill.competence_id, 0) + 1
    competences = tuple(
        CompetenceColumns(competence.id, competence.name, targeted[competence.id])
        for competence in referential.competences.values()
        if competence.id in targeted
    )
    areas = []
    for area in referential.areas.values():
        ids = tuple(c.id for c in referential.area_competences(area.id) if c.id in targeted)
        if ids:
            areas.append(AreaColumns(area.id, area.title, ids, sum(targeted[c] for c in ids)))
    return competences, tuple(areas)


@dataclass(frozen=True)
class ExportFile:
    file_name: str
    lines: AsyncIterator[str]


# --- the use case: check, then stream --------------------------------------------------------

#: Rows read per statement while streaming: bounded memory, few round trips.
EXPORT_BATCH_SIZE = 500
_EXPORT_FIELDS = (
    *PARTICIPANT_FIELDS,
    "mastery_rate",
    "competence_results",
    "competence_levels",
)


async def export_campaign(
    campaign_id: uuid.UUID | str,
    *,
    viewer: Viewer,
    services: Services,
    public_id: str,
    referential: Referential | None = None,
) -> ExportFile:
    """The results file of pix-domain §11, checked now and streamed later.

    ``public_id`` is the campaign id as API clients know it (its global id), written in the
    « ID Campagne » column and the file name. Access is checked before anything is sent, so
    a refusal is an error response, never a half-written file. The lines then come from the
    database ``EXPORT_BATCH_SIZE`` participations at a time, in the participants list order.
    """
    referential = referential_or_bundled(referential)
    campaign = await readable_campaign(campaign_id, viewer=viewer, services=services)
    competences, areas = campaign_columns(referential, campaign.skill_ids)
    layout = ExportLayout(
        organization_name=campaign.organization.name,
        campaign_id=public_id,
        campaign_code=campaign.code,
        campaign_name=campaign.name,
        target_profile_name=campaign.target_profile_name,
        external_id_label=campaign.external_id_label,
        competences=competences,
        areas=areas,
    )
    return ExportFile(
        file_name=file_name(campaign.name, public_id, services.clock()),
        lines=_export_lines(layout, campaign, referential),
    )


async def _export_lines(
    layout: ExportLayout, campaign: Campaign, referential: Referential
) -> AsyncIterator[str]:
    writer = LineWriter(layout)
    yield writer.header()
    targeted = len(campaign.skill_ids)
    position: tuple[str, str, uuid.UUID] | None = None
    while True:
        query = Participation.filter(campaign_id=campaign.id, deleted_at=None)
        if position is not None:
            query = query.filter(after_position(*position))
        rows = (
            await query.order_by("sort_last_name", "sort_first_name", "id")
            .limit(EXPORT_BATCH_SIZE)
            .values(*_EXPORT_FIELDS)
        )
        if not rows:
            return
        fallback = await _summaries_of_unsummarized(rows, campaign, referential)
        lines = []
        for row in rows:
            status = ParticipationStatus(row["status"])
            shared = status == ParticipationStatus.SHARED
            summary = fallback.get(row["id"])
            lines.append(
                writer.row(
                    ExportRow(
                        last_name=row["user__last_name"],
                        first_name=row["user__first_name"],
                        external_id=row["external_id"],
                        progress=progress_rate(status, row["tested_skills_count"], targeted),
                        started_at=row["created_at"],
                        is_shared=shared,
                        shared_at=row["shared_at"],
                        mastery_rate=summary.mastery_rate if summary else row["mastery_rate"],
                        competence_validated=(
                            summary.competence_results if summary else row["competence_results"]
                        ),
                        competence_levels=row["competence_levels"],
                    ),
                )
            )
        # One chunk per batch: the memory held is one batch, and the ASGI server does not
        # pay a send per line.
        yield "".join(lines)
        last = rows[-1]
        position = (last["sort_last_name"], last["sort_first_name"], last["id"])


async def _summaries_of_unsummarized(
    rows: Sequence[Mapping[str, Any]], campaign: Campaign, referential: Referential
) -> dict[uuid.UUID, ParticipationSummary]:
    """Summaries computed from snapshots for shared rows whose counts were not stored."""
    missing = [
        row["id"]
        for row in rows
        if row["status"] == ParticipationStatus.SHARED and row["competence_results"] is None
    ]
    if not missing:
        return {}
    snapshots = dict(
        await KnowledgeElementSnapshot.filter(participation_id__in=missing).values_list(
            "participation_id", "snapshot"
        )
    )
    return {
        participation_id: participation_summary(
            campaign.skill_ids, snapshot_elements(snapshots.get(participation_id)), referential
        )
        for participation_id in missing
    }
