"""The complaint's whole way on a phone-sized screen in Chinese: the complainant picks the
province and then a city of it, switches the language mid-way without losing the text,
attaches a photo, submits and follows the complaint; the agent opens it and downloads the
photo. Fails on any "None" or internal code on the way."""

import re
from pathlib import Path

import pytest

from ipoffice.accounts.roles import Role
from ipoffice.common.tests.browser import ARGS, CHROMIUM, needs_browser
from ipoffice.complaints.tests.test_files import PNG

SHOTS = Path("/tmp/shots-publicui")
INTERNAL = re.compile(r"\bNone\b|city center|infringement_complaint|\b[1-6]\d0[0-9]00\b")


def _clean(text: str) -> None:
    found = INTERNAL.findall(text)
    assert found == [], found


@needs_browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_file_on_a_phone_in_chinese_then_the_agent_downloads_the_evidence(
    live_server, centers, make_user, settings, tmp_path
):
    from playwright.sync_api import sync_playwright

    settings.MEDIA_ROOT = tmp_path / "media"
    agent = make_user("320100-C1", Role.AGENT, username="nj_agent")
    agent.set_password("a long trial password")
    agent.save()
    photo = tmp_path / "商品照片.png"
    photo.write_bytes(PNG)
    SHOTS.mkdir(exist_ok=True)
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(
            locale="zh-CN", viewport={"width": 390, "height": 844}, accept_downloads=True
        )
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(f"{live_server.url}/report/")
        assert page.locator("#id_city_code option").count() == 1  # nothing before a province
        page.select_option("#id_province_code", "320000")
        cities = page.locator("#id_city_code option").all_inner_texts()
        assert "南京市" in cities and "石家庄市" not in cities and len(cities) == 14
        assert page.locator("#id_province_code option[value='320000']").inner_text() == "江苏省"
        page.select_option("#id_kind", "infringement_complaint")
        page.get_by_label("标题").fill("仿冒我司外观设计的台灯")
        page.get_by_label("事情经过").fill("新街口某商场销售的台灯与我司外观设计专利相同。")
        page.select_option("#id_city_code", "320100")
        page.get_by_label("专利号").fill("ZL200330100002.0")
        page.get_by_label("您的姓名").fill("王小明")
        page.screenshot(path=str(SHOTS / "report-phone-zh.png"), full_page=True)

        page.select_option("#language-switch", "en")  # mid-way: the text must stay
        page.wait_for_selector("html[lang='en']")
        assert page.get_by_label("Subject").input_value() == "仿冒我司外观设计的台灯"
        assert page.get_by_label("Your name").input_value() == "王小明"
        assert page.locator("#id_city_code").input_value() == "320100"
        page.screenshot(path=str(SHOTS / "report-phone-en.png"), full_page=True)
        page.select_option("#language-switch", "zh-hans")
        page.wait_for_selector("html[lang='zh-hans']")
        assert page.get_by_label("事情经过").input_value().startswith("新街口")

        page.get_by_label("电话").fill("abc")
        page.set_input_files("#id_evidence", str(photo))
        page.get_by_role("button", name="提交").click()
        assert page.inner_text("#id_phone_error").startswith("abc 不是电话号码")
        assert page.get_by_label("标题").input_value() == "仿冒我司外观设计的台灯"
        page.get_by_label("电话").fill("139 1234 5678")
        page.set_input_files("#id_evidence", str(photo))
        page.get_by_role("button", name="提交").click()
        page.wait_for_selector("#tracking-number")
        tracking = page.inner_text("#tracking-number")
        code = page.inner_text("#verification-code")
        _clean(page.inner_text("main"))

        page.goto(f"{live_server.url}/track/")
        page.get_by_label("查询编号").fill(tracking)
        page.get_by_label("验证码").fill(code)
        page.locator("main button[type=submit]").click()
        page.wait_for_selector("#status-text")
        assert page.inner_text("#status-text") == "已收到"
        _clean(page.inner_text("main"))
        page.screenshot(path=str(SHOTS / "track-phone-zh.png"), full_page=True)

        staff = context.new_page()
        staff.goto(f"{live_server.url}/login/")
        staff.fill("#id_username", "nj_agent")
        staff.fill("#id_password", "a long trial password")
        staff.locator("main button[type=submit]").click()
        staff.goto(f"{live_server.url}/complaints/")
        staff.get_by_role("link", name=tracking).click()
        staff.wait_for_selector("h1")
        main = staff.inner_text("main")
        assert "南京市的维权援助中心" in main and "江苏省 南京市" in main
        _clean(main)
        staff.screenshot(path=str(SHOTS / "complaint-agent-zh.png"), full_page=True)
        with staff.expect_download() as download:
            staff.get_by_role("link", name="商品照片.png").click()
        assert download.value.suggested_filename == "商品照片.png"
        assert Path(download.value.path()).read_bytes() == PNG
        browser.close()
    assert errors == []
