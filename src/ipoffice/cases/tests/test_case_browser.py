"""An infringement dispute from registration to decision, with an extension request, in
headless Chromium and in Chinese: every page is checked for "None", codes and English."""

import re
from datetime import timedelta

import pytest

from ipoffice.common.tests.browser import ARGS, CHROMIUM, needs_browser

# Lower-case ASCII words: codes (infringement_dispute, due_on) or untranslated English.
CODE_OR_ENGLISH = re.compile(r"\b(?:None|[a-z]{2,}(?:_[a-z]+)*)\b")


def _clean(page) -> str:
    text = page.inner_text("main")
    found = CODE_OR_ENGLISH.findall(text)
    assert found == [], (page.url, found)
    return text


@needs_browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_register_accept_extend_and_decide_in_chinese(live_server, make_user):
    from django.utils import timezone
    from playwright.sync_api import sync_playwright

    from ipoffice.accounts.roles import Role
    from ipoffice.accounts.tests.factories import TEST_PASSWORD
    from ipoffice.cases.models import Case

    make_user("320100", Role.ENFORCEMENT_OFFICER, username="officer", full_name="李明")
    make_user("320100", Role.OFFICE_HEAD, username="head", full_name="王芳")
    filed = timezone.localdate() - timedelta(days=3)
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

        login("officer")
        page.goto(f"{live_server.url}/cases/new/")
        page.select_option("#id_case_type", "infringement_dispute")
        page.select_option("#id_source", "complaint")
        page.fill("#id_filed_on", filed.isoformat())
        page.fill("#id_title", "某灯具公司诉某商店侵犯外观设计专利权纠纷")
        page.fill("#id_patent_numbers", "200330100002.0")
        page.fill("#id_requester_name", "南京某灯具有限公司")
        page.fill("#id_respondent_name", "某商店")
        page.fill("#id_illegal_gains", "12345.60")
        page.get_by_role("button", name="登记").click()
        page.wait_for_selector("h1")
        text = _clean(page)
        assert "某灯具公司诉某商店侵犯外观设计专利权纠纷" in text and "12,345.60" in text
        case_url = page.url
        number = page.inner_text("h1").split()[0]

        page.click("#panel-accept summary")
        page.get_by_role("button", name="立案").click()
        page.wait_for_selector(".messages")
        assert "已立案" in _clean(page)

        page.click("#panel-extension summary")
        page.fill("#id_extension-days", "999")
        page.fill("#id_extension-reason", "需要委托技术鉴定")
        page.locator("#panel-extension").get_by_role("button").click()
        # Too many days: the panel stays open with the reason as typed and the field named.
        assert page.locator("#panel-extension[open]").count() == 1
        assert page.input_value("#id_extension-reason") == "需要委托技术鉴定"
        assert "申请延长天数" in page.inner_text("#panel-extension .error")
        _clean(page)
        page.fill("#id_extension-days", "20")
        page.locator("#panel-extension").get_by_role("button").click()
        page.wait_for_selector(".messages")
        _clean(page)

        login("head")
        page.goto(case_url)
        assert "需要委托技术鉴定" in _clean(page)
        panel = page.locator("details[id^=panel-decision-]")
        request_pk = (panel.get_attribute("id") or "").rsplit("-", 1)[1]
        panel.locator("summary").click()
        page.fill(f"#id_decision-{request_pk}-reason", "同意延长二十日")
        page.get_by_role("button", name="批准延长", exact=True).click()
        page.wait_for_selector(".messages")
        text = _clean(page)
        assert ("同意延长二十日" in text and "延长期限已批准" in text) or "批准" in text

        page.click("#panel-decide summary")
        page.select_option("#id_decide-outcome", "infringement_found")
        page.fill("#id_decide-reason", "被请求人销售的灯具落入专利保护范围")
        page.locator("#panel-decide").get_by_role("button").click()
        page.wait_for_selector(".messages")
        text = _clean(page)
        assert "已结案" in text or "作出决定" in text
        page.click("text=处理决定书")
        assert "处理决定书" in page.inner_text("main") and number in page.inner_text("main")
        _clean(page)
        browser.close()
    case = Case.objects.get()
    assert (case.status, case.outcome, case.extension_days) == (
        "concluded",
        "infringement_found",
        20,
    )
    # The refused request answers 400 (the page again, with the problem): nothing else.
    assert [e for e in errors if "status of 400" not in e] == []
