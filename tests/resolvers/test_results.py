"""Teacher-side results on a real database: activity, participants, results, export."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from accounts_world import count_statements

from engine.content import bundled_referential
from engine.knowledge import KnowledgeElement, KnowledgeElementSource, KnowledgeElementStatus
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
from models import KnowledgeElement as StoredKnowledgeElement
from resolvers import export
from resolvers.context import Services, Viewer
from resolvers.errors import DomainError, ErrorCode
from resolvers.export import export_campaign
from resolvers.knowledge import element_to_json
from resolvers.results import (
    activity_of,
    campaign_activity,
    collective_results,
    list_participants,
    participant_results,
    participation_summary,
)

NOW = datetime(2019, 3, 13, 9, 0, tzinfo=UTC)
SERVICES = Services(clock=lambda: NOW)
REFERENTIAL = bundled_referential()
SKILLS_1_1 = [str(s) for s in REFERENTIAL.target_profile_skill_ids("tp-1.1")]
SKILLS_1_2 = [str(s) for s in REFERENTIAL.target_profile_skill_ids("tp-1.2")]


# --- helpers -----------------------------------------------------------------------------


async def make_user(first_name: str, last_name: str) -> User:
    return await User.create(
        email=f"{uuid.uuid4().hex[:12]}@example.org",
        password_hash="-",
        first_name=first_name,
        last_name=last_name,
        platform_terms_accepted_at=NOW,
    )


async def make_teacher(organization: Organization, *, terms: bool = True) -> Viewer:
    user = await make_user("Sophie", "Pix")
    await Membership.create(organization=organization, user=user, role="ADMIN")
    if terms:
        await TermsAcceptance.create(user=user, version=SERVICES.policy.terms_version)
    return Viewer(user_id=user.id)


async def make_campaign(
    organization: Organization, owner: Viewer, skill_ids: list[str] | None = None, **fields: object
) -> Campaign:
    values: dict[str, object] = {
        "organization": organization,
        "name": "Stéphane Libellot - Classe de 3°4",
        "code": uuid.uuid4().hex[:9].upper(),
        "title": "Parcours Mener une recherche",
        "target_profile_name": "1.1 Mener une recherche et une veille d'information",
        "builtin_target_profile_id": "tp-1.1",
        "skill_ids": skill_ids or SKILLS_1_1,
        "content_release": REFERENTIAL.release,
        "owner_id": owner.user_id,
        "creator_id": owner.user_id,
        **fields,
    }
    return await Campaign.create(**values)


def elements(validated: list[str], invalidated: list[str] = ()) -> list[KnowledgeElement]:  # type: ignore[assignment]
    made = []
    for skill_ids, status in (
        (validated, KnowledgeElementStatus.VALIDATED),
        (invalidated, KnowledgeElementStatus.INVALIDATED),
    ):
        for skill_id in skill_ids:
            skill = REFERENTIAL.skills[skill_id]  # type: ignore[index]
            made.append(
                KnowledgeElement(
                    skill_id=skill.id,
                    competence_id=skill.competence_id,
                    status=status,
                    source=KnowledgeElementSource.DIRECT,
                    earned_pix=skill.pix_value if status == "validated" else 0.0,
                    created_at=NOW,
                )
            )
    return made


async def add_participant(
    campaign: Campaign,
    first_name: str,
    last_name: str,
    status: ParticipationStatus = ParticipationStatus.STARTED,
    *,
    tested: int = 0,
    known: list[KnowledgeElement] | None = None,
    store_summary: bool = True,
    external_id: str | None = None,
) -> Participation:
    """A pupil's participation as the pupil flow leaves it (sharing stores the snapshot and
    the summary, like ``share_results``)."""
    user = await make_user(first_name, last_name)
    participation = await Participation.create(
        campaign=campaign,
        user=user,
        status=status,
        tested_skills_count=tested,
        external_id=external_id,
    )
    # ``created_at`` is set by the database on insert: pin it to the scenario's clock.
    await Participation.filter(id=participation.id).update(created_at=NOW)
    participation.created_at = NOW
    if status == ParticipationStatus.SHARED:
        known = known or []
        summary = participation_summary(campaign.skill_ids, known, REFERENTIAL)
        await KnowledgeElementSnapshot.create(
            participation=participation,
            user=user,
            snapped_at=NOW,
            snapshot=[element_to_json(e) for e in known],
        )
        participation.shared_at = NOW + timedelta(days=16)
        participation.validated_skills_count = summary.validated_skills_count
        participation.mastery_rate = summary.mastery_rate
        participation.competence_results = summary.competence_results if store_summary else None
        await participation.save()
    return participation


@pytest.fixture
async def school(db: None) -> tuple[Organization, Viewer]:
    organization = await Organization.create(name="Collège Pix", type="SCO")
    return organization, await make_teacher(organization)


# --- activity ----------------------------------------------------------------------------


async def test_activity_counts_each_status_in_one_grouped_query(school) -> None:
    organization, teacher = school
    campaign = await make_campaign(organization, teacher)
    for index, status in enumerate("SSSTTH"):
        await add_participant(
            campaign,
            f"Élève{index}",
            "Dupont",
            {
                "S": ParticipationStatus.STARTED,
                "T": ParticipationStatus.TO_SHARE,
                "H": ParticipationStatus.SHARED,
            }[status],
        )
    # A deleted participation is not counted anywhere.
    gone = await add_participant(campaign, "Parti", "Ailleurs")
    await Participation.filter(id=gone.id).update(deleted_at=NOW)

    with count_statements() as statements:
        activity = await activity_of(campaign.id)
    assert len(statements) == 1
    assert (activity.participants_count, activity.started_count) == (6, 3)
    assert (activity.to_share_count, activity.shared_count) == (2, 1)
    assert await campaign_activity(campaign.id, viewer=teacher, services=SERVICES) == activity


# --- participants ------------------------------------------------------------------------


async def test_participants_are_sorted_by_names_ignoring_case_and_accents(school) -> None:
    organization, teacher = school
    campaign = await make_campaign(organization, teacher)
    for first, last in [
        ("Zoé", "Zola"),
        ("émile", "Dupont"),
        ("Adèle", "dupont"),
        ("Élodie", "Étienne"),
        ("Bruno", "Eva"),
        ("Anne", "DUPONT-MARTIN"),
    ]:
        await add_participant(campaign, first, last)

    page = await list_participants(campaign.id, viewer=teacher, services=SERVICES, first=10)

    assert [(p.last_name, p.first_name) for p in page.items] == [
        ("dupont", "Adèle"),
        ("Dupont", "émile"),
        ("DUPONT-MARTIN", "Anne"),
        ("Étienne", "Élodie"),
        ("Eva", "Bruno"),
        ("Zola", "Zoé"),
    ]
    assert await page.total_count() == 6
    assert not page.has_next_page and not page.has_previous_page


async def test_pages_follow_each_other_without_gap_or_repeat(school) -> None:
    organization, teacher = school
    campaign = await make_campaign(organization, teacher)
    # Many homonyms: the cursor must break ties on first name, then on the id.
    for index in range(60):
        await add_participant(campaign, f"Prénom{index % 7}", f"Nom{index % 4}")

    seen: list[uuid.UUID] = []
    after, sizes = None, []
    while True:
        page = await list_participants(
            campaign.id, viewer=teacher, services=SERVICES, first=25, after=after
        )
        sizes.append(len(page.items))
        seen += [p.id for p in page.items]
        assert await page.total_count() == 60
        assert page.has_previous_page == (after is not None)
        if not page.has_next_page:
            break
        after = page.keys[-1]

    assert sizes == [25, 25, 10]
    assert len(set(seen)) == 60
    ordered = (
        await Participation.filter(campaign_id=campaign.id)
        .order_by("sort_last_name", "sort_first_name", "id")
        .values_list("id", flat=True)
    )
    assert seen == list(ordered)


async def test_a_page_costs_the_same_few_statements_whatever_its_size(school) -> None:
    organization, teacher = school
    campaign = await make_campaign(organization, teacher)
    for index in range(55):
        await add_participant(campaign, "Léa", f"Nom{index:02}", tested=index % 22)
    first_page = await list_participants(campaign.id, viewer=teacher, services=SERVICES, first=10)

    counts = []
    for size, after in ((10, None), (50, None), (10, first_page.keys[-1])):
        with count_statements() as statements:
            page = await list_participants(
                campaign.id, viewer=teacher, services=SERVICES, first=size, after=after
            )
            await page.total_count()
        counts.append(len(statements))
    # Campaign, access guard, the page (participations joined to users), the grouped counts.
    assert counts == [4, 4, 4]


async def test_status_filter_and_its_total(school) -> None:
    organization, teacher = school
    campaign = await make_campaign(organization, teacher)
    await add_participant(campaign, "A", "Alpha", ParticipationStatus.STARTED)
    await add_participant(campaign, "B", "Bravo", ParticipationStatus.TO_SHARE)
    await add_participant(campaign, "C", "Charlie", ParticipationStatus.TO_SHARE)
    await add_participant(campaign, "D", "Delta", ParticipationStatus.SHARED)

    page = await list_participants(
        campaign.id,
        viewer=teacher,
        services=SERVICES,
        first=10,
        status=ParticipationStatus.TO_SHARE,
    )
    assert [p.last_name for p in page.items] == ["Bravo", "Charlie"]
    assert await page.total_count() == 2


async def test_progress_shared_date_and_external_id_of_each_row(school) -> None:
    organization, teacher = school
    campaign = await make_campaign(organization, teacher, external_id_label="Numéro élève")
    total = len(SKILLS_1_1)
    await add_participant(campaign, "A", "Alpha", tested=total // 2, external_id="E-1")
    await add_participant(campaign, "B", "Bravo", tested=total)
    await add_participant(campaign, "C", "Charlie", ParticipationStatus.TO_SHARE, tested=3)
    await add_participant(campaign, "D", "Delta", ParticipationStatus.SHARED, tested=5)

    rows = (await list_participants(campaign.id, viewer=teacher, services=SERVICES, first=10)).items

    assert [r.progress for r in rows] == [50, 99, 100, 100]
    assert rows[0].external_id == "E-1"
    assert [r.shared_at is not None for r in rows] == [False, False, False, True]
    assert all(r.started_at is not None for r in rows)


@pytest.mark.parametrize("first", [0, 5, 20, 100, -1])
async def test_only_pages_of_10_25_or_50(school, first: int) -> None:
    organization, teacher = school
    campaign = await make_campaign(organization, teacher)
    with pytest.raises(DomainError) as error:
        await list_participants(campaign.id, viewer=teacher, services=SERVICES, first=first)
    assert (error.value.code, error.value.field) == (ErrorCode.VALIDATION_FAILED, "first")


@pytest.mark.parametrize(
    "cursor", [["a"], ["a", "b", "pas-un-uuid"], [1, "b", str(uuid.uuid4())], "abc", {}]
)
async def test_a_malformed_cursor_is_a_validation_error(school, cursor: object) -> None:
    organization, teacher = school
    campaign = await make_campaign(organization, teacher)
    with pytest.raises(DomainError) as error:
        await list_participants(
            campaign.id,
            viewer=teacher,
            services=SERVICES,
            after=cursor,  # type: ignore[arg-type]
        )
    assert (error.value.code, error.value.field) == (ErrorCode.VALIDATION_FAILED, "after")


# --- access ------------------------------------------------------------------------------


async def test_another_organization_sees_no_such_campaign(school) -> None:
    organization, teacher = school
    campaign = await make_campaign(organization, teacher)
    participation = await add_participant(campaign, "A", "Alpha")
    other = await Organization.create(name="Lycée Ailleurs", type="SCO")
    stranger = await make_teacher(other)
    foreign_token = Viewer(api_token_id=uuid.uuid4(), api_token_organization_id=other.id)

    for viewer in (stranger, foreign_token):
        for call in (
            lambda v: list_participants(campaign.id, viewer=v, services=SERVICES),
            lambda v: campaign_activity(campaign.id, viewer=v, services=SERVICES),
            lambda v: collective_results(campaign.id, viewer=v, services=SERVICES),
            lambda v: export_campaign(campaign.id, viewer=v, services=SERVICES, public_id="x"),
        ):
            with pytest.raises(DomainError) as error:
                await call(viewer)
            assert error.value.code == ErrorCode.CAMPAIGN_NOT_FOUND
        with pytest.raises(DomainError) as error:
            await participant_results(participation.id, viewer=viewer, services=SERVICES)
        assert error.value.code == ErrorCode.PARTICIPATION_NOT_FOUND


async def test_unknown_or_malformed_ids_are_not_found(school) -> None:
    _, teacher = school
    for campaign_id in (uuid.uuid4(), "pas-un-uuid", ""):
        with pytest.raises(DomainError) as error:
            await list_participants(campaign_id, viewer=teacher, services=SERVICES)
        assert error.value.code == ErrorCode.CAMPAIGN_NOT_FOUND
    for participation_id in (uuid.uuid4(), "pas-un-uuid"):
        with pytest.raises(DomainError) as error:
            await participant_results(participation_id, viewer=teacher, services=SERVICES)
        assert error.value.code == ErrorCode.PARTICIPATION_NOT_FOUND


async def test_members_without_terms_anonymous_and_removed_members_are_refused(school) -> None:
    organization, teacher = school
    campaign = await make_campaign(organization, teacher)
    newcomer = await make_teacher(organization, terms=False)
    removed = await make_teacher(organization)
    await Membership.filter(user_id=removed.user_id).update(disabled_at=NOW)

    expected = [
        (newcomer, ErrorCode.TERMS_NOT_ACCEPTED),
        (Viewer(), ErrorCode.UNAUTHENTICATED),
        (removed, ErrorCode.CAMPAIGN_NOT_FOUND),
    ]
    for viewer, code in expected:
        with pytest.raises(DomainError) as error:
            await list_participants(campaign.id, viewer=viewer, services=SERVICES)
        assert error.value.code == code


async def test_an_api_token_of_the_organization_reads_results(school) -> None:
    organization, teacher = school
    campaign = await make_campaign(organization, teacher)
    await add_participant(campaign, "A", "Alpha")
    token = Viewer(api_token_id=uuid.uuid4(), api_token_organization_id=organization.id)
    page = await list_participants(campaign.id, viewer=token, services=SERVICES)
    assert await page.total_count() == 1
    assert (await collective_results(campaign.id, viewer=token, services=SERVICES)) is not None


# --- a participant's results -------------------------------------------------------------


async def test_results_are_hidden_until_shared(school) -> None:
    organization, teacher = school
    campaign = await make_campaign(organization, teacher)
    started = await add_participant(campaign, "A", "Alpha", tested=4)
    to_share = await add_participant(campaign, "B", "Bravo", ParticipationStatus.TO_SHARE)

    for participation, progress in ((started, round(4 * 100 / len(SKILLS_1_1))), (to_share, 100)):
        row, found = await participant_results(participation.id, viewer=teacher, services=SERVICES)
        assert found is None
        assert row.progress == progress
        assert row.shared_at is None


async def test_shared_results_come_from_the_frozen_snapshot(school) -> None:
    organization, teacher = school
    campaign = await make_campaign(organization, teacher)
    known = elements(validated=SKILLS_1_1[:5], invalidated=SKILLS_1_1[5:8])
    shared = await add_participant(
        campaign, "Adelita", "Sorolibaly", ParticipationStatus.SHARED, known=known
    )
    # Later activity of the pupil (another campaign) must not change what was sent.
    user_id = shared.user_id  # type: ignore[attr-defined]
    for skill_id in SKILLS_1_1[8:12]:
        skill = REFERENTIAL.skills[skill_id]  # type: ignore[index]
        await StoredKnowledgeElement.create(
            user_id=user_id,
            skill_id=skill_id,
            competence_id=skill.competence_id,
            status="validated",
            source="direct",
            earned_pix=skill.pix_value,
        )

    row, found = await participant_results(shared.id, viewer=teacher, services=SERVICES)

    assert row.shared_at == NOW + timedelta(days=16)
    assert found is not None
    assert (found.targeted_skills_count, found.tested_skills_count) == (len(SKILLS_1_1), 8)
    assert found.validated_skills_count == 5
    assert found.mastery_rate == pytest.approx(5 / len(SKILLS_1_1))
    assert [
        (c.index, c.validated_skills_count, c.tested_skills_count) for c in found.competences
    ] == [("1.1", 5, 8)]
    assert found.competences[0].mastery_percentage == round(5 * 100 / len(SKILLS_1_1))


async def test_a_missing_snapshot_falls_back_on_elements_older_than_the_share(school) -> None:
    organization, teacher = school
    campaign = await make_campaign(organization, teacher)
    shared = await add_participant(campaign, "A", "Alpha", ParticipationStatus.SHARED)
    await KnowledgeElementSnapshot.filter(participation_id=shared.id).delete()
    user_id = shared.user_id  # type: ignore[attr-defined]
    for skill_id, moment in ((SKILLS_1_1[0], NOW), (SKILLS_1_1[1], NOW + timedelta(days=30))):
        skill = REFERENTIAL.skills[skill_id]  # type: ignore[index]
        element = await StoredKnowledgeElement.create(
            user_id=user_id,
            skill_id=skill_id,
            competence_id=skill.competence_id,
            status="validated",
            source="direct",
            earned_pix=skill.pix_value,
        )
        await StoredKnowledgeElement.filter(id=element.id).update(created_at=moment)

    _, found = await participant_results(shared.id, viewer=teacher, services=SERVICES)
    assert found is not None and found.validated_skills_count == 1


# --- collective results ------------------------------------------------------------------


async def test_collective_results_average_shared_participations_only(school) -> None:
    organization, teacher = school
    skills = SKILLS_1_1 + SKILLS_1_2
    campaign = await make_campaign(organization, teacher, skill_ids=skills)
    await add_participant(
        campaign,
        "A",
        "Alpha",
        ParticipationStatus.SHARED,
        known=elements(validated=SKILLS_1_1[:4] + SKILLS_1_2[:2], invalidated=SKILLS_1_1[4:6]),
    )
    await add_participant(
        campaign,
        "B",
        "Bravo",
        ParticipationStatus.SHARED,
        known=elements(validated=SKILLS_1_1[:2]),
    )
    # Shared before the counts were stored: computed from its snapshot, same numbers.
    await add_participant(
        campaign,
        "C",
        "Charlie",
        ParticipationStatus.SHARED,
        known=elements(validated=SKILLS_1_1[:6] + SKILLS_1_2[:1]),
        store_summary=False,
    )
    await add_participant(campaign, "D", "Delta", ParticipationStatus.TO_SHARE)
    await add_participant(campaign, "E", "Echo", ParticipationStatus.STARTED, tested=6)

    with count_statements() as statements:
        collective = await collective_results(campaign.id, viewer=teacher, services=SERVICES)

    assert collective.shared_participations_count == 3
    first, second = collective.competences
    assert (first.index, first.targeted_skills_count) == ("1.1", len(SKILLS_1_1))
    assert (second.index, second.targeted_skills_count) == ("1.2", len(SKILLS_1_2))
    assert first.average_validated_skills == pytest.approx((4 + 2 + 6) / 3)
    assert second.average_validated_skills == pytest.approx((2 + 0 + 1) / 3)
    assert first.average_mastery_rate == pytest.approx(4 / len(SKILLS_1_1))
    assert (first.area_code, first.area_color) == ("1", "jaffa")
    assert collective.average_mastery_rate == pytest.approx(
        (6 / len(skills) + 2 / len(skills) + 7 / len(skills)) / 3
    )
    # Campaign, guard, count + mastery sum, sums per competence, then one batch of snapshots
    # for the participation shared without stored counts (and the empty next batch).
    assert len(statements) <= 7


async def test_collective_results_of_a_campaign_nobody_shared_yet(school) -> None:
    organization, teacher = school
    campaign = await make_campaign(organization, teacher)
    await add_participant(campaign, "A", "Alpha")
    collective = await collective_results(campaign.id, viewer=teacher, services=SERVICES)
    assert collective.shared_participations_count == 0
    assert collective.average_mastery_rate is None
    assert [c.average_validated_skills for c in collective.competences] == [None]


# --- export ------------------------------------------------------------------------------


async def read_export(campaign: Campaign, viewer: Viewer) -> tuple[str, list[str]]:
    export = await export_campaign(
        campaign.id, viewer=viewer, services=SERVICES, public_id="Q2FtcGFpZ24="
    )
    text = "".join([chunk async for chunk in export.lines])
    return export.file_name, text.split("\n")


async def test_export_streams_every_participation_in_list_order(school, monkeypatch) -> None:
    organization, teacher = school
    campaign = await make_campaign(organization, teacher, external_id_label="Numéro élève")
    monkeypatch.setattr(export, "EXPORT_BATCH_SIZE", 2)  # several batches and cursors
    await add_participant(campaign, "Zoé", "Zola", tested=11, external_id="=1+1")
    await add_participant(
        campaign,
        "Adelita",
        "Sorolibaly",
        ParticipationStatus.SHARED,
        known=elements(validated=SKILLS_1_1[:11]),
    )
    await add_participant(campaign, "Léo", "Dupont", ParticipationStatus.TO_SHARE)
    await add_participant(
        campaign,
        "Ana",
        "Bravo",
        ParticipationStatus.SHARED,
        known=elements(validated=SKILLS_1_1[:3]),
        store_summary=False,
    )
    await add_participant(campaign, "Eve", "Echo", tested=0)

    name, lines = await read_export(campaign, teacher)

    assert name == "Resultats-Stéphane Libellot - Classe de 3°4-Q2FtcGFpZ24=-2019-03-13-1000.csv"
    assert lines[0].startswith('\ufeff"Nom de l\'organisation";"ID Campagne";"Code";')
    assert '"Numéro élève";"% de progression"' in lines[0]
    assert lines[-1] == ""  # every line ends with a newline
    rows = [line.split(";") for line in lines[1:-1]]
    assert [row[5] for row in rows] == ['"Bravo"', '"Dupont"', '"Echo"', '"Sorolibaly"', '"Zola"']
    bravo, dupont, echo, sorolibaly, zola = rows
    total = len(SKILLS_1_1)
    assert sorolibaly[7:] == [
        '""',
        "1",
        '"13/03/2019 10:00"',
        '"Oui"',
        '"29/03/2019 10:00"',
        "0,5",
        "0,5",
        str(total),
        "11",
        '"NA"',  # level: none stored (sent before levels were kept), as the participant page
        "0,5",
        str(total),
        "11",
    ]
    # Shared without stored counts: the same columns, computed from its snapshot.
    assert bravo[12:] == ["0,14", "0,14", str(total), "3", '"NA"', "0,14", str(total), "3"]
    assert dupont[8:12] == ["1", '"13/03/2019 10:00"', '"Non"', '"NA"']
    assert dupont[12:] == ['"NA"'] * 8
    assert zola[7:9] == ['"\'=1+1"', "0,5"]
    assert echo[8] == "0"
    assert all(len(row) == len(lines[0].split(";")) for row in rows)
