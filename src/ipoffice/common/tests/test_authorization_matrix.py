"""The authorization matrix: every URL pattern, for a set of users, with every action.

The endpoints come from the URL resolver, not from a list: a pattern added to the project
is requested by every user below without editing this file, and a pattern the matrix does
not know how to fill in (an unknown URL parameter, a write without a payload) fails
``test_every_pattern_is_covered``. The only patterns left out are the public and static
ones of ``PUBLIC``, each with its reason.

The users: every role at the national office, at two provinces, at two cities in different
provinces, at an assistance center and at a work station, and a superuser placed in a
city; the records (offices, people, cases and their files and waiting extension requests,
complaints and their files, reports, audit entries, API tokens, saved filters,
notifications) are spread over those offices and a few more. At the assistance units
only the agent, the administrator and the head ask (``ASSISTANCE_ROLES``). For each
user the matrix asserts that

- no response body (page, JSON, CSV, XLSX, Markdown) shows a record outside the user's
  subtree (``Markers``);
- a record outside the subtree, read or written through any pattern and method, answers
  403/404/405 (the admin: back to its index or its login page) and the database is
  unchanged;
- every write of a record inside the subtree by a user without the write's permission
  changes nothing.

Each write runs in a savepoint that is rolled back, so one dataset serves the module.
"""

from __future__ import annotations

import functools
import io
import json
import logging
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection, models, transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve

from ipoffice.accounts.models import ApiToken, SavedFilter, User
from ipoffice.accounts.roles import Role
from ipoffice.accounts.services import token_issue
from ipoffice.assessment.enums import AssessedLevel, RuleKind
from ipoffice.assessment.models import Assessment, Evidence, ManualScore, Round, Scheme
from ipoffice.assessment.services import round_open, scheme_adopt, scheme_create
from ipoffice.audit.models import AuditEntry
from ipoffice.campaigns.models import Campaign
from ipoffice.cases.models import Attachment, Case, ExtensionRequest
from ipoffice.cases.services import attachment_add, case_create, case_transition, extension_request
from ipoffice.common.scoping import ScopedQuerySet
from ipoffice.complaints.models import Complaint, ComplaintAttachment, Platform
from ipoffice.complaints.services import complaint_submit
from ipoffice.coordination.models import Authority, CoordinationRequest
from ipoffice.coordination.services import request_create
from ipoffice.demo.people import demo_centers_load
from ipoffice.notifications.enums import NotificationKind
from ipoffice.notifications.models import Notification
from ipoffice.notifications.services import notification_notify
from ipoffice.offices.models import ASSISTANCE_LEVELS, Office
from ipoffice.outbox.enums import Channel
from ipoffice.outbox.models import OutboxMessage
from ipoffice.outbox.services import message_enqueue
from ipoffice.reporting.definitions import FORMS
from ipoffice.reporting.models import Report
from ipoffice.reporting.services import report_open
from ipoffice.training.models import Participation, Training

# -- the endpoints ------------------------------------------------------------------------

# Patterns with no office data behind them, open to anyone or only about the caller's own
# session: the matrix does not request them (logging out or switching the language would
# also change the matrix's own sessions).
PUBLIC = {
    "healthz": "load balancer probe, answers 'ok'",
    "login": "the login form",
    "logout": "ends the caller's own session",
    "set_language": "sets the caller's language cookie",
    "public-submit": "the public complaint form (rate-limited; the kill test files through it)",
    "public-receipt": "shows the caller's own receipt from their session, once",
    "public-track": "public look-up by tracking number and code (POST)",
    "decisions-public": "the decisions the law makes public, to anyone: only their published "
    "facts (disclosure/tests: nothing private, nothing unpublished)",
    "public-satisfaction": "the complainant's one-click answer by a signed link (no login; "
    "any other link is refused)",
    "api-public-complaint-create": "public filing API (rate-limited)",
    "api-token": "exchanges the caller's own password for their token",
    "api-schema": "the OpenAPI document",
    "api-docs": "Swagger UI page",
    "api-redoc": "ReDoc page",
    "api:api-root": "DRF's list of API roots",
    "admin:login": "the admin login form",
    "admin:logout": "ends the caller's own session",
    "admin:jsi18n": "the admin's JavaScript catalogue",
    "admin:password_change": "changes the caller's own password (needs the old one)",
    "admin:password_change_done": "a static confirmation page",
    "coordination-authority": "an outside authority's page, opened only by the signed link "
    "of one transfer (a changed or expired link answers 403; coordination tests)",
    "api-coordination-acknowledge": "an authority's webhook acknowledgement, authenticated "
    "by the transfer's signed token alone (coordination tests)",
}

READ_METHODS = ("get",)
WRITE_METHODS = ("post", "put", "patch", "delete")


@dataclass(frozen=True)
class Endpoint:
    key: str  # the url name, or the route for a nameless pattern
    route: str  # the full route, for messages
    pieces: tuple[Any, ...]  # the pattern objects from the root down
    callback: Any
    params: tuple[str, ...]
    model: type[models.Model] | None
    methods: tuple[str, ...]
    area: str  # ui, api, admin

    def __str__(self) -> str:
        return self.key if self.key == self.route else f"{self.key} ({self.route})"


def _walk(patterns: list[Any], pieces: tuple[Any, ...] = (), ns: str = "") -> Iterator[Any]:
    for p in patterns:
        if isinstance(p, URLResolver):
            inner = f"{ns}{p.namespace}:" if p.namespace else ns
            yield from _walk(p.url_patterns, (*pieces, p), inner)
        else:
            yield (*pieces, p), ns


def _route(pieces: tuple[Any, ...]) -> str:
    return "".join(str(p.pattern) for p in pieces)


def _params(pieces: tuple[Any, ...]) -> tuple[str, ...]:
    names: list[str] = []
    for p in pieces:
        names += list(p.pattern.regex.groupindex)
    return tuple(names)


def _model_admin(callback: Any) -> Any:
    seen = callback
    while seen is not None:
        found = getattr(seen, "model_admin", None) or getattr(seen, "__self__", None)
        if isinstance(found, admin.ModelAdmin):
            return found
        seen = getattr(seen, "__wrapped__", None)
    return None


def _models_by_name() -> dict[str, type[models.Model]]:
    from django.apps import apps

    return {m._meta.model_name or "": m for m in apps.get_models()}


# URL parameters that name a record of a model, whatever the pattern.
PARAM_MODELS: dict[str, type[models.Model]] = {
    "tracking_number": Complaint,
    "username": User,
    "code": Office,
    "content_type_id": Complaint,  # the admin's "view on site": a record of any model
}
# URL parameters that name no record; their values, tried in turn.
PLAIN_PARAMS: dict[str, Callable[[Endpoint], list[str]]] = {
    "format": lambda e: ["json"],
    "form": lambda e: sorted(FORMS),
    "app_label": lambda e: sorted({m._meta.app_label for m in admin.site._registry}),
    "url": lambda e: ["no-such-page/"],
    "kind": lambda e: ["acceptance", "decision", "service"],  # a case's documents
}
RECORD_PARAMS = {"pk", "object_id", "id", "code", "username", "tracking_number", "office_code"}
# URL parameters that name a record by something else than its own key: an office's
# assessment is its round's number and the office's code.
RECORD_LOOKUPS: dict[tuple[type[models.Model], str], Callable[[Any], Any]] = {
    (Assessment, "pk"): lambda a: a.round_id,
    (Assessment, "office_code"): lambda a: a.office.code,
}
# Records of no office, read by all staff (an assessment round, a scheme): shared.
NO_OFFICE: set[type[models.Model]] = {Round, Scheme}
# URL parameters that name a record belonging to the pattern's record: a case's or a
# complaint's file, a case's extension request (``CHILDREN`` holds them per record).
CHILD_PARAMS = {"file", "request_pk"}
# Records whose office is that of a record they belong to, beside their scoping path.
OFFICE_PATHS: dict[type[models.Model], str] = {
    SavedFilter: "user__office",
    Notification: "recipient__office",
}
# Records a second office's subtree sees too (a coordination request: its receiver's).
SECOND_OFFICES: dict[type[models.Model], str] = {CoordinationRequest: "receiving_office"}
# Coordination requests in the dataset: (from, to, kind); a city receives one it did not
# send (its officer acknowledges it: the payload's test), a province refers one to
# another province, and one goes to an outside authority of the sender's register.
REQUESTS = [
    ("320500", "320100", "assistance"),
    ("440300", "320500", "assistance"),
    ("320000", "440000", "referral"),
    ("440000", "", "transfer"),
]


def _model_of(
    callback: Any, name: str, params: tuple[str, ...], route: str
) -> type[models.Model] | None:
    from django.apps import apps

    cls = getattr(callback, "cls", None)
    queryset = getattr(cls, "queryset", None)
    if queryset is not None:
        return queryset.model
    model_admin = _model_admin(callback)
    if model_admin is not None:
        return model_admin.model
    for param in params:
        if param in PARAM_MODELS:
            return PARAM_MODELS[param]
    if found := re.match(r"admin/(\w+)/(\w+)/", route):  # the admin's nameless redirects
        try:
            return apps.get_model(*found.groups())
        except LookupError:
            pass
    # The first model the name's words begin with: "case-…" a case, "saved-filter-…" one.
    words, by_name = name.rsplit(":", 1)[-1].split("-"), _models_by_name()
    for i in range(len(words)):
        if model := by_name.get("".join(words[: i + 1])):
            return model
    return None


