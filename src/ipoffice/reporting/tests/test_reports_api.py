import pytest

from ipoffice.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_reports_through_the_api_open_fill_submit_review_and_scope(make_user, api_client):
    nanjing = api_client(make_user("320100", Role.ANALYST))
    opened = nanjing.post("/api/v1/reports/open/", {"form": "enforcement", "period": "2013"},
                          format="json").json()  # fmt: skip
    assert (opened["office"], opened["status"], opened["version"]) == ("320100", "draft", 1)
    url = f"/api/v1/reports/{opened['id']}/"
    nanjing.post(url + "fill/", {"manual": {"enforcement_staff": 9}}, format="json")
    submitted = nanjing.post(url + "transition/", {"transition": "submit"}, format="json")
    assert submitted.json()["status"] == "submitted"
    suzhou = api_client(make_user("320500", Role.ANALYST))
    assert suzhou.get(url).status_code == 404
    assert suzhou.post(url + "transition/", {"transition": "submit"},
                       format="json").status_code == 404  # fmt: skip
    province = api_client(make_user("320000", Role.OFFICE_HEAD))
    assert [r["id"] for r in province.get("/api/v1/reports/worklist/").json()] == [opened["id"]]
    bulk = province.post(
        "/api/v1/reports/bulk/", {"reports": [opened["id"]], "transition": "approve"}, format="json"
    )
    assert bulk.json()["results"] == {str(opened["id"]): "ok"}
    refused = nanjing.post(url + "transition/", {"transition": "approve"}, format="json")
    assert refused.status_code == 403
    done = province.get("/api/v1/reports/completeness/",
                        {"form": "enforcement", "period": "2013"}).json()  # fmt: skip
    assert done["summary"]["approved"] == 1 and done["summary"]["expected"] == 13


def test_statistics_endpoints_are_in_the_schema(client):
    paths = client.get("/api/v1/schema/?format=json").json()["paths"]
    assert {
        "/api/v1/statistics/{form}/",
        "/api/v1/statistics/{form}/drilldown/",
        "/api/v1/statistics/export/",
        "/api/v1/reports/{id}/transition/",
        "/api/v1/reports/bulk/",
    } <= set(paths)
