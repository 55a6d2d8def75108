"""The assessment pages: the rounds and schemes, a scheme's indicators in words, a round's
ranking (with its XLSX and PDF), and one office's result explained line by line with its
manual items, actions and history. Thin: parse input, call a selector or a service."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ipoffice.assessment import exports, selectors, services
from ipoffice.assessment.enums import AssessedLevel, RoundStatus, RuleKind, SchemeStatus
from ipoffice.assessment.explain import plain, rule_words
from ipoffice.assessment.forms import (
    ActionForm,
    AwardForm,
    ClaimForm,
    EvidenceForm,
    IndicatorForm,
    RemarkForm,
)
from ipoffice.assessment.models import Assessment, Evidence, Round, Scheme
from ipoffice.assessment.workflow import (
    ASSESSMENT_TRANSITIONS,
    ASSESSMENT_WORKFLOW,
    MANAGE,
    PUBLISH,
    REVIEW,
    SCHEME_WORKFLOW,
    SELF,
    event_label,
)
from ipoffice.common.errors import ApplicationError
from ipoffice.common.exports import XLSX_TYPE
from ipoffice.common.files import attachment_get, attachment_response
from ipoffice.common.history import timeline
from ipoffice.common.scoping import user_office
from ipoffice.common.workflow import transitions_available
from ipoffice.coordination.selectors import actor_shown


def staff_only(view: Any) -> Any:
    """Assessments are for staff of an office: anyone else finds nothing here."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if user_office(request.user) is None:
            raise Http404
        return view(request, *args, **kwargs)

    return login_required(wrapped)


# -- rounds and schemes --------------------------------------------------------------------


@staff_only
def round_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    rounds = list(selectors.rounds_overview(user))
    schemes = list(selectors.schemes_visible(user).select_related("based_on"))
    return render(
        request,
        "assessment/round_list.html",
        {
            "rounds": rounds,
            "schemes": schemes,
            "levels": AssessedLevel.choices,
            "to_open": selectors.schemes_without_round(user)
            if selectors.national_manager(user, PUBLISH)
            else [],
        },
    )


@staff_only
@require_POST
def round_open(request: HttpRequest) -> HttpResponse:
    year, level = request.POST.get("year", ""), request.POST.get("level", "")
    try:
        if not year.isdigit():
            raise ApplicationError(_("Choose the year of an adopted scheme."), field="year")
        opened = services.round_open(actor=request.user, year=int(year), level=level)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("round-list")
    messages.success(request, _("The round is open: every office can assess itself."))
    return redirect("round-ranking", pk=opened.pk)


def _scheme_event_label(action: str) -> str:
    labels = {"create": _("Drafted"), "change": _("Indicator changed")}
    return labels.get(action) or event_label(action)


def _shown(user: Any, entries: list[Any]) -> list[tuple[Any, str]]:
    """Each history entry with who acted as the reader may see it: a person of the
    reader's subtree by name, anyone else by their office."""
    return [(entry, actor_shown(user, entry.event.actor)) for entry in entries]


def _indicator_labels(scheme: Scheme) -> dict[str, str]:
    """History keys named by indicator code (``code`` or ``code.weight``) as words."""
    labels: dict[str, str] = {}
    for indicator in scheme.indicators.all():
        labels[indicator.code] = indicator.name
        for key, word in (("weight", _("weight")), ("cap", _("cap")), ("rule", _("rule"))):
            labels[f"{indicator.code}.{key}"] = f"{indicator.name} · {word}"
    return labels


def _indicator_rows(scheme: Scheme, bound: dict[str, IndicatorForm]) -> list[Any]:
    rows = []
    for indicator in scheme.indicators.all():
        form = bound.get(indicator.code) or IndicatorForm(
            indicator=indicator.code,
            initial={"weight": plain(indicator.weight), "cap": plain(indicator.cap)},
        )
        rows.append((indicator, rule_words(indicator), form))
    return rows


