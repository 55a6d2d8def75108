"""Regenerate src/ipoffice/deadlines/data/cn_calendar.csv (run by hand, output committed).

Source: the State Council holiday notices as compiled by the chinese-calendar package
(2004 onwards). Each row is a statutory holiday (法定节假日, including the rest days moved
into the holiday) or a make-up working day (调休上班日) that falls on a weekend.
"""

from __future__ import annotations

import csv
import sys

from chinese_calendar.constants import holidays, workdays

ZH = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节", "Dragon Boat Festival": "端午节", "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}  # fmt: skip


def main() -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["date", "kind", "name_en", "name_zh"])
    rows = [(day, "holiday", name) for day, name in holidays.items()]
    rows += [(day, "makeup_workday", name) for day, name in workdays.items()]
    for day, kind, name in sorted(rows):
        name = str(getattr(name, "value", name))
        writer.writerow([day.isoformat(), kind, name, ZH.get(name, name)])


if __name__ == "__main__":
    main()
