"""The 2013 performance assessment in the demo, run through the assessment services.

The national office's demo head drafts and adopts the three schemes of 2013
(``assessment.examples.schemes_2013``) and the same measures for 2012, so that the
rankings show the change of rank on the year before; opens the rounds of both years for
provinces, cities and assistance centers; a few demo offices claim manual items with a
note and a small evidence file, and their reviewers award them, some less than claimed
with the reason; every other manual item is claimed as 0. Every assessment is submitted,
reviewed and confirmed, and both years are published. The points of the computed
indicators are what ``scoring.score`` makes of the demo's 2012-2013 records (history.py,
centers.py): nothing here names a figure.

Every assessed office needs someone who may self-assess (and each province someone who
reviews its cities): the demo logins where an office has one, else one account per office
created here, ``assess_<code>``, with no password (it cannot log in; it stands for the
office's staff in the history). The workflow dates are the day the demo is loaded: the
services stamp today's date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from ipoffice.accounts.models import User
from ipoffice.accounts.roles import Role
from ipoffice.accounts.services import user_create
from ipoffice.assessment.enums import (
    AssessedLevel,
    AssessmentStatus,
    RoundStatus,
    RuleKind,
    SchemeStatus,
)
from ipoffice.assessment.examples import schemes_2013
from ipoffice.assessment.models import ManualScore, Round, Scheme
from ipoffice.assessment.services import (
    assessment_remark,
    assessment_transition,
    evidence_attach,
    manual_award,
    manual_claim,
    round_open,
    round_publish,
    scheme_adopt,
    scheme_create,
)
from ipoffice.assessment.workflow import reviewer_of
from ipoffice.offices.models import NATIONAL_CODE, Office

YEARS = (2012, 2013)
LEVELS = (AssessedLevel.PROVINCIAL, AssessedLevel.MUNICIPAL, AssessedLevel.ASSISTANCE_CENTER)
HEAD = "cnipa_head"  # drafts, adopts, opens, confirms and publishes
NATIONAL_REVIEWER = "cnipa_supervisor"  # reviews the provinces and the centers
# Roles that may self-assess, and review, in the order the demo picks a person.
SELF_ROLES = (Role.ANALYST, Role.OFFICE_HEAD)
REVIEW_ROLES = (Role.SUPERVISOR, Role.OFFICE_HEAD)


@dataclass(frozen=True)
class Item:
    """A manual item a demo office fills in, with its evidence, and what its reviewer
    awards (``reason`` when it is less than claimed)."""

    year: int
    office: str
    indicator: str
    claimed: int
    note: str
    file_name: str
    description: str
    content: tuple[str, ...]  # the evidence's lines (a .pdf's in ASCII)
    awarded: int | None = None  # None: as claimed
    reason: str = ""


DEMO = "（演示材料，非真实文件）"
ITEMS = [
    Item(2013, "320000", "media", 5, "省级及以上媒体宣传报道 14 篇，专题 2 次",
         "江苏省2013年执法宣传报道清单.txt", "媒体报道清单",
         (f"江苏省知识产权局 2013 年专利执法宣传报道清单{DEMO}", "省级报纸报道 9 篇",
          "中央媒体报道 5 篇（其中转载 2 篇）", "“4·26”专题宣传 2 次"),
         4, "清单中 2 篇为转载，按办法不重复计分。"),
    Item(2013, "320000", "legislation", 5, "修订专利执法工作规程，出台展会知识产权保护办法",
         "jiangsu-2013-rules.pdf", "制度文件",
         ("Jiangsu IPO 2013: enforcement procedure rules revised; trade-fair IP protection",
          "measures issued. Demo evidence, not a real document.")),
    Item(2013, "320000", "capacity", 4, "举办全省执法培训 4 期，执法人员 260 人次",
         "江苏省2013年执法培训记录.txt", "培训记录",
         (f"江苏省 2013 年专利行政执法培训记录{DEMO}", "第一期 3 月 南京 68 人",
          "第二期 5 月 苏州 72 人", "第三期 8 月 徐州 60 人", "第四期 11 月 南通 60 人")),
    Item(2013, "320100", "media", 3, "市级媒体报道 8 篇",
         "南京市2013年宣传报道.txt", "媒体报道清单",
         (f"南京市知识产权局 2013 年宣传报道{DEMO}", "南京日报 5 篇", "南京电视台 3 次")),
    Item(2013, "320100", "capacity", 5, "执法培训 2 期，配备执法装备",
         "nanjing-2013-training.pdf", "培训记录",
         ("Nanjing IPO 2013: two enforcement training sessions (96 participants).",
          "Demo evidence, not a real document."),
         3, "材料只证明 2 期培训，每期 1.5 分；装备配备无证明材料。"),
    Item(2013, "320500", "media", 4, "报道 10 篇，开展进展会宣传",
         "苏州市2013年宣传报道.txt", "媒体报道清单",
         (f"苏州市知识产权局 2013 年宣传报道{DEMO}", "苏州日报 6 篇", "展会现场宣传 4 次")),
    Item(2013, "320500", "legislation", 2, "起草《苏州市专利执法协作办法》",
         "苏州市专利执法协作办法（征求意见稿）.txt", "征求意见稿",
         (f"苏州市专利执法协作办法（征求意见稿）{DEMO}", "第一条 为加强专利行政执法协作……"),
         0, "所附文件为征求意见稿，年内尚未发布施行。"),
    Item(2013, "440000", "media", 5, "省级及以上媒体报道 12 篇",
         "广东省2013年宣传报道.txt", "媒体报道清单",
         (f"广东省知识产权局 2013 年宣传报道{DEMO}", "南方日报 7 篇", "中央媒体 5 篇")),
    Item(2013, "440000", "capacity", 5, "执法培训 5 期，执法人员 310 人次",
         "广东省2013年执法培训记录.txt", "培训记录",
         (f"广东省 2013 年专利行政执法培训记录{DEMO}", "共 5 期，310 人次")),
    Item(2013, "440300", "legislation", 5, "出台电子商务领域专利保护工作指引",
         "深圳市2013年制度文件.txt", "制度文件",
         (f"深圳市电子商务领域专利保护工作指引{DEMO}", "第一条 为规范电子商务领域专利保护……"),
         4, "指引为部门工作文件，非地方立法，按制度建设计 4 分。"),
    Item(2013, "320000-C1", "publicity", 4, "12330 宣传进企业 20 场，培训接线员 2 期",
         "江苏中心2013年宣传培训.txt", "宣传与培训记录",
         (f"江苏省知识产权维权援助中心 2013 年宣传与培训{DEMO}", "进企业宣传 20 场",
          "接线员培训 2 期"),
         3, "培训 2 期有记录；宣传场次只附 12 场的照片，按 3 分计。"),
    Item(2013, "440300-C1", "publicity", 5, "12330 宣传 30 场，服务站培训 3 期",
         "深圳中心2013年宣传培训.txt", "宣传与培训记录",
         (f"深圳市知识产权维权援助中心 2013 年宣传与培训{DEMO}", "宣传 30 场", "培训 3 期")),
    Item(2012, "320000", "media", 3, "省级媒体报道 8 篇",
         "江苏省2012年宣传报道.txt", "媒体报道清单",
         (f"江苏省知识产权局 2012 年宣传报道{DEMO}", "新华日报等 8 篇")),
    Item(2012, "440000", "media", 4, "省级及以上媒体报道 10 篇",
         "广东省2012年宣传报道.txt", "媒体报道清单",
         (f"广东省知识产权局 2012 年宣传报道{DEMO}", "南方日报等 10 篇")),
]  # fmt: skip
# (year, office, indicator, the office's remark on a computed indicator)
REMARKS = [
    (2013, "320500", "passing_off_growth",
     "2013 年起假冒专利案件按展会、电商分类统计，增长含统计口径变化。"),
]  # fmt: skip


def _pdf(lines: Iterable[str]) -> bytes:
    """A one-page PDF showing ``lines`` (ASCII), with a correct cross-reference table."""
    text = " T* ".join(f"({line})Tj" for line in lines)
    stream = f"BT /F1 11 Tf 14 TL 56 780 Td {text} ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def evidence_file(item: Item) -> SimpleUploadedFile:
    if item.file_name.endswith(".pdf"):
        return SimpleUploadedFile(item.file_name, _pdf(item.content), "application/pdf")
    content = ("\n".join(item.content) + "\n").encode("utf-8")
    return SimpleUploadedFile(item.file_name, content, "text/plain")


def _schemes(head: User) -> None:
    """The adopted schemes of 2013 and, with the same measures, of 2012."""
    adopted = {
        (s.year, s.level)
        for s in Scheme.objects.filter(year__in=YEARS, status=SchemeStatus.ADOPTED)
    }
    for spec in schemes_2013():
        for year in YEARS:
            if (year, spec["level"]) in adopted:
                continue
            data = {**spec, "year": year}
            if year != spec["year"]:
                data["name_zh"] = spec["name_zh"].replace(str(spec["year"]), str(year))
                data["name_en"] = spec["name_en"].replace(str(spec["year"]), str(year))
                data["note"] = (
                    "演示数据：以2013年办法评价2012年，以便显示排名的年度变化。"
                    " Demo data: the 2013 measures applied to 2012, for the change of rank."
                )
            scheme = scheme_create(actor=head, **data)
            scheme_adopt(actor=head, scheme=scheme)


def _people_by_office(offices: Iterable[Office]) -> dict[int, dict[str, User]]:
    """office id -> {role: the first user holding it}, for the roles that assess."""
    found: dict[int, dict[str, User]] = defaultdict(dict)
    roles = {*SELF_ROLES, *REVIEW_ROLES}
    users = (
        User.objects.filter(office__in=list(offices), is_active=True, groups__name__in=roles)
        .distinct()
        .prefetch_related("groups")
        .order_by("username")
    )
    for user in users:
        for group in user.groups.all():
            if group.name in roles:
                found[user.office_id].setdefault(group.name, user)
    return found


def _pick(held: dict[str, User], roles: tuple[str, ...]) -> User | None:
    return next((held[r] for r in roles if r in held), None)


def _assessors(head: User) -> tuple[dict[int, User], dict[str, User]]:
    """Who self-assesses each assessed office, and who reviews for each reviewing office
    (by code); an office without such a demo login gets its ``assess_<code>`` account."""
    offices = list(Office.objects.filter(level__in=LEVELS, is_active=True).order_by("code"))
    held = _people_by_office(offices)
    selves: dict[int, User] = {}
    reviewers: dict[str, User] = {}
    for office in offices:
        mine = held.get(office.pk, {})
        person = _pick(mine, SELF_ROLES)
        reviewer = _pick(mine, REVIEW_ROLES)
        needs_review = office.level == AssessedLevel.PROVINCIAL
        if person is None or (needs_review and reviewer is None):
            # A province's account also reviews its cities: an office head does both.
            role = Role.OFFICE_HEAD if needs_review else Role.ANALYST
            username = f"assess_{office.code.lower()}"
            person = User.objects.filter(username=username).first() or user_create(
                actor=None,
                username=username,
                office=office,
                roles=[role],
                password=None,
                full_name=f"{office.name_zh}考核联络人",
            )
            reviewer = reviewer or person
        selves[office.pk] = person
        if reviewer is not None:
            reviewers[office.code] = reviewer
    national = User.objects.get(username=NATIONAL_REVIEWER)
    reviewers[NATIONAL_CODE] = national
    return selves, reviewers


def _rounds(head: User) -> list[Round]:
    existing = {(r.year, r.level): r for r in Round.objects.filter(year__in=YEARS)}
    rounds = []
    for year in YEARS:
        for level in LEVELS:
            found = existing.get((year, level))
            rounds.append(found or round_open(actor=head, year=year, level=level))
    return rounds


def _assess(round_: Round, head: User, selves: dict[int, User], reviewers: dict[str, User]) -> int:
    """Take every assessment of the round as far as it goes: self-assessment, review,
    confirmation; then publish. Returns how many were published now."""
    if round_.status == RoundStatus.PUBLISHED:
        return 0
    assessments = list(
        round_.assessments.select_related("office__parent", "round__scheme").order_by(
            "office__code"
        )
    )
    scheme = round_.scheme
    manual = [i.code for i in scheme.indicators.all() if i.kind == RuleKind.MANUAL]
    items = {
        (i.office, i.indicator): i for i in ITEMS if i.year == round_.year and i.indicator in manual
    }
    remarks = {(o, code): text for y, o, code, text in REMARKS if y == round_.year}
    claimed: dict[int, set[str]] = defaultdict(set)
    for assessment_id, code in ManualScore.objects.filter(assessment__round=round_).values_list(
        "assessment_id", "indicator__code"
    ):
        claimed[assessment_id].add(code)
    S = AssessmentStatus
    for assessment in assessments:
        person = selves[assessment.office_id]
        code = assessment.office.code
        if assessment.status in (S.SELF_ASSESSMENT, S.RETURNED):
            for indicator in manual:
                if indicator in claimed[assessment.pk]:
                    continue
                item = items.get((code, indicator))
                if item is not None:
                    evidence_attach(
                        actor=person, assessment=assessment, indicator=indicator,
                        upload=evidence_file(item), description=item.description,
                    )  # fmt: skip
                manual_claim(
                    actor=person,
                    assessment=assessment,
                    indicator=indicator,
                    points=item.claimed if item else 0,
                    note=item.note if item else "",
                )
            for (office, indicator), text in remarks.items():
                if office == code and indicator not in assessment.remarks:
                    assessment_remark(
                        actor=person, assessment=assessment, indicator=indicator, text=text
                    )
            assessment = assessment_transition(actor=person, assessment=assessment, name="submit")
        if assessment.status == S.SUBMITTED:
            reviewer = reviewers[reviewer_of(assessment)]
            for m in assessment.manual_scores.select_related("indicator"):
                if m.awarded is not None:
                    continue
                item = items.get((code, m.indicator.code))
                awarded = item.awarded if item and item.awarded is not None else m.claimed
                manual_award(
                    actor=reviewer,
                    assessment=assessment,
                    indicator=m.indicator.code,
                    points=awarded,
                    reason=item.reason if item and Decimal(awarded) != m.claimed else "",
                )
            assessment = assessment_transition(actor=reviewer, assessment=assessment, name="review")
        if assessment.status == S.REVIEWED:
            assessment_transition(actor=head, assessment=assessment, name="confirm")
    round_publish(actor=head, round_=round_)
    return len(assessments)


@transaction.atomic
def demo_assessment_load() -> int:
    """Assess 2012 and 2013 and publish both years; return how many offices' results were
    published now (0 when the demo has them already)."""
    head = User.objects.get(username=HEAD)
    _schemes(head)
    selves, reviewers = _assessors(head)
    return sum(_assess(r, head, selves, reviewers) for r in _rounds(head))


__all__ = ["ITEMS", "demo_assessment_load", "evidence_file"]