def _require_post(callback: Any) -> bool:
    seen = callback
    while seen is not None:
        for cell in getattr(seen, "__closure__", None) or ():
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            if value == ["POST"]:
                return True
        seen = getattr(seen, "__wrapped__", None)
    return False


def _methods(callback: Any) -> tuple[str, ...]:
    actions = getattr(callback, "actions", None)
    if actions:
        return tuple(sorted(actions))
    cls = getattr(callback, "cls", None)
    if cls is not None:  # an APIView (or @api_view): the handlers it defines
        return tuple(m for m in (*READ_METHODS, *WRITE_METHODS) if hasattr(cls, m))
    if _require_post(callback):
        return ("post",)
    return ("get", "post")  # a plain view: whatever it does with either


@functools.cache
def endpoints() -> list[Endpoint]:
    found = []
    for pieces, ns in _walk(get_resolver().url_patterns):
        pattern = pieces[-1]
        route = _route(pieces)
        name = f"{ns}{pattern.name}" if pattern.name else ""
        params = _params(pieces)
        area = "admin" if route.startswith("admin/") else "api" if "api/" in route else "ui"
        found.append(
            Endpoint(
                key=name or route,
                route=route,
                pieces=pieces,
                callback=pattern.callback,
                params=params,
                model=_model_of(pattern.callback, name, params, route),
                methods=_methods(pattern.callback),
                area=area,
            )
        )
    return found


def _fill_regex(text: str, values: dict[str, str]) -> str:
    out, i = [], 0
    while i < len(text):
        if text.startswith("(?P<", i):
            name = text[i + 4 : text.index(">", i)]
            depth, j = 0, i
            while True:
                if text[j] == "\\":
                    j += 2
                    continue
                depth += {"(": 1, ")": -1}.get(text[j], 0)
                j += 1
                if depth == 0:
                    break
            out.append(values[name])
            i = j
        else:
            out.append(text[i])
            i += 1
    url = "".join(out).removeprefix("^").removesuffix("$")
    return url.replace("/?", "/").replace("\\.", ".").replace("\\", "")


def url_for(endpoint: Endpoint, values: dict[str, str]) -> str:
    parts = []
    for piece in endpoint.pieces:
        pattern = piece.pattern
        if hasattr(pattern, "_route"):
            parts.append(re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], pattern._route))
        else:
            parts.append(_fill_regex(pattern._regex, values))
    url = "/" + "".join(parts)
    match = resolve(url.split("?")[0])  # the URL must reach the very pattern enumerated
    assert match.func is endpoint.callback, (url, endpoint)
    return url


# -- the people and the records -----------------------------------------------------------

# The offices where people sit: national, two provinces, two cities in different
# provinces, an assistance center and a work station (demo.people creates the units).
USER_OFFICES = ["100000", "320000", "440000", "320100", "440300", "320100-C1", "320500-W1"]
# More offices holding records, beside or below those.
RECORD_OFFICES = [*USER_OFFICES, "320500", "320500-C1", "440300-C1", "440000-C1", "320000-C1"]
REPORT_PERIOD = "2024"
STATS = {"period": REPORT_PERIOD, "year": "2024", "from": "2024-01-01", "to": "2024-12-31"}


@dataclass
class Dataset:
    users: list[User]
    offices: dict[str, Office]
    records: dict[type[models.Model], list[models.Model]]
    tokens: dict[int, str]
    root: User  # a superuser at the national office: builds the admin forms' payloads
    # (URL parameter, model, pk) -> the pk of the record's file or extension request
    children: dict[tuple[str, type[models.Model], int], int] = field(default_factory=dict)
    # (model, pk) -> a person of the record's office who may become its handler
    handlers: dict[tuple[type[models.Model], int], str] = field(default_factory=dict)


def office_of(record: models.Model) -> Office:
    """The office a record belongs to, by its scoping path (``office_field``)."""
    if isinstance(record, Office):
        return record
    if type(record) in OFFICE_PATHS:
        value: Any = record
        for part in OFFICE_PATHS[type(record)].split("__"):
            value = getattr(value, part)
        return value
    manager_qs = type(record)._default_manager.all()
    assert isinstance(manager_qs, ScopedQuerySet), type(record)
    value = record
    for part in manager_qs.office_field.split("__"):
        value = getattr(value, part)
    return value


def _case_data(code: str) -> dict[str, Any]:
    return {
        "case_type": "infringement_dispute",
        "source": "complaint",
        "filed_on": date(2024, 3, 1),
        "patent_numbers": ["200310100002.X"],
        "requester_name": "南京某科技有限公司",
        "requester_id": "91110108551385082Q",
        "respondent_name": "张三",
        "respondent_kind": "individual",
        "respondent_id": "11010519491231002X",
        "title": f"MXCASE-{code}",
    }


def _complaint_data(code: str) -> dict[str, Any]:
    code = "110000" if code.startswith("10") else code  # the national office: say Beijing
    return {
        "kind": "infringement_complaint",
        "subject": f"MXCOMPLAINT-{code}",
        "description": "新街口某商场销售的台灯与我司外观设计专利相同。",
        "province_code": code[:2] + "0000",
        "city_code": code[:6] if code[2:6] != "0000" else "",
        "patent_numbers": ["200330100002.0"],
        "respondent_name": "某灯具商行",
        "name": "王小明",
        "phone": "13912345678",
        "email": "wang@example.cn",
    }