def _scheme_page(
    request: HttpRequest, scheme: Scheme, bound: dict[str, IndicatorForm], status: int = 200
) -> HttpResponse:
    user: Any = request.user
    manager = selectors.national_manager(user, MANAGE)
    groups: dict[str, list[Any]] = {}
    for row in _indicator_rows(scheme, bound):
        groups.setdefault(row[0].group, []).append(row)
    return render(
        request,
        "assessment/scheme_detail.html",
        {
            "scheme": scheme,
            "groups": groups,
            "editable": manager and scheme.status == SchemeStatus.DRAFT,
            "adoptable": bool(transitions_available(SCHEME_WORKFLOW, scheme, user)),
            "copyable": manager,
            "timeline": _shown(
                user,
                timeline(
                    selectors.scheme_history(user, scheme),
                    Scheme,
                    action_label=_scheme_event_label,
                    labels=_indicator_labels(scheme),
                ),
            ),
            "rounds": scheme.rounds.all(),
        },
        status=status,
    )


@staff_only
def scheme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _scheme_page(request, selectors.scheme_get(request.user, pk), {})


@staff_only
@require_POST
def scheme_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = selectors.scheme_get(request.user, pk)
    try:
        services.scheme_adopt(actor=request.user, scheme=scheme)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The scheme is adopted."))
    return redirect("scheme-detail", pk=scheme.pk)


