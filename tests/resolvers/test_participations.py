"""The pupil's participation: the code, joining and resuming, results, sending them, « Mes
parcours »."""

from __future__ import annotations

import asyncio

import pytest
from campaign_world import (
    School,
    api_token_viewer,
    make_campaign,
    make_school,
    make_user,
    play,
    viewer_of,
)
from tortoise import connections

from engine.content import bundled_referential
from engine.knowledge import latest_per_skill
from models import (
    Assessment,
    AssessmentState,
    Campaign,
    KnowledgeElementSnapshot,
    Participation,
    ParticipationStatus,
    User,
)
from resolvers.campaigns import archive_campaign
from resolvers.context import Viewer
from resolvers.errors import DomainError, ErrorCode
from resolvers.knowledge import load_knowledge_elements
from resolvers.participations import (
    WRONG_CODE_MESSAGE,
    campaign_by_code,
    current_assessment,
    join_campaign,
    my_participations,
    overview,
    participation_results,
    share_results,
)

pytestmark = pytest.mark.usefixtures("db")


async def _join(school: School, campaign: Campaign, pupil: User, external_id: str | None = None):
    return await join_campaign(
        campaign.code, external_id=external_id, viewer=viewer_of(pupil), services=school.services
    )


# --- the code --------------------------------------------------------------------------------


async def test_the_landing_page_needs_no_login_and_the_code_is_normalized() -> None:
    school = await make_school()
    campaign = await make_campaign(
        school, title="Parcours Mener une recherche", landing_text="Bonne chance !",
        external_id_label="Numéro d'élève",
    )  # fmt: skip

    landing = await campaign_by_code(f"  {campaign.code.lower()} ")

    assert landing.id == campaign.id
    assert landing.title == "Parcours Mener une recherche"
    assert landing.landing_text == "Bonne chance !"
    assert landing.organization_name == "Collège Pix"
    assert landing.external_id_label == "Numéro d'élève"
    assert landing.is_archived is False


@pytest.mark.parametrize("code", ["", "ABC", "ABCDEF12!", "ZZZZZZ999", "ABCDEFGHIJ"])
async def test_a_wrong_or_unknown_code_is_not_found(code: str) -> None:
    school = await make_school()
    await make_campaign(school)

    with pytest.raises(DomainError) as raised:
        await campaign_by_code(code)

    assert raised.value.code == ErrorCode.CAMPAIGN_NOT_FOUND
    assert raised.value.message == WRONG_CODE_MESSAGE


# --- joining ---------------------------------------------------------------------------------


async def test_joining_starts_the_test_with_its_first_challenge() -> None:
    school = await make_school()
    campaign = await make_campaign(school)
    pupil = await make_user()

    joined = await _join(school, campaign, pupil)

    assert joined.created
    assert joined.participation.status == ParticipationStatus.STARTED
    assert joined.participation.sort_last_name == "sorolibaly"
    assessment = joined.assessment
    assert assessment.state == AssessmentState.STARTED
    assert assessment.last_question_date == school.clock()
    asked = bundled_referential().challenges[assessment.last_challenge_id]  # type: ignore[index]
    assert asked.skill_id in campaign.skill_ids


async def test_joining_again_resumes_without_a_duplicate() -> None:
    school = await make_school()
    campaign = await make_campaign(school)
    pupil = await make_user()
    first = await _join(school, campaign, pupil)
    await play(school, pupil, first.assessment.id, answers=2)

    again = await _join(school, campaign, pupil)

    assert not again.created
    assert again.participation.id == first.participation.id
    assert again.assessment.id == first.assessment.id
    assert again.assessment.answers_count == 2
    assert await Participation.all().count() == 1
    assert await Assessment.all().count() == 1


async def test_concurrent_joins_make_one_participation() -> None:
    school = await make_school()
    campaign = await make_campaign(school)
    pupil = await make_user()

    results = await asyncio.gather(*(_join(school, campaign, pupil) for _ in range(3)))

    assert len({r.participation.id for r in results}) == 1
    assert sum(r.created for r in results) == 1
    assert await Participation.all().count() == 1
    assert await Assessment.all().count() == 1


async def test_the_external_id_is_asked_when_the_campaign_has_a_label() -> None:
    school = await make_school()
    campaign = await make_campaign(school, external_id_label="Numéro d'élève")
    pupil = await make_user()

    for value, code in (
        (None, ErrorCode.EXTERNAL_ID_REQUIRED),
        ("   ", ErrorCode.EXTERNAL_ID_REQUIRED),
        ("x" * 256, ErrorCode.VALIDATION_FAILED),
    ):
        with pytest.raises(DomainError) as raised:
            await _join(school, campaign, pupil, value)
        assert raised.value.code == code
        assert raised.value.field == "externalId"
    assert await Participation.all().count() == 0

    joined = await _join(school, campaign, pupil, " 123456789AB ")
    assert joined.participation.external_id == "123456789AB"
    # Resuming does not ask again.
    assert (await _join(school, campaign, pupil)).participation.id == joined.participation.id


