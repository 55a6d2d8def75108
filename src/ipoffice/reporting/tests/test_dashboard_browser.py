"""The dashboard renders its charts from the demo records in headless Chromium, and the
drill-down from a figure lists exactly that many cases."""

import pytest

from ipoffice.common.tests.browser import ARGS, CHROMIUM, needs_browser


@needs_browser
# Transactional tests empty the tables afterwards; serialized_rollback puts back the
# reference data (offices, calendar, roles) that the migrations loaded.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_dashboard_charts_and_drilldown(live_server):
    from playwright.sync_api import sync_playwright

    from ipoffice.demo.history import demo_history_load
    from ipoffice.demo.people import DEMO_PASSWORD, demo_people_load

    demo_people_load()
    demo_history_load()
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(locale="en-US", viewport={"width": 1280, "height": 900})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", "js_supervisor")
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.goto(f"{live_server.url}/dashboard/?year=2013")
        assert page.locator("svg.chart").count() == 3
        assert page.locator("svg.chart rect").count() >= 12 + 3
        link = page.locator('a[data-figure="disputes_accepted"]')
        expected = int(link.inner_text().replace(",", ""))  # grouped: 1,234
        assert expected > 0
        link.click()
        page.wait_for_selector("#drilldown-count")
        assert page.inner_text("#drilldown-count").startswith(f"{expected:,} record")
        assert page.locator("table.list tbody tr").count() == min(expected, 500)
        browser.close()
    assert errors == []
