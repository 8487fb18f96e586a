"""Teacher results on a campaign of 10 000 participants: pages, collective results, CSV export.

    .venv/bin/python bench/bench_campaign.py                   # PostgreSQL (127.0.0.1, trust)
    .venv/bin/python bench/bench_campaign.py --database sqlite
    .venv/bin/python bench/bench_campaign.py --participants 2000 --runs 10

A fixture inserts the campaign directly through the models, in bulk (users, participations,
snapshots and the per-competence counts that sharing stores), into a fresh database migrated
from empty; then the use cases the GraphQL fields and the CSV route call are timed in process:

- participants page 1 and page 400 (25 per page, keyset), and the status counts;
- collective results per competence;
- the CSV export, consumed to the end, with its peak Python memory (tracemalloc);
- on PostgreSQL, ``COPY (SELECT …) TO STDOUT`` of the same rows in the same run, as the
  floor a CSV export cannot beat (the ratio is printed).

Goals (issue 4): each page and the collective results < 100 ms, the export < 2 s with peak
memory growth < 50 MB. The database is dropped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tortoise import Tortoise, connections

from engine.content import bundled_referential
from engine.knowledge import (
    KnowledgeElement,
    KnowledgeElementSource,
    KnowledgeElementStatus,
)
from engine.selection import probability_of_success
from models import (
    Campaign,
    KnowledgeElementSnapshot,
    Membership,
    Organization,
    Participation,
    ParticipationStatus,
    TermsAcceptance,
    User,
)
from models.campaigns import name_sort_key
from models.config import tortoise_config
from models.migrate import upgrade
from resolvers import live
from resolvers.context import Policy, Services, Viewer
from resolvers.export import export_campaign
from resolvers.results import (
    campaign_activity,
    collective_results,
    list_participants,
    participation_summary,
)

POSTGRES_ADMIN_URL = os.environ.get(
    "ORGA_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)
PAGE_SIZE = 25
PAGE_NUMBER = 400
PROFILE_ID = "tp-16"
BATCH = 1000

# Accents and case on purpose: the list must sort « Élie » among the E on both databases.
LAST_NAMES = (
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèbvre",
    "Michel",
    "García",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Lefèvre",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martínez",
    "Élie",
    "Ölçer",
    "Nguyen",
    "de la Fontaine",
)
FIRST_NAMES = (
    "Léa",
    "Emma",
    "Chloé",
    "Inès",
    "Jade",
    "Louise",
    "Zoé",
    "Lucas",
    "Hugo",
    "Louis",
    "Nathan",
    "Gabriel",
    "Arthur",
    "Raphaël",
    "Adèle",
    "Élodie",
    "Maël",
    "Noé",
    "Anaïs",
    "Océane",
    "Sacha",
    "Timéo",
    "Wassim",
    "Yanis",
    "Zoë",
    "Adelita",
    "Stéphane",
)


@dataclass
class Fixture:
    viewer: Viewer
    campaign_id: uuid.UUID
    participants: int
    shared: int
    snapshot_elements: int


# --- database ----------------------------------------------------------------------------


async def _postgres_admin(statement: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(POSTGRES_ADMIN_URL.replace("postgres://", "postgresql://"))
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def create_database(kind: str, directory: Path) -> tuple[str, str]:
    name = f"orga_bench_{uuid.uuid4().hex[:10]}"
    if kind == "sqlite":
        return f"sqlite://{directory / name}.sqlite3", name
    asyncio.run(_postgres_admin(f'CREATE DATABASE "{name}"'))
    return f"{POSTGRES_ADMIN_URL.rsplit('/', 1)[0]}/{name}", name


def drop_database(kind: str, name: str) -> None:
    if kind == "postgres":
        asyncio.run(_postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


# --- fixture -----------------------------------------------------------------------------


def _simulated_elements(
    rng: random.Random, skill_ids: list[str], moment: datetime
) -> list[KnowledgeElement]:
    """What an adaptive test leaves: about two thirds of the skills tested, each validated
    with the engine's logistic chance for a pupil of ability θ per competence."""
    referential = bundled_referential()
    ability: dict[str, float] = {}
    elements = []
    for skill_id in skill_ids:
        if rng.random() > 0.66:
            continue
        skill = referential.skills[skill_id]  # type: ignore[index]
        theta = ability.setdefault(skill.competence_id, rng.uniform(0.5, 6.5))
        validated = rng.random() < probability_of_success(theta, skill.difficulty)
        elements.append(
            KnowledgeElement(
                skill_id=skill.id,
                competence_id=skill.competence_id,
                status=(
                    KnowledgeElementStatus.VALIDATED
                    if validated
                    else KnowledgeElementStatus.INVALIDATED
                ),
                source=KnowledgeElementSource.DIRECT,
                earned_pix=skill.pix_value if validated else 0.0,
                created_at=moment,
            )
        )
    return elements


