"""The assessment in the API: who reads which scheme, round, ranking and result; the
workflow allowed and refused; the what-if, which writes nothing."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.apps import apps

from ipoffice.accounts.roles import Role
from ipoffice.assessment.enums import AssessedLevel, AssessmentStatus, ValueSource
from ipoffice.assessment.models import Assessment, Scheme
from ipoffice.assessment.services import assessment_transition, round_open, scheme_create
from ipoffice.assessment.tests.conftest import manual, per

pytestmark = pytest.mark.django_db
API = "/api/v1/assessment"


def city_scheme(adopted):
    return adopted(
        per("passing_off", "passing_off_accepted", 1),
        per("disputes", "infringement_disputes_accepted", 1),
        manual("publicity", most=5),
        value_source=ValueSource.RECORDS,
    )


@pytest.fixture
def city_round(people, adopted, add_cases):
    """Nanjing: 5 passing-off cases; Suzhou: 3 infringement disputes (2013)."""
    scheme = city_scheme(adopted)
    add_cases("320100", 5, accepted_on=date(2013, 3, 1))
    add_cases("320500", 3, accepted_on=date(2013, 4, 1), case_type="infringement_dispute")
    return round_open(actor=people["cn"], year=2013, level=AssessedLevel.MUNICIPAL), scheme


def assessment_of(round_, code):
    return Assessment.objects.get(round=round_, office__code=code)


def test_a_city_reads_its_own_draft_and_not_another_citys(people, city_round, api_client):
    round_, _scheme = city_round
    nanjing = api_client(people["nj"])
    found = nanjing.get(f"{API}/rounds/{round_.pk}/ranking/")
    assert found.status_code == 200
    rows = found.json()["rows"]
    assert [r["office"] for r in rows] == ["320100"]  # only its own, ranked among all
    assert rows[0]["rank"] == 1 and rows[0]["total"] == "5.00" and not rows[0]["published"]
    result = nanjing.get(f"{API}/rounds/{round_.pk}/results/320100/").json()
    line = next(line for line in result["lines"] if line["indicator"] == "passing_off")
    step = line["steps"][0]
    assert (step["figure"], step["value"], step["factor"], step["points"]) == (
        "passing_off_accepted",
        "5.00",
        "1.0000",
        "5.00",
    )
    assert step["records"].startswith("/statistics/drilldown/?form=enforcement")
    assert "office=320100" in step["records"] and "period=2013" in step["records"]
    # The drill-down answers with Nanjing's five records.
    drill = nanjing.get(step["records_api"]).json()
    assert drill["count"] == 5
    assert result["provenance"] == [
        {"form": "enforcement", "basis": "records", "report": None, "version": None}
    ]
    # Suzhou's draft is not Nanjing's to read.
    assert nanjing.get(f"{API}/rounds/{round_.pk}/results/320500/").status_code == 404
    own = assessment_of(round_, "320100")
    other = assessment_of(round_, "320500")
    assert nanjing.get(f"{API}/assessments/{other.pk}/").status_code == 404
    listed = nanjing.get(f"{API}/assessments/", {"round": round_.pk}).json()["results"]
    assert [a["office"] for a in listed] == ["320100"] and listed[0]["id"] == own.pk
    # The province (its reviewer) reads both of its cities, Guangdong neither.
    province = api_client(people["js"]).get(f"{API}/rounds/{round_.pk}/ranking/").json()
    assert {r["office"] for r in province["rows"]} >= {"320100", "320500"}
    assert all(r["office"].startswith("32") for r in province["rows"])
    guangdong = api_client(people["gd"])
    assert guangdong.get(f"{API}/rounds/{round_.pk}/results/320100/").status_code == 404
    assert all(
        not r["office"].startswith("32")
        for r in guangdong.get(f"{API}/rounds/{round_.pk}/ranking/").json()["rows"]
    )


def test_the_workflow_through_the_api_allowed_and_refused(people, city_round, api_client):
    round_, _scheme = city_round
    nanjing = assessment_of(round_, "320100")
    at = f"{API}/assessments/{nanjing.pk}"
    head, officer = api_client(people["nj"]), api_client(people["nj_officer"])
    # Submitting before the manual item is claimed: refused, the item named.
    refused = head.post(f"{at}/transition/", {"name": "submit"}, format="json")
    assert refused.status_code == 400 and refused.json()["field"] == "publicity"
    # An officer may not claim; more than the item's maximum is refused.
    assert (
        officer.post(
            f"{at}/claims/", {"indicator": "publicity", "points": 3}, format="json"
        ).status_code
        == 403
    )
    too_many = head.post(f"{at}/claims/", {"indicator": "publicity", "points": 9}, format="json")
    assert too_many.status_code == 400 and too_many.json()["field"] == "points"
    unknown = head.post(f"{at}/claims/", {"indicator": "nothing", "points": 1}, format="json")
    assert unknown.status_code == 400 and unknown.json()["field"] == "indicator"
    claimed = head.post(
        f"{at}/claims/", {"indicator": "publicity", "points": 3, "note": "宣传周"}, format="json"
    )
    assert claimed.status_code == 200
    assert claimed.json()["manual"] == [
        {
            "indicator": "publicity",
            "claimed": "3.00",
            "claim_note": "宣传周",
            "awarded": None,
            "award_reason": "",
        }
    ]
    remark = head.post(
        f"{at}/remarks/", {"indicator": "disputes", "text": "纠纷下降"}, format="json"
    )
    assert remark.json()["remarks"] == {"disputes": "纠纷下降"}
    # The claim needs its evidence before the office submits.
    refused = head.post(f"{at}/transition/", {"name": "submit"}, format="json")
    assert refused.status_code == 400 and refused.json()["field"] == "publicity"
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ipoffice.assessment.services import evidence_attach

    evidence_attach(
        actor=people["nj"],
        assessment=nanjing,
        indicator="publicity",
        upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
    )
    submitted = head.post(f"{at}/transition/", {"name": "submit"}, format="json")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    # Guangdong is not Nanjing's reviewer (not even found); Jiangsu is.
    gd = api_client(people["gd"])
    assert (
        gd.post(f"{at}/awards/", {"indicator": "publicity", "points": 2}, format="json").status_code
        == 404
    )
    js = api_client(people["js"])
    no_reason = js.post(f"{at}/awards/", {"indicator": "publicity", "points": 2}, format="json")
    assert no_reason.status_code == 400 and no_reason.json()["field"] == "reason"
    awarded = js.post(
        f"{at}/awards/",
        {"indicator": "publicity", "points": 2, "reason": "仅一次活动"},
        format="json",
    )
    assert awarded.json()["manual"][0]["awarded"] == "2.00"
    assert js.get(f"{at}/").json()["transitions"] == ["return", "review"]
    returned = js.post(f"{at}/transition/", {"name": "return"}, format="json")
    assert returned.status_code == 400 and returned.json()["field"] == "reason"
    reviewed = js.post(f"{at}/transition/", {"name": "review"}, format="json")
    assert reviewed.json()["status"] == "reviewed"
    # Only the national office confirms.
    assert js.post(f"{at}/transition/", {"name": "confirm"}, format="json").status_code == 403
    confirmed = api_client(people["cn"]).post(
        f"{at}/transition/", {"name": "confirm"}, format="json"
    )
    assert confirmed.json()["status"] == "confirmed"
    # The round is not published while other cities wait.
    waiting = api_client(people["cn"]).post(f"{API}/rounds/{round_.pk}/publish/", {}, format="json")
    assert waiting.status_code == 400 and waiting.json()["field"] == "transition"
    assert "Shijiazhuang" in waiting.json()["detail"] or "石家庄" in waiting.json()["detail"]
    result = head.get(f"{API}/rounds/{round_.pk}/results/320100/").json()
    line = next(line for line in result["lines"] if line["indicator"] == "publicity")
    assert (line["points"], line["pending"]) == ("2.00", False)
    assert result["total"] == "7.00"


def test_an_unknown_transition_is_refused_in_the_users_language(people, city_round, api_client):
    round_, _scheme = city_round
    at = f"{API}/assessments/{assessment_of(round_, '320100').pk}/transition/"
    answer = api_client(people["nj"]).post(
        at, {"name": "approve"}, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert answer.status_code == 400 and answer.json()["field"] == "name"
    assert "不是合法选项" in answer.json()["detail"]


def test_after_publication_every_office_reads_the_ranking(
    people, adopted, add_cases, make_user, api_client
):
    adopted(
        per("disputes", "infringement_disputes_accepted", 2),
        level=AssessedLevel.PROVINCIAL,
        value_source=ValueSource.RECORDS,
    )
    add_cases("320100", 2, accepted_on=date(2013, 3, 1), case_type="infringement_dispute")
    add_cases("440300", 1, accepted_on=date(2013, 3, 1), case_type="infringement_dispute")
    round_ = round_open(actor=people["cn"], year=2013, level=AssessedLevel.PROVINCIAL)
    gd = api_client(people["gd"])
    assert gd.get(f"{API}/rounds/{round_.pk}/results/320000/").status_code == 404
    for assessment in round_.assessments.select_related("office"):
        head = make_user(assessment.office.code, Role.OFFICE_HEAD)
        for name, actor in (("submit", head), ("review", people["cn"]), ("confirm", people["cn"])):
            assessment = assessment_transition(actor=actor, assessment=assessment, name=name)
    assert (
        api_client(people["js"])
        .post(f"{API}/rounds/{round_.pk}/publish/", {}, format="json")
        .status_code
        == 403
    )
    published = api_client(people["cn"]).post(
        f"{API}/rounds/{round_.pk}/publish/", {}, format="json"
    )
    assert published.status_code == 200 and published.json()["status"] == "published"
    ranking = gd.get(f"{API}/rounds/{round_.pk}/ranking/").json()
    assert ranking["published"] and len(ranking["rows"]) == 31
    top = ranking["rows"][:2]
    assert [(r["office"], r["total"], r["rank"]) for r in top] == [
        ("320000", "4.00", 1),
        ("440000", "2.00", 2),
    ]
    # A city of Guangdong reads Jiangsu's published result, explained.
    city = api_client(make_user("440300", Role.ENFORCEMENT_OFFICER))
    result = city.get(f"{API}/rounds/{round_.pk}/results/320000/").json()
    assert result["published"] and result["lines"][0]["steps"][0]["value"] == "2.00"
    assert city.get(f"{API}/assessments/", {"round": round_.pk}).json()["count"] == 31


def test_drafts_of_schemes_are_invisible_to_non_managers(people, adopted, api_client):
    scheme = city_scheme(adopted)
    draft = scheme_create(
        actor=people["cn"],
        year=2014,
        level=AssessedLevel.MUNICIPAL,
        name_zh="2014草案",
        source="草案",
        indicators=[per("p", "passing_off_accepted", 1)],
    )
    officer = api_client(people["nj_officer"])
    listed = officer.get(f"{API}/schemes/").json()["results"]
    assert [s["id"] for s in listed] == [scheme.pk]
    assert [i["code"] for i in listed[0]["indicators"]] == ["passing_off", "disputes", "publicity"]
    assert officer.get(f"{API}/schemes/{draft.pk}/").status_code == 404
    manager = api_client(people["cn"])
    assert {s["id"] for s in manager.get(f"{API}/schemes/").json()["results"]} == {
        scheme.pk,
        draft.pk,
    }
    assert manager.get(f"{API}/schemes/", {"status": "draft"}).json()["count"] == 1
    # A province head holds the permission but not the office: no copy, no adoption.
    assert (
        api_client(people["js"])
        .post(f"{API}/schemes/{scheme.pk}/copy/", {}, format="json")
        .status_code
        == 403
    )


def test_copy_and_adopt_a_new_version(people, adopted, api_client):
    scheme = city_scheme(adopted)
    manager = api_client(people["cn"])
    bad = manager.post(
        f"{API}/schemes/{scheme.pk}/copy/", {"changes": {"nothing": {"weight": 2}}}, format="json"
    )
    assert bad.status_code == 400 and bad.json()["field"] == "changes"
    negative = manager.post(
        f"{API}/schemes/{scheme.pk}/copy/", {"changes": {"disputes": {"weight": -1}}}, format="json"
    )
    assert negative.status_code == 400 and negative.json()["field"] == "changes"
    assert negative.json()["detail"].startswith("disputes: weight: ")
    copied = manager.post(
        f"{API}/schemes/{scheme.pk}/copy/",
        {"changes": {"disputes": {"weight": "2.5", "cap": 10}}},
        format="json",
    )
    assert copied.status_code == 201
    body = copied.json()
    assert (body["version"], body["status"], body["based_on"]) == (2, "draft", scheme.pk)
    disputes = next(i for i in body["indicators"] if i["code"] == "disputes")
    assert (disputes["weight"], disputes["cap"]) == ("2.50", "10.00")
    adopted_now = manager.post(f"{API}/schemes/{body['id']}/adopt/", {}, format="json")
    assert adopted_now.json()["status"] == "adopted"
    scheme.refresh_from_db()
    assert scheme.status == "superseded"


def rows_everywhere():
    """Rows of every table of the assessment app."""
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_app_config("assessment").get_models()
    }


def test_the_what_if_moves_an_office_and_writes_nothing(people, city_round, api_client):
    _round, scheme = city_round
    manager = api_client(people["cn"])
    before = rows_everywhere()
    answer = manager.post(
        f"{API}/what-if/",
        {"scheme": scheme.pk, "year": 2013, "changes": {"disputes": {"weight": 2}}},
        format="json",
    )
    assert answer.status_code == 200, answer.json()
    assert rows_everywhere() == before
    body = answer.json()
    assert body["written"] is False and body["changes"] == {"disputes": {"weight": "2.00"}}
    rows = {r["office"]: r for r in body["rows"]}
    # Adopted: Nanjing 5 (first), Suzhou 3 (second); disputes doubled: Suzhou 6, first.
    assert (rows["320100"]["adopted_rank"], rows["320100"]["draft_rank"]) == (1, 2)
    assert (rows["320500"]["adopted_total"], rows["320500"]["draft_total"]) == ("3.00", "6.00")
    assert rows["320500"]["moved"] == 1 and rows["320100"]["moved"] == -1
    # The scheme itself is as it was.
    assert scheme.indicators.get(code="disputes").weight == D(1)
    # A draft compared as it is; unknown indicators and other offices refused.
    unknown = manager.post(
        f"{API}/what-if/",
        {"scheme": scheme.pk, "changes": {"nothing": {"weight": 2}}},
        format="json",
    )
    assert unknown.status_code == 400 and unknown.json()["field"] == "changes"
    assert rows_everywhere() == before
    for who in ("js", "nj"):
        refused = api_client(people[who]).post(
            f"{API}/what-if/", {"scheme": scheme.pk}, format="json"
        )
        assert refused.status_code == 404


def test_a_draft_scheme_over_a_past_year(people, city_round, api_client):
    _round, scheme = city_round
    draft = scheme_create(
        actor=people["cn"],
        year=2014,
        level=AssessedLevel.MUNICIPAL,
        name_zh="草案",
        source="草案",
        indicators=[per("disputes", "infringement_disputes_accepted", 5)],
    )
    before = rows_everywhere()
    body = (
        api_client(people["cn"])
        .post(f"{API}/what-if/", {"scheme": draft.pk, "year": 2013}, format="json")
        .json()
    )
    assert rows_everywhere() == before
    assert body["against"] == scheme.pk and body["year"] == 2013
    top = body["rows"][0]
    assert (top["office"], top["draft_total"], top["adopted_rank"]) == ("320500", "15.00", 2)
    assert Scheme.objects.get(pk=draft.pk).status == "draft"
    assert Assessment.objects.first().status == AssessmentStatus.SELF_ASSESSMENT