@staff_only
@require_POST
def scheme_copy(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = selectors.scheme_get(request.user, pk)
    try:
        copy = services.scheme_copy(actor=request.user, scheme=scheme)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("scheme-detail", pk=scheme.pk)
    messages.success(
        request, _("Version %(version)s is drafted from this one.") % {"version": copy.version}
    )
    return redirect("scheme-detail", pk=copy.pk)


@staff_only
@require_POST
def scheme_indicator(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = selectors.scheme_get(request.user, pk)
    code = request.POST.get("indicator", "")
    indicator = scheme.indicators.filter(code=code).first()
    if indicator is None:
        raise Http404
    form = IndicatorForm(request.POST, indicator=code)
    if form.is_valid():
        cap = form.cleaned_data["cap"]
        try:
            services.indicator_change(
                actor=request.user,
                indicator=indicator,
                weight=form.cleaned_data["weight"],
                cap=cap,
                clear_cap=cap is None,
            )
        except ApplicationError as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("%(indicator)s: saved.") % {"indicator": indicator.name})
            return redirect("scheme-detail", pk=scheme.pk)
    return _scheme_page(request, scheme, {code: form}, status=400)


# -- a round's ranking ---------------------------------------------------------------------


def _ranking(request: HttpRequest, round_: Round) -> tuple[list[Any], list[Any]]:
    return selectors.ranking(request.user, round_), list(round_.scheme.indicators.all())


@staff_only
def round_ranking(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    round_ = selectors.round_get(user, pk)
    rows, indicators = _ranking(request, round_)
    groups = list(dict.fromkeys(i.group for i in indicators))
    return render(
        request,
        "assessment/ranking.html",
        {
            "round": round_,
            "published": round_.status == RoundStatus.PUBLISHED,
            "rows": [
                (
                    row,
                    exports.rank_change(row.rank_change),
                    [row.groups.get(g, 0) for g in groups],
                    [(i.code, row.points.get(i.code, 0)) for i in indicators],
                )
                for row in rows
            ],
            "indicators": indicators,
            "groups": groups,
            "publishable": selectors.round_publishable(user, round_),
            "note": exports.note(round_),
        },
    )


@staff_only
def round_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = selectors.round_get(request.user, pk)
    rows, indicators = _ranking(request, round_)
    response = HttpResponse(exports.ranking_xlsx(round_, rows, indicators), XLSX_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="assessment-{round_.year}-{round_.level}.xlsx"'
    )
    return response


@staff_only
def round_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = selectors.round_get(request.user, pk)
    rows, indicators = _ranking(request, round_)
    try:
        body = exports.ranking_pdf(round_, rows, indicators)
    except ApplicationError as exc:  # no Chinese font installed
        return HttpResponse(exc.message, status=exc.status, content_type="text/plain")
    response = HttpResponse(body, "application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="assessment-{round_.year}-{round_.level}.pdf"'
    )
    return response


@staff_only
@require_POST
def round_publish(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = selectors.round_get(request.user, pk)
    try:
        services.round_publish(actor=request.user, round_=round_)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The results are published: every office sees them."))
    return redirect("round-ranking", pk=round_.pk)


# -- one office's result -------------------------------------------------------------------


def _assessment(request: HttpRequest, pk: int, office_code: str) -> Assessment:
    round_ = selectors.round_get(request.user, pk)
    return selectors.assessment_get(request.user, round_, office_code)


def _result_page(
    request: HttpRequest, assessment: Assessment, bound: Any = None, status: int = 200
) -> HttpResponse:
    user: Any = request.user
    bound = bound or {}
    explained = selectors.result_for(user, assessment)
    lines, sources = selectors.result_lines(user, explained)
    own = selectors.may_edit(user, assessment, "own")
    reviewer = selectors.may_edit(user, assessment, "reviewer")
    claims = selectors.manual_scores(user, assessment)
    evidence = selectors.evidence_list(user, assessment)
    manual = []
    for line in lines:
        code = line.indicator.code
        if line.indicator.kind != RuleKind.MANUAL:
            continue
        claim = claims.get(code)
        manual.append(
            {
                "line": line,
                "claim": claim,
                "evidence": evidence.get(code, []),
                "claim_form": bound.get(("claim", code))
                or ClaimForm(
                    indicator=code,
                    initial={"points": plain(claim.claimed), "note": claim.claim_note}
                    if claim
                    else {},
                )
                if own
                else None,
                "evidence_form": bound.get(("evidence", code)) or EvidenceForm(indicator=code)
                if own
                else None,
                "award_form": bound.get(("award", code))
                or AwardForm(
                    indicator=code,
                    initial={
                        "points": plain(claim.claimed if claim.awarded is None else claim.awarded),
                        "reason": claim.award_reason,
                    },
                )
                if reviewer and claim is not None
                else None,
            }
        )
    remarks = [
        (line, bound.get(("remark", line.indicator.code)) or RemarkForm(
            indicator=line.indicator.code, initial={"text": line.remark}))
        for line in lines
        if line.indicator.kind != RuleKind.MANUAL
    ] if own else []  # fmt: skip
    actions = [
        (t, bound.get(("action", t.name))
            or ActionForm(name=t.name, reason_required=t.reason_required))
        for t in transitions_available(ASSESSMENT_WORKFLOW, assessment, user)
    ]  # fmt: skip
    return render(
        request,
        "assessment/result.html",
        {
            "a": assessment,
            "round": assessment.round,
            "explained": explained,
            "scheme": explained.result.scheme if explained.result else assessment.round.scheme,
            "lines": lines,
            "sources": sources,
            "manual": manual,
            "remarks": remarks,
            "actions": actions,
            "open_panel": next((k[1] for k in bound), ""),
            "timeline": _shown(
                user,
                timeline(
                    selectors.assessment_history(user, assessment),
                    Assessment,
                    action_label=event_label,
                    labels=_indicator_labels(assessment.round.scheme),
                    hidden=("sha256",),
                ),
            ),
        },
        status=status,
    )


@staff_only
def assessment_result(request: HttpRequest, pk: int, office_code: str) -> HttpResponse:
    return _result_page(request, _assessment(request, pk, office_code))


def _saved(request: HttpRequest, assessment: Assessment, anchor: str) -> HttpResponse:
    messages.success(request, _("Saved."))
    response = redirect(
        "assessment-result", pk=assessment.round_id, office_code=assessment.office.code
    )
    response["Location"] += f"#{anchor}"
    return response


def _indicator_code(request: HttpRequest, assessment: Assessment) -> str:
    code = request.POST.get("indicator", "")
    if not assessment.round.scheme.indicators.filter(code=code).exists():
        raise Http404
    return code


def _item_post(
    request: HttpRequest,
    pk: int,
    office_code: str,
    kind: str,
    form_class: Any,
    write: Callable[[Any, Assessment, str, dict[str, Any]], Any],
) -> HttpResponse:
    """One write on an indicator of the result page (a claim, an award, a remark, a file):
    back to the indicator when it is saved; else the page again, the form keeping what was
    typed and saying beside the field why it was refused."""
    assessment = _assessment(request, pk, office_code)
    code = _indicator_code(request, assessment)
    form = form_class(request.POST, request.FILES, indicator=code)
    if form.is_valid():
        try:
            write(request.user, assessment, code, form.cleaned_data)
        except ApplicationError as exc:
            form.refuse(exc)
        else:
            return _saved(request, assessment, f"ind-{code}")
    return _result_page(request, assessment, {(kind, code): form}, status=400)


@staff_only
@require_POST
def assessment_claim(request: HttpRequest, pk: int, office_code: str) -> HttpResponse:
    def write(actor: Any, assessment: Assessment, code: str, data: dict[str, Any]) -> Any:
        return services.manual_claim(actor=actor, assessment=assessment, indicator=code,
                                     points=data["points"], note=data["note"])  # fmt: skip

    return _item_post(request, pk, office_code, "claim", ClaimForm, write)


@staff_only
@require_POST
def assessment_award(request: HttpRequest, pk: int, office_code: str) -> HttpResponse:
    def write(actor: Any, assessment: Assessment, code: str, data: dict[str, Any]) -> Any:
        return services.manual_award(actor=actor, assessment=assessment, indicator=code,
                                     points=data["points"], reason=data["reason"])  # fmt: skip

    return _item_post(request, pk, office_code, "award", AwardForm, write)


@staff_only
@require_POST
def assessment_remark(request: HttpRequest, pk: int, office_code: str) -> HttpResponse:
    def write(actor: Any, assessment: Assessment, code: str, data: dict[str, Any]) -> Any:
        return services.assessment_remark(actor=actor, assessment=assessment, indicator=code,
                                          text=data["text"])  # fmt: skip

    return _item_post(request, pk, office_code, "remark", RemarkForm, write)


@staff_only
@require_POST
def assessment_evidence_add(request: HttpRequest, pk: int, office_code: str) -> HttpResponse:
    def write(actor: Any, assessment: Assessment, code: str, data: dict[str, Any]) -> Any:
        return services.evidence_attach(actor=actor, assessment=assessment, indicator=code,
                                        upload=data["file"],
                                        description=data["description"])  # fmt: skip

    return _item_post(request, pk, office_code, "evidence", EvidenceForm, write)


@staff_only
def assessment_evidence(request: HttpRequest, pk: int, office_code: str, file: int) -> Any:
    """A file of a manual item, to the people who work on assessments in the office's
    subtree (the office and its reviewers); to anyone else it does not exist."""
    user: Any = request.user
    assessment = _assessment(request, pk, office_code)
    permission = REVIEW if user.has_perm(REVIEW) else SELF
    found = attachment_get(
        Evidence.objects.filter(assessment=assessment), user, permission=permission, pk=file
    )
    return attachment_response(found)


@staff_only
@require_POST
def assessment_transition(
    request: HttpRequest, pk: int, office_code: str, name: str
) -> HttpResponse:
    assessment = _assessment(request, pk, office_code)
    t = ASSESSMENT_TRANSITIONS.get(name)
    if t is None or not t.offered:
        raise Http404
    form = ActionForm(request.POST, name=name, reason_required=t.reason_required)
    if form.is_valid():
        try:
            services.assessment_transition(
                actor=request.user, assessment=assessment, name=name,
                reason=form.cleaned_data["reason"],
            )  # fmt: skip
        except ApplicationError as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("%(action)s: saved.") % {"action": t.label})
            return redirect(
                "assessment-result", pk=assessment.round_id, office_code=assessment.office.code
            )
    assessment = _assessment(request, pk, office_code)
    return _result_page(request, assessment, {("action", name): form}, status=400)


ROUND = "<int:pk>/"
RESULT = "<int:pk>/<str:office_code>/"

urlpatterns = [
    path("", round_list, name="round-list"),
    path("open/", round_open, name="round-open"),
    path("schemes/<int:pk>/", scheme_detail, name="scheme-detail"),
    path("schemes/<int:pk>/adopt/", scheme_adopt, name="scheme-adopt"),
    path("schemes/<int:pk>/copy/", scheme_copy, name="scheme-copy"),
    path("schemes/<int:pk>/indicator/", scheme_indicator, name="scheme-indicator"),
    path(ROUND, round_ranking, name="round-ranking"),
    path(f"{ROUND}ranking.xlsx", round_xlsx, name="round-xlsx"),
    path(f"{ROUND}ranking.pdf", round_pdf, name="round-pdf"),
    path(f"{ROUND}publish/", round_publish, name="round-publish"),
    path(RESULT, assessment_result, name="assessment-result"),
    path(f"{RESULT}claim/", assessment_claim, name="assessment-claim"),
    path(f"{RESULT}award/", assessment_award, name="assessment-award"),
    path(f"{RESULT}remark/", assessment_remark, name="assessment-remark"),
    path(f"{RESULT}evidence/", assessment_evidence_add, name="assessment-evidence-add"),
    path(f"{RESULT}evidence/<int:file>/", assessment_evidence, name="assessment-evidence"),
    path(f"{RESULT}action/<str:name>/", assessment_transition, name="assessment-transition"),
]
