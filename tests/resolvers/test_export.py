"""The CSV format of the results export (pix-domain §11), as pure functions."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.content import bundled_referential
from resolvers.export import (
    BOM,
    AreaColumns,
    CompetenceColumns,
    ExportLayout,
    ExportRow,
    LineWriter,
    campaign_columns,
    content_disposition,
    file_name,
    format_cell,
    format_number,
    header_cells,
    header_line,
    row_line,
    row_values,
)

STARTED_AT = datetime(2019, 3, 13, 8, 5, tzinfo=UTC)
SHARED_AT = datetime(2019, 3, 29, 23, 30, tzinfo=UTC)

LAYOUT = ExportLayout(
    organization_name="Collège Pix",
    campaign_id="Q2FtcGFpZ246MQ==",
    campaign_code="RNBJDB351",
    campaign_name="Stéphane Libellot - Classe de 3°4",
    target_profile_name="1.1 Mener une recherche et une veille d'information",
    external_id_label=None,
    competences=(
        CompetenceColumns("1.1", "Mener une recherche et une veille d'information", 6),
        CompetenceColumns("1.2", "Gérer des données", 3),
    ),
    areas=(AreaColumns("1", "Information et données", ("1.1", "1.2"), 9),),
)


def shared_row(**changes: object) -> ExportRow:
    values: dict[str, object] = {
        "last_name": "Sorolibaly",
        "first_name": "Adelita",
        "external_id": None,
        "progress": 1.0,
        "started_at": STARTED_AT,
        "is_shared": True,
        "shared_at": SHARED_AT,
        "mastery_rate": 4 / 9,
        "competence_validated": {"1.1": 4, "1.2": 0},
        "competence_levels": {"1.1": 3},
    }
    values.update(changes)
    return ExportRow(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.67, "0,67"),
        (1.0, "1"),
        (0, "0"),
        (12, "12"),
        (0.333, "0,333"),
        (0.0001, "0,0001"),
        (1e-9, "0"),
    ],
)
def test_numbers_use_a_decimal_comma_and_no_exponent(value: float, expected: str) -> None:
    assert format_number(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Dupont", '"Dupont"'),
        ('Le "grand" Jean', '"Le ""grand"" Jean"'),
        ('=HYPERLINK("http://x")', '"\'=HYPERLINK(""http://x"")"'),
        ("+33 6", '"\'+33 6"'),
        ("-2+3", '"\'-2+3"'),
        ("-1-1", '"\'-1-1"'),
        ("@SUM(A1)", '"\'@SUM(A1)"'),
        ("\tcmd", '"\'\tcmd"'),
        ("\rcmd", '"\'\rcmd"'),
        ("a;b", '"a;b"'),
        ("ligne 1\nligne 2", '"ligne 1\nligne 2"'),
        ("2019-03-13", "2019-03-13"),
        ("123456", "123456"),
        ("", '""'),
        (None, ""),
        (True, '"Oui"'),
        (False, '"Non"'),
    ],
)
def test_cells_are_quoted_escaped_and_guarded_against_formulas(
    value: object, expected: str
) -> None:
    assert format_cell(value) == expected


def test_dates_are_written_in_paris_time() -> None:
    # 23:30 UTC on 29 March 2019 is 00:30 on the 30th in Paris (summer time from the 31st).
    assert format_cell(SHARED_AT) == '"30/03/2019 00:30"'
    assert format_cell(datetime(2019, 7, 1, 22, 0, tzinfo=UTC)) == '"02/07/2019 00:00"'


def test_naive_dates_and_unknown_types_are_refused() -> None:
    with pytest.raises(ValueError):
        format_cell(datetime(2019, 3, 13, 8, 5))
    with pytest.raises(TypeError):
        format_cell(object())


def test_header_has_the_texts_of_the_reference_in_order() -> None:
    assert header_cells(LAYOUT) == [
        "Nom de l'organisation",
        "ID Campagne",
        "Code",
        "Nom de la campagne",
        "Parcours",
        "Nom du Participant",
        "Prénom du Participant",
        "% de progression",
        "Date et heure de début (Europe/Paris)",
        "Partage (O/N)",
        "Date et heure du partage (Europe/Paris)",
        "% maitrise de l'ensemble des acquis du profil",
        "% de maitrise des acquis de la compétence Mener une recherche et une veille d'information",
        "Nombre d'acquis du profil cible dans la compétence Mener une recherche et une veille "
        "d'information",
        "Acquis maitrisés dans la compétence Mener une recherche et une veille d'information",
        "Niveau dans la compétence Mener une recherche et une veille d'information",
        "% de maitrise des acquis de la compétence Gérer des données",
        "Nombre d'acquis du profil cible dans la compétence Gérer des données",
        "Acquis maitrisés dans la compétence Gérer des données",
        "Niveau dans la compétence Gérer des données",
        "% de maitrise des acquis du domaine Information et données",
        "Nombre d'acquis du profil cible du domaine Information et données",
        "Acquis maitrisés du domaine Information et données",
    ]


def test_header_line_starts_with_the_bom_and_ends_with_a_newline() -> None:
    line = header_line(LAYOUT)
    assert line.startswith(BOM + '"Nom de l\'organisation";"ID Campagne";"Code";')
    assert line.endswith("\n")
    assert line.count(";") == len(header_cells(LAYOUT)) - 1


def test_external_id_label_adds_a_column_after_the_names() -> None:
    layout = ExportLayout(**{**LAYOUT.__dict__, "external_id_label": "Numéro élève"})
    cells = header_cells(layout)
    assert cells[7] == "Numéro élève"
    values = row_values(layout, shared_row(external_id="=1+1"))
    assert values[7] == "=1+1"
    assert row_line(layout, shared_row(external_id="=1+1")).split(";")[7] == '"\'=1+1"'


def test_a_shared_row_has_mastery_four_cells_per_competence_three_per_area() -> None:
    line = row_line(LAYOUT, shared_row())
    assert line == (
        '"Collège Pix";"Q2FtcGFpZ246MQ==";"RNBJDB351";"Stéphane Libellot - Classe de 3°4";'
        '"1.1 Mener une recherche et une veille d\'information";"Sorolibaly";"Adelita";'
        '1;"13/03/2019 09:05";"Oui";"30/03/2019 00:30";0,44;'
        "0,67;6;4;3;"
        '0;3;0;"NA";'
        "0,44;9;4\n"
    )


def test_before_sharing_every_result_is_na_but_progress_and_start_are_given() -> None:
    row = shared_row(
        is_shared=False,
        shared_at=None,
        progress=1 / 3,
        mastery_rate=None,
        competence_validated=None,
    )
    cells = row_line(LAYOUT, row).rstrip("\n").split(";")
    assert cells[7:11] == ["0,333", '"13/03/2019 09:05"', '"Non"', '"NA"']
    assert cells[11:] == ['"NA"'] * (1 + 4 * 2 + 3 * 1)
    assert len(cells) == len(header_cells(LAYOUT))


def test_file_name_is_sanitized_and_stamped_in_paris_time() -> None:
    now = datetime(2019, 3, 29, 23, 30, tzinfo=UTC)
    assert (
        file_name("Classe de 5°B / groupe: A?", "Q2Fz/+==", now)
        == "Resultats-Classe de 5°B _ groupe_ A_-Q2Fz_+==-2019-03-30-0030.csv"
    )
    assert file_name("  ", "id", now) == "Resultats-campagne-id-2019-03-30-0030.csv"


def test_content_disposition_gives_an_ascii_name_and_the_utf8_one() -> None:
    header = content_disposition("Resultats-Classe de 5°B-é.csv")
    ascii_part, utf8_part = header.split("; filename*=UTF-8''")
    assert ascii_part == 'attachment; filename="Resultats-Classe de 5_B-e.csv"'
    assert unquote(utf8_part) == "Resultats-Classe de 5°B-é.csv"
    assert header.isascii()
    assert content_disposition("Resultats-3A.csv") == 'attachment; filename="Resultats-3A.csv"'


def test_campaign_columns_follow_the_referential_order() -> None:
    referential = bundled_referential()
    competences = list(referential.competences.values())
    first, last = competences[0], competences[-1]
    first_skills = [
        s.id for s in referential.skills.values() if s.competence_id == first.id and s.is_active
    ][:3]
    last_skills = [
        s.id for s in referential.skills.values() if s.competence_id == last.id and s.is_active
    ][:2]
    # Given skills listed last competence first, plus one unknown (retired) skill,
    columns, areas = campaign_columns(referential, [*last_skills, "@retire9", *first_skills])
    # then competences and areas come in referential order with their targeted counts.
    assert [(c.competence_id, c.targeted_skills_count) for c in columns] == [
        (first.id, len(first_skills)),
        (last.id, len(last_skills)),
    ]
    assert [a.area_id for a in areas] == [first.area_id, last.area_id]
    assert areas[0].competence_ids == (first.id,)
    assert areas[0].targeted_skills_count == len(first_skills)


rows = st.builds(
    ExportRow,
    last_name=st.text(max_size=12),
    first_name=st.text(max_size=12),
    external_id=st.none() | st.text(max_size=8),
    progress=st.floats(min_value=0, max_value=1),
    started_at=st.datetimes(timezones=st.just(UTC)),
    is_shared=st.booleans(),
    shared_at=st.none() | st.datetimes(timezones=st.just(UTC)),
    mastery_rate=st.none() | st.floats(min_value=0, max_value=1),
    competence_validated=st.none()
    | st.fixed_dictionaries({}, optional={"1.1": st.integers(0, 6), "1.2": st.integers(0, 3)}),
    competence_levels=st.none()
    | st.fixed_dictionaries({}, optional={"1.1": st.integers(0, 6), "1.2": st.integers(0, 6)}),
)


@settings(max_examples=300, deadline=None)
@given(row=rows, with_label=st.booleans())
def test_the_fast_writer_writes_exactly_the_reference_lines(
    row: ExportRow, with_label: bool
) -> None:
    layout = ExportLayout(
        **{**LAYOUT.__dict__, "external_id_label": "Classe" if with_label else None}
    )
    writer = LineWriter(layout)
    assert writer.header() == header_line(layout)
    assert writer.row(row) == row_line(layout, row)