def build() -> Dataset:
    demo_centers_load()
    offices = {code: Office.objects.get(code=code) for code in RECORD_OFFICES}
    groups = {g.name: g for g in Group.objects.all()}
    users: list[User] = []
    for code in USER_OFFICES:
        for role in Role:
            user = User.objects.create(
                username=f"mx_{code.replace('-', '_').lower()}_{role.value}",
                office=offices[code],
                full_name=f"MXUSER {code} {role.value}",
                # Every administrator reaches the admin site, as `ipoffice demo` sets it.
                is_staff=role == Role.ADMINISTRATOR,
            )
            user.groups.set([groups[role.value]])
            users.append(user)
    root = User.objects.create(
        username="mx_100000_root", office=offices["100000"], is_staff=True, is_superuser=True
    )
    Platform.objects.create(name="MX platform", token_hash="0" * 64)
    users.append(
        User.objects.create(
            username="mx_320100_superuser",
            office=offices["320100"],
            is_staff=True,
            is_superuser=True,
        )
    )
    # People in the offices without matrix users, so that every office has some.
    for code in RECORD_OFFICES[len(USER_OFFICES) :]:
        User.objects.create(
            username=f"mx_{code.replace('-', '_').lower()}_clerk", office=offices[code]
        )
    by_key = {(u.office.code, u.groups.first().name if u.groups.exists() else ""): u for u in users}
    from django.core.files.uploadedfile import SimpleUploadedFile

    cases, complaints, reports = [], [], []
    children: dict[tuple[str, type[models.Model], int], int] = {}
    handlers: dict[tuple[type[models.Model], int], str] = {}

    def second(office: Office, role: str) -> str:  # another holder of the role, once
        person, _new = User.objects.get_or_create(
            username=f"mx_{office.code.replace('-', '_').lower()}_{role}_2", office=office
        )
        person.groups.set([groups[role]])
        return person.username

    for code, office in offices.items():  # a message sent by each office
        message_enqueue(
            channel=Channel.EMAIL,
            recipient=f"mx-{code.lower()}@example.cn",
            subject=f"MXOUT-{code}",
            body="MX",
            idempotency_key=f"mx-{code}",
            office=office,
            personal=False,
        )
    for code, office in offices.items():  # a saved filter of someone in each office
        keeper = User.objects.create(
            username=f"mx_{code.replace('-', '_').lower()}_keeper", office=office
        )
        SavedFilter.objects.create(
            user=keeper, list_name=SavedFilter.ListName.CASES, name=f"MXFILTER-{code}"
        )
        notification_notify(  # and a notice addressed to them
            users=[keeper],
            kind=NotificationKind.ASSIGNMENT,
            label=f"MXNOTE-{code}",
            title=f"MXNOTE-{code}",
            url="/",
            idempotency_key=f"matrix:{code}",
        )
    for code, office in offices.items():
        officer = User.objects.filter(office=office, groups__name=Role.ENFORCEMENT_OFFICER).first()
        if office.level in ("national", "provincial", "municipal"):
            officer = officer or User.objects.create(
                username=f"mx_{code}_officer_extra", office=office
            )
            if not officer.groups.exists():
                officer.groups.set([groups[Role.ENFORCEMENT_OFFICER]])
            case = case_create(actor=officer, office=office, data=_case_data(code))
            for step in ("accept", "start_investigation"):  # under investigation: every
                # case write (steps, extension, transitions) applies to it
                case = case_transition(actor=officer, case=case, name=step, on=date(2024, 3, 5))
            upload = SimpleUploadedFile(f"MXFILE-{code}.pdf", PDF, content_type="application/pdf")
            attachment = attachment_add(actor=officer, case=case, kind="evidence", upload=upload)
            children[("file", Case, case.pk)] = attachment.pk
            # A request waiting for the head (not at the national office: its officer's
            # own request is the payload test of asking for one).
            if code != USER_OFFICES[0]:
                found = extension_request(actor=officer, case=case, days=1, reason=f"MXEXT-{code}")
                children[("request_pk", Case, case.pk)] = found.pk
            handlers[(Case, case.pk)] = second(office, Role.ENFORCEMENT_OFFICER)
            cases.append(case)
            # A campaign and a training the office organises (its people attend).
            Campaign.objects.create(
                name_zh=f"MXCAMPAIGN-{code}", year=2024, starts_on=date(2024, 1, 1),
                ends_on=date(2024, 12, 31), organiser=office, target_cases=10,
            )  # fmt: skip
            training = Training.objects.create(
                course=f"MXTRAINING-{code}", organiser=office, starts_on=date(2024, 4, 1),
                ends_on=date(2024, 4, 2), hours=8,
            )  # fmt: skip
            Participation.objects.create(
                training=training, office=office, participants=3, held_on=training.starts_on,
                person_hours=24,
            )  # fmt: skip
        if office.level in ASSISTANCE_LEVELS:  # a walk-in, recorded by the unit's agent
            agent = by_key.get((code, Role.AGENT)) or User.objects.create(
                username=f"mx_{code.replace('-', '_').lower()}_agent_extra", office=office
            )
            agent.groups.set([groups[Role.AGENT]])
            complaint, _code = complaint_submit(
                channel="phone",
                data=_complaint_data(code),
                actor=agent,
                files=[_png(f"MXCFILE-{code}.png")],
                received_on=date(2024, 5, 6),
            )
        else:  # filed on the public page, routed to the center of the place
            complaint, _code = complaint_submit(
                channel="web",
                data=_complaint_data(code),
                files=[_png(f"MXCFILE-{code}.png")],
                received_on=date(2024, 5, 6),
            )
        children[("file", Complaint, complaint.pk)] = complaint.attachments.get().pk
        handlers[(Complaint, complaint.pk)] = second(complaint.center, Role.AGENT)
        complaints.append(complaint)
        if office.level in ("provincial", "municipal"):
            analyst = User.objects.create(username=f"mx_{code}_analyst_extra", office=office)
            analyst.groups.set([groups[Role.ANALYST]])
            reports.append(report_open(actor=analyst, form="enforcement", period=REPORT_PERIOD))
    authorities = {
        code: Authority.objects.create(
            office=offices[code], name=f"MXAUTH-{code}", kind="market_regulation", email=""
        )
        for code in ("320000", "440000", "320100")
    }
    for sender, receiver, kind in REQUESTS:
        from_case = next(c for c in cases if c.office.code == sender)
        request_create(
            actor=User.objects.filter(
                office=offices[sender], groups__name=Role.ENFORCEMENT_OFFICER
            ).first(),
            case=from_case,
            kind=kind,
            assistance="evidence" if kind == "assistance" else "",
            receiving_office=offices[receiver] if receiver else None,
            authority=authorities[sender] if not receiver else None,
            subject=f"MXREQ-{sender}-{receiver or 'authority'}",
            details="MX",
        )
    assessments, evidence = _assessments(root, offices, children)
    tokens = {u.pk: token_issue(user=u) for u in User.objects.filter(username__startswith="mx_")}
    records: dict[type[models.Model], list[models.Model]] = {
        Office: list(offices.values()),
        # The people without roles first: an administrator's own target is one they may
        # manage (the privilege policy: only people whose roles they hold).
        User: sorted(
            User.objects.filter(username__startswith="mx_"), key=lambda u: u.groups.exists()
        ),
        Case: cases,
        Complaint: complaints,
        Report: reports,
        AuditEntry: list(AuditEntry.objects.all()),
        ApiToken: list(ApiToken.objects.select_related("user__office")),
        Attachment: list(Attachment.objects.select_related("case__office")),
        ComplaintAttachment: list(ComplaintAttachment.objects.select_related("complaint__center")),
        ExtensionRequest: list(ExtensionRequest.objects.select_related("case__office")),
        SavedFilter: list(SavedFilter.objects.select_related("user__office")),
        Campaign: list(Campaign.objects.select_related("organiser")),
        Training: list(Training.objects.select_related("organiser")),
        # The keepers' notices (the heads' own, of the waiting extension requests, are
        # theirs to mark read: not a target).
        Notification: list(
            Notification.objects.filter(label__startswith="MXNOTE-").select_related(
                "recipient__office"
            )
        ),
        OutboxMessage: list(OutboxMessage.objects.select_related("office")),
        CoordinationRequest: list(
            CoordinationRequest.objects.select_related("requesting_office", "receiving_office")
        ),
        Authority: list(Authority.objects.select_related("office")),
        Assessment: assessments,
        Evidence: evidence,
    }
    return Dataset(
        users=users,
        offices=offices,
        records=records,
        tokens=tokens,
        root=root,
        children=children,
        handlers=handlers,
    )


def _indicators() -> list[dict[str, Any]]:
    group = {"group_zh": "MX类别", "group_en": "MX group"}
    return [
        {"code": "mx_cases", "name_zh": "MX受理", "kind": RuleKind.PER_RECORD, **group,
         "rule": {"terms": [{"form": "enforcement", "figure": "cases_accepted", "points": 1}]}},
        {"code": "mx_manual", "name_zh": "MX评审", "kind": RuleKind.MANUAL, **group,
         "rule": {"max": 5, "evidence": True}},
    ]  # fmt: skip


