"""The office tree every fresh database has after `ipoffice migrate`."""

import pytest

from ipoffice.offices.models import NATIONAL_CODE, Office, OfficeLevel
from ipoffice.offices.reference import reference_offices_load

pytestmark = pytest.mark.django_db

PROVINCES = {
    "110000", "120000", "130000", "140000", "150000", "210000", "220000", "230000", "310000",
    "320000", "330000", "340000", "350000", "360000", "370000", "410000", "420000", "430000",
    "440000", "450000", "460000", "500000", "510000", "520000", "530000", "540000", "610000",
    "620000", "630000", "640000", "650000",
}  # fmt: skip
# Capitals of the 27 provinces and autonomous regions (the four municipalities are
# provincial offices themselves), then the five cities separately listed in the state plan.
CAPITALS = {
    "130100": "石家庄", "140100": "太原", "150100": "呼和浩特", "210100": "沈阳", "220100": "长春",
    "230100": "哈尔滨", "320100": "南京", "330100": "杭州", "340100": "合肥", "350100": "福州",
    "360100": "南昌", "370100": "济南", "410100": "郑州", "420100": "武汉", "430100": "长沙",
    "440100": "广州", "450100": "南宁", "460100": "海口", "510100": "成都", "520100": "贵阳",
    "530100": "昆明", "540100": "拉萨", "610100": "西安", "620100": "兰州", "630100": "西宁",
    "640100": "银川", "650100": "乌鲁木齐",
}  # fmt: skip
PLAN_CITIES = {"210200": "大连", "330200": "宁波", "350200": "厦门", "370200": "青岛",
               "440300": "深圳"}  # fmt: skip


def test_national_office_is_the_root():
    national = Office.objects.get(code=NATIONAL_CODE)
    assert national.parent is None
    assert national.level == OfficeLevel.NATIONAL
    assert national.name_zh == "国家知识产权局"


def test_all_31_provincial_offices_sit_below_the_national_office():
    provincial = Office.objects.filter(level=OfficeLevel.PROVINCIAL)
    assert {o.code for o in provincial} == PROVINCES
    assert {o.parent.code for o in provincial.select_related("parent")} == {NATIONAL_CODE}
    assert Office.objects.get(code="320000").name_en == "Jiangsu Intellectual Property Office"


@pytest.mark.parametrize("code,city", [*CAPITALS.items(), *PLAN_CITIES.items()])
def test_capitals_and_plan_cities_are_below_their_province(code, city):
    office = Office.objects.select_related("parent").get(code=code)
    assert office.level == OfficeLevel.MUNICIPAL
    assert office.parent.code == code[:2] + "0000"
    assert office.name_zh.startswith(city)
    assert office.name_en.endswith("Intellectual Property Office")
    assert office.path == f"{NATIONAL_CODE}/{code[:2]}0000/{code}/"


def test_every_office_has_both_names_and_a_consistent_path():
    for office in Office.objects.select_related("parent"):
        assert office.name_zh and office.name_en, office.code
        assert office.path == office.compute_path()


def test_loading_again_adds_nothing():
    before = Office.objects.count()
    assert reference_offices_load(Office) == 0
    assert Office.objects.count() == before


def test_municipal_offices_are_the_333_prefecture_level_divisions():
    municipal = Office.objects.filter(level=OfficeLevel.MUNICIPAL)
    assert municipal.count() == 333
    # Groupings of county-level units are not offices.
    assert not municipal.filter(name_zh__contains="直辖").exists()
    assert not municipal.filter(code__regex=r"^\d{2}90").exists()