async def build_fixture(participants: int, seed: int, progress: Callable[[str], None]) -> Fixture:
    rng = random.Random(seed)
    referential = bundled_referential()
    skill_ids = [str(s) for s in referential.target_profile_skill_ids(PROFILE_ID)]
    now = datetime.now(UTC)
    organization = await Organization.create(name="Académie de Besançon", type="SCO")
    teacher = await User.create(
        email="sophie.pix@bench.orga.fr",
        password_hash="-",
        first_name="Sophie",
        last_name="Pix",
        platform_terms_accepted_at=now,
    )
    await Membership.create(organization=organization, user=teacher, role="ADMIN")
    await TermsAcceptance.create(user=teacher, version=Policy().terms_version)
    campaign = await Campaign.create(
        organization=organization,
        name="Banc d'essai - 10 000 élèves",
        code="BENCHX123",
        title="Les 16 compétences",
        target_profile_name=referential.target_profiles[PROFILE_ID].name,  # type: ignore[index]
        builtin_target_profile_id=PROFILE_ID,
        skill_ids=skill_ids,
        content_release=referential.release,
        owner=teacher,
        creator=teacher,
    )
    shared = elements_total = 0
    for start in range(0, participants, BATCH):
        count = min(BATCH, participants - start)
        users = []
        for number in range(start, start + count):
            users.append(
                User(
                    id=uuid.uuid4(),
                    email=f"eleve{number}@bench.orga.fr",
                    password_hash="-",
                    first_name=rng.choice(FIRST_NAMES),
                    last_name=rng.choice(LAST_NAMES),
                    platform_terms_accepted_at=now,
                )
            )
        await User.bulk_create(users)
        participations = []
        snapshots = []
        for user in users:
            started_at = now - timedelta(days=rng.uniform(1, 30))
            roll = rng.random()
            status = (
                ParticipationStatus.STARTED
                if roll < 0.2
                else ParticipationStatus.TO_SHARE
                if roll < 0.4
                else ParticipationStatus.SHARED
            )
            participation = Participation(
                id=uuid.uuid4(),
                campaign_id=campaign.id,
                user_id=user.id,
                status=status,
                created_at=started_at,
                tested_skills_count=rng.randint(0, len(skill_ids) - 1)
                if status == ParticipationStatus.STARTED
                else len(skill_ids) * 2 // 3,
                sort_last_name=name_sort_key(user.last_name),
                sort_first_name=name_sort_key(user.first_name),
            )
            if status == ParticipationStatus.SHARED:
                shared_at = started_at + timedelta(hours=2)
                elements = _simulated_elements(rng, skill_ids, started_at)
                summary = participation_summary(skill_ids, elements, referential)
                participation.shared_at = shared_at
                participation.validated_skills_count = summary.validated_skills_count
                participation.mastery_rate = summary.mastery_rate
                participation.pix_score = 0
                participation.competence_results = summary.competence_results
                snapshots.append(
                    KnowledgeElementSnapshot(
                        participation_id=participation.id,
                        user_id=user.id,
                        snapped_at=shared_at,
                        snapshot=[
                            {
                                "skill_id": e.skill_id,
                                "competence_id": e.competence_id,
                                "status": e.status.value,
                                "source": e.source.value,
                                "earned_pix": e.earned_pix,
                                "created_at": started_at.isoformat(),
                            }
                            for e in elements
                        ],
                    )
                )
                shared += 1
                elements_total += len(elements)
            participations.append(participation)
        await Participation.bulk_create(participations)
        await KnowledgeElementSnapshot.bulk_create(snapshots)
        progress(f"  fixture : {start + count} / {participants} participants")
    return Fixture(
        viewer=Viewer(user_id=teacher.id),
        campaign_id=campaign.id,
        participants=participants,
        shared=shared,
        snapshot_elements=elements_total,
    )


