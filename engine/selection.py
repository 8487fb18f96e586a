"""Adaptive selection of the next challenge: Pix's "smart random" (pix-domain §5).

Each call is a pure function of the target skills, the answers of this assessment and the
pupil's knowledge elements (all assessments): the same state always gives the same challenge,
so a pupil who comes back later resumes on the same question.

The rules, in order:

1. candidates are the target skills with a challenge left in the locale and no knowledge
   element yet (each skill is asked at most once; earlier tests count);
2. skills of *easy tubes* (hardest target skill ≤ 3) go first;
3. no timed challenge first, nor right after a timed one, unless nothing else is left;
4. first challenge: skills of difficulty 2, else the lowest difficulty;
   next challenges: drop skills more than 2 above the predicted level, then keep the skills of
   maximal *reward* (expected number of skills the answer will settle, through inference);
5. no candidate left: the test is over (``None``);
6. the skill, then the challenge (``validé`` before ``archivé``), are picked from the candidates
   by a stable hash of the assessment id.

Performance: everything that depends only on (referential, target skills, locale) is computed
once and cached (:func:`_plan`). A tube's candidates, and their best reward per predicted
level, depend only on which of its skills are tested: they are memoized by that bitmask, so a
call costs O(tubes + knowledge elements + answers), not O(skills × tube size).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache

from engine.evaluation import AnswerResult
from engine.knowledge import (
    KnowledgeElement,
    KnowledgeElementSource,
    KnowledgeElementStatus,
    latest_per_skill,
)
from engine.referential import Challenge, ChallengeStatus, Referential
from engine.types import MAX_LEVEL, ChallengeId, SkillId, TubeId

DEFAULT_LEVEL_FOR_FIRST_CHALLENGE = 2
MAX_LEVEL_TO_BE_AN_EASY_TUBE = 3
MAX_DIFF_BETWEEN_USER_LEVEL_AND_SKILL_LEVEL = 2
#: Candidate levels of the maximum-likelihood estimate: 0.5, 1, …, 7.5.
CAT_LEVELS: tuple[float, ...] = tuple(step / 2 for step in range(1, 16))
#: Difficulty given to a knowledge element whose skill is unknown (pix-domain §5).
DEFAULT_SKILL_DIFFICULTY = 2
# Two virtual answers anchor the estimate: anyone solves a level-0 skill, nobody a level-7 one.
_VIRTUAL_SUCCESS_DIFFICULTY = 0
_VIRTUAL_FAILURE_DIFFICULTY = 7


def probability_of_success(level: float, difficulty: float) -> float:
    """P(a pupil of ``level`` solves a skill of ``difficulty``): logistic, slope 1."""
    return 1 / (1 + math.exp(difficulty - level))


# P[level index][difficulty]: the logistic is only ever evaluated on these 15 × 9 pairs.
_PROBABILITY: tuple[tuple[float, ...], ...] = tuple(
    tuple(probability_of_success(level, d) for d in range(MAX_LEVEL + 1)) for level in CAT_LEVELS
)


@dataclass(frozen=True)
class AnsweredChallenge:
    """An answer of the current assessment, as selection needs it."""

    challenge_id: ChallengeId | str
    result: AnswerResult
    timed: bool  # the challenge had a timer


# --- per (referential, target, locale) precomputation --------------------------------------

# Memo entries kept per plan before starting afresh (bounds memory on huge custom profiles).
_MEMO_LIMIT = 200_000


@dataclass(frozen=True, slots=True)
class _Entry:
    """A candidate skill inside its tube, with what an answer to it would settle."""

    position: int  # rank in the target list: ties are broken in that order
    skill_id: SkillId
    difficulty: int
    gain_if_solved: int  # untested skills of the tube at or below it (inferred validated)
    gain_if_failed: int  # untested skills of the tube at or above it (inferred invalidated)
    pool: tuple[Challenge, ...]  # its challenges still to ask, in the locale
    timed_only: bool


@dataclass(frozen=True, slots=True)
class _PlanSkill:
    id: SkillId
    difficulty: int
    position: int
    tube: int  # index of its tube in the plan
    bit: int  # 1 << rank of the skill in its tube
    challenges: tuple[Challenge, ...]  # playable, in the locale, in content order


@dataclass(frozen=True, slots=True)
class _PlanTube:
    skills: tuple[_PlanSkill, ...]  # sorted by difficulty
    easy: bool
    full_mask: int  # every skill tested
    entries: tuple[_Entry, ...]  # the candidates while none of its skills is tested


_View = tuple[int, int, tuple[_Entry, ...]]  # (tube index, tested mask or -1, entries)
_Result = tuple[float, tuple[_Entry, ...]]


@dataclass(frozen=True)
class _Plan:
    """What selection needs about a target profile, computed once per (referential, target
    skills, locale). A tube's candidates depend only on which of its skills are tested (a
    bitmask), so they, and their best rewards per level, are memoized by that mask."""

    targets: frozenset[SkillId]
    difficulty: dict[SkillId, int]  # every target skill, playable or not
    skills: dict[SkillId, _PlanSkill]  # target skills with a challenge in the locale
    tubes: tuple[_PlanTube, ...]
    locate: dict[SkillId, tuple[int, int]]  # playable skill → (tube index, bit)
    challenge_skill: dict[str, SkillId]  # playable challenge → its skill
    entries: dict[tuple[int, int], tuple[_Entry, ...]] = field(default_factory=dict)
    results: dict[tuple[int, int, int, bool], _Result] = field(default_factory=dict)

    def tube_entries(self, index: int, mask: int) -> tuple[_Entry, ...]:
        key = (index, mask)
        found = self.entries.get(key)
        if found is None:
            tube = self.tubes[index]
            tested = {skill.id for skill in tube.skills if skill.bit & mask}
            found = _entries(tube.skills, tested, set(), set())
            if len(self.entries) > _MEMO_LIMIT:
                self.entries.clear()
            self.entries[key] = found
        return found


def _entries(
    skills: Iterable[_PlanSkill],
    tested: AbstractSet[SkillId],
    answered: AbstractSet[str],
    dirty: AbstractSet[SkillId],
) -> tuple[_Entry, ...]:
    untested = [skill for skill in skills if skill.id not in tested]
    total = len(untested)
    entries: list[_Entry] = []
    for rank, skill in enumerate(untested):
        pool = skill.challenges
        if skill.id in dirty:
            pool = tuple(c for c in pool if c.id not in answered)
        if not pool:
            continue  # no challenge left: not playable, but still counts in the tube's gains
        entries.append(
            _Entry(
                position=skill.position,
                skill_id=skill.id,
                difficulty=skill.difficulty,
                gain_if_solved=rank + 1,
                gain_if_failed=total - rank,
                pool=pool,
                timed_only=all(c.is_timed for c in pool),
            )
        )
    return tuple(entries)


def _playable(
    referential: Referential,
    members: list[tuple[int, SkillId]],
    difficulty: Mapping[SkillId, int],
    locale: str,
) -> list[tuple[int, int, SkillId, tuple[Challenge, ...]]]:
    """A tube's target skills with a playable challenge in the locale, sorted by difficulty
    then target position: (difficulty, position, skill, its challenges in content order)."""
    playable: list[tuple[int, int, SkillId, tuple[Challenge, ...]]] = []
    for position, skill_id in members:
        challenges = tuple(
            c
            for c in referential.skill_challenges(skill_id)
            if c.is_playable and locale in c.locales
        )
        if challenges:
            playable.append((difficulty[skill_id], position, skill_id, challenges))
    playable.sort()
    return playable


@lru_cache(maxsize=256)
def _plan(referential: Referential, targets: tuple[SkillId, ...], locale: str) -> _Plan:
    difficulty: dict[SkillId, int] = {}
    by_tube: dict[TubeId, list[tuple[int, SkillId]]] = {}
    for position, skill_id in enumerate(targets):
        skill = referential.skills.get(skill_id)
        if skill is None or skill_id in difficulty:
            continue
        difficulty[skill_id] = skill.difficulty
        by_tube.setdefault(skill.tube_id, []).append((position, skill_id))
    skills: dict[SkillId, _PlanSkill] = {}
    tubes: list[_PlanTube] = []
    for members in by_tube.values():
        playable = _playable(referential, members, difficulty, locale)
        if not playable:
            continue
        tube_skills = tuple(
            _PlanSkill(skill_id, level, position, len(tubes), 1 << rank, challenges)
            for rank, (level, position, skill_id, challenges) in enumerate(playable)
        )
        for plan_skill in tube_skills:
            skills[plan_skill.id] = plan_skill
        tubes.append(
            _PlanTube(
                skills=tube_skills,
                easy=tube_skills[-1].difficulty <= MAX_LEVEL_TO_BE_AN_EASY_TUBE,
                full_mask=(1 << len(tube_skills)) - 1,
                entries=_entries(tube_skills, frozenset(), frozenset(), frozenset()),
            )
        )
    return _Plan(
        targets=frozenset(difficulty),
        difficulty=difficulty,
        skills=skills,
        tubes=tuple(tubes),
        locate={s.id: (s.tube, s.bit) for s in skills.values()},
        challenge_skill={c.id: s.id for s in skills.values() for c in s.challenges},
    )


# --- predicted level -----------------------------------------------------------------------


def _level_index(
    plan: _Plan, known: Mapping[SkillId, KnowledgeElement], tested: Iterable[SkillId]
) -> int:
    # Σ(outcome − P(L, d)) over the direct answers plus the two virtual ones, grouped by
    # difficulty so each level costs at most 9 multiplications, whatever the answers.
    counts = [0] * (MAX_LEVEL + 1)
    successes = 1  # the virtual success
    counts[_VIRTUAL_SUCCESS_DIFFICULTY] += 1
    counts[_VIRTUAL_FAILURE_DIFFICULTY] += 1
    direct, validated = KnowledgeElementSource.DIRECT, KnowledgeElementStatus.VALIDATED
    difficulty = plan.difficulty  # every tested skill is a target skill: always there
    for skill_id in tested:
        element = known[skill_id]
        if element.source == direct:
            counts[difficulty[skill_id]] += 1
            successes += element.status == validated
    used = [(n, d) for d, n in enumerate(counts) if n]
    best_index, best_gap = 0, math.inf
    for index, row in enumerate(_PROBABILITY):
        # successes − expected decreases with the level: past zero, the gap only grows.
        difference = successes - sum(n * row[d] for n, d in used)
        gap = abs(difference)
        if gap < best_gap:  # strict: ties go to the lowest level
            best_index, best_gap = index, gap
        elif difference < 0:
            break
    return best_index


def predicted_level(
    referential: Referential,
    *,
    target_skill_ids: Sequence[SkillId],
    knowledge_elements: Sequence[KnowledgeElement],
    locale: str = "fr-fr",
) -> float:
    """The pupil's level by maximum likelihood over :data:`CAT_LEVELS` (pix-domain §5).

    Uses the direct knowledge elements (latest per skill, reset dropped) on target skills.
    """
    plan = _plan(referential, tuple(target_skill_ids), locale)
    known = latest_per_skill(knowledge_elements)
    return CAT_LEVELS[_level_index(plan, known, plan.targets.intersection(known))]


# --- selection -----------------------------------------------------------------------------

_FIRST = -1  # level index meaning "choosing the first challenge"


def _best(entries: tuple[_Entry, ...], level_index: int, without_timed: bool) -> _Result:
    """The entries of maximal (non-zero) reward among those not too hard for the level."""
    limit = CAT_LEVELS[level_index] + MAX_DIFF_BETWEEN_USER_LEVEL_AND_SKILL_LEVEL
    row = _PROBABILITY[level_index]
    best = 0.0
    chosen: list[_Entry] = []
    for entry in entries:
        if entry.difficulty > limit:
            break  # entries are sorted by difficulty
        if without_timed and entry.timed_only:
            continue
        p = row[entry.difficulty]
        reward = p * entry.gain_if_solved + (1 - p) * entry.gain_if_failed
        if reward > best:
            best, chosen = reward, [entry]
        elif reward == best and reward > 0:
            chosen.append(entry)
    return best, tuple(chosen)


def _first(entries: tuple[_Entry, ...], without_timed: bool) -> _Result:
    """Entries at the default first level, else at the tube's lowest level: (level, entries)."""
    kept = [e for e in entries if not (without_timed and e.timed_only)]
    if not kept:
        return math.inf, ()
    at_default = tuple(e for e in kept if e.difficulty == DEFAULT_LEVEL_FOR_FIRST_CHALLENGE)
    if at_default:
        return float(DEFAULT_LEVEL_FOR_FIRST_CHALLENGE), at_default
    lowest = kept[0].difficulty
    return float(lowest), tuple(e for e in kept if e.difficulty == lowest)


