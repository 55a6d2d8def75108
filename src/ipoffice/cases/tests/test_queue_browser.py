"""An officer's morning, in Chinese: the queue shows a case due this week; the case list
sorts; a filter is saved and applied again. No "None", no internal code on any page."""

import re

import pytest
from django.utils import timezone

from ipoffice.common.tests.browser import ARGS, CHROMIUM, needs_browser

CODE = re.compile(r"\b[a-z]+_[a-z_]+\b")  # e.g. infringement_dispute, due_on


def _clean(text: str) -> None:
    assert "None" not in text
    assert CODE.findall(text) == []


@needs_browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_officer_queue_sort_and_saved_filter(live_server, make_user):
    from playwright.sync_api import sync_playwright

    from ipoffice.accounts.roles import Role
    from ipoffice.accounts.tests.factories import TEST_PASSWORD
    from ipoffice.cases.services import case_create
    from ipoffice.cases.tests.conftest import case_data

    officer = make_user("320100", Role.ENFORCEMENT_OFFICER, username="nj_officer")
    today = timezone.localdate()
    soon = case_create(
        actor=officer, office=officer.office, data=case_data(filed_on=today, title="台灯纠纷")
    )
    older = case_create(
        actor=officer, office=officer.office, data=case_data("passing_off", title="假冒标识")
    )
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 900})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", "nj_officer")
        page.fill("#id_password", TEST_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector("#queue-due_soon")
        due = page.inner_text("#queue-due_soon")
        assert "5个工作日内到期" in due and soon.case_number in due and "台灯纠纷" in due
        _clean(page.inner_text("body"))

        page.click("nav >> text=案件")
        page.click("th >> text=收到")  # sort by the filing date, oldest first
        page.wait_for_url("**sort=filed_on**")
        rows = page.locator("table.list tbody tr").all_inner_texts()
        assert older.case_number in rows[0] and soon.case_number in rows[1]
        page.click("th >> text=收到")  # again: newest first
        page.wait_for_url("**sort=-filed_on**")
        assert soon.case_number in page.locator("table.list tbody tr").first.inner_text()
        _clean(page.inner_text("body"))

        page.select_option("#case_type", "passing_off")
        page.click("form.filters button[type=submit]")
        page.wait_for_url("**case_type=passing_off**")
        page.fill("#saved-filter-name", "我的假冒案件")
        page.click(".saved-filters button[type=submit]:has-text('保存')")
        page.wait_for_selector(".saved a:has-text('我的假冒案件')")
        page.goto(f"{live_server.url}/cases/")
        assert page.locator("table.list tbody tr").count() == 2
        page.click(".saved a:has-text('我的假冒案件')")
        page.wait_for_url("**case_type=passing_off**")
        rows = page.locator("table.list tbody tr").all_inner_texts()
        assert len(rows) == 1 and older.case_number in rows[0]
        _clean(page.inner_text("body"))
        browser.close()
    assert errors == []
