"""``ipoffice assess score``: the ranking of a level for a year, as a table or JSON."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ipoffice.assessment.enums import AssessedLevel, ValueSource
from ipoffice.assessment.services import scheme_copy
from ipoffice.assessment.tests.conftest import per

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("assess", "score", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def provinces(adopted, add_cases):
    scheme = adopted(
        per("disputes", "infringement_disputes_accepted", 3, cap=9),
        level=AssessedLevel.PROVINCIAL,
        value_source=ValueSource.RECORDS,
    )
    add_cases("320100", 5, accepted_on=date(2013, 3, 1), case_type="infringement_dispute")
    add_cases("440300", 2, accepted_on=date(2013, 3, 1), case_type="infringement_dispute")
    return scheme


def test_the_ranking_as_a_table_in_either_language(provinces):
    lines = run("--year", "2013", "--level", "province", "--language", "en").splitlines()
    assert "2013 · Provincial offices" in lines[0] and "version 1 (Adopted)" in lines[0]
    assert lines[1].split()[:4] == ["Rank", "Code", "Office", "Total"]
    first, second = lines[2].split(), lines[3].split()
    assert (first[0], first[1], first[-2]) == ("1", "320000", "9.00")  # 15 capped at 9
    assert (second[0], second[1], second[-1]) == ("2", "440000", "6.00")
    assert len(lines) == 2 + 31
    chinese = run("--year", "2013", "--level", "province", "--language", "zh-hans")
    assert "名次" in chinese and "江苏" in chinese and "Rank" not in chinese


def test_the_ranking_as_json_says_the_scheme_version(people, provinces):
    draft = scheme_copy(actor=people["cn"], scheme=provinces, changes={"disputes": {"cap": None}})
    found = json.loads(run("--year", "2013", "--level", "province", "--scheme", "2", "--json"))
    assert (found["scheme"], found["scheme_version"]) == (draft.pk, 2)
    top = found["rows"][0]
    assert (top["rank"], top["office"], top["total"]) == (1, "320000", "15.00")
    assert top["points"] == {"disputes": "15.00"}


def test_no_adopted_scheme_or_an_unknown_version_is_a_clear_error(provinces):
    with pytest.raises(CommandError, match="No scheme is adopted for 2014"):
        run("--year", "2014", "--level", "province", "--language", "en")
    with pytest.raises(CommandError, match=r"No version 7 .*\(versions: 1\)"):
        run("--year", "2013", "--level", "province", "--scheme", "7", "--language", "en")
    with pytest.raises(CommandError, match="No scheme is adopted"):
        run("--year", "2013", "--level", "city", "--language", "en")


def test_an_error_exits_with_status_2(provinces):
    with pytest.raises(CommandError) as refused:
        run("--year", "2014", "--level", "province")
    assert refused.value.returncode == 2
    with pytest.raises(CommandError) as refused:
        run("--year", "2013", "--level", "province", "--scheme", "9")
    assert refused.value.returncode == 2