def _tube_result(plan: _Plan, view: _View, level_index: int, without_timed: bool) -> _Result:
    """``_first`` or ``_best`` of one tube, memoized by the tube's tested mask."""
    index, mask, entries = view
    key = (index, mask, level_index, without_timed)
    found = plan.results.get(key) if mask >= 0 else None
    if found is not None:
        return found
    if level_index == _FIRST:
        found = _first(entries, without_timed)
    else:
        found = _best(entries, level_index, without_timed)
    if mask >= 0:
        if len(plan.results) > _MEMO_LIMIT:
            plan.results.clear()
        plan.results[key] = found
    return found


def _stable_hash(text: str) -> int:
    # Python's hash() is salted per process: a resumed test must get the same question.
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


def next_challenge(
    referential: Referential,
    *,
    target_skill_ids: Sequence[SkillId],
    answers: Sequence[AnsweredChallenge],
    knowledge_elements: Sequence[KnowledgeElement],
    assessment_id: str,
    locale: str = "fr-fr",
) -> Challenge | None:
    """The next challenge to ask, or ``None`` when the test is over.

    ``answers`` are this assessment's answers, oldest first; ``knowledge_elements`` are all the
    pupil's elements (every assessment), oldest first: the latest per skill wins, reset skills
    count as untested.
    """
    return next_challenge_from_latest(
        referential,
        target_skill_ids=target_skill_ids,
        answers=answers,
        latest=latest_per_skill(knowledge_elements),
        assessment_id=assessment_id,
        locale=locale,
    )


