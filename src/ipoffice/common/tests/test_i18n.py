"""The interface in Simplified Chinese and English, following the browser, with a switch."""

import subprocess
from pathlib import Path

import polib
import pytest
from django.urls import reverse
from django.utils.translation.template import templatize

from ipoffice.accounts.roles import Role

pytestmark = pytest.mark.django_db
PO_FILE = Path(__file__).resolve().parents[2] / "locale/zh_Hans/LC_MESSAGES/django.po"


def test_browser_language_decides_the_interface(make_user, client):
    client.force_login(make_user("320100", role=Role.OFFICE_HEAD))
    zh = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9").content.decode()
    en = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "你的单位" in zh and "南京市知识产权局" in zh and "办公室负责人" in zh
    assert "Your office" in en and "Nanjing Intellectual Property Office" in en
    assert "Office head" in en and "你的单位" not in en


def test_language_switch_overrides_the_browser(make_user, client):
    client.force_login(make_user("320100"))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "Your office" in page
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert "你的单位" in client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_login_page_in_both_languages(client):
    assert "登录" in client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "Log in" in client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_every_message_is_translated_into_chinese():
    catalogue = polib.pofile(str(PO_FILE))
    missing = [e.msgid for e in catalogue if not e.translated() and not e.obsolete]
    assert missing == []


def test_catalogue_covers_every_string_in_the_code(tmp_path):
    """Every message in the Python sources and templates is in the committed catalogue."""
    package = PO_FILE.parents[3]
    sources = [str(p) for p in package.rglob("*.py") if "tests" not in p.parts]
    for number, template in enumerate(sorted(package.rglob("*.html"))):
        # The same conversion `makemessages` applies before handing templates to xgettext.
        converted = tmp_path / f"template{number}.py"
        converted.write_text(templatize(template.read_text(encoding="utf-8")), encoding="utf-8")
        sources.append(str(converted))
    out = tmp_path / "messages.pot"
    subprocess.run(["xgettext", "--from-code=UTF-8", "--language=Python",
                    "--keyword=gettext_lazy", "--keyword=gettext", "--keyword=_",
                    "--keyword=ngettext:1,2", "--keyword=pgettext:1c,2",
                    "--keyword=npgettext:1c,2,3", "-o", str(out), *sorted(sources)],
                   check=True)  # fmt: skip
    in_code = {(e.msgctxt, e.msgid) for e in polib.pofile(str(out))}
    in_catalogue = {(e.msgctxt, e.msgid) for e in polib.pofile(str(PO_FILE)) if not e.obsolete}
    assert sorted(in_code - in_catalogue, key=str) == []


def test_refusals_come_in_the_users_language(make_user, api_client):
    from datetime import date

    from ipoffice.cases.services import case_create
    from ipoffice.cases.tests.conftest import case_data

    officer = make_user("320100")
    case = case_create(
        actor=officer, office=officer.office, data=case_data(filed_on=date(2024, 3, 1))
    )
    url = f"/api/v1/cases/{case.pk}/transition/"
    api = api_client(officer)
    zh = api.post(url, {"transition": "close"}, format="json", HTTP_ACCEPT_LANGUAGE="zh-CN")
    en = api.post(url, {"transition": "close"}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert zh.json()["detail"] == "案件状态为“已收到”时不能“归档”。"
    assert en.json()["detail"] == "“Close the file” is not possible on a case that is Received."