async def test_an_archived_campaign_refuses_pupils() -> None:
    school = await make_school()
    campaign = await make_campaign(school)
    await archive_campaign(campaign.id, viewer=viewer_of(school.admin), services=school.services)

    with pytest.raises(DomainError) as raised:
        await _join(school, campaign, await make_user())

    assert raised.value.code == ErrorCode.CAMPAIGN_ARCHIVED
    assert (await campaign_by_code(campaign.code)).is_archived
    assert await Participation.all().count() == 0


async def test_anonymous_visitors_and_api_tokens_cannot_join() -> None:
    school = await make_school()
    campaign = await make_campaign(school)

    for viewer in (Viewer(), api_token_viewer(school.organization)):
        with pytest.raises(DomainError) as raised:
            await join_campaign(campaign.code, viewer=viewer, services=school.services)
        assert raised.value.code == ErrorCode.UNAUTHENTICATED
    assert await Participation.all().count() == 0


async def test_skills_tested_in_an_earlier_campaign_are_not_asked_again() -> None:
    school = await make_school()
    first = await make_campaign(school, name="Gérer des données")
    pupil = await make_user()
    joined = await _join(school, first, pupil)
    await play(school, pupil, joined.assessment.id)

    tested = set(latest_per_skill(await load_knowledge_elements(pupil.id)))

    # The same skills again: only those the first test left untested can be asked.
    second = await make_campaign(school, name="Encore")
    again = await _join(school, second, pupil)

    assert again.participation.tested_skills_count == len(tested & set(second.skill_ids)) > 0
    if again.assessment.state == AssessmentState.STARTED:
        asked = bundled_referential().challenges[again.assessment.last_challenge_id]  # type: ignore[index]
        assert asked.skill_id not in tested
    else:
        assert again.participation.status == ParticipationStatus.TO_SHARE


# --- results and sending them ----------------------------------------------------------------


async def test_results_before_and_after_sharing() -> None:
    school = await make_school()
    campaign = await make_campaign(school)
    pupil = await make_user()
    joined = await _join(school, campaign, pupil)
    outcomes = await play(school, pupil, joined.assessment.id)
    assert outcomes[-1].finished

    before = await participation_results(
        joined.participation.id, viewer=viewer_of(pupil), services=school.services
    )
    assert not before.is_shared
    assert before.result.total == len(campaign.skill_ids)
    assert 0 < before.result.tested <= before.result.total
    assert 0 < before.result.validated < before.result.total
    assert [c.index for c in before.result.competences] == ["1.2"]

    school.clock.advance(60)
    shared = await share_results(
        joined.participation.id, viewer=viewer_of(pupil), services=school.services
    )

    assert shared.status == ParticipationStatus.SHARED
    assert shared.shared_at == school.clock()
    assert shared.validated_skills_count == before.result.validated
    assert shared.mastery_rate == pytest.approx(before.result.mastery_rate)
    assert shared.pix_score is not None and shared.pix_score > 0
    assert shared.competence_results == {"1.2": before.result.validated}
    snapshot = await KnowledgeElementSnapshot.get(participation_id=shared.id)
    latest = latest_per_skill(await load_knowledge_elements(pupil.id))
    assert snapshot.snapped_at == shared.shared_at
    assert {item["skill_id"] for item in snapshot.snapshot} == set(latest)
    after = await participation_results(
        joined.participation.id, viewer=viewer_of(pupil), services=school.services
    )
    assert after.is_shared
    assert after.result == before.result


async def test_results_cannot_be_sent_before_the_end_twice_or_once_archived() -> None:
    school = await make_school()
    campaign = await make_campaign(school)
    pupil = await make_user()
    joined = await _join(school, campaign, pupil)
    pid, viewer = joined.participation.id, viewer_of(pupil)

    with pytest.raises(DomainError) as early:
        await share_results(pid, viewer=viewer, services=school.services)
    assert early.value.code == ErrorCode.ASSESSMENT_NOT_COMPLETED

    await play(school, pupil, joined.assessment.id)
    await archive_campaign(campaign.id, viewer=viewer_of(school.admin), services=school.services)
    with pytest.raises(DomainError) as archived:
        await share_results(pid, viewer=viewer, services=school.services)
    assert archived.value.code == ErrorCode.CAMPAIGN_ARCHIVED
    assert (await Participation.get(id=pid)).status == ParticipationStatus.TO_SHARE
    assert await KnowledgeElementSnapshot.all().count() == 0


