"""A city's report filled, returned by the province with a reason, corrected and approved;
then the dashboard and the annual report downloaded: in headless Chromium and in Chinese,
every page checked for "None", codes and English, and for what was typed being kept."""

import re

import pytest

from ipoffice.common.tests.browser import ARGS, CHROMIUM, needs_browser

# Lower-case ASCII words: codes (enforcement, due_on) or untranslated English.
CODE_OR_ENGLISH = re.compile(r"\b(?:None|[a-z]{2,}(?:_[a-z]+)*)\b")
REASON = "执法人员数与人事报表不一致，请核实"


def _clean(page) -> str:
    text = page.inner_text("main")
    found = CODE_OR_ENGLISH.findall(text)
    assert found == [], (page.url, found)
    return text


@needs_browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fill_return_correct_approve_then_dashboard_and_annual_report(live_server, make_user):
    from playwright.sync_api import sync_playwright

    from ipoffice.accounts.roles import Role
    from ipoffice.accounts.tests.factories import TEST_PASSWORD
    from ipoffice.reporting.models import Report

    make_user("320100", Role.ANALYST, username="analyst", full_name="赵敏")
    make_user("320000", Role.OFFICE_HEAD, username="province", full_name="钱进")
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

        def login(username: str) -> None:
            context.clear_cookies()
            page.goto(f"{live_server.url}/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", TEST_PASSWORD)
            page.click("button[type=submit]")

        def act(name: str, reason: str = "") -> None:
            form = page.locator(f'form[action$="/{name}/"]')
            if reason:
                form.locator('[name="reason"]').fill(reason)
            form.locator("button").click()
            page.wait_for_load_state()

        def explain_and_save(typed: str) -> None:
            for box in page.locator('input[name^="explain_"]').all():
                box.fill(typed)
            if page.locator('input[name^="explain_"]').count():
                page.get_by_role("button", name="保存").click()
                page.wait_for_load_state()

        login("analyst")
        page.goto(f"{live_server.url}/reports/")
        _clean(page)
        page.fill("#open-period", "2025年")  # as people type it
        page.get_by_role("button", name="打开报表").click()
        page.wait_for_selector("h1")
        report = int(re.search(r"/reports/(\d+)/", page.url).group(1))
        assert "None" not in page.content()
        manual = page.locator('input[name^="manual_"]')
        if manual.count():  # a wrong value keeps what was typed and names the field
            manual.first.fill("十二")
            page.get_by_role("button", name="保存").click()
            assert manual.first.input_value() == "十二"
            assert "整数" in page.inner_text("main")
            errors.remove(
                "Failed to load resource: the server responded with a status of 400 (Bad Request)"
            )
            manual.first.fill("12")
            page.get_by_role("button", name="保存").click()
        explain_and_save("已与人事报表核对")
        _clean(page)
        act("submit")

        login("province")
        page.goto(f"{live_server.url}/reports/{report}/")
        _clean(page)
        act("return", REASON)

        login("analyst")
        page.goto(f"{live_server.url}/")
        home = _clean(page)
        assert REASON in home  # returned to me, with the reason
        page.goto(f"{live_server.url}/reports/{report}/")
        text = _clean(page)
        assert REASON in text and "钱进" in text  # the reason, who returned it, the history
        explain_and_save("已更正")
        act("submit")

        login("province")
        page.goto(f"{live_server.url}/reports/{report}/")
        act("approve")
        assert "已审核" in _clean(page)

        page.goto(f"{live_server.url}/dashboard/?year=2025年")
        _clean(page)
        page.goto(f"{live_server.url}/reports/annual/?year=2025")
        _clean(page)
        with page.expect_download() as pdf:
            page.locator('a[href*="format=pdf"], a[href*=".pdf"]').first.click()
        assert pdf.value.suggested_filename.endswith(".pdf")
        with open(pdf.value.path(), "rb") as downloaded:
            assert downloaded.read(5) == b"%PDF-"
        browser.close()
    assert errors == []
    done = Report.objects.get(pk=report)
    assert done.status == "approved"
    assert done.events.filter(to_status="returned", reason=REASON).exists()
