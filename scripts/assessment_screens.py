"""Screenshots of the assessment pages, from a scratch database with the demo.

Build the data (after `ipoffice migrate` and `ipoffice demo` on a scratch database):

    IPOFFICE_MODE=development DATABASE_URL=sqlite:////tmp/scratch/db.sqlite3 \
        PYTHONPATH=src .venv/bin/python scripts/assessment_screens.py build

It adopts a provincial scheme for 2012 and 2013 from figures of the enforcement form
(the 2013 schemes of assessment/examples.py need figures not yet in the form), publishes
the 2012 round (so that 2013 shows the change of rank) and leaves 2013 open: every
province claims its manual item, Jiangsu with evidence, some are submitted, reviewed or
confirmed. Then run the server on that database and take the pictures:

    .venv/bin/python scripts/assessment_screens.py shoot [http://127.0.0.1:8000] [OUT]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipoffice.settings")

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
E = "enforcement"


def _indicators() -> list[dict]:
    cases = {"group_zh": "案件办理", "group_en": "Case handling"}
    work = {"group_zh": "工作成效", "group_en": "Results"}
    build = {"group_zh": "能力建设", "group_en": "Capacity building"}
    return [
        {**cases, "code": "infringement", "name_zh": "专利侵权纠纷案件",
         "name_en": "Infringement disputes", "kind": "per_record", "cap": 30,
         "rule": {"terms": [{"form": E, "figure": "infringement_disputes_accepted",
                             "points": 0.1}]}},
        {**cases, "code": "passing_off", "name_zh": "假冒专利案件", "name_en": "Passing-off cases",
         "kind": "per_record", "cap": 20,
         "rule": {"terms": [{"form": E, "figure": "passing_off_accepted", "points": 0.05}]}},
        {**work, "code": "growth", "name_zh": "办案量增长", "name_en": "Growth of cases",
         "kind": "growth", "cap": 10,
         "rule": {"form": E, "figure": "cases_accepted", "points": 1, "per_pct": 10}},
        {**work, "code": "in_time", "name_zh": "按期结案率", "name_en": "Concluded in time",
         "kind": "rate_bands",
         "rule": {"numerator": {"form": E, "figure": "closed_within_time_limit"},
                  "denominator": {"form": E, "figure": "cases_closed"},
                  "bands": [{"at_least": 90, "points": 10}, {"at_least": 80, "points": 8},
                            {"at_least": 60, "points": 5}, {"above": 0, "points": 1}]}},
        {**build, "code": "publicity", "name_zh": "宣传与培训", "name_en": "Publicity and training",
         "kind": "manual", "rule": {"max": 5, "evidence": True}},
    ]  # fmt: skip


def build() -> None:
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ipoffice.accounts.models import User
    from ipoffice.assessment import services as s
    from ipoffice.assessment.models import Assessment

    cn, js = User.objects.get(username="cnipa_head"), User.objects.get(username="js_head")
    for year in (2012, 2013):
        scheme = s.scheme_create(
            actor=cn, year=year, level="provincial", indicators=_indicators(),
            name_zh=f"{year}年度省级知识产权局专利行政执法绩效考核方案",
            name_en=f"{year} performance assessment of provincial offices' patent enforcement",
            source=f"国知办发管字〔{year}〕示例号", value_source="records",
        )  # fmt: skip
        s.scheme_adopt(actor=cn, scheme=scheme)
        round_ = s.round_open(actor=cn, year=year, level="provincial")
        for n, a in enumerate(round_.assessments.select_related("office").order_by("office__code")):
            head = User.objects.filter(office=a.office, groups__name="office_head").first()
            if head is None:
                head = User.objects.create(username=f"head_{a.office.code}", office=a.office,
                                           full_name=f"{a.office.name_zh}局长")  # fmt: skip
                head.groups.set(js.groups.all())
            points = 4 if a.office.code == "320000" else n % 6
            points = min(points, 5)
            s.manual_claim(actor=head, assessment=a, indicator="publicity", points=points,
                           note="开展知识产权宣传周活动，举办执法培训班两期。")  # fmt: skip
            if points:
                s.evidence_attach(
                    actor=head, assessment=a, indicator="publicity",
                    upload=SimpleUploadedFile("宣传周活动总结.pdf", b"%PDF-1.4\n%%EOF\n",
                                              content_type="application/pdf"),
                    description="宣传周活动总结",
                )  # fmt: skip
            if a.office.code == "320000":
                s.assessment_remark(actor=head, assessment=a, indicator="growth",
                                    text="2013年开展护航专项行动，案件量大幅增长。")  # fmt: skip
            if year == 2013 and n % 4 == 3:
                continue  # still self-assessing
            s.assessment_transition(actor=head, assessment=a, name="submit")
            a = Assessment.objects.get(pk=a.pk)
            if year == 2013 and n % 4 == 2:
                continue  # waiting for the review
            awarded = points if a.office.code != "320000" else 3
            s.manual_award(actor=cn, assessment=a, indicator="publicity", points=awarded,
                           reason="" if awarded == points else "培训仅一期有证明材料")  # fmt: skip
            s.assessment_transition(actor=cn, assessment=a, name="review")
            if year == 2013 and n % 4 == 1:
                continue
            s.assessment_transition(actor=cn, assessment=Assessment.objects.get(pk=a.pk),
                                    name="confirm")  # fmt: skip
        if year == 2012:
            s.round_publish(actor=cn, round_=round_)
    print("built")


# (file name, login, language, path)
SHOTS = [
    ("assessment-rounds-{lang}.png", "cnipa_head", "/assessment/"),
    ("assessment-scheme-{lang}.png", "cnipa_head", "/assessment/schemes/{scheme}/"),
    ("assessment-ranking-{lang}.png", "cnipa_head", "/assessment/{round}/"),
    ("assessment-ranking-2012-{lang}.png", "gd_head", "/assessment/{previous}/"),
    ("assessment-result-{lang}.png", "js_head", "/assessment/{round}/320000/"),
    ("assessment-review-{lang}.png", "cnipa_head", "/assessment/{round}/{submitted}/"),
]


def shoot(base: str, out: Path) -> None:
    import django

    django.setup()
    from playwright.sync_api import sync_playwright

    from ipoffice.assessment.models import Assessment, Round

    current = Round.objects.get(year=2013, level="provincial")
    values = {
        "round": current.pk,
        "previous": Round.objects.get(year=2012, level="provincial").pk,
        "scheme": current.scheme_id,
        "submitted": Assessment.objects.filter(round=current, status="submitted")
        .order_by("office__code")
        .first()
        .office.code,  # type: ignore[union-attr]
    }
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for language in ("zh-hans", "en"):
            for name, username, path in SHOTS:
                page = browser.new_page(viewport={"width": 1280, "height": 900}, locale=language)
                page.goto(f"{base}/login/")
                page.fill("#id_username", username)
                page.fill("#id_password", "ipoffice-demo")
                page.click("button[type=submit]")
                page.goto(base + path.format(**values))
                short = "zh" if language == "zh-hans" else "en"
                page.screenshot(path=str(out / name.format(lang=short)), full_page=True)
                page.close()
        browser.close()


if __name__ == "__main__":
    if sys.argv[1:2] == ["build"]:
        build()
    else:
        shoot(
            sys.argv[2] if len(sys.argv) > 2 else "http://127.0.0.1:8000",
            Path(sys.argv[3]) if len(sys.argv) > 3 else OUT,
        )
