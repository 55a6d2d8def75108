"""Every API error, 500 included, is JSON of one documented shape, with plain messages;
the schema says which answers may be blank or null (docs/security.md#errors)."""

from __future__ import annotations

import json

from django.test import RequestFactory

from ipoffice.accounts.roles import Role
from ipoffice.common.tests.test_openapi_contract import COMMITTED
from ipoffice.common.views import server_error


def test_a_list_fields_errors_are_plain_messages(make_user, api_client):
    admin = make_user("320100", Role.ADMINISTRATOR)
    response = api_client(admin).post(
        "/api/v1/users/",
        {"username": "x1", "password": "a-long-password-1", "office": "320100",
         "roles": ["enforcement_officer", "no_such_role"]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "roles"
    assert body["errors"]["roles"] == [body["detail"]]
    assert body["detail"].startswith("2: ") and "no_such_role" in body["detail"]
    assert "ErrorDetail" not in response.content.decode()


def test_a_500_under_the_api_is_json():
    response = server_error(RequestFactory().get("/api/v1/cases/"))
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"detail": "Internal error; it has been logged."}
    page = server_error(RequestFactory().get("/cases/"))
    assert page["Content-Type"].startswith("text/html")


def test_an_unknown_api_address_is_a_json_404(client, settings, db):
    settings.DEBUG = False
    response = client.get("/api/v1/no-such-thing/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}


def test_huge_ids_are_refused_not_looked_up(make_user, api_client):
    head = make_user("320100", Role.OFFICE_HEAD)
    body = {"transition": "submit", "reports": [10**30]}
    response = api_client(head).post("/api/v1/reports/bulk/", body, format="json")
    assert response.status_code == 400 and response.json()["field"] == "reports"


def test_every_operation_documents_the_error_shape():
    schema = json.loads(COMMITTED.read_text())
    assert schema["components"]["schemas"]["Error"]["required"] == ["detail"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for status in ("400", "401", "403", "404", "413", "429", "500"):
                content = operation["responses"][status]["content"]["application/json"]
                assert content["schema"] == {"$ref": "#/components/schemas/Error"}, (path, method)


def test_the_schema_says_what_may_be_blank_or_null():
    components = json.loads(COMMITTED.read_text())["components"]["schemas"]
    outcome = components["Case"]["properties"]["outcome"]
    assert {"$ref": "#/components/schemas/BlankEnum"} in outcome["oneOf"]
    for name in ("case", "merged_into", "transferred_to"):
        assert components["ComplaintDetail"]["properties"][name]["nullable"] is True
    assert components["ComplaintEvent"]["properties"]["actor"]["nullable"] is True