# --- measures ------------------------------------------------------------------------------


async def timed(action: Callable[[], Awaitable[object]], runs: int) -> tuple[float, float]:
    """Median and max wall time in ms over ``runs`` calls, after one warm-up call."""
    await action()
    durations = []
    for _ in range(runs):
        start = time.perf_counter()
        await action()
        durations.append((time.perf_counter() - start) * 1000)
    return statistics.median(durations), max(durations)


async def key_before_page(campaign_id: uuid.UUID, page: int) -> list[str]:
    """The cursor a client holds after reading pages 1..page-1 (read outside the timing)."""
    last, first, participation_id = (
        await Participation.filter(campaign_id=campaign_id, deleted_at=None)
        .order_by("sort_last_name", "sort_first_name", "id")
        .offset((page - 1) * PAGE_SIZE - 1)
        .limit(1)
        .values_list("sort_last_name", "sort_first_name", "id")
    )[0]
    return [last, first, str(participation_id)]


async def export_once(fixture: Fixture, *, trace: bool) -> tuple[float, int, int, float]:
    """Seconds, bytes, lines and, when ``trace``, the peak Python memory growth (MB) of one
    full export. Tracing slows Python down several times: time and memory are measured in
    two separate runs."""
    if trace:
        tracemalloc.start()
        baseline = tracemalloc.get_traced_memory()[0]
    start = time.perf_counter()
    export = await export_campaign(
        fixture.campaign_id,
        viewer=fixture.viewer,
        services=Services(),
        public_id="Q2FtcGFpZ246YmVuY2g=",
    )
    size = lines = 0
    async for chunk in export.lines:
        size += len(chunk.encode())
        lines += chunk.count("\n")
    elapsed = time.perf_counter() - start
    peak = 0.0
    if trace:
        peak = (tracemalloc.get_traced_memory()[1] - baseline) / 1e6
        tracemalloc.stop()
    return elapsed, size, lines, peak


# The same rows, joins and order as the export, written by PostgreSQL itself: the floor.
COPY_SELECT = """
SELECT o.name, c.id, c.code, c.name, c.target_profile_name, u.last_name, u.first_name,
       p.tested_skills_count, p.created_at, p.status, p.shared_at, p.mastery_rate,
       p.competence_results
FROM participations p
JOIN users u ON u.id = p.user_id
JOIN campaigns c ON c.id = p.campaign_id
JOIN organizations o ON o.id = c.organization_id
WHERE p.campaign_id = $1 AND p.deleted_at IS NULL
ORDER BY p.sort_last_name, p.sort_first_name, p.id
"""


async def copy_once(database_url: str, campaign_id: uuid.UUID) -> tuple[float, int]:
    import asyncpg

    connection = await asyncpg.connect(database_url.replace("postgres://", "postgresql://"))
    size = 0

    async def sink(chunk: bytes) -> None:
        nonlocal size
        size += len(chunk)

    try:
        start = time.perf_counter()
        await connection.copy_from_query(
            COPY_SELECT, campaign_id, output=sink, format="csv", delimiter=";", header=True
        )
        return time.perf_counter() - start, size
    finally:
        await connection.close()


