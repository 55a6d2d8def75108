"""The committed API contract (docs/openapi.json) is the one the code generates, and it is
correct where a client depends on it: one component per name, the lists' parameters from
their filter sets, the conditional requirements of the public submission spelt out."""

import difflib
import json
from pathlib import Path

import pytest
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer

from ipoffice.cases.enums import CaseStatus
from ipoffice.complaints.enums import ComplaintStatus

COMMITTED = Path(__file__).resolve().parents[4] / "docs" / "openapi.json"


def generated() -> str:
    """What ``make schema`` writes: the schema in English, as JSON."""
    with translation.override("en"):
        schema = SchemaGenerator().get_schema(request=None, public=True)
    return OpenApiJsonRenderer().render(schema, renderer_context={}).decode()


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads(generated())


def request_component(schema: dict, path: str) -> dict:
    content = schema["paths"][path]["post"]["requestBody"]["content"]
    name = content["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    return schema["components"]["schemas"][name]


def test_the_committed_schema_is_the_generated_one():
    now = generated()
    committed = COMMITTED.read_text(encoding="utf-8") if COMMITTED.exists() else ""
    if committed != now:
        diff = difflib.unified_diff(committed.splitlines(), now.splitlines(), "committed",
                                    "generated", lineterm="", n=1)  # fmt: skip
        shown = "\n".join(list(diff)[:40])
        pytest.fail(f"docs/openapi.json is out of date: run make schema\n{shown}")


def test_every_mapping_is_in_key_order():
    """So that a regenerated file differs only where the API does."""
    unsorted = []

    def check(pairs):
        keys = [key for key, _value in pairs]
        if keys != sorted(keys):
            unsorted.append(keys[:5])
        return dict(pairs)

    json.loads(generated(), object_pairs_hook=check)
    assert unsorted == []


def test_a_complaint_is_moved_with_the_complaint_transition(schema):
    complaint = request_component(schema, "/api/v1/complaints/{id}/transition/")
    case = request_component(schema, "/api/v1/cases/{id}/transition/")
    report = request_component(schema, "/api/v1/reports/{id}/transition/")
    assert {"note", "transferred_to", "authority"} <= set(complaint["properties"])
    assert "note" not in case["properties"] and "outcome" in case["properties"]
    assert set(report["properties"]) == {"transition", "reason"}


def test_list_parameters_come_from_the_filter_sets(schema):
    def parameters(path: str) -> dict:
        return {p["name"]: p["schema"] for p in schema["paths"][path]["get"]["parameters"]}

    cases = parameters("/api/v1/cases/")
    assert sorted(cases["status"]["enum"]) == sorted(CaseStatus.values)
    assert (cases["year"]["type"], cases["overdue"]["type"]) == ("integer", "boolean")
    assert set(parameters("/api/v1/cases/export/")) >= {"status", "office", "q", "as"}
    complaints = parameters("/api/v1/complaints/")
    assert sorted(complaints["status"]["enum"]) == sorted(ComplaintStatus.values)
    assert {"q", "level", "parent_code"} <= set(parameters("/api/v1/offices/"))
    assert {"q", "office"} <= set(parameters("/api/v1/users/"))
    assert {"form", "period", "status"} <= set(parameters("/api/v1/reports/"))
    assert "status" not in parameters("/api/v1/cases/{id}/history/")  # not a list of cases


def test_the_public_submission_says_what_is_required_when(schema):
    operation = schema["paths"]["/api/v1/public/complaints/"]["post"]
    assert "Unless `anonymous` is true, `name` and a telephone" in operation["description"]
    submit = request_component(schema, "/api/v1/public/complaints/")
    assert "Required unless anonymous" in submit["properties"]["name"]["description"]
    assert "or an e-mail address is required" in submit["properties"]["phone"]["description"]


def test_object_answers_are_declared_as_objects(schema):
    def answer(path: str, method: str = "get") -> dict:
        content = schema["paths"][path][method]["responses"]["200"]["content"]
        found = content["application/json"]["schema"]
        if "$ref" in found:
            return schema["components"]["schemas"][found["$ref"].rsplit("/", 1)[1]]
        return found

    counts = answer("/api/v1/complaints/counts/")
    assert counts["type"] == "object" and "overdue_now" in counts["properties"]
    assert "figures" in answer("/api/v1/statistics/{form}/")["properties"]
    assert "findings" in answer("/api/v1/reports/{id}/")["properties"]
    assert "offices" in answer("/api/v1/reports/completeness/")["properties"]
    assert answer("/api/v1/cases/{id}/history/")["type"] == "array"  # not paginated
    export = schema["paths"]["/api/v1/complaints/export/"]["get"]["responses"]["200"]
    assert set(export["content"]) == {
        "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }


def request_strings(schema: dict):
    """(component, property) of every text a request may send."""
    components = schema["components"]["schemas"]
    used = set()
    for operations in schema["paths"].values():
        for operation in operations.values():
            for content in operation.get("requestBody", {}).get("content", {}).values():
                ref = content["schema"].get("$ref", "")
                used.add(ref.rsplit("/", 1)[-1])
    for name in sorted(used - {""}):
        for prop, spec in components[name].get("properties", {}).items():
            items = spec.get("items", {}) if spec.get("type") == "array" else {}
            values = spec.get("additionalProperties", {}) if spec.get("type") == "object" else {}
            for part, inner in (("", spec), ("[]", items), ("{}", values)):
                free = "enum" not in inner and "format" not in inner
                if inner.get("type") == "string" and not inner.get("readOnly") and free:
                    yield name, prop + part, inner


def test_every_text_a_request_sends_has_a_length_limit(schema):
    """Checked before the database: nothing unbounded reaches a column or a history row."""
    # AuthToken is DRF's own log-in (user name and password, never stored), bounded by the
    # body limit.
    unbounded = [f"{name}.{prop}" for name, prop, spec in request_strings(schema)
                 if "maxLength" not in spec and name != "AuthToken"]  # fmt: skip
    assert unbounded == []
