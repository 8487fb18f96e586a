"""Answer evaluation: the §3.3 rules, golden examples, and properties on arbitrary text."""

from __future__ import annotations

import time
from typing import Any

import pytest
from engine_factory import build, challenge, document
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.content import Challenge
from engine.evaluation import SKIP_VALUE, AnswerResult, evaluate
from engine.treatments import levenshtein, matches, parse_number, pre_treatment, t1, t2, treat

OK, KO, ABAND, TIMEDOUT = (
    AnswerResult.OK,
    AnswerResult.KO,
    AnswerResult.ABAND,
    AnswerResult.TIMEDOUT,
)


def make(**fields: Any) -> Challenge:
    data = document({"@a": [1]})
    data["challenges"] = [challenge("@a1", **fields)]
    return build(data).challenges["ch-a1-a"]


def qroc(solution: str, *tolerances: str, **fields: Any) -> Challenge:
    return make(
        type="QROC",
        proposals="Réponse : ${reponse}",
        solution=solution,
        tolerances=list(tolerances),
        **fields,
    )


QROCM_IND = {
    "type": "QROCM-ind",
    "proposals": "Nom : ${nom}\nAnnée : ${annee}",
    "solution": "nom:\n- Wikipédia\n- Wiki\nannee:\n- 2001",
    "tolerances": ["t1", "t2", "t3"],
}
QROCM_DEP = {
    "type": "QROCM-dep",
    "proposals": "${c1} ${c2}",
    "solution": "p1:\n- rouge\np2:\n- vert\np3:\n- bleu",
    "tolerances": ["t1"],
}


# --- treatments ----------------------------------------------------------------------------


def test_pre_treatment_normalizes_nfc_and_non_breaking_spaces() -> None:
    assert pre_treatment("e\u0301t\u00e9\u00a0!") == "été !"


def test_t1_trims_lowers_strips_accents_and_every_space() -> None:
    assert t1("  Les Élèves\tont   ÉTÉ  ") == "leselevesontete"


def test_t2_keeps_letters_digits_spaces_and_collapses_spaces() -> None:
    assert t2("Wiki-pédia,   l'encyclopédie !") == "Wikipdia lencyclopdie "


def test_treatments_apply_t1_before_t2() -> None:
    assert treat("Wiki-Pédia !", ["t2", "t1"]) == "wikipedia"  # type: ignore[list-item]


def test_levenshtein() -> None:
    assert levenshtein("kitten", "sitting") == 3
    assert levenshtein("", "abc") == 3
    assert levenshtein("abc", "abc") == 0
    assert levenshtein("abcdefgh", "a", limit=2) == 3


def test_t3_ratio_is_distance_over_answer_length() -> None:
    assert matches("wikipedai", ["wikipedia"], t3=True)  # 2 / 9 ≤ 0.25
    assert not matches("wikpdia", ["wikipedia"], t3=True)  # 2 / 7 > 0.25
    assert matches("abcd", ["abce"], t3=True)  # 1 / 4 = 0.25 exactly
    assert not matches("", ["x"], t3=True)
    assert matches("", [""], t3=True)


def test_parse_number_reads_french_and_english_numbers() -> None:
    assert parse_number("3,5") == parse_number("3.50") == parse_number(" 3.5 ") == 3.5
    assert parse_number("3 500") == 3500
    assert parse_number("-2") == -2
    assert parse_number("1 000 000") is None  # only the first space goes
    assert parse_number("trois") is None
    assert parse_number("1e5") is None


# --- per type ------------------------------------------------------------------------------


def test_skip_is_aband_whatever_the_type() -> None:
    for fields in ({}, QROCM_IND, QROCM_DEP):
        assert evaluate(make(**fields), SKIP_VALUE).result is ABAND


def test_qcu_compares_the_index_exactly() -> None:
    qcu = make(type="QCU", solution="2")

    assert evaluate(qcu, "2").result is OK
    assert evaluate(qcu, "3").result is KO
    assert evaluate(qcu, " 2").result is KO
    assert evaluate(qcu, "").result is KO


def test_qcm_ignores_order_and_spaces_but_not_missing_or_extra_choices() -> None:
    qcm = make(type="QCM", solution="1,3")

    assert evaluate(qcm, "3,1").result is OK
    assert evaluate(qcm, "1, 3").result is OK
    assert evaluate(qcm, "1").result is KO
    assert evaluate(qcm, "1,2,3").result is KO
    assert evaluate(qcm, "1,1,3").result is KO


