"""What one answer costs the use case, whole tests included: ``submit_answer`` against
``get_me`` (what the ``me`` query runs), in one process, no HTTP, no GraphQL.

    .venv/bin/python bench/bench_answer_cpu.py                     # PostgreSQL + Redis
    .venv/bin/python bench/bench_answer_cpu.py --database sqlite   # SQLite + memory://

A fresh database migrated from empty (PostgreSQL on 127.0.0.1 by default) and the hub a server
would have (the machine's Redis on PostgreSQL when it answers, ``memory://`` otherwise). A
school and a campaign on « Les 16 compétences »; each round, fresh pupils join and take the
whole test, 8 at a time (a class), right one question in two; then the teacher's ``get_me``
as many times as there were answers. Prints each round, then the medians: the CPU per answer
and per ``me`` of this process and of PostgreSQL (the backends of the bench's connections:
not autovacuum, which the inserts wake at random), and the ratio answer / ``me`` of each.

``bench_answers.py`` measures whole requests under load, but its rounds stop each pupil after
20 to 40 answers and its figures drift with the machine by more than a small change gains.
This one runs every answer of every test, in one process without a load generator: to compare
two versions of the code, run it from a worktree of each, alternately.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_answers import (  # noqa: E402
    POSTGRES_ADMIN_URL,
    REDIS_URL,
    _postgres_admin,
    database_cpu,
    redis_answers,
)
from bench_live import bench_school  # noqa: E402

from engine.content import bundled_referential  # noqa: E402
from web.commands.demo import answer_value  # noqa: E402

CLASS_SIZE = 8


async def _take_test(code: str, number: int, services: Any) -> int:
    """A new pupil joins and answers until the end; how many answers."""
    from models import User
    from resolvers.answers import submit_answer
    from resolvers.assessments import current_challenge
    from resolvers.context import Viewer
    from resolvers.participations import join_campaign

    pupil = await User.create(
        email=f"eleve-{uuid.uuid4().hex[:12]}@bench.example",
        password_hash="-",
        first_name=f"Élève {number}",
        last_name="Bench",
    )
    viewer = Viewer(user_id=pupil.id)
    joined = await join_campaign(code, viewer=viewer, services=services)
    asked = current_challenge(joined.assessment)
    answers = 0
    while asked is not None:
        value = answer_value(asked, correct=answers % 2 == 0)
        outcome = await submit_answer(
            joined.assessment.id, asked.id, value, viewer=viewer, services=services
        )
        answers += 1
        asked = outcome.next_challenge
    return answers


async def _answers_round(
    code: str, pupils: int, first: int, services: Any, database: str
) -> tuple[int, float, float]:
    """``pupils`` tests, ``CLASS_SIZE`` at a time: (answers, process CPU, PostgreSQL CPU)."""
    cpu, backends = time.process_time(), database_cpu(database)
    answers = 0
    for start in range(first, first + pupils, CLASS_SIZE):
        count = min(CLASS_SIZE, first + pupils - start)
        done = await asyncio.gather(*(_take_test(code, start + n, services) for n in range(count)))
        answers += sum(done)
    return answers, time.process_time() - cpu, database_cpu(database) - backends


async def _me_round(teacher: Any, calls: int, services: Any, database: str) -> tuple[float, float]:
    from resolvers.accounts import get_me
    from resolvers.context import Viewer

    viewer = Viewer(user_id=teacher.id)
    cpu, backends = time.process_time(), database_cpu(database)
    for _ in range(calls):
        assert await get_me(viewer, services) is not None
    return time.process_time() - cpu, database_cpu(database) - backends


async def run(database: str, pupils: int, rounds: int) -> int:
    from tortoise import Tortoise

    from models.config import tortoise_config
    from models.migrate import upgrade
    from resolvers.context import Services
    from subscriptions.broadcast import create_broadcast

    postgres = database == "postgres"
    with tempfile.TemporaryDirectory(prefix="orga-bench-answer-cpu-") as directory:
        name = f"orga_bench_{uuid.uuid4().hex[:10]}"
        if postgres:
            await _postgres_admin(f'CREATE DATABASE "{name}"')
            url = f"{POSTGRES_ADMIN_URL.rsplit('/', 1)[0]}/{name}"
        else:
            url = f"sqlite://{directory}/{name}.sqlite3"
        broadcast = REDIS_URL if postgres and redis_answers() else "memory://"
        try:
            await upgrade(url)
            await Tortoise.init(config=tortoise_config(url))
            async with create_broadcast(broadcast) as hub:
                services = Services(publisher=hub)
                skills = list(bundled_referential().target_profile_skill_ids("tp-16"))
                teacher, campaign = await bench_school(services, skill_ids=skills)
                code = campaign.code
                print(
                    f"{database}, diffusion {broadcast.split(':')[0]}, {rounds} tours de "
                    f"{pupils} élèves (tests complets, {CLASS_SIZE} à la fois) puis autant de me"
                )
                print("tour  réponses  CPU processus réponse / me (rapport)  CPU PostgreSQL")
                # On SQLite no backend has the database's name: PostgreSQL's share reads 0.
                await _answers_round(code, CLASS_SIZE, 0, services, name)  # warm-up
                measured: list[tuple[float, float, float, float]] = []
                for number in range(rounds):
                    first = CLASS_SIZE + number * pupils
                    answers, cpu, db = await _answers_round(code, pupils, first, services, name)
                    me_cpu, me_db = await _me_round(teacher, answers, services, name)
                    row = (cpu / answers, me_cpu / answers, db / answers, me_db / answers)
                    measured.append(row)
                    print(
                        f"{number + 1:>4}  {answers:8d}  {row[0] * 1e3:.3f} / {row[1] * 1e3:.3f} ms"
                        f" ({row[0] / row[1]:.2f})        "
                        f"{row[2] * 1e3:.3f} / {row[3] * 1e3:.3f} ms"
                    )
        finally:
            await Tortoise.close_connections()
            if postgres:
                await _postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    answer, me, answer_db, me_db = (statistics.median(r[i] for r in measured) for i in range(4))
    print()
    print(f"médianes sur {rounds} tours :")
    print(
        f"  CPU de ce processus : réponse {answer * 1e3:.3f} ms, me {me * 1e3:.3f} ms "
        f"(rapport {answer / me:.2f})"
    )
    if postgres:
        print(
            f"  CPU de PostgreSQL : réponse {answer_db * 1e3:.3f} ms, me {me_db * 1e3:.3f} ms "
            f"(rapport {answer_db / max(me_db, 1e-9):.2f})"
        )
        total = (answer + answer_db) / (me + me_db)
        print(f"  les deux ensemble : rapport réponse / me {total:.2f}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--pupils", type=int, default=16, help="pupils per round (16)")
    parser.add_argument("--rounds", type=int, default=4, help="rounds (4)")
    args = parser.parse_args()
    try:
        import uvloop
    except ImportError:
        return asyncio.run(run(args.database, args.pupils, args.rounds))
    return uvloop.run(run(args.database, args.pupils, args.rounds))


if __name__ == "__main__":
    raise SystemExit(main())