def _assessments(
    root: User, offices: dict[str, Office], children: dict[tuple[str, type[models.Model], int], int]
) -> tuple[list[Assessment], list[Evidence]]:
    """Open 2024 rounds of the cities and the provinces (drafts: each office's subtree
    only), every manual item claimed at 0 (so that an office may submit), a file of
    evidence each; a centers' scheme adopted and no round yet (opening it is a write)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    for level in AssessedLevel.values:
        scheme = scheme_create(actor=root, year=2024, level=level, name_zh=f"MX方案-{level}",
                               source="MX", indicators=_indicators())  # fmt: skip
        scheme_adopt(actor=root, scheme=scheme)
        if level != AssessedLevel.ASSISTANCE_CENTER:
            round_open(actor=root, year=2024, level=level)
    found = list(
        Assessment.objects.filter(round__year=2024, office__in=offices.values()).select_related(
            "office", "round__scheme"
        )
    )
    files = []
    for assessment in found:
        item = assessment.round.scheme.indicators.get(code="mx_manual")
        ManualScore.objects.create(assessment=assessment, indicator=item, claimed=0)
        upload = SimpleUploadedFile(f"MXEVIDENCE-{assessment.office.code}.pdf", PDF)
        evidence = Evidence(assessment=assessment, indicator=item, file=upload,
                            original_name=upload.name, content_type="application/pdf",
                            size=len(PDF), sha256="0" * 64)  # fmt: skip
        evidence.save()
        children[("file", Assessment, assessment.pk)] = evidence.pk
        files.append(evidence)
    return found, files


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def _png(name: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PNG, content_type="image/png")


@pytest.fixture(scope="module")
def dataset(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any
) -> Iterator[Dataset]:
    """One dataset for the module, in a transaction rolled back at its end; each test
    runs in a savepoint inside it (pytest-django's ``db``). Its files go to a directory
    of its own."""
    from django.test import override_settings

    media = override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("matrix-media")))
    with django_db_blocker.unblock(), media:
        atomic = transaction.atomic()
        atomic.__enter__()
        _OFFICES.clear()
        _TARGETS.clear()
        try:
            yield build()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# -- who sees what ------------------------------------------------------------------------


def within(office: Office, ancestor: Office) -> bool:
    return office.path.startswith(ancestor.path)


def is_ancestor(office: Office, of: Office) -> bool:
    return of.path.startswith(office.path) and office.pk != of.pk


def _admin_url(record: models.Model) -> str | None:
    if type(record) not in admin.site._registry:
        return None
    meta = record._meta
    return f"/admin/{meta.app_label}/{meta.model_name}/{record.pk}/change/"


def record_markers(record: models.Model) -> list[str]:
    """Strings that show the record in any body listing or describing it."""
    found = [u for u in [_admin_url(record)] if u]
    if isinstance(record, Office):
        found.append(f"/offices/{record.code}/")
    elif isinstance(record, User):
        found += [f"/people/{record.username}/", record.username]
    elif isinstance(record, Case):
        found += [record.case_number, record.title, f"/cases/{record.pk}/"]
    elif isinstance(record, Complaint):
        found += [record.tracking_number, record.subject, f"/complaints/{record.pk}/"]
    elif isinstance(record, Report):
        found += [f"/reports/{record.pk}/"]
    elif isinstance(record, ApiToken):
        found.append(record.key_hash)
    elif isinstance(record, Attachment):
        found += [record.original_name, f"/cases/{record.case_id}/attachments/{record.pk}/"]
    elif isinstance(record, ComplaintAttachment):
        found += [record.original_name, f"/complaints/{record.complaint_id}/files/{record.pk}/"]
    elif isinstance(record, ExtensionRequest):
        decide = f"/cases/{record.case_id}/extension/{record.pk}/"
        found += [record.reason, f"{decide}approve/", f"{decide}refuse/"]
    elif isinstance(record, OutboxMessage):
        found += [record.subject, f"/outbox/{record.pk}/act/"]
    elif isinstance(record, SavedFilter):
        found += [record.name, f"/filters/{record.pk}/delete/"]
    elif isinstance(record, Campaign):
        found += [record.name_zh, f"/campaigns/{record.pk}/"]
    elif isinstance(record, Training):
        found += [record.course, f"/training/{record.pk}/"]
    elif isinstance(record, Notification):
        at = f"/notifications/{record.pk}/"
        found += [record.label, f"{at}open/", f"{at}read/"]
    elif isinstance(record, CoordinationRequest):
        found += [record.subject, f"/coordination/{record.pk}/"]
    elif isinstance(record, Assessment):
        found += [f"/assessment/{record.round_id}/{record.office.code}/"]
    elif isinstance(record, Evidence):
        found += [record.original_name, f"evidence/{record.pk}/"]
    return found


def _trie(markers: set[str]) -> str:
    """One alternation of ``markers`` factored by their common beginnings: the engine tries
    only those that start like the text (a flat alternation of hundreds is the matrix's
    slowest part)."""
    if "" in markers and len(markers) == 1:
        return ""
    heads: dict[str, set[str]] = {}
    for m in markers:
        if m:
            heads.setdefault(m[0], set()).add(m[1:])
    branches = [re.escape(h) + _trie(rest) for h, rest in sorted(heads.items())]
    if "" in markers:
        branches.append("")  # this marker ends here; the longer ones are tried first
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _regex(markers: list[str]) -> re.Pattern[str]:
    if not markers:
        return re.compile(r"(?!)")  # the national office: nothing is outside its subtree
    return re.compile(rf"(?<![\w-])({_trie(set(markers))})(?![\w-])")


@dataclass
class Markers:
    """What must not appear in any answer to ``user``: the records outside their subtree
    (offices above theirs excepted as offices: they are named as the office's parent)."""

    user: User
    regex: re.Pattern[str]
    foreign_codes: set[str]  # codes of offices outside the subtree, those above included

    @classmethod
    def for_user(cls, user: User, data: Dataset) -> Markers:
        own = user.office
        markers, codes = [], set()
        for model, records in data.records.items():
            for record in records:
                office = office_of_or_none(record)
                assert office is not None
                if any(within(o, own) for o in offices_of(record)):
                    continue
                if model is Office:
                    codes.add(office.code)
                    if is_ancestor(office, own):
                        continue
                markers += record_markers(record)
        return cls(user=user, regex=_regex(markers), foreign_codes=codes)

    @classmethod
    def for_anonymous(cls, data: Dataset) -> Markers:
        markers = [
            m for records in data.records.values() for r in records for m in record_markers(r)
        ]
        regex = _regex(markers)
        return cls(user=None, regex=regex, foreign_codes={o.code for o in data.offices.values()})  # type: ignore[arg-type]

    def leaks(self, text: str, parsed: Any) -> list[str]:
        found = sorted(set(self.regex.findall(text)))
        found += sorted(set(self._json_leaks(parsed)))
        return found

    def _json_leaks(self, node: Any) -> Iterator[str]:
        # A record of another office, named by its office's code (e.g. a report, a
        # complaint's center, the office of a statistic).
        if isinstance(node, dict):
            for key in ("office", "center"):
                if isinstance(node.get(key), str) and node[key] in self.foreign_codes:
                    yield f"{key}={node[key]}"
            for value in node.values():
                yield from self._json_leaks(value)
        elif isinstance(node, list):
            for value in node:
                yield from self._json_leaks(value)


def body_text(response: Any) -> tuple[str, Any]:
    """The text of an answer (XLSX cells, streamed CSV included) and its JSON, if any."""
    if getattr(response, "streaming", False):
        raw = b"".join(response.streaming_content)
    else:
        raw = response.content
    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(raw), read_only=True)
        cells = [
            str(c)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for c in row
            if c is not None
        ]
        return "\n".join(cells), None
    if "pdf" in kind:
        return "", None  # compressed streams; the same content is checked as HTML/XLSX/Markdown
    text = raw.decode("utf-8", errors="replace")
    parsed = None
    if "json" in kind:
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = None
    return text, parsed


def db_writes() -> int:
    """Rows written so far on this connection (rolled-back savepoints included)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT total_changes()")
        else:
            cursor.execute(
                "SELECT COALESCE(SUM(n_tup_ins + n_tup_upd + n_tup_del), 0) "
                "FROM pg_stat_xact_user_tables"
            )
        return int(cursor.fetchone()[0])


# -- what each write sends, and the permission it needs -----------------------------------

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _pdf() -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("evidence.pdf", PDF, content_type="application/pdf")


def _other_complaint(target: Any, user: User, data: Dataset) -> Complaint | None:
    return next(
        (
            c
            for c in data.records[Complaint]
            if c.pk != getattr(target, "pk", None) and within(office_of(c), user.office)
        ),
        None,
    )


def _child_office(target: Office) -> dict[str, str]:
    level = {
        "national": ("provincial", "990000"),
        "provincial": ("assistance_center", f"{target.code[:6]}-C9"),
        "municipal": ("assistance_center", f"{target.code[:6]}-C9"),
        "assistance_center": ("work_station", f"{target.code[:6]}-W9"),
    }.get(target.level, ("work_station", f"{target.code[:6]}-W9"))
    return {"level": level[0], "code": level[1], "name_zh": "MX新单位", "name_en": "MX new unit"}


def _case_form(target: Any, user: User, data: Dataset) -> dict[str, Any]:
    form = {k: str(v) for k, v in _case_data("new").items() if k != "patent_numbers"}
    return {**form, "patent_numbers": "200310100002.X"}


def _complaint_form(target: Any, user: User, data: Dataset) -> dict[str, Any]:
    code = user.office.code[:6]
    return {**_complaint_data(code), "patent_numbers": "200330100002.0", "channel": "phone"}


@dataclass(frozen=True)
class Write:
    needs: str | None  # the permission without which nothing may change (None: nobody)
    payload: Callable[[Any, User, Dataset], dict[str, Any]]
    target: type[models.Model] | None = None  # what the payload names, for a list URL
    name: str = ""  # the URL's ``name`` parameter (a transition)
    owner: str | None = None  # a role whose holder at the target's office succeeds
    as_json: bool = True


def _p(**fixed: Any) -> Callable[[Any, User, Dataset], dict[str, Any]]:
    return lambda target, user, data: dict(fixed)


CASE_API = {"reason": "MX", "on": "2024-03-20"}
SELF = "self"  # a write of one's own (saved filters): any signed-in user may make it


def may_write(user: User | None, needs: str | None) -> bool:
    if user is None or needs is None:
        return False
    return needs == SELF or user.has_perm(needs)


def _correction(case: Case) -> dict[str, str]:
    """The correction form as the case stands, with the title changed."""
    from ipoffice.cases.forms import CorrectionForm
    from ipoffice.cases.services import case_registration_values

    values = case_registration_values(case)
    posted = {}
    for name in CorrectionForm().fields:
        value = values.get(name)
        if name == "patent_numbers":
            value = " ".join(value or [])
        elif isinstance(value, bool):
            if not value:
                continue
            value = "on"
        if value is not None and name != "reason":
            posted[f"correct-{name}"] = str(value)
    posted["correct-title"] = "MX corrected"
    return posted


WRITES: dict[tuple[str, str], Write] = {
    # pages
    ("case-create", "post"): Write("cases.add_case", _case_form, owner=Role.ENFORCEMENT_OFFICER),
    ("campaign-create", "post"): Write(
        "campaigns.add_campaign",
        _p(name_zh="MX新专项", starts_on="2024-01-01", ends_on="2024-12-31", target_cases="5"),
        owner=Role.OFFICE_HEAD,
    ),
    ("training-create", "post"): Write(
        "training.add_training",
        lambda t, u, d: {
            "course": "MX新培训",
            "starts_on": "2024-04-01",
            "ends_on": "2024-04-01",
            "hours": "8",
            "participants": f"{u.office.code} 3",
        },
        owner=Role.OFFICE_HEAD,
    ),
    ("case-transition", "post"): Write(
        "cases.handle_case",
        _p(
            **{
                "transfer-on": "2024-03-20",
                "transfer-reason": "MX",
                "transfer-authority": "market_regulation",
            }
        ),
        name="transfer",
        owner=Role.ENFORCEMENT_OFFICER,
    ),
    ("case-step", "post"): Write(
        "cases.handle_case",
        _p(**{"step-step": "inspection", "step-on": "2024-03-20"}),
        owner=Role.ENFORCEMENT_OFFICER,
    ),
    ("case-extension", "post"): Write(
        "cases.handle_case",
        _p(**{"extension-days": "1", "extension-reason": "MX"}),
        owner=Role.ENFORCEMENT_OFFICER,
    ),
    ("case-extension-decide", "post"): Write(
        "cases.approve_extension",
        lambda t, u, d: {
            f"decision-{d.children.get(('request_pk', Case, t.pk))}-reason": "MX",
            f"decision-{d.children.get(('request_pk', Case, t.pk))}-on": str(date.today()),
        },
        name="approve",
        owner=Role.OFFICE_HEAD,
    ),
    ("case-correct", "post"): Write(
        "cases.change_case",
        lambda t, u, d: {**_correction(t), "correct-reason": "MX"},
        owner=Role.ENFORCEMENT_OFFICER,
    ),
    ("case-handler", "post"): Write(
        "cases.assign_case",
        lambda t, u, d: {"handler": d.handlers.get((Case, t.pk), ""), "reason": "MX"},
        owner=Role.OFFICE_HEAD,
    ),
    ("case-suspend", "post"): Write(
        "cases.handle_case",
        _p(**{"suspend-ground": "court", "suspend-on": "2024-03-20", "suspend-reason": "MX"}),
        owner=Role.ENFORCEMENT_OFFICER,
    ),
    ("case-consultation", "post"): Write(
        "cases.handle_case",
        _p(
            **{
                "consultation-kind": "expert_opinion",
                "consultation-experts": "MX",
                "consultation-question": "MX",
                "consultation-on": "2024-03-20",
            }
        ),
        owner=Role.ENFORCEMENT_OFFICER,
    ),
    ("case-takedown", "post"): Write(
        "cases.handle_case",
        _p(
            **{
                "takedown-platform": "MX",
                "takedown-platform_address": "mx@platform.example.com",
                "takedown-shop_name": "MX",
                "takedown-listing_urls": "https://item.example.com/mx",
                "takedown-on": "2024-03-20",
            }
        ),
        owner=Role.ENFORCEMENT_OFFICER,
    ),
    ("case-takedown-answer", "post"): Write("cases.handle_case", _p(notice="0")),
    # These need a record the dataset's cases lack (a suspension in effect, an opinion
    # awaited, a mediation): their refusals are tried, their success in cases/tests.
    ("case-resume", "post"): Write(
        "cases.handle_case", _p(**{"resume-on": "2024-03-21", "resume-reason": "MX"})
    ),
    ("case-opinion", "post"): Write(
        "cases.handle_case", _p(**{"opinion-answer": "MX", "opinion-on": "2024-03-21"})
    ),
    ("case-mediation-complex", "post"): Write("cases.handle_case", _p(**{"complex-reason": "MX"})),
    ("case-mediation-performance", "post"): Write(
        "cases.handle_case",
        _p(**{"performance-performance": "performed", "performance-on": "2024-03-21"}),
    ),
    ("complaint-handler", "post"): Write(
        "complaints.handle_complaint",
        lambda t, u, d: {"handler": d.handlers.get((Complaint, t.pk), ""), "reason": "MX"},
        owner=Role.AGENT,
    ),
    ("complaint-convert", "post"): Write("complaints.convert_complaint", _p()),
    # Anyone keeps their own filters; nobody deletes another's.
    ("saved-filter-save", "post"): Write(
        SELF, _p(list_name="cases", name="MX kept", query="status=open"), owner=Role.AGENT
    ),
    ("saved-filter-delete", "post"): Write(None, _p()),
    # Anyone marks their own notices read and keeps their own preferences; nobody
    # opens or marks another's.
    ("notification-open", "post"): Write(None, _p()),
    ("notification-read", "post"): Write(None, _p()),
    ("notification-read-all", "post"): Write(SELF, _p()),
    ("notification-preferences", "post"): Write(
        SELF, _p(**{"assignment-email": "on", "language": "en"}), owner=Role.AGENT
    ),
    ("outboxmessage-act", "post"): Write(
        "outbox.manage_message", _p(action="cancel", reason="MX"), owner=Role.ADMINISTRATOR
    ),
    ("case-attachment", "post"): Write(
        "cases.handle_case",
        lambda t, u, d: {"kind": "evidence", "file": _pdf()},
        owner=Role.ENFORCEMENT_OFFICER,
    ),
    ("complaint-intake", "post"): Write(
        "complaints.add_complaint", _complaint_form, owner=Role.AGENT
    ),
    ("complaint-action", "post"): Write(
        "complaints.handle_complaint", _p(note="MX"), name="review", owner=Role.AGENT
    ),
    ("complaint-reassign", "post"): Write(
        "complaints.handle_complaint", lambda t, u, d: {"center": u.office.code, "reason": "MX"}
    ),
    ("complaint-merge", "post"): Write(
        "complaints.handle_complaint",
        lambda t, u, d: {"into": getattr(_other_complaint(t, u, d), "pk", 0), "reason": "MX"},
    ),
    ("report-open", "post"): Write(
        "reporting.submit_report", _p(form="enforcement", period="2023"), owner=Role.ANALYST
    ),
    ("report-action", "post"): Write(
        "reporting.submit_report", _p(explain_MX="MX"), name="fill", owner=Role.ANALYST
    ),
    # the API
    ("api:case-list", "post"): Write(
        "cases.add_case",
        lambda t, u, d: {**_case_data("new"), "filed_on": "2024-03-01"},
        owner=Role.ENFORCEMENT_OFFICER,
    ),
    ("api:case-detail", "patch"): Write(
        "cases.change_case", _p(title="MX changed", reason="MX"), owner=Role.ENFORCEMENT_OFFICER
    ),
    ("api:case-transition", "post"): Write(
        "cases.handle_case",
        _p(transition="transfer", authority="market_regulation", **CASE_API),
        owner=Role.ENFORCEMENT_OFFICER,
    ),
    ("api:case-steps", "post"): Write(
        "cases.handle_case", _p(step="inspection", **CASE_API), owner=Role.ENFORCEMENT_OFFICER
    ),
    ("api:case-extension", "post"): Write(
        "cases.approve_extension", _p(reason="MX"), owner=Role.OFFICE_HEAD
    ),
    ("api:case-suspension", "post"): Write(
        "cases.handle_case", _p(ground="court", **CASE_API), owner=Role.ENFORCEMENT_OFFICER
    ),
    ("api:case-resumption", "post"): Write("cases.handle_case", _p(**CASE_API)),
    ("api:case-consultation", "post"): Write(
        "cases.handle_case",
        _p(kind="expert_opinion", experts="MX", question="MX", on="2024-03-20"),
        owner=Role.ENFORCEMENT_OFFICER,
    ),
    ("api:case-opinion", "post"): Write("cases.handle_case", _p(answer="MX", on="2024-03-21")),
    ("api:case-takedowns", "post"): Write(
        "cases.handle_case",
        _p(
            platform="MX",
            platform_address="mx@platform.example.com",
            shop_name="MX",
            listing_urls=["https://item.example.com/mx"],
            on="2024-03-20",
        ),
        owner=Role.ENFORCEMENT_OFFICER,
    ),
    ("api:case-attachments", "post"): Write(
        "cases.handle_case",
        lambda t, u, d: {"kind": "evidence", "file": _pdf()},
        owner=Role.ENFORCEMENT_OFFICER,
        as_json=False,
    ),
    ("api:complaint-list", "post"): Write(
        "complaints.add_complaint",
        lambda t, u, d: {**_complaint_data(u.office.code[:6]), "channel": "phone"},
        owner=Role.AGENT,
    ),
    ("api:complaint-transition", "post"): Write(
        "complaints.handle_complaint", _p(transition="review", note="MX"), owner=Role.AGENT
    ),
    ("api:complaint-reassign", "post"): Write(
        "complaints.handle_complaint", lambda t, u, d: {"center": u.office.code, "reason": "MX"}
    ),
    ("api:complaint-merge", "post"): Write(
        "complaints.handle_complaint",
        lambda t, u, d: {
            "into": getattr(_other_complaint(t, u, d), "tracking_number", "none"),
            "reason": "MX",
        },
    ),
    ("api:complaint-convert", "post"): Write("complaints.convert_complaint", _p(overrides={})),
    ("api:report-open", "post"): Write(
        "reporting.submit_report", _p(form="enforcement", period="2023"), owner=Role.ANALYST
    ),
    ("api:report-fill", "post"): Write(
        "reporting.submit_report", _p(explanations={"MX": "MX"}), owner=Role.ANALYST
    ),
    ("api:report-transition", "post"): Write(
        "reporting.submit_report", _p(transition="submit", reason="MX")
    ),
    ("api:report-bulk", "post"): Write(
        "reporting.review_report",
        lambda t, u, d: {"reports": [t.pk], "transition": "approve", "reason": "MX"},
        target=Report,
    ),
    ("api:user-list", "post"): Write(
        "accounts.add_user",
        lambda t, u, d: {
            "username": "mx_created",
            "office": t.code,
            "roles": [Role.ADMINISTRATOR],  # administrators grant only roles they hold
            "password": "Mx-long-password-1",
        },
        target=Office,
        owner=Role.ADMINISTRATOR,
    ),
    ("api:user-password", "post"): Write(
        "accounts.change_user",
        _p(password="Mx-long-password-3", must_change_password=True),
        owner=Role.ADMINISTRATOR,
    ),
    ("api:user-detail", "patch"): Write(
        "accounts.change_user",
        _p(roles=[Role.ADMINISTRATOR], reason="MX"),
        owner=Role.ADMINISTRATOR,
    ),
    ("api:office-list", "post"): Write(
        "offices.add_office",
        lambda t, u, d: {**_child_office(t), "parent_code": t.code},
        target=Office,
        owner=Role.ADMINISTRATOR,
    ),
    ("api:office-detail", "patch"): Write(
        "offices.change_office", _p(name_en="MX renamed", reason="MX"), owner=Role.ADMINISTRATOR
    ),
    ("coordination-request-transition", "post"): Write(
        "coordination.answer_request",
        lambda t, u, d: {"acknowledge-on": str(date.today())},
        name="acknowledge",
        owner=Role.ENFORCEMENT_OFFICER,
    ),
    ("api:coordination-request-list", "post"): Write(
        "coordination.send_request",
        lambda t, u, d: {
            "case": next((c.pk for c in d.records[Case] if c.office_id == u.office.pk), 0),
            "kind": "referral",
            "receiving_office": "440300" if u.office.code != "440300" else "320100",
            "subject": "MX referred",
            "details": "MX",
        },
        owner=Role.ENFORCEMENT_OFFICER,
    ),
    ("api:coordination-request-transition", "post"): Write(
        "coordination.answer_request", _p(transition="acknowledge"), owner=Role.ENFORCEMENT_OFFICER
    ),
    # The assessment: a round of the centers is opened, a city or a province claims,
    # remarks, attaches and submits its own; the reviewer's and the national office's
    # writes need a submitted or reviewed assessment (assessment/tests: test_pages).
    ("round-open", "post"): Write(
        "assessment.publish_round",
        _p(year="2024", level=AssessedLevel.ASSISTANCE_CENTER),
        owner=Role.OFFICE_HEAD,
    ),
    ("scheme-adopt", "post"): Write("assessment.manage_scheme", _p()),
    ("scheme-copy", "post"): Write("assessment.manage_scheme", _p()),
    ("scheme-indicator", "post"): Write(
        "assessment.manage_scheme",
        _p(indicator="mx_cases", **{"indicator-mx_cases-weight": "2"}),
    ),
    ("round-publish", "post"): Write("assessment.publish_round", _p()),
    ("assessment-claim", "post"): Write(
        "assessment.self_assess",
        _p(indicator="mx_manual", **{"claim-mx_manual-points": "1", "claim-mx_manual-note": "MX"}),
        owner=Role.OFFICE_HEAD,
    ),
    ("assessment-award", "post"): Write(
        "assessment.review_assessment",
        _p(indicator="mx_manual", **{"award-mx_manual-points": "0"}),
    ),
    ("assessment-remark", "post"): Write(
        "assessment.self_assess",
        _p(indicator="mx_cases", **{"remark-mx_cases-text": "MX"}),
        owner=Role.OFFICE_HEAD,
    ),
    ("assessment-evidence-add", "post"): Write(
        "assessment.self_assess",
        lambda t, u, d: {"indicator": "mx_manual", "evidence-mx_manual-file": _pdf()},
        owner=Role.OFFICE_HEAD,
        as_json=False,
    ),
    ("assessment-transition", "post"): Write(
        "assessment.self_assess", _p(), name="submit", owner=Role.OFFICE_HEAD
    ),
    # The assessment in the API (the dataset's above): the schemes are adopted already
    # and the rounds wait for their assessments (refused); an office claims, remarks and
    # submits its own; the what-if writes nothing, for anyone.
    ("api:assessment-scheme-copy", "post"): Write("assessment.manage_scheme", _p(changes={})),
    ("api:assessment-scheme-adopt", "post"): Write("assessment.manage_scheme", _p(reason="MX")),
    ("api:assessment-round-publish", "post"): Write("assessment.publish_round", _p(reason="MX")),
    ("api:assessment-transition", "post"): Write(
        "assessment.self_assess", _p(name="submit", reason="MX"), owner=Role.OFFICE_HEAD
    ),
    ("api:assessment-claims", "post"): Write(
        "assessment.self_assess",
        _p(indicator="mx_manual", points=1, note="MX"),
        owner=Role.OFFICE_HEAD,
    ),
    ("api:assessment-awards", "post"): Write(
        "assessment.review_assessment", _p(indicator="mx_manual", points=0, reason="MX")
    ),
    ("api:assessment-remarks", "post"): Write(
        "assessment.self_assess", _p(indicator="mx_cases", text="MX"), owner=Role.OFFICE_HEAD
    ),
    ("api-assessment-what-if", "post"): Write(
        None,
        lambda t, u, d: {
            "scheme": Scheme.objects.filter(year=2024).first().pk,
            "year": 2024,
            "changes": {"mx_cases": {"weight": 2}},
        },
    ),
    # Without its code nobody rates a complaint.
    ("api-public-complaint-rating", "post"): Write(None, _p(code="wrong-code", rating=5)),
}


def _perm(model: type[models.Model], action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def _admin_form_data(target: Any, user: User, data: Dataset) -> dict[str, Any]:
    """The admin change form of ``target`` as stored, with one text changed: a valid post."""
    from django import forms
    from django.test import RequestFactory

    model_admin = admin.site._registry[type(target)]
    request = RequestFactory().get("/")
    request.user = data.root
    form = model_admin.get_form(request, target, change=True)(instance=target)
    posted: dict[str, Any] = {}
    for name, field_ in form.fields.items():
        if field_.disabled:
            continue
        value, widget = form[name].value(), field_.widget
        if isinstance(widget, forms.MultiWidget):
            parts = widget.decompress(value) if not isinstance(value, list) else value
            for suffix, sub, part in zip(widget.widgets_names, widget.widgets, parts, strict=False):
                posted[f"{name}{suffix}"] = sub.format_value(part) or ""
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                posted[name] = "on"
        elif isinstance(value, list | tuple):
            posted[name] = [str(v) for v in value]
        else:
            posted[name] = "" if value is None else str(value)
    for text in ("name_en", "full_name", "name"):
        if text in posted:
            posted[text] = "MX changed"
            break
    return posted


def _admin_add_data(target: Any, user: User, data: Dataset) -> dict[str, Any]:
    if isinstance(target, Office):
        return {**_child_office(target), "parent": str(target.pk), "is_active": "on"}
    return {}


def admin_write(endpoint: Endpoint, method: str) -> Write | None:
    model, name = endpoint.model, endpoint.key
    if method != "post" or model is None or not name.startswith("admin:"):
        return None
    if name.endswith("_changelist"):  # the admin actions: delete the selected records
        return Write(
            _perm(model, "delete"),
            lambda t, u, d: {
                "action": "delete_selected",
                "_selected_action": [str(_lookup(t, "object_id", type(t)))],
                "post": "yes",
            },
            target=model,
            as_json=False,
        )
    if name.endswith("_add"):
        user_add = model is User
        return Write(
            _perm(model, "add"),
            (
                lambda t, u, d: {
                    "username": "mx_admin_created",
                    "password1": "Mx-long-password-1",
                    "password2": "Mx-long-password-1",
                    "usable_password": "true",
                    "office": str(t.pk),
                }
            )
            if user_add
            else _admin_add_data,
            target=Office if model in (User, Office) else None,
            as_json=False,
        )
    if name.endswith("_password_change"):
        return Write(
            "accounts.change_user",
            _p(
                password1="Mx-long-password-2",
                password2="Mx-long-password-2",
                usable_password="true",
            ),
            owner=Role.ADMINISTRATOR,
            as_json=False,
        )
    if name.endswith("_change"):
        owner = Role.ADMINISTRATOR if model in (User, Office) else None
        return Write(_perm(model, "change"), _admin_form_data, owner=owner, as_json=False)
    if name.endswith("_delete"):
        return Write(_perm(model, "delete"), _p(post="yes"), as_json=False)
    return None


def write_for(endpoint: Endpoint, method: str) -> Write | None:
    return WRITES.get((endpoint.key, method)) or admin_write(endpoint, method)


def method_allowed(endpoint: Endpoint, method: str) -> bool:
    cls = getattr(endpoint.callback, "cls", None)
    return cls is None or method in cls.http_method_names


def needs_write_spec(endpoint: Endpoint, method: str) -> bool:
    """A write the matrix must know how to fill in: an ipoffice API action other than GET,
    a page that accepts only POST, an admin add/change/delete/password view."""
    if method not in WRITE_METHODS or not method_allowed(endpoint, method):
        return False
    if endpoint.area == "admin":
        name = endpoint.key
        return name.endswith(("_add", "_change", "_delete", "_password_change"))
    module = getattr(endpoint.callback, "__module__", "") or ""
    cls = getattr(endpoint.callback, "cls", None)
    module = cls.__module__ if cls is not None else module
    return module.startswith("ipoffice.") and (cls is not None or endpoint.methods == ("post",))


# -- whom each request is about -----------------------------------------------------------


def _lookup(
    record: Any, param: str, model: type[models.Model] | None, data: Dataset | None = None
) -> Any:
    if (type(record), param) in RECORD_LOOKUPS:
        return RECORD_LOOKUPS[(type(record), param)](record)
    if param in ("code", "username", "tracking_number"):
        return getattr(record, param)
    if param in CHILD_PARAMS:  # None: the record has none (a case without a request)
        assert data is not None
        return data.children.get((param, type(record), record.pk))
    return record.pk


def _records_of(model: type[models.Model], data: Dataset) -> list[models.Model]:
    concrete = model._meta.concrete_model or model
    if model in data.records:
        return data.records[model]
    if concrete in data.records:
        return data.records[concrete]
    return list(concrete._default_manager.all()[:1])  # shared reference data (no office)


_TARGETS: dict[tuple[type, int], list[tuple[str, Any]]] = {}


def targets(model: type[models.Model], user: User, data: Dataset) -> list[tuple[str, Any]]:
    key = (model, user.pk)
    if key not in _TARGETS:
        _TARGETS[key] = _targets(model, user, data)
    return _TARGETS[key]


def _targets(model: type[models.Model], user: User, data: Dataset) -> list[tuple[str, Any]]:
    """("own", record in the user's office), ("above", the nearest record in an office
    above), ("beside", the nearest record in an office neither above nor below)."""
    own, found = user.office, []
    records = _records_of(model, data)
    offices = [(r, office_of_or_none(r)) for r in records]
    shared = [r for r, o in offices if o is None]
    if shared:
        return [("shared", shared[0])]
    seen = {r.pk: offices_of(r) for r, _o in offices}  # a request: its sender's and receiver's
    mine = [r for r, _o in offices if any(o.pk == own.pk for o in seen[r.pk]) and r != user] or [
        r for r, _o in offices if any(within(o, own) for o in seen[r.pk]) and r != user
    ]
    if mine:
        found.append(("own", mine[0]))
    offices = [(r, o) for r, o in offices if not any(within(x, own) for x in seen[r.pk])]
    above = sorted(
        ((r, o) for r, o in offices if is_ancestor(o, own)), key=lambda ro: -len(ro[1].path)
    )
    if above:
        found.append(("above", above[0][0]))

    def closeness(ro: tuple[Any, Office]) -> tuple[int, str]:
        common = 0
        for a, b in zip(ro[1].path.split("/"), own.path.split("/"), strict=False):
            if a != b:
                break
            common += 1
        return (-common, ro[1].path)

    beside = sorted(
        ((r, o) for r, o in offices if not within(o, own) and not is_ancestor(o, own)),
        key=closeness,
    )
    if beside:
        found.append(("beside", beside[0][0]))
    return found


_OFFICES: dict[tuple[type, Any], Office | None] = {}


def offices_of(record: Any) -> list[Office]:
    """Every office whose subtree sees the record: its own, and a second one for the
    records of ``SECOND_OFFICES``."""
    first = office_of_or_none(record)
    found = [first] if first is not None else []
    if type(record) in SECOND_OFFICES:
        second = getattr(record, SECOND_OFFICES[type(record)])
        if second is not None:
            found.append(second)
    return found


def office_of_or_none(record: Any) -> Office | None:
    key = (type(record), record.pk)
    if key not in _OFFICES:
        _OFFICES[key] = _office_of_or_none(record)
    return _OFFICES[key]


def _office_of_or_none(record: Any) -> Office | None:
    if type(record) in NO_OFFICE:
        return None
    if (
        isinstance(record, Office)
        or type(record) in OFFICE_PATHS
        or isinstance(type(record)._default_manager.all(), ScopedQuerySet)
    ):
        return office_of(record)
    return None


# -- the requests -------------------------------------------------------------------------

REFUSED = {403, 404, 405, 429}
ANONYMOUS = "anonymous"
# At the assistance center and the work station the matrix asks as their agent, their
# administrator and their head (between them every permission of the other roles; the
# other roles ask at the offices). Everyone is still in the dataset.
ASSISTANCE_ROLES = {Role.AGENT, Role.ADMINISTRATOR, Role.OFFICE_HEAD}
MATRIX_USERS = [
    *(
        f"mx_{code.replace('-', '_').lower()}_{role.value}"
        for code in USER_OFFICES
        for role in Role
        if "-" not in code or role in ASSISTANCE_ROLES
    ),
    "mx_320100_superuser",
    ANONYMOUS,
]
FIGURES: Counter[str] = Counter()
TIMES: Counter[str] = Counter()
PATTERNS_REQUESTED: set[str] = set()


@dataclass
class Cell:
    user: str
    endpoint: Endpoint
    method: str
    relation: str  # own, above, beside, shared (reference data), list
    url: str
    payload: dict[str, Any] | None
    write: Write | None
    query: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.user, self.endpoint.key, self.method, self.relation)

    def __str__(self) -> str:
        query = f"?{self.query}" if self.query else ""
        return f"{self.user} {self.method.upper()} {self.url}{query} [{self.relation}]"


# Who asks every list with every parameter (the offices above and beside, the other
# formats): between them they hold every read permission; the others ask each list once.
ALL_VARIANTS_ROLES = {Role.OFFICE_HEAD, Role.AGENT}
# To bound the run, these roles try the records of one side only (the office above, or
# one beside); the other roles, holding their permissions and more, try both.
ONE_SIDE = {Role.ENFORCEMENT_OFFICER: "beside", Role.SUPERVISOR: "beside", Role.ANALYST: "above"}


def asks_all(user: User | None) -> bool:
    return user is None or user.is_superuser or _role(user) in ALL_VARIANTS_ROLES


def _role(user: User) -> str:
    return user.username.split("_", 2)[-1].removeprefix("c1_").removeprefix("w1_")


def _query_variants(endpoint: Endpoint, user: Any, data: Dataset) -> list[dict[str, str]]:
    """A list is asked with the statistics parameters; by some, also for offices above
    and beside and in its other formats (XLSX, Markdown)."""
    variants: list[dict[str, str]] = [dict(STATS)]
    if "drilldown" in endpoint.route:
        figure = next(iter(FORMS["enforcement"].figures)).code
        variants = [{**STATS, "figure": figure, "form": "enforcement"}]
    if endpoint.area == "admin":
        return [{}]
    if not asks_all(user):
        return variants
    base = variants[0]
    if user is not None:
        for relation, office in targets(Office, user, data):
            if relation in ("above", "beside"):
                variants.append({**base, "office": office.code})
    else:
        variants.append({**base, "office": "320100"})
    return [*variants, {**base, "as": "xlsx"}, {**base, "format": "xlsx"}, {**base, "format": "md"}]


def cells_for(
    username: str, user: User | None, data: Dataset, pattern: str | None = None
) -> Iterator[Cell]:
    from django.contrib.contenttypes.models import ContentType

    sender = user or data.root  # whose payload an anonymous caller sends
    skipped = (
        {"above", "beside"} - {ONE_SIDE.get(_role(user), "")}
        if user and _role(user) in ONE_SIDE
        else set()
    )
    for endpoint in matrix_endpoints():
        if pattern is not None and endpoint.key != pattern:
            continue
        record_params = [p for p in endpoint.params if p in RECORD_PARAMS | CHILD_PARAMS]
        plain = [p for p in endpoint.params if p in PLAIN_PARAMS]
        plain_values: list[dict[str, str]] = [{}]
        for param in plain:
            # Each value (a form, a document kind, an admin app) passes the same check: the
            # roles asking every variant try them all, the others the first.
            tried = PLAIN_PARAMS[param](endpoint)
            tried = tried if asks_all(user) else tried[:1]
            plain_values = [{**v, param: x} for v in plain_values for x in tried]
        for method in endpoint.methods:
            write = write_for(endpoint, method) if method in WRITE_METHODS else None
            names = {"name": write.name} if "name" in endpoint.params and write else {}
            for values in plain_values:
                if record_params or "content_type_id" in endpoint.params:
                    model = endpoint.model
                    assert model is not None
                    found = targets(model, user, data) if user else _anonymous_targets(model, data)
                    if endpoint.area == "admin" and user is not None and not user.is_staff:
                        # The admin site turns away who is not staff before any view: one
                        # record (the farthest) per pattern shows it.
                        found = found[-1:]
                    for relation, target in found:
                        if relation in skipped:
                            continue
                        if method == "get" and relation == "own":
                            continue  # reading one's own records is the apps' own tests' part
                        looked = {p: _lookup(target, p, model, data) for p in record_params}
                        if "office_code" not in record_params and "pk" in looked:
                            # Named by its own id (the API's assessments), not by its
                            # round and office (RECORD_LOOKUPS).
                            looked["pk"] = target.pk
                        if None in looked.values():
                            continue
                        filled = {p: str(v) for p, v in looked.items()}
                        if "content_type_id" in endpoint.params:
                            filled["content_type_id"] = str(
                                ContentType.objects.get_for_model(model).pk
                            )
                        url = url_for(endpoint, {**values, **names, **filled})
                        payload = (
                            write.payload(target, sender, data)
                            if write
                            else ({} if method != "get" else None)
                        )
                        yield Cell(username, endpoint, method, relation, url, payload, write)
                elif method == "get":
                    url = url_for(endpoint, {**values, **names})
                    for query in _query_variants(endpoint, user, data):
                        yield Cell(username, endpoint, method, "list", url, None, None, query)
                else:
                    url = url_for(endpoint, {**values, **names})
                    if write and write.target is not None:
                        found = (
                            targets(write.target, user, data)
                            if user
                            else _anonymous_targets(write.target, data)
                        )
                        for relation, target in found:
                            if relation in skipped:
                                continue
                            payload = write.payload(target, sender, data)
                            yield Cell(username, endpoint, method, relation, url, payload, write)
                    else:
                        payload = write.payload(None, sender, data) if write else {}
                        yield Cell(username, endpoint, method, "own", url, payload, write)


def _anonymous_targets(model: type[models.Model], data: Dataset) -> list[tuple[str, Any]]:
    records = _records_of(model, data)
    return [("beside", records[0])] if records else []


def matrix_endpoints() -> list[Endpoint]:
    return [e for e in endpoints() if e.key not in PUBLIC]


def _client(user: User | None) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def perform(client: Client, cell: Cell) -> tuple[Any, str, Any, bool]:
    """The answer, its text and JSON, and whether any row was written (then undone)."""
    from ipoffice.offices import directory

    with transaction.atomic():
        before = db_writes()
        if cell.method == "get":
            response = client.get(cell.url, cell.query)
        elif cell.write is not None and cell.write.as_json and cell.endpoint.area == "api":
            response = client.generic(
                cell.method.upper(), cell.url, json.dumps(cell.payload), "application/json"
            )
        elif cell.method == "post":
            response = client.post(cell.url, cell.payload or {})
        else:
            response = client.generic(cell.method.upper(), cell.url, "", "application/json")
        text, parsed = body_text(response)
        written = db_writes() != before
        transaction.set_rollback(True)
    # A message saved for the next page would outlive the rolled-back write it reports.
    client.cookies.pop("messages", None)
    if written:
        directory.forget()  # the per-process office tree may hold a rolled-back office
    return response, text, parsed, written


def _refusal(response: Any, cell: Cell) -> bool:
    if response.status_code in REFUSED:
        return True
    if response.status_code == 302:
        location = response["Location"].split("?")[0]
        # The admin sends those without access to its login page and a missing record back
        # to its index; the nameless admin patterns only add "change/" to the URL.
        return (
            location in ("/login/", "/admin/login/", "/admin/") or location == cell.url + "change/"
        )
    return False


def judge(
    cell: Cell, user: User | None, markers: Markers, result: tuple[Any, str, Any, bool]
) -> list[str]:
    response, text, parsed, written = result
    problems = []
    if response.status_code >= 500:
        problems.append(f"answered {response.status_code}")
    leaks = markers.leaks(text, parsed)
    if leaks:
        problems.append(f"shows records outside the subtree: {leaks[:5]}")
    foreign = cell.relation in ("above", "beside")
    if (
        foreign
        and cell.endpoint.params
        and set(cell.endpoint.params) & (RECORD_PARAMS | CHILD_PARAMS)
        and not _refusal(response, cell)
    ):
        problems.append(f"answered {response.status_code} for a record outside the subtree")
    if written:
        write = cell.write
        allowed = (
            not foreign
            and user is not None
            and write is not None
            and method_allowed(cell.endpoint, cell.method)
            and may_write(user, write.needs)
        )
        if not allowed:
            why = (
                "outside the subtree"
                if foreign
                else f"without {write.needs if write else 'a write permission'}"
            )
            problems.append(f"wrote to the database {why} ({response.status_code})")
    return problems


def _permitted(cell: Cell, user: User | None) -> bool:
    write = cell.write
    return cell.relation == "own" and write is not None and may_write(user, write.needs)


def run_cells(username: str, data: Dataset) -> list[str]:
    """Every cell of ``username``: the failures, one line each."""
    user = next((u for u in data.users if u.username == username), None)
    if username != ANONYMOUS:
        assert user is not None, username
        user = User.objects.get(pk=user.pk)  # fresh permission caches
    markers = Markers.for_user(user, data) if user else Markers.for_anonymous(data)
    client = _client(user)
    failures = []
    cache.clear()  # the public look-up's rate limit
    for cell in cells_for(username, user, data):
        if _permitted(cell, user):
            continue  # a write that may succeed: test_each_payload_writes_for_its_owner
        started = time.perf_counter()
        result = perform(client, cell)
        TIMES[cell.endpoint.key] += time.perf_counter() - started
        FIGURES["requests"] += 1
        FIGURES[f"requests:{'write' if cell.method != 'get' else 'read'}"] += 1
        PATTERNS_REQUESTED.add(cell.endpoint.route)
        for problem in judge(cell, user, markers, result):
            failures.append(f"{cell}: {problem}")
    return failures


# -- the tests ----------------------------------------------------------------------------


def test_every_pattern_is_covered() -> None:
    """Every resolver pattern is requested by the matrix, or is public with a reason; the
    matrix knows every URL parameter and has a payload for every write."""
    every = endpoints()
    matrix = matrix_endpoints()
    public = [e for e in every if e.key in PUBLIC]
    assert len(matrix) == len(every) - len(public)
    assert {e.key for e in public} == set(PUBLIC), "a public entry names no pattern"
    problems = []
    for e in matrix:
        for param in e.params:
            known = RECORD_PARAMS | CHILD_PARAMS | set(PLAIN_PARAMS) | {"name", "content_type_id"}
            if param not in known:
                problems.append(f"{e}: the matrix does not know the URL parameter {param!r}")
        if set(e.params) & (RECORD_PARAMS | {"content_type_id"}) and e.model is None:
            problems.append(f"{e}: which model does it show? (PARAM_MODELS or the URL name)")
        for method in e.methods:
            if needs_write_spec(e, method) and write_for(e, method) is None:
                problems.append(f"{e}: {method.upper()} has no payload in WRITES")
        if "name" in e.params and not any(write_for(e, m) for m in e.methods):
            problems.append(f"{e}: which value for its `name` parameter? (WRITES)")
    assert not problems, "\n".join(problems)
    print(
        f"\nURL patterns: {len(every)} in the resolver, {len(public)} public,"
        f" {len(matrix)} in the matrix"
    )


@pytest.mark.parametrize("username", MATRIX_USERS)
def test_nothing_outside_the_subtree_and_no_write_without_permission(
    username: str, dataset: Dataset, db: Any, matrix_settings: Any
) -> None:
    failures = run_cells(username, dataset)
    FIGURES["users"] += 1
    assert not failures, f"{len(failures)} cells failed:\n" + "\n".join(failures)


def test_each_payload_writes_for_its_owner(dataset: Dataset, db: Any, matrix_settings: Any) -> None:
    """The refusals prove something only if the payloads are good: each write with an
    ``owner`` succeeds for that role in the record's own office."""
    problems, tried = [], 0
    for endpoint in matrix_endpoints():
        for method in endpoint.methods:
            write = write_for(endpoint, method)
            if write is None or write.owner is None or not method_allowed(endpoint, method):
                continue
            tried += 1
            answers = []
            for user in dataset.users:
                if _role(user) != write.owner:
                    continue
                user = User.objects.get(pk=user.pk)
                cells = [
                    c
                    for c in cells_for(user.username, user, dataset, endpoint.key)
                    if c.method == method and c.relation == "own"
                ]
                client = _client(user)
                for cell in cells:
                    response, _text, _parsed, written = perform(client, cell)
                    if written and response.status_code < 400:
                        break
                    said = re.findall(r'(?:errorlist[^>]*>|"detail":)(.{0,160})', _text)[:2]
                    answers.append(f"{cell}: {response.status_code} {said}")
                else:
                    continue
                break
            else:
                problems.append(
                    f"{endpoint} {method.upper()}: no {write.owner} succeeded; {answers[:3]}"
                )
    assert not problems, "\n".join(problems)
    print(f"\n{tried} write payloads succeed for their owner")


def test_no_format_suffix_routes(db: Any) -> None:
    """The ".json" variants of the API's action routes answered 500; there are none now."""
    from django.urls import Resolver404

    for path in ("/api/v1/cases/1/history.json/", "/api/v1/complaints/export.json/"):
        with pytest.raises(Resolver404):
            resolve(path)


@pytest.fixture
def matrix_settings(settings: Any) -> Iterator[None]:
    # Sessions and messages in signed cookies: a request writes no row unless it means to.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
    settings.MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"
    # Thousands of refusals are expected; each would be logged as a warning.
    logger = logging.getLogger("django.request")
    level, logger.level = logger.level, logging.ERROR
    yield
    logger.setLevel(level)


def test_zz_figures() -> None:
    """The size of the matrix (run after the cells; -s shows it)."""
    patterns = len(matrix_endpoints())
    print(
        f"\nauthorization matrix: {patterns} URL patterns ({len(PATTERNS_REQUESTED)} requested)"
        f" x {FIGURES['users']} users, {FIGURES['requests']} requests"
        f" ({FIGURES['requests:read']} reads, {FIGURES['requests:write']} writes)"
    )
    for key, spent in TIMES.most_common(8):
        print(f"  {spent:6.2f}s {key}")
