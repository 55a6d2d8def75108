"""The assessment pages: who sees which result, the explanation of the points with the
records behind them, the downloads, and a round from claim to publication by POSTs."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from ipoffice.assessment.enums import AssessedLevel, AssessmentStatus, RoundStatus, SchemeStatus
from ipoffice.assessment.models import Assessment, Indicator, Round
from ipoffice.assessment.services import round_open
from ipoffice.assessment.tests.conftest import manual, per
from ipoffice.offices.models import Office

pytestmark = pytest.mark.django_db
KEPT = ("320100", "320500", "440100")  # the cities assessed in these tests
CAPPED = "12 passing-off cases accepted \u00d7 3 = 36; capped at 30"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def round_(people: dict[str, Any], adopted: Any, add_cases: Any) -> Round:
    """A 2013 round of three cities: 3 points per passing-off case, capped at 30, and a
    manual item; Nanjing has 12 cases (36 points, capped), Suzhou 4, Guangzhou 7 (one
    of 2012 not counted)."""
    Office.objects.filter(level="municipal").exclude(code__in=KEPT).update(is_active=False)
    adopted(per("passing", "passing_off_accepted", 3, cap=30), manual("publicity", 5))
    add_cases("320100", 12, accepted_on=date(2013, 3, 1))
    add_cases("320500", 4, accepted_on=date(2013, 4, 1))
    add_cases("440100", 7, accepted_on=date(2013, 5, 1))
    add_cases("440100", 1, accepted_on=date(2012, 5, 1))
    return round_open(actor=people["cn"], year=2013, level=AssessedLevel.MUNICIPAL)


def client_for(user: Any, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def result_url(round_: Round, code: str) -> str:
    return reverse("assessment-result", args=[round_.pk, code])


def text_of(response: Any) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_a_city_sees_its_own_draft_and_not_another_citys(people, round_):
    nanjing = client_for(people["nj"])
    own = nanjing.get(result_url(round_, "320100"))
    assert own.status_code == 200
    assert "Draft — visible to reviewers only" in own.content.decode()
    assert nanjing.get(result_url(round_, "320500")).status_code == 404
    assert nanjing.get(result_url(round_, "440100")).status_code == 404
    # The ranking shows Nanjing's own row only, ranked among all three.
    ranking = text_of(nanjing.get(reverse("round-ranking", args=[round_.pk])))
    assert "Nanjing" in ranking and "Suzhou" not in ranking and "Guangzhou" not in ranking


def test_the_province_sees_its_cities_drafts(people, round_):
    jiangsu = client_for(people["js"])
    for code in ("320100", "320500"):
        assert jiangsu.get(result_url(round_, code)).status_code == 200
    assert jiangsu.get(result_url(round_, "440100")).status_code == 404
    ranking = text_of(jiangsu.get(reverse("round-ranking", args=[round_.pk])))
    assert "Nanjing" in ranking and "Suzhou" in ranking and "Guangzhou" not in ranking


def test_the_result_explains_a_capped_line_and_links_the_records_counted(people, round_):
    page = client_for(people["js"]).get(result_url(round_, "320100"))
    text = text_of(page)
    assert CAPPED in text
    assert "Rank 1 of 3" in text or "1 of 3" in text
    assert "from the records: no approved report" in text
    links = re.findall(r'href="([^"]*statistics/drilldown/[^"]*)"', page.content.decode())
    assert len(links) == 1
    link = links[0].replace("&amp;", "&")
    assert "office=320100" in link and "period=2013" in link
    assert "figure=passing_off_accepted" in link
    records = client_for(people["js"]).get(link)
    assert records.status_code == 200
    rows = re.findall(r"<tr>", records.content.decode())
    assert len(rows) == 12  # exactly the cases counted: 2013's, not another year's


def test_the_ranking_downloads_as_a_typed_workbook_in_chinese(people, round_):
    from openpyxl import load_workbook

    response = client_for(people["cn"], "zh-hans").get(reverse("round-xlsx", args=[round_.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["名次", "单位", "总分", "较上年名次变化"]
    assert sheet.freeze_panes == "C2"
    first = list(sheet[2])
    assert first[1].value == Office.objects.get(code="320100").name_zh
    assert first[0].value == 1 and first[0].data_type == "n"
    assert first[2].value == 30 and first[2].data_type == "n"
    last = [c.value for c in list(sheet.iter_rows())[-1]]
    assert last[0] == "考核方案：测试方案，第 1 版；依据：测试；结果尚未公布（草稿）。"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_the_ranking_pdf_names_the_offices(people, round_, tmp_path):
    response = client_for(people["cn"], "zh-hans").get(reverse("round-pdf", args=[round_.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    (tmp_path / "r.pdf").write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "r.pdf"), "-"], capture_output=True, text=True,
        check=True,
    ).stdout  # fmt: skip
    for code in KEPT:
        assert Office.objects.get(code=code).name_zh in text


def post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data, follow=False)


def test_claim_submit_award_review_confirm_publish_through_the_pages(people, round_):
    suzhou, nanjing = client_for(people["sz"]), client_for(people["nj"])
    guangzhou, jiangsu = client_for(people["gz"]), client_for(people["js"])
    guangdong, national = client_for(people["gd"]), client_for(people["cn"])
    url = lambda code, tail: result_url(round_, code) + tail  # noqa: E731

    # Submitting without the manual item's claim is refused, saying why.
    refused = post(nanjing, url("320100", "action/submit/"), {})
    assert refused.status_code == 400
    assert "Enter the points claimed (0 if none)." in refused.content.decode()

    # A claim over the most points is refused beside its field, the typed value kept.
    over = post(nanjing, url("320100", "claim/"),
                {"indicator": "publicity", "claim-publicity-points": "9",
                 "claim-publicity-note": "宣传周"})  # fmt: skip
    assert over.status_code == 400
    body = over.content.decode()
    assert "At most 5 points." in body and 'value="9"' in body and "宣传周" in body

    ok = post(nanjing, url("320100", "claim/"),
              {"indicator": "publicity", "claim-publicity-points": "4",
               "claim-publicity-note": "宣传周"})  # fmt: skip
    assert ok.status_code == 302
    # Points claimed need their evidence before submitting.
    refused = post(nanjing, url("320100", "action/submit/"), {})
    assert "Attach the evidence for the points claimed." in refused.content.decode()
    upload = SimpleUploadedFile("宣传.pdf", PDF, content_type="application/pdf")
    attached = post(nanjing, url("320100", "evidence/"),
                    {"indicator": "publicity", "evidence-publicity-file": upload})  # fmt: skip
    assert attached.status_code == 302
    remarked = post(nanjing, url("320100", "remark/"),
                    {"indicator": "passing", "remark-passing-text": "专项行动"})  # fmt: skip
    assert remarked.status_code == 302
    assert post(nanjing, url("320100", "action/submit/"), {}).status_code == 302
    for client, code in ((suzhou, "320500"), (guangzhou, "440100")):
        post(client, url(code, "claim/"),
             {"indicator": "publicity", "claim-publicity-points": "0"})  # fmt: skip
        assert post(client, url(code, "action/submit/"), {}).status_code == 302

    # The evidence is there for the reviewer, not for another province.
    page = jiangsu.get(url("320100", "")).content.decode()
    evidence = re.search(r'href="([^"]*/evidence/\d+/)"', page).group(1)
    assert jiangsu.get(evidence).status_code == 200
    assert guangdong.get(evidence).status_code == 404
    assert "claimed 4, not yet reviewed" in text_of(jiangsu.get(url("320100", "")))

    # The reviewer awards less, with a reason (without one: refused beside the field).
    no_reason = post(jiangsu, url("320100", "award/"),
                     {"indicator": "publicity", "award-publicity-points": "3"})  # fmt: skip
    assert no_reason.status_code == 400
    assert "Give the reason for awarding other points than claimed." in no_reason.content.decode()
    assert post(jiangsu, url("320100", "award/"),
                {"indicator": "publicity", "award-publicity-points": "3",
                 "award-publicity-reason": "仅一次活动"}).status_code == 302  # fmt: skip
    assert "claimed 4, awarded 3: 仅一次活动" in text_of(jiangsu.get(url("320100", "")))
    # Returning needs a reason.
    back = post(jiangsu, url("320500", "action/return/"), {})
    assert back.status_code == 400 and "This field is required." in back.content.decode()
    for client, code in ((jiangsu, "320100"), (jiangsu, "320500"), (guangdong, "440100")):
        if code != "320100":
            post(client, url(code, "award/"),
                 {"indicator": "publicity", "award-publicity-points": "0"})  # fmt: skip
        assert post(client, url(code, "action/review/"), {}).status_code == 302

    # The province may not confirm; the national office does.
    assert "action/confirm/" not in jiangsu.get(url("320100", "")).content.decode()
    ranking = reverse("round-ranking", args=[round_.pk])
    for code in KEPT:
        assert "Publish the round" not in national.get(ranking).content.decode()
        assert post(national, url(code, "action/confirm/"), {}).status_code == 302
    assert "Publish the round" in national.get(ranking).content.decode()
    assert post(national, reverse("round-publish", args=[round_.pk]), {}).status_code == 302
    round_.refresh_from_db()
    assert round_.status == RoundStatus.PUBLISHED
    assert set(Assessment.objects.filter(round=round_).values_list("status", flat=True)) == {
        AssessmentStatus.PUBLISHED
    }

    # Published: every office sees the ranking and each result; the explanation is frozen.
    for client in (guangzhou, guangdong, suzhou):
        text = text_of(client.get(ranking))
        assert "Nanjing" in text and "Suzhou" in text and "Guangzhou" in text
        assert "Published" in text
    frozen = text_of(guangzhou.get(url("320100", "")))
    assert CAPPED in frozen
    assert "33" in frozen  # 30 + 3 awarded
    # No drill-down into another province's records, and no evidence.
    assert "statistics/drilldown" not in guangzhou.get(url("320100", "")).content.decode()
    assert guangzhou.get(evidence).status_code == 404


def test_the_scheme_page_states_each_rule_in_words(people, round_):
    scheme = round_.scheme
    page = text_of(client_for(people["gz"]).get(reverse("scheme-detail", args=[scheme.pk])))
    assert "3 points per record of “passing-off cases accepted”; at most 30" in page
    assert "Scored by the reviewer, up to 5 points, with evidence" in page
    assert "Copy into a new version" not in page  # not a national manager


def test_a_national_manager_copies_and_changes_a_draft(people, round_):
    national = client_for(people["cn"])
    scheme = round_.scheme
    copied = post(national, reverse("scheme-copy", args=[scheme.pk]), {})
    assert copied.status_code == 302
    draft_url = copied["Location"]
    pk = int(draft_url.strip("/").split("/")[-1])
    bad = post(national, reverse("scheme-indicator", args=[pk]),
               {"indicator": "passing", "indicator-passing-weight": "-1",
                "indicator-passing-cap": "20"})  # fmt: skip
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "Ensure this value is greater than or equal to 0." in body and 'value="-1"' in body
    good = post(national, reverse("scheme-indicator", args=[pk]),
                {"indicator": "passing", "indicator-passing-weight": "2",
                 "indicator-passing-cap": ""})  # fmt: skip
    assert good.status_code == 302
    page = text_of(national.get(draft_url))
    assert "3 points per record of “passing-off cases accepted”; weight 2" in page
    assert "Adopt this version" in page
    assert post(national, reverse("scheme-adopt", args=[pk]), {}).status_code == 302
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.SUPERSEDED
    assert Indicator.objects.get(scheme_id=pk, code="passing").weight == Decimal(2)


def test_the_ranking_shows_the_change_of_rank_on_the_published_year_before(
    people, round_, adopted, add_cases
):
    from ipoffice.assessment.services import assessment_transition, round_publish

    adopted(per("passing", "passing_off_accepted", 3, cap=30), year=2012)
    add_cases("320500", 5, accepted_on=date(2012, 6, 1))  # 2012: Suzhou, Guangzhou, Nanjing
    earlier = round_open(actor=people["cn"], year=2012, level=AssessedLevel.MUNICIPAL)
    heads = {"320100": ("nj", "js"), "320500": ("sz", "js"), "440100": ("gz", "gd")}
    for a in earlier.assessments.select_related("office"):
        own, reviewer = heads[a.office.code]
        a = assessment_transition(actor=people[own], assessment=a, name="submit")
        a = assessment_transition(actor=people[reviewer], assessment=a, name="review")
        assessment_transition(actor=people["cn"], assessment=a, name="confirm")
    round_publish(actor=people["cn"], round_=earlier)

    page = client_for(people["cn"]).get(reverse("round-ranking", args=[round_.pk]))
    rows = {
        name: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row))
        for row in re.findall(r"<tr>(.*?)</tr>", page.content.decode(), re.S)
        for name in ("Nanjing", "Suzhou", "Guangzhou")
        if name in row
    }
    assert " ↑2 " in rows["Nanjing"]  # 3rd in 2012, 1st in 2013
    assert " — " in rows["Guangzhou"]  # 2nd both years
    assert " ↓2 " in rows["Suzhou"]
    assert "Draft — visible to reviewers only" in page.content.decode()
    published = client_for(people["gz"]).get(reverse("round-ranking", args=[earlier.pk]))
    assert "these results are visible to every office." in published.content.decode()