@dataclass(frozen=True, slots=True)
class _PupilState:
    """What selection reads of the pupil: the target skills they have an element for, per
    tube as a bitmask; the challenges of this assessment already answered; the untested
    skills among them (answered, but no element kept) and their tubes."""

    tested: frozenset[SkillId]
    masks: tuple[int, ...]
    answered: frozenset[str]
    dirty: frozenset[SkillId]
    dirty_tubes: frozenset[int]


def _pupil_state(
    plan: _Plan, answers: Sequence[AnsweredChallenge], latest: Mapping[SkillId, KnowledgeElement]
) -> _PupilState:
    tested = plan.targets.intersection(latest)
    masks = [0] * len(plan.tubes)
    locate = plan.locate
    for tube_index, bit in map(locate.__getitem__, tested.intersection(locate)):
        masks[tube_index] |= bit
    # An untested skill whose challenge was already answered (no knowledge element: e.g. the
    # caller kept none) has fewer challenges left: its tube is computed without memo.
    answered = frozenset(str(answer.challenge_id) for answer in answers)
    challenge_skill = plan.challenge_skill
    dirty = {challenge_skill[c] for c in answered if c in challenge_skill}.difference(tested)
    return _PupilState(
        tested=tested,
        masks=tuple(masks),
        answered=answered,
        dirty=frozenset(dirty),
        dirty_tubes=frozenset(locate[skill_id][0] for skill_id in dirty),
    )