@pytest.mark.parametrize(
    ("tolerances", "answer", "expected"),
    [
        ((), "Wikipédia", OK),
        ((), "wikipédia", KO),
        ((), "Wikipe\u0301dia", OK),  # NFD input is normalized first
        (("t1",), "  WIKIPEDIA ", OK),
        (("t1",), "wiki pédia", OK),
        (("t1",), "wikipedia !", KO),
        (("t2",), "Wikipédia!", OK),
        (("t2",), "Wikipédia !", KO),  # T2 keeps spaces: "Wikipdia " ≠ "Wikipdia"
        (("t2",), "Wikipedia", KO),  # without T1, T2 drops "é" from the solution only
        (("t1", "t2"), "Wiki-Pédia !", OK),
        (("t3",), "Wikipedai", KO),  # accents count: 3 edits
        (("t1", "t3"), "wikipedai", OK),
        (("t1", "t3"), "wikpdia", KO),
        (("t1", "t2", "t3"), "wiki pedya", OK),
        (("t1",), "wiki", OK),  # second accepted answer
    ],
)
def test_qroc_tolerances(tolerances: tuple[str, ...], answer: str, expected: AnswerResult) -> None:
    assert evaluate(qroc("Wikipédia\nwiki", *tolerances), answer).result is expected


def test_qroc_non_breaking_space_is_a_space() -> None:
    assert evaluate(qroc("Le Monde"), "Le\u00a0Monde").result is OK


def test_qroc_numbers() -> None:
    number = qroc("3.5\n7", format="nombre")

    for answer in ("3,5", "3.5", "3.50", " 3,5 ", "7", "7,0"):
        assert evaluate(number, answer).result is OK, answer
    assert evaluate(number, "4").result is KO
    assert evaluate(number, "trois virgule cinq").result is KO
    assert evaluate(qroc("3500", format="nombre"), "3\u00a0500").result is OK


def test_qroc_number_format_falls_back_to_text_for_text_answers() -> None:
    assert evaluate(qroc("12", "t1", format="nombre"), " 12 ").result is OK


def test_qrocm_ind_details_per_field() -> None:
    challenge_ = make(**QROCM_IND)

    right = evaluate(challenge_, "nom: wikipedia\nannee: '2001'")
    half = evaluate(challenge_, "nom: Wikipédia\nannee: 1999")

    assert right.result is OK
    assert dict(right.details or {}) == {"nom": True, "annee": True}
    assert half.result is KO
    assert dict(half.details or {}) == {"nom": True, "annee": False}
    assert half.reason is None


def test_qrocm_ind_accepts_json_and_reads_numbers_as_typed() -> None:
    challenge_ = make(**QROCM_IND)

    assert evaluate(challenge_, '{"nom": "Wiki", "annee": 2001}').result is OK
    assert evaluate(challenge_, "{nom: Wiki, annee: 2001}").result is OK


def test_qrocm_ind_missing_field_counts_as_empty() -> None:
    evaluation = evaluate(make(**QROCM_IND), "nom: Wiki")

    assert evaluation.result is KO
    assert dict(evaluation.details or {}) == {"nom": True, "annee": False}


def test_qrocm_dep_accepts_any_order_but_each_group_once() -> None:
    challenge_ = make(**QROCM_DEP)

    assert evaluate(challenge_, "c1: Vert\nc2: rouge").result is OK
    assert evaluate(challenge_, "c1: bleu\nc2: vert").result is OK
    twice = evaluate(challenge_, "c1: rouge\nc2: rouge")
    assert twice.result is KO
    assert dict(twice.details or {}) == {"c1": True, "c2": False}
    assert evaluate(challenge_, "c1: rouge\nc2: jaune").result is KO


def test_qrocm_dep_finds_an_assignment_when_groups_share_a_variant() -> None:
    # Greedy first-match would give "a" to g1 and leave "b" without a group.
    challenge_ = make(type="QROCM-dep", proposals="${x} ${y}", solution="g1:\n- a\n- b\ng2:\n- a")

    assert evaluate(challenge_, "x: a\ny: b").result is OK


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("- a\n- b", "doit associer"),
        ("{", "YAML illisible"),
        ("nom: [a, b]", "doit être un texte"),
        ("nom: {x: 1}", "doit être un texte"),
        ("autre: x", "champ inconnu : « autre »"),
        ("x" * 10_001, "trop longue"),
    ],
)
def test_unusable_qrocm_answers_are_ko_with_a_reason(value: str, reason: str) -> None:
    evaluation = evaluate(make(**QROCM_IND), value)

    assert evaluation.result is KO
    assert evaluation.reason is not None and reason in evaluation.reason


