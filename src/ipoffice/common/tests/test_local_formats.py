"""Numbers grouped by thousands in both languages; years, ids and codes never."""

from __future__ import annotations

from datetime import date

import pytest
from django.template import Context, Template
from django.utils import translation

from ipoffice.accounts.roles import Role


def render(text: str, **context) -> str:
    return Template("{% load l10n %}" + text).render(Context(context))


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_figures_are_grouped_and_dates_follow_the_language(language):
    with translation.override(language):
        assert render("{{ n }}", n=16227) == "16,227"
        assert render("{{ fine }}", fine=1234567.5) == "1,234,567.5"
        assert render("{{ y|unlocalize }}", y=2013) == "2013"
        assert render('{{ d|date:"SHORT_DATE_FORMAT" }}', d=date(2013, 5, 6)) == "2013-05-06"
    with translation.override("zh-hans"):
        assert render('{{ d|date:"DATE_FORMAT" }}', d=date(2013, 5, 6)) == "2013年5月6日"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_dashboard_year_and_its_links_are_not_grouped(make_user, client, language):
    client.force_login(make_user("100000", Role.SUPERVISOR))
    page = client.get("/dashboard/", {"year": "2013"}, HTTP_ACCEPT_LANGUAGE=language)
    text = page.content.decode()
    assert page.status_code == 200
    assert "2,013" not in text and "2,012" not in text
    assert 'value="2013"' in text and "year=2013" in text
    annual = client.get("/reports/annual/", {"year": "2013"}, HTTP_ACCEPT_LANGUAGE=language)
    assert "2,01" not in annual.content.decode()


@pytest.mark.django_db
def test_a_date_field_shows_iso_dates_for_the_browser(make_user, client):
    from ipoffice.cases.forms import CaseForm

    with translation.override("zh-hans"):
        html = str(CaseForm(initial={"filed_on": date(2013, 5, 6)})["filed_on"])
    assert 'value="2013-05-06"' in html
