"""Regenerate src/ipoffice/offices/data/offices.csv (run by hand, output committed).

Source: the GB/T 2260 table that python-stdnum ships (stdnum/cn/loc.dat), which
marks withdrawn codes as "[-YYYY]name". We keep the provinces and every current
prefecture-level division; English names come from pypinyin plus a fixed suffix
table, and the 31 provinces carry their conventional English names.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import stdnum.cn
from pypinyin import Style, lazy_pinyin

PROVINCES_EN = {
    "11": "Beijing",
    "12": "Tianjin",
    "13": "Hebei",
    "14": "Shanxi",
    "15": "Inner Mongolia",
    "21": "Liaoning",
    "22": "Jilin",
    "23": "Heilongjiang",
    "31": "Shanghai",
    "32": "Jiangsu",
    "33": "Zhejiang",
    "34": "Anhui",
    "35": "Fujian",
    "36": "Jiangxi",
    "37": "Shandong",
    "41": "Henan",
    "42": "Hubei",
    "43": "Hunan",
    "44": "Guangdong",
    "45": "Guangxi",
    "46": "Hainan",
    "50": "Chongqing",
    "51": "Sichuan",
    "52": "Guizhou",
    "53": "Yunnan",
    "54": "Tibet",
    "61": "Shaanxi",
    "62": "Gansu",
    "63": "Qinghai",
    "64": "Ningxia",
    "65": "Xinjiang",
}
# Longest first: the suffix decides the English kind of division.
SUFFIXES = [
    ("自治州", "Autonomous Prefecture"),
    ("地区", "Prefecture"),
    ("盟", "League"),
    ("市", ""),
]
# pypinyin reads a few place names with the wrong tone-less reading.
PINYIN_FIXES = {
    "六安": "Lu'an",
    "蚌埠": "Bengbu",
    "丽水": "Lishui",
    "长治": "Changzhi",
    "长春": "Changchun",
    "长沙": "Changsha",
    "厦门": "Xiamen",
    "重庆": "Chongqing",
    "乐山": "Leshan",
    "朝阳": "Chaoyang",
    "拉萨": "Lhasa",
    "乌鲁木齐": "Urumqi",
    "呼和浩特": "Hohhot",
    "阿拉善": "Alxa",
    "日喀则": "Shigatse",
    "哈尔滨": "Harbin",
    "齐齐哈尔": "Qiqihar",
    "喀什": "Kashgar",
}
# Autonomous prefectures carry the names of peoples; English uses their exonyms.
ETHNIC = [
    ("藏族羌族", "Tibetan and Qiang"),
    ("傣族景颇族", "Dai and Jingpo"),
    ("土家族苗族", "Tujia and Miao"),
    ("布依族苗族", "Bouyei and Miao"),
    ("苗族侗族", "Miao and Dong"),
    ("哈尼族彝族", "Hani and Yi"),
    ("壮族苗族", "Zhuang and Miao"),
    ("蒙古族藏族", "Mongol and Tibetan"),
    ("朝鲜族", "Korean"),
    ("藏族", "Tibetan"),
    ("彝族", "Yi"),
    ("傣族", "Dai"),
    ("白族", "Bai"),
    ("傈僳族", "Lisu"),
    ("回族", "Hui"),
    ("蒙古", "Mongol"),
    ("哈萨克", "Kazakh"),
    ("柯尔克孜", "Kyrgyz"),
    ("苗族", "Miao"),
]
ENTRY = re.compile(r"^\s*(\d{2}|\d{4}) \w+=\"(.*)\"$")


def pinyin(stem: str) -> str:
    if stem in PINYIN_FIXES:
        return PINYIN_FIXES[stem]
    for ethnic, english_name in ETHNIC:
        if stem.endswith(ethnic) and len(stem) > len(ethnic):
            return f"{pinyin(stem[: -len(ethnic)])} {english_name}"
    return "".join(lazy_pinyin(stem, style=Style.NORMAL)).capitalize()


def english(name: str) -> str:
    for suffix, kind in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            return f"{pinyin(stem)} {kind}".strip()
    return pinyin(name)


def main() -> None:
    loc = Path(stdnum.cn.__file__).with_name("loc.dat").read_text(encoding="utf-8")
    rows = [("code", "parent_code", "level", "name_zh", "name_en")]
    rows.append(
        (
            "100000",
            "",
            "national",
            "国家知识产权局",
            "China National Intellectual Property Administration",
        )
    )
    province = ""
    for line in loc.splitlines():
        m = ENTRY.match(line)
        if not m:
            continue
        code, names = m.groups()
        current = [n for n in names.split(",") if not re.match(r"\[\d*-\d+\]", n)]
        if not current:
            continue  # withdrawn: every name it had has an end year
        name = re.sub(r"^\[\d*-\]", "", current[-1])
        if len(code) == 2:
            province = code
            if code in PROVINCES_EN:
                rows.append(
                    (
                        f"{code}0000",
                        "100000",
                        "provincial",
                        f"{name}知识产权局",
                        f"{PROVINCES_EN[code]} Intellectual Property Office",
                    )
                )
            continue
        if province not in PROVINCES_EN or not code.endswith("00") or code == "0000":
            continue
        # Not prefecture-level offices: municipal districts, county groupings, and the
        # province-administered county-level units (middle digits 90, e.g. 429000).
        if name in {"市辖区", "县", "林区"} or "直辖县级" in name or code.startswith("90"):
            continue
        rows.append(
            (
                f"{province}{code}",
                f"{province}0000",
                "municipal",
                f"{name}知识产权局",
                f"{english(name)} Intellectual Property Office",
            )
        )
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerows(rows)


if __name__ == "__main__":
    main()