async def run(args: argparse.Namespace, database_url: str) -> int:
    def say(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    await Tortoise.init(config=tortoise_config(database_url))
    try:
        started = time.perf_counter()
        fixture = await build_fixture(args.participants, args.seed, say)
        if database_url.startswith("postgres"):
            # What autovacuum does soon after such a bulk load on a live database: without
            # statistics the planner takes the campaign for empty and sorts instead of seeking.
            await connections.get("default").execute_script("VACUUM ANALYZE")
        say(f"  fixture construite en {time.perf_counter() - started:.1f} s")
        referential = bundled_referential()
        skills = len(referential.target_profile_skill_ids(PROFILE_ID))
        print(
            f"Campagne : {fixture.participants} participants dont {fixture.shared} partagés, "
            f"{skills} acquis ({PROFILE_ID}), {fixture.snapshot_elements} éléments en instantanés"
        )
        viewer, campaign_id = fixture.viewer, fixture.campaign_id
        page_number = min(PAGE_NUMBER, max(1, fixture.participants // PAGE_SIZE))
        after = await key_before_page(campaign_id, page_number) if page_number > 1 else None

        services = Services()

        async def page(
            after: list[str] | None, status: ParticipationStatus | None = None
        ) -> object:
            # What the participants field asks: the page, then its total for the pager.
            result = await list_participants(
                campaign_id,
                viewer=viewer,
                services=services,
                first=PAGE_SIZE,
                after=after,
                status=status,
            )
            assert result.items
            return await result.total_count()

        async def page_one() -> object:
            return await page(None)

        async def page_n() -> object:
            return await page(after)

        async def page_shared() -> object:
            return await page(after, ParticipationStatus.SHARED)

        async def collective() -> object:
            return await collective_results(campaign_id, viewer=viewer, services=services)

        async def activity() -> object:
            return await campaign_activity(campaign_id, viewer=viewer, services=services)

        async def live_state() -> object:
            # What every answer, join and sending of this campaign reads for the live event.
            return await live.campaign_state(campaign_id)

        rows = [
            ("participants, page 1", await timed(page_one, args.runs), 100.0),
            (f"participants, page {page_number}", await timed(page_n, args.runs), 100.0),
            (
                f"participants SHARED, après la page {page_number}",
                await timed(page_shared, args.runs),
                100.0,
            ),
            ("résultats collectifs", await timed(collective, args.runs), 100.0),
            ("compteurs d'activité", await timed(activity, args.runs), 100.0),
            ("état live publié après chaque écriture", await timed(live_state, args.runs), 100.0),
        ]
        print(f"\n{'mesure':42} {'médiane':>10} {'max':>10}   objectif")
        for label, (median, worst), goal in rows:
            verdict = "ok" if median < goal else "DÉPASSÉ"
            print(f"{label:42} {median:8.1f} ms {worst:7.1f} ms   < {goal:.0f} ms {verdict}")

        await export_once(fixture, trace=False)  # warm-up: content and statement caches
        seconds, size, lines, _ = await export_once(fixture, trace=False)
        *_, peak = await export_once(fixture, trace=True)
        verdict = "ok" if seconds < 2 and peak < 50 else "DÉPASSÉ"
        print(
            f"\nexport CSV : {seconds * 1000:.0f} ms, {lines} lignes, {size / 1e6:.1f} Mo, "
            f"pic mémoire Python +{peak:.1f} Mo (objectifs < 2 s, < 50 Mo) {verdict}"
        )
        if database_url.startswith("postgres"):
            await copy_once(database_url, campaign_id)
            copy_seconds, copy_size = await copy_once(database_url, campaign_id)
            print(
                f"COPY PostgreSQL des mêmes lignes : {copy_seconds * 1000:.0f} ms, "
                f"{copy_size / 1e6:.1f} Mo ; rapport export / COPY = {seconds / copy_seconds:.1f}"
            )
    finally:
        await Tortoise.close_connections()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        database_url, name = create_database(args.database, Path(directory))
        try:
            asyncio.run(upgrade(database_url))
            print(f"Base : {args.database} (migrée depuis zéro)")
            return asyncio.run(run(args, database_url))
        finally:
            with contextlib.suppress(Exception):
                drop_database(args.database, name)


if __name__ == "__main__":
    sys.exit(main())
