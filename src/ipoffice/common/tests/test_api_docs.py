"""The OpenAPI schema and its docs page, served without any outside network."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_schema_is_openapi_3_as_json(client):
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/v1/offices/",
        "/api/v1/users/{username}/",
        "/api/v1/me/",
        "/api/v1/cases/",
        "/api/v1/cases/{id}/transition/",
        "/api/v1/cases/export/",
    } <= set(schema["paths"])
    security = schema["components"]["securitySchemes"]
    assert {"cookieAuth", "tokenAuth"} <= set(security)


def test_docs_page_loads_its_assets_locally(client):
    page = client.get("/api/v1/docs/").content.decode()
    assert "swagger-ui" in page
    external = [url for url in re.findall(r'(?:src|href)="([^"]+)"', page)
                if url.startswith(("http://", "https://", "//"))]  # fmt: skip
    assert external == []
    asset = re.search(r'src="(/static/[^"]+swagger-ui-bundle\.js)"', page).group(1)
    assert client.get(asset).status_code == 200


def test_pages_link_no_outside_assets(make_user, client):
    client.force_login(make_user("320100"))
    for url in ["/", "/offices/", "/people/", "/login/"]:
        page = client.get(url).content.decode()
        assert not re.search(r'(?:src|href)="(?:https?:)?//', page), url


def test_stylesheet_is_served_locally(client):
    page = client.get("/login/").content.decode()
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page).group(1)
    assert client.get(stylesheet).status_code == 200