async def test_sending_twice_at_once_shares_once() -> None:
    school = await make_school()
    campaign = await make_campaign(school)
    pupil = await make_user()
    joined = await _join(school, campaign, pupil)
    await play(school, pupil, joined.assessment.id)

    results = await asyncio.gather(
        *(
            share_results(
                joined.participation.id, viewer=viewer_of(pupil), services=school.services
            )
            for _ in range(2)
        ),
        return_exceptions=True,
    )

    errors = [r for r in results if isinstance(r, DomainError)]
    assert len(errors) == 1 and errors[0].code == ErrorCode.ALREADY_SHARED
    assert await KnowledgeElementSnapshot.all().count() == 1
    with pytest.raises(DomainError) as again:
        await share_results(
            joined.participation.id, viewer=viewer_of(pupil), services=school.services
        )
    assert again.value.code == ErrorCode.ALREADY_SHARED


async def test_only_the_participant_reads_or_shares() -> None:
    school = await make_school()
    campaign = await make_campaign(school)
    pupil, other = await make_user(), await make_user("Camille", "Autre")
    joined = await _join(school, campaign, pupil)
    await play(school, pupil, joined.assessment.id)

    for attempt in (
        participation_results(
            joined.participation.id, viewer=viewer_of(other), services=school.services
        ),
        share_results(joined.participation.id, viewer=viewer_of(other), services=school.services),
        share_results(
            joined.participation.id, viewer=viewer_of(school.admin), services=school.services
        ),
    ):
        with pytest.raises(DomainError) as raised:
            await attempt
        assert raised.value.code == ErrorCode.PARTICIPATION_NOT_FOUND
    assert (await Participation.get(id=joined.participation.id)).status == "TO_SHARE"


# --- « Mes parcours » ------------------------------------------------------------------------


async def test_my_participations_newest_first_with_their_state() -> None:
    school = await make_school()
    pupil = await make_user()
    names = ["Premier", "Deuxième", "Troisième"]
    campaigns = []
    for name in names:
        campaigns.append(await make_campaign(school, name=name, target_profile_id="tp-4.1"))
        school.clock.advance(3600)
    first = await _join(school, campaigns[0], pupil)
    await play(school, pupil, first.assessment.id)
    await share_results(first.participation.id, viewer=viewer_of(pupil), services=school.services)
    await _join(school, campaigns[1], pupil)
    await _join(school, campaigns[2], pupil)
    await archive_campaign(
        campaigns[2].id, viewer=viewer_of(school.admin), services=school.services
    )
    await _join(school, await make_campaign(school, name="Pas moi"), await make_user())

    page = await my_participations(viewer=viewer_of(pupil), services=school.services, first=2)
    rest = await my_participations(
        viewer=viewer_of(pupil), services=school.services, first=2, after=page.keys[-1]
    )

    cards = [overview(p) for p in [*page.items, *rest.items]]
    assert [c.campaign.name for c in cards] == ["Troisième", "Deuxième", "Premier"]
    assert [c.participation.status for c in cards] == ["STARTED", "STARTED", "SHARED"]
    assert [c.is_disabled for c in cards] == [True, False, False]
    assert cards[2].participation.mastery_rate is not None
    assert cards[0].organization_name == "Collège Pix"
    assert await page.total_count() == 3


async def test_when_nothing_is_left_to_ask_the_test_is_over_at_once() -> None:
    school = await make_school()
    pupil = await make_user()
    first = await make_campaign(school, name="Premier", target_profile_id="tp-4.1")
    joined = await _join(school, first, pupil)
    await play(school, pupil, joined.assessment.id, right=lambda index: True)
    assert set(first.skill_ids) <= set(latest_per_skill(await load_knowledge_elements(pupil.id)))

    again = await _join(
        school, await make_campaign(school, name="Encore", target_profile_id="tp-4.1"), pupil
    )

    assert again.assessment.state == AssessmentState.COMPLETED
    assert again.assessment.last_challenge_id is None
    assert again.participation.status == ParticipationStatus.TO_SHARE
    assert again.participation.tested_skills_count == len(first.skill_ids)


async def test_my_participations_costs_the_same_queries_whatever_the_page_size() -> None:
    school = await make_school()
    pupil = await make_user()
    for index in range(3):
        campaign = await make_campaign(school, name=f"Campagne {index}")
        await _join(school, campaign, pupil)

    connection = connections.get("default")
    executed: list[str] = []
    original = connection.execute_query

    async def counting(query: str, values: object = None) -> object:
        executed.append(query)
        return await original(query, values)

    connection.execute_query = counting  # type: ignore[method-assign]
    try:
        page = await my_participations(viewer=viewer_of(pupil), services=school.services)
        assessments = [await current_assessment(p) for p in page.items]
    finally:
        connection.execute_query = original  # type: ignore[method-assign]

    assert len(assessments) == 3
    # The page (campaign and organization joined) and its prefetched assessments.
    assert len(executed) == 2, executed