def _tube_view(plan: _Plan, index: int, state: _PupilState) -> _View | None:
    """One tube's candidate skills, or None when every skill of it is tested."""
    tube, mask = plan.tubes[index], state.masks[index]
    if index in state.dirty_tubes:
        return (index, -1, _entries(tube.skills, state.tested, state.answered, state.dirty))
    if mask == 0:
        return (index, 0, tube.entries)
    if mask == tube.full_mask:
        return None
    return (index, mask, plan.tube_entries(index, mask))


def _candidate_views(plan: _Plan, state: _PupilState) -> list[_View]:
    """The tubes with a candidate skill left: those of easy tubes only, when there are any."""
    views: list[_View] = []
    easy_views: list[_View] = []
    for index, tube in enumerate(plan.tubes):
        view = _tube_view(plan, index, state)
        if view is None or not view[2]:
            continue
        views.append(view)
        if tube.easy:
            easy_views.append(view)
    return easy_views or views


def _level_filter(
    plan: _Plan,
    views: list[_View],
    answers: Sequence[AnsweredChallenge],
    latest: Mapping[SkillId, KnowledgeElement],
    state: _PupilState,
) -> tuple[int, bool]:
    """The predicted level (``_FIRST`` before any answer) that drops the skills too hard for
    the pupil, and whether timed challenges are left out: none first, nor right after a
    timed one, unless only timed ones remain among the skills not too hard
    (docs/decisions/engine-selection.md, precision 2)."""
    is_first = not answers
    level_index = _FIRST if is_first else _level_index(plan, latest, state.tested)
    without_timed = (is_first or answers[-1].timed) and any(
        _tube_result(plan, view, level_index, True)[1] for view in views
    )
    return level_index, without_timed