def test_yaml_bomb_is_refused_quickly() -> None:
    bomb = "\n".join(
        ["a: &a [x, x, x, x, x, x, x, x, x]"]
        + [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}] " * 1 for i in range(20)]
    )
    started = time.perf_counter()

    evaluation = evaluate(make(**QROCM_IND), bomb)

    assert evaluation.result is KO and evaluation.reason
    assert time.perf_counter() - started < 1


def test_right_answer_after_the_timer_is_timedout_but_a_wrong_one_stays_ko() -> None:
    qcu = make(type="QCU", solution="2", timer=30)

    assert evaluate(qcu, "2", timed_out=True).result is TIMEDOUT
    assert evaluate(qcu, "1", timed_out=True).result is KO
    assert evaluate(qcu, SKIP_VALUE, timed_out=True).result is ABAND
    assert evaluate(make(**QROCM_IND), "nom: Wiki\nannee: 2001", timed_out=True).result is TIMEDOUT


def test_a_value_that_is_not_text_is_ko() -> None:
    evaluation = evaluate(make(), None)  # type: ignore[arg-type]

    assert evaluation.result is KO and evaluation.reason


def test_results_are_strings_for_storage() -> None:
    assert [r.value for r in AnswerResult] == ["ok", "ko", "aband", "timedout"]
    assert AnswerResult.OK == "ok"


# --- properties ----------------------------------------------------------------------------

ALL_TYPES = [
    make(type="QCU", solution="2"),
    make(type="QCM", solution="1,3"),
    qroc("Wikipédia", "t1", "t2", "t3"),
    qroc("3,5", format="nombre"),
    make(**QROCM_IND),
    make(**QROCM_DEP),
]

yaml_like = st.recursive(
    st.text(max_size=20),
    lambda children: st.one_of(
        st.lists(children, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.dictionaries(st.text(max_size=8), children, max_size=4).map(
            lambda d: "\n".join(f"{k}: {v}" for k, v in d.items())
        ),
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(value=st.one_of(st.text(), yaml_like, st.text().map(lambda s: "{" + s)))
def test_evaluation_never_raises_on_arbitrary_text(value: str) -> None:
    for challenge_ in ALL_TYPES:
        evaluation = evaluate(challenge_, value)
        assert evaluation.result in (OK, KO, ABAND)


@settings(max_examples=25, deadline=None)
@given(size=st.integers(9_990, 30_000), tail=st.text(max_size=50))
def test_evaluation_never_raises_on_huge_text(size: int, tail: str) -> None:
    for challenge_ in ALL_TYPES:
        assert evaluate(challenge_, "a: [" * (size // 4) + tail).result in (OK, KO)


ACCENTS = {"a": "àâ", "e": "éèêë", "i": "îï", "o": "ô", "u": "ùû", "c": "ç"}
letters = st.sampled_from("abcdefghijklmnopqrstuvwxyzéèàçù0123456789 ")


def disguise(draw: st.DrawFn, text: str) -> str:
    """Change what T1 forgives: case, accents and spaces (anywhere)."""
    result = []
    for char in text:
        base = char
        if char in ACCENTS and draw(st.booleans()):
            base = draw(st.sampled_from(ACCENTS[char]))
        if draw(st.booleans()):
            base = base.upper()
        result.append(base + draw(st.sampled_from(["", "", " ", "  ", "\t"])))
    return draw(st.sampled_from(["", " "])) + "".join(result)


@st.composite
def answer_and_disguise(draw: st.DrawFn) -> tuple[str, str]:
    answer = draw(st.one_of(st.just("wikipedia"), st.text(letters, max_size=12)))
    return answer, disguise(draw, answer)


@settings(max_examples=300, deadline=None)
@given(pair=answer_and_disguise())
def test_t1_result_is_invariant_under_case_accents_and_spaces(pair: tuple[str, str]) -> None:
    answer, disguised = pair
    for tolerances in (("t1",), ("t1", "t3"), ("t1", "t2")):
        challenge_ = qroc("Wikipédia\nLe Monde", *tolerances)
        assert evaluate(challenge_, disguised).result is evaluate(challenge_, answer).result


@settings(max_examples=200, deadline=None)
@given(
    answer=st.text(letters, max_size=12),
    punctuation=st.lists(st.sampled_from(list(".,;:!?'-\"()")), max_size=4),
)
def test_t2_result_is_invariant_under_punctuation(answer: str, punctuation: list[str]) -> None:
    challenge_ = qroc("Wikipédia", "t1", "t2")
    noisy = answer + "".join(punctuation)
    assert evaluate(challenge_, noisy).result is evaluate(challenge_, answer).result
