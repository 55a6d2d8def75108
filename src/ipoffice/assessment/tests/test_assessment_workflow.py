"""An office's assessment from self-assessment to publication: who may do what, manual
items with evidence, the reviewer's awards with reasons, the frozen published result,
scheme versions and the what-if; scoping of drafts and published results."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.http import Http404

from ipoffice.assessment.enums import AssessmentStatus, SchemeStatus, ValueSource
from ipoffice.assessment.models import Assessment, Result, Round, Scheme
from ipoffice.assessment.selectors import assessment_get, ranking, result_for, what_if
from ipoffice.assessment.services import (
    assessment_transition,
    evidence_attach,
    indicator_change,
    manual_award,
    manual_claim,
    round_open,
    round_publish,
    scheme_adopt,
    scheme_copy,
)
from ipoffice.assessment.tests.conftest import confirm_all, evidence, manual, mine, per, submitted
from ipoffice.common.errors import ApplicationError, InvalidInput, PermissionDeniedError
from ipoffice.offices.models import Office

pytestmark = pytest.mark.django_db


@pytest.fixture
def city_round(people, adopted, add_cases):
    scheme = adopted(per("passing_off", "passing_off_accepted", 1, cap=15), manual("media"),
                     value_source=ValueSource.RECORDS)  # fmt: skip
    add_cases("320100", 4, accepted_on=date(2013, 3, 1))
    add_cases("320500", 6, accepted_on=date(2013, 3, 1))
    return round_open(actor=people["cn"], year=2013, level=scheme.level)


def test_the_self_assessment_needs_every_manual_item_and_its_evidence(people, city_round):
    nanjing = mine(city_round, "320100")
    with pytest.raises(InvalidInput) as missing:
        assessment_transition(actor=people["nj"], assessment=nanjing, name="submit")
    assert "media" in missing.value.errors
    manual_claim(actor=people["nj"], assessment=nanjing, indicator="media", points=4,
                 note="三篇报道")  # fmt: skip
    with pytest.raises(InvalidInput) as no_file:
        assessment_transition(actor=people["nj"], assessment=nanjing, name="submit")
    assert "evidence" in str(no_file.value.errors["media"][0])
    evidence_attach(actor=people["nj"], assessment=nanjing, indicator="media", upload=evidence())
    done = assessment_transition(actor=people["nj"], assessment=nanjing, name="submit")
    assert done.status == AssessmentStatus.SUBMITTED and done.submitted_on
    with pytest.raises(ApplicationError):  # no more claims once submitted
        manual_claim(actor=people["nj"], assessment=nanjing, indicator="media", points=5)


def test_a_claim_over_the_most_points_or_on_another_office_is_refused(people, city_round):
    nanjing = mine(city_round, "320100")
    with pytest.raises(InvalidInput) as too_many:
        manual_claim(actor=people["nj"], assessment=nanjing, indicator="media", points=6)
    assert too_many.value.errors == {"points": ["At most 5 points."]}
    with pytest.raises(PermissionDeniedError):
        manual_claim(actor=people["sz"], assessment=nanjing, indicator="media", points=1)
    with pytest.raises(InvalidInput):
        manual_claim(actor=people["nj"], assessment=nanjing, indicator="passing_off", points=1)


def test_the_province_reviews_its_cities_and_changes_need_a_reason(people, city_round):
    nanjing = submitted(people, city_round, "320100", people["nj"])
    with pytest.raises(PermissionDeniedError):  # another province
        manual_award(actor=people["gd"], assessment=nanjing, indicator="media", points=4)
    with pytest.raises(PermissionDeniedError):  # the national office confirms, not reviews
        assessment_transition(actor=people["cn"], assessment=nanjing, name="review")
    with pytest.raises(InvalidInput) as unexplained:
        manual_award(actor=people["js"], assessment=nanjing, indicator="media", points=2)
    assert "reason" in unexplained.value.errors
    with pytest.raises(InvalidInput):  # every manual item awarded first
        assessment_transition(actor=people["js"], assessment=nanjing, name="review")
    manual_award(actor=people["js"], assessment=nanjing, indicator="media", points=2,
                 reason="两篇为转载")  # fmt: skip
    reviewed = assessment_transition(actor=people["js"], assessment=nanjing, name="review")
    assert reviewed.status == AssessmentStatus.REVIEWED
    line = {
        line.indicator.code: line.result for line in result_for(people["nj"], reviewed).score.lines
    }
    assert line["media"].points == 2 and not line["media"].pending
    award = reviewed.events.filter(action="award").get()
    assert award.reason == "两篇为转载" and award.actor == people["js"]


def test_a_return_needs_a_reason_and_goes_back_to_the_office(people, city_round):
    nanjing = submitted(people, city_round, "320100", people["nj"])
    with pytest.raises(ApplicationError) as no_reason:
        assessment_transition(actor=people["js"], assessment=nanjing, name="return")
    assert no_reason.value.field == "reason"
    back = assessment_transition(actor=people["js"], assessment=nanjing, name="return",
                                 reason="证明材料不清晰")  # fmt: skip
    assert back.status == AssessmentStatus.RETURNED
    manual_claim(actor=people["nj"], assessment=back, indicator="media", points=3)
    assert assessment_transition(actor=people["nj"], assessment=back, name="submit").status == (
        AssessmentStatus.SUBMITTED
    )


def test_drafts_are_seen_by_the_office_and_its_reviewers_only(people, two_cities):
    assert [r.office.code for r in ranking(people["nj"], two_cities)] == ["320100"]
    assert [r.office.code for r in ranking(people["js"], two_cities)] == ["320500", "320100"]
    assert ranking(people["gd"], two_cities) == []
    with pytest.raises(Http404):
        assessment_get(people["sz"], two_cities, "320100")
    assert assessment_get(people["cn"], two_cities, "320100").office.code == "320100"


def test_publication_needs_every_assessment_confirmed_then_shows_all(people, two_cities):
    submitted(people, two_cities, "320100", people["nj"], points=4)
    manual_award(actor=people["js"], assessment=mine(two_cities, "320100"), indicator="media",
                 points=3, reason="一篇无关")  # fmt: skip
    with pytest.raises(ApplicationError) as waiting:
        round_publish(actor=people["cn"], round_=two_cities)
    assert "320100" not in str(waiting.value) and "Nanjing" in str(waiting.value)
    confirm_all(people, two_cities)
    with pytest.raises(PermissionDeniedError):
        round_publish(actor=people["js"], round_=two_cities)
    published = round_publish(actor=people["cn"], round_=two_cities)
    assert published.published_on
    assert set(Assessment.objects.filter(round=published).values_list("status", flat=True)) == {
        AssessmentStatus.PUBLISHED
    }
    # Published: every office sees the whole ranking, frozen.
    rows = ranking(people["gd"], published)
    # Nanjing: 4 cases + 3 points awarded; Suzhou: 6 cases, no media item claimed.
    assert [(r.office.code, r.rank, r.total) for r in rows] == [
        ("320100", 1, D(7)),
        ("320500", 2, D(6)),
    ]
    assert assessment_get(people["gd"], published, "320500").office.code == "320500"
    result = Result.objects.get(round=published, office__code="320100")
    assert result.scheme == published.scheme and result.rank == 1


def test_a_published_ranking_does_not_move_with_later_records(people, two_cities, add_cases):
    confirm_all(people, two_cities)
    published = round_publish(actor=people["cn"], round_=two_cities)
    add_cases("320500", 5, accepted_on=date(2013, 12, 1))
    totals = {r.office.code: r.total for r in ranking(people["cn"], published)}
    assert totals == {"320100": D(4), "320500": D(6)}
    with pytest.raises(ApplicationError):  # nothing changes once published
        assessment_transition(actor=people["cn"], assessment=mine(published, "320100"),
                              name="reopen", reason="复核")  # fmt: skip


def test_only_the_national_office_reopens_a_confirmed_assessment(people, two_cities):
    confirm_all(people, two_cities)
    with pytest.raises(PermissionDeniedError):
        assessment_transition(actor=people["js"], assessment=mine(two_cities, "320100"),
                              name="reopen", reason="x")  # fmt: skip
    back = assessment_transition(actor=people["cn"], assessment=mine(two_cities, "320100"),
                                 name="reopen", reason="数据有误")  # fmt: skip
    assert back.status == AssessmentStatus.RETURNED


def test_a_new_version_supersedes_and_adopted_schemes_do_not_change(people, adopted):
    first = adopted(per("passing_off", "passing_off_accepted", 1))
    with pytest.raises(ApplicationError):
        indicator_change(actor=people["cn"], indicator=first.indicators.get(), weight=2)
    second = scheme_copy(actor=people["cn"], scheme=first,
                         changes={"passing_off": {"weight": 2}})  # fmt: skip
    assert (second.version, second.status, second.based_on) == (2, SchemeStatus.DRAFT, first)
    assert second.indicators.get().weight == 2
    with pytest.raises(PermissionDeniedError):
        scheme_adopt(actor=people["js"], scheme=second)
    scheme_adopt(actor=people["cn"], scheme=second)
    first.refresh_from_db()
    assert first.status == SchemeStatus.SUPERSEDED
    assert Scheme.objects.get(pk=second.pk).status == SchemeStatus.ADOPTED
    # Drafts are for those who manage schemes.
    draft = scheme_copy(actor=people["cn"], scheme=second)
    assert not Scheme.objects.visible_to(people["nj"]).filter(pk=draft.pk).exists()
    assert Scheme.objects.visible_to(people["nj"]).filter(pk=second.pk).exists()


def test_the_what_if_compares_rankings_and_writes_nothing(people, adopted, add_cases):
    Office.objects.filter(level="municipal").exclude(code__in=["320100", "320500"]).update(
        is_active=False
    )
    scheme = adopted(
        per("passing_off", "passing_off_accepted", 1),
        per("disputes", "disputes_accepted", 1),
        value_source=ValueSource.RECORDS,
    )
    add_cases("320100", 5, accepted_on=date(2013, 3, 1))  # passing off
    add_cases("320500", 3, accepted_on=date(2013, 3, 1), case_type="infringement_dispute")
    draft = scheme_copy(actor=people["cn"], scheme=scheme, changes={"disputes": {"weight": 3}})
    counts = (Scheme.objects.count(), Round.objects.count(), Result.objects.count())
    compared = {c.office.code: c for c in what_if(people["cn"], draft=draft, year=2013)}
    assert (compared["320100"].adopted_rank, compared["320100"].draft_rank) == (1, 2)
    assert (compared["320500"].adopted_total, compared["320500"].draft_total) == (D(3), D(9))
    assert compared["320500"].moved == 1
    assert (Scheme.objects.count(), Round.objects.count(), Result.objects.count()) == counts
    with pytest.raises(Http404):
        what_if(people["js"], draft=draft, year=2013)


def test_a_weight_the_column_cannot_hold_is_refused_by_field(people, adopted):
    scheme = scheme_copy(actor=people["cn"], scheme=adopted(per("p", "passing_off_accepted", 1)))
    with pytest.raises(InvalidInput) as too_big:
        indicator_change(actor=people["cn"], indicator=scheme.indicators.get(), weight=10000)
    assert too_big.value.errors == {"weight": ["Enter a number below 10,000."]}
    changed = indicator_change(actor=people["cn"], indicator=scheme.indicators.get(), weight="2.5")
    assert changed.weight == D("2.50")