def _rewarded(
    plan: _Plan, views: list[_View], level_index: int, without_timed: bool
) -> list[_Entry]:
    """The candidates of maximal reward, in target order; for the first challenge, those at
    the default level if any tube offers it, else at the lowest level offered anywhere."""
    results = [_tube_result(plan, view, level_index, without_timed) for view in views]
    if level_index == _FIRST:
        levels = [level for level, _ in results]
        target = (
            DEFAULT_LEVEL_FOR_FIRST_CHALLENGE
            if DEFAULT_LEVEL_FOR_FIRST_CHALLENGE in levels
            else min(levels)
        )
    else:
        target = max(reward for reward, _ in results)
    candidates = [entry for key, entries in results if key == target for entry in entries]
    candidates.sort(key=lambda entry: entry.position)
    return candidates


def _draw(candidates: list[_Entry], assessment_id: str, without_timed: bool) -> Challenge:
    """The skill, then its challenge (``validé`` before ``archivé``), by a stable hash of the
    assessment id: the same state always gives the same question."""
    chosen = candidates[_stable_hash(assessment_id) % len(candidates)]
    pool = chosen.pool
    if without_timed:
        pool = tuple(c for c in pool if not c.is_timed)
    preferred = tuple(c for c in pool if c.status == ChallengeStatus.VALIDATED) or pool
    return preferred[_stable_hash(f"{assessment_id}+1") % len(preferred)]


def next_challenge_from_latest(
    referential: Referential,
    *,
    target_skill_ids: Sequence[SkillId],
    answers: Sequence[AnsweredChallenge],
    latest: Mapping[SkillId, KnowledgeElement],
    assessment_id: str,
    locale: str = "fr-fr",
) -> Challenge | None:
    """:func:`next_challenge` from the latest-per-skill view of the pupil's elements
    (``latest_per_skill``), for a caller that keeps it from one answer to the next.

    The steps: the pupil's state, the candidate skills, the level filter, the reward, the
    draw."""
    targets = target_skill_ids if isinstance(target_skill_ids, tuple) else tuple(target_skill_ids)
    plan = _plan(referential, targets, locale)
    state = _pupil_state(plan, answers, latest)
    views = _candidate_views(plan, state)
    if not views:
        return None
    level_index, without_timed = _level_filter(plan, views, answers, latest, state)
    candidates = _rewarded(plan, views, level_index, without_timed)
    if not candidates:
        return None
    return _draw(candidates, assessment_id, without_timed)
