"""A person files a complaint on the public page and follows it with the tracking number,
in headless Chromium (Debian's package; `make test` installs it)."""

import pytest

from ipoffice.common.tests.browser import ARGS, CHROMIUM, needs_browser


@needs_browser
# Transactional tests empty the tables afterwards; serialized_rollback puts back the
# reference data (offices, calendar, roles) that the migrations loaded.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_file_a_complaint_then_follow_it(live_server, centers):
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(locale="en-US", viewport={"width": 390, "height": 844})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(f"{live_server.url}/report/")
        page.select_option("#id_kind", "infringement_complaint")
        page.get_by_label("Subject").fill("Copies of our patented lamp")
        page.get_by_label("What happened").fill("A shop in Xinjiekou sells copies of our lamp.")
        page.select_option("#id_province_code", "320000")
        page.select_option("#id_city_code", "320100")
        page.get_by_label("Patent numbers").fill("ZL 200330100002.0")
        page.get_by_label("Who infringes (name)").fill("Lamp shop")
        page.get_by_label("Your name").fill("Wang Xiaoming")
        page.get_by_label("Telephone").fill("13912345678")
        page.get_by_role("button", name="Submit").click()
        page.wait_for_selector("#tracking-number")
        tracking = page.inner_text("#tracking-number")
        code = page.inner_text("#verification-code")

        page.goto(f"{live_server.url}/track/")
        page.get_by_label("Tracking number").fill(tracking)
        page.get_by_label("Verification code").fill(code)
        page.get_by_role("button", name="Look up").click()
        page.wait_for_selector("#status-text")
        assert page.inner_text("#status-text") == "Received"
        assert tracking in page.inner_text("#status")

        page.get_by_label("Verification code").fill("WRONG123")
        page.get_by_role("button", name="Look up").click()
        assert page.locator("#status-text").count() == 0
        assert "No complaint matches" in page.inner_text("main")
        browser.close()
    assert errors == []
