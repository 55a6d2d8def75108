"""The demo's 2012 and 2013 assessment: published, scored from the demo's records, manual
items reviewed with their reasons (the demo loaded once for the module)."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from ipoffice.accounts.models import User
from ipoffice.assessment.enums import AssessmentStatus, Provenance, RoundStatus
from ipoffice.assessment.models import Assessment, Evidence, ManualScore, Result, Round
from ipoffice.assessment.scoring import score
from ipoffice.assessment.selectors import assessment_get, ranking, result_for
from ipoffice.assessment.services import round_claims
from ipoffice.common.uploads import check_upload
from ipoffice.demo.assessment import ITEMS, evidence_file

pytestmark = pytest.mark.django_db


def test_both_years_are_published_for_every_level(demo_loaded):
    assert "884 assessments of 2012 and 2013" in demo_loaded
    rounds = {(r.year, r.level): r.status for r in Round.objects.all()}
    assert rounds == {
        (year, level): RoundStatus.PUBLISHED
        for year in (2012, 2013)
        for level in ("provincial", "municipal", "assistance_center")
    }
    by_level = {
        level: Result.objects.filter(round__year=2013, round__level=level).count()
        for level in ("provincial", "municipal", "assistance_center")
    }
    assert by_level == {"provincial": 31, "municipal": 333, "assistance_center": 78}
    assert not Assessment.objects.exclude(status=AssessmentStatus.PUBLISHED).exists()


def test_a_province_published_total_is_what_scoring_computes_from_the_records(demo_loaded):
    round_ = Round.objects.get(year=2013, level="provincial")
    published = Result.objects.get(round=round_, office__code="320000")
    scores = score(round_.scheme, year=2013, claims=round_claims(round_))
    jiangsu = next(s for s in scores if s.office.code == "320000")
    assert published.total == jiangsu.total and published.rank == jiangsu.rank
    assert jiangsu.total > 50  # the records count: not only the manual items
    lines = {line["indicator"]: line for line in published.lines["lines"]}
    disputes = lines["disputes"]["steps"][0]
    assert disputes["figure"] == "disputes_accepted" and Decimal(disputes["value"]) > 100
    assert lines["disputes"]["capped"] and Decimal(lines["disputes"]["points"]) == 30
    # No approved reports in the demo: scored from the records, and said so.
    assert published.lines["provenance"]["enforcement"][0] == Provenance.RECORDS
    # The year before is published too: the ranking shows the change of rank.
    rows = ranking(User.objects.get(username="gd_analyst"), round_)
    assert len(rows) == 31 and all(row.previous_rank is not None for row in rows)
    assert any(row.rank_change for row in rows)


def test_a_reviewed_manual_item_shows_its_award_and_reason(demo_loaded):
    item = ManualScore.objects.get(
        assessment__round__year=2013, assessment__office__code="320100", indicator__code="capacity"
    )
    assert (item.claimed, item.awarded) == (Decimal(5), Decimal(3))
    assert item.award_reason.startswith("材料只证明 2 期培训")
    evidence = Evidence.objects.get(assessment=item.assessment, indicator=item.indicator)
    assert evidence.original_name == "nanjing-2013-training.pdf"
    assert evidence.content_type == "application/pdf"
    # The published result counts the points awarded, not those claimed.
    nanjing = User.objects.get(username="nanjing_analyst")
    round_ = Round.objects.get(year=2013, level="municipal")
    explained = result_for(nanjing, assessment_get(nanjing, round_, "320100"))
    points = {line["indicator"]: line["points"] for line in explained.result.lines["lines"]}
    assert Decimal(points["capacity"]) == 3
    # Every other office claimed nothing on it.
    others = ManualScore.objects.filter(assessment__round=round_, indicator__code="capacity")
    assert others.exclude(assessment__office__code="320100").exclude(claimed=0).count() == 0


def test_the_evidence_files_are_accepted_as_uploads():
    for item in ITEMS:
        upload = evidence_file(item)
        expected = "application/pdf" if item.file_name.endswith(".pdf") else "text/plain"
        assert check_upload(upload) == expected


def test_running_the_demo_again_adds_nothing(demo_loaded):
    counts = (ManualScore.objects.count(), Result.objects.count(), User.objects.count())
    out = StringIO()
    call_command("demo", stdout=out, stderr=StringIO())
    assert "0 assessments of 2012 and 2013" in out.getvalue()
    assert (ManualScore.objects.count(), Result.objects.count(), User.objects.count()) == counts
