"""Patent enforcement in e-business: takedown notices to e-commerce platforms.

An officer names the platform, its address for notices (an e-mail address, or an HTTPS
URL that takes a webhook), the shop and the listings; the notice is written and its
message enqueued in the outbox in one transaction (``takedown_send``), so it is sent once
or not at all. The platform's answer and its date are recorded by the officer
(``takedown_answer``, a transition of ``TAKEDOWN_WORKFLOW``). A shop already named in an
earlier notice that the reader may see is a repeat (``selectors.takedown_repeats``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ipoffice.cases.enums import OPEN_CASE_STATUSES, TakedownAnswer, TakedownStatus
from ipoffice.cases.models import Case, TakedownNotice
from ipoffice.cases.services import require_handler
from ipoffice.cases.workflow import CASE_WORKFLOW, HANDLE, acts_for
from ipoffice.common.errors import ApplicationError
from ipoffice.common.history import history_append
from ipoffice.common.workflow import Act, Transition, Workflow, transition, transition_perform
from ipoffice.outbox.enums import Channel, Language
from ipoffice.outbox.services import message_send
from ipoffice.outbox.templates import TemplateSpec

MAX_LISTINGS = 50
TEMPLATE = "cases.takedown_notice"
PLACEHOLDERS = ("case_number", "office", "platform", "shop_name", "shop_id", "listing_urls")
_SUBJECT = _("Patent infringement: takedown notice for case {case_number}")
_BODY = _(
    "{office} asks {platform} to take down the following listings of the shop "
    "{shop_name} (ID {shop_id}), which infringe a patent (case {case_number}):\n\n"
    "{listing_urls}\n\nPlease answer with what you did and when."
)
_DESCRIPTION = _("The notice asking an e-commerce platform to take down infringing listings.")
TEMPLATES = (
    TemplateSpec(TEMPLATE, Channel.EMAIL, _SUBJECT, _BODY, PLACEHOLDERS, _DESCRIPTION),
    TemplateSpec(
        f"{TEMPLATE}.webhook", Channel.WEBHOOK, _SUBJECT, _BODY, PLACEHOLDERS, _DESCRIPTION
    ),
)
_URL = URLValidator(schemes=["http", "https"])


def _valid(check: Callable[[str], None], value: str) -> bool:
    try:
        check(value)
    except ValidationError:
        return False
    return True


def _channel(address: str) -> str:
    """An e-mail address gets an e-mail; an HTTPS URL a webhook (a JSON POST)."""
    if "@" in address and "/" not in address and _valid(validate_email, address):
        return Channel.EMAIL
    if address.startswith("https://") and _valid(_URL, address):
        return Channel.WEBHOOK
    raise ApplicationError(
        gettext("Give the platform's e-mail address or an https:// address for notices."),
        field="platform_address",
    )


def listing_urls_clean(urls: list[str] | str) -> list[str]:
    """The listing addresses, one per line (or a list), each checked; duplicates once."""
    lines = urls.splitlines() if isinstance(urls, str) else list(urls)
    found = list(dict.fromkeys(u.strip() for u in lines if u.strip()))
    if not found:
        raise ApplicationError(gettext("Give at least one listing URL."), field="listing_urls")
    if len(found) > MAX_LISTINGS:
        raise ApplicationError(
            gettext("At most %(count)s listings in one notice.") % {"count": MAX_LISTINGS},
            field="listing_urls",
        )
    for url in found:
        try:
            _URL(url)
        except ValidationError:
            raise ApplicationError(
                gettext("This is not a web address: %(url)s") % {"url": url[:100]},
                field="listing_urls",
            ) from None
    return found


@transaction.atomic
def takedown_send(
    *,
    actor: Any,
    case: Case,
    platform: str,
    platform_address: str,
    shop_name: str,
    listing_urls: list[str] | str,
    shop_id: str = "",
    on: date | None = None,
) -> TakedownNotice:
    """Write a takedown notice and enqueue its message to the platform (once)."""
    case = CASE_WORKFLOW.lock(case)
    require_handler(actor, case.office, HANDLE)
    if case.status not in OPEN_CASE_STATUSES:
        raise ApplicationError(
            gettext("Takedown notices are sent while the case is open."), field="platform"
        )
    platform, shop_name, shop_id = platform.strip(), shop_name.strip(), shop_id.strip()
    address = platform_address.strip()
    if not platform:
        raise ApplicationError(gettext("Name the platform."), field="platform")
    channel = _channel(address)
    if not shop_name:
        raise ApplicationError(gettext("Name the shop."), field="shop_name")
    urls = listing_urls_clean(listing_urls)
    on = on or timezone.localdate()
    problem = CASE_WORKFLOW.date_problem(case, on)
    if problem:
        raise ApplicationError(problem, field="on")
    notice = TakedownNotice.objects.create(
        case=case,
        platform=platform,
        platform_address=address,
        shop_name=shop_name,
        shop_id=shop_id,
        listing_urls=urls,
        sent_on=on,
        sent_by=actor,
    )
    history_append(notice, actor=actor, action="create", on=on, from_status="")
    history_append(
        case,
        actor=actor,
        action="takedown_send",
        on=on,
        changes={
            "platform": [None, platform],
            "shop_name": [None, shop_name],
            "listing_urls": [None, urls],
        },
    )
    message_send(
        template=TEMPLATE if channel == Channel.EMAIL else f"{TEMPLATE}.webhook",
        channel=Channel(channel),
        recipient=address,
        language=Language.ZH_HANS,
        context={
            "case_number": case.case_number,
            "office": case.office.name_zh,
            "platform": platform,
            "shop_name": shop_name,
            "shop_id": shop_id or "—",
            "listing_urls": "\n".join(urls),
        },
        idempotency_key=f"takedown:{notice.pk}",
        about=notice,
        office=case.office,
        personal=False,
        payload=(
            {
                "notice": notice.pk,
                "case_number": case.case_number,
                "office_code": case.office.code,
                "platform": platform,
                "shop_name": shop_name,
                "shop_id": shop_id,
                "listing_urls": urls,
            }
            if channel == Channel.WEBHOOK
            else None
        ),
    )
    return notice


def takedown_answer(
    *,
    actor: Any,
    notice: TakedownNotice,
    answer: str,
    note: str = "",
    on: date | None = None,
) -> TakedownNotice:
    """Record what the platform answered, and when."""
    return transition_perform(
        TAKEDOWN_WORKFLOW,
        record=notice,
        name="answer",
        actor=actor,
        on=on,
        answer=answer,
        note=note,
    )


def _answered(act: Act) -> None:
    notice: TakedownNotice = act.record
    answer = act.params.get("answer") or ""
    if answer not in TakedownAnswer.values:
        raise ApplicationError(gettext("Choose the platform's answer."), field="answer")
    notice.answer, notice.answer_note = answer, (act.params.get("note") or "").strip()


def _to_case(act: Act) -> None:
    notice: TakedownNotice = act.record
    history_append(
        notice.case,
        actor=act.actor,
        action="takedown_answer",
        on=act.on,
        reason=notice.answer_note,
        changes={"shop_name": [None, notice.shop_name], "platform_answer": [None, notice.answer]},
    )


def _lock(notice: TakedownNotice) -> TakedownNotice:
    return (
        TakedownNotice.objects.select_for_update(of=("self",))
        .select_related("case", "case__office")
        .get(pk=notice.pk)
    )


def _may_act(actor: Any, notice: TakedownNotice, t: Transition) -> bool:
    return acts_for(actor, notice.case.office_id, t.permission)


def _date_problem(notice: TakedownNotice, on: date) -> str | None:
    if on > timezone.localdate():
        return gettext("The date cannot be in the future.")
    if on < notice.sent_on:
        return gettext("The date cannot precede %(date)s.") % {"date": date_format(notice.sent_on)}
    return None


TAKEDOWN_TRANSITIONS = {
    "answer": transition(
        "answer",
        _("Record the platform's answer"),
        (TakedownStatus.SENT,),
        TakedownStatus.ANSWERED,
        HANDLE,
        stamps=("answered_on",),
        hooks=(_answered,),
        after=(_to_case,),
        own_service=True,
    )
}

TAKEDOWN_WORKFLOW = Workflow(
    name="takedown_notice",
    model=TakedownNotice,
    transitions=TAKEDOWN_TRANSITIONS,
    lock=_lock,
    may_act=_may_act,
    denied=_("You may not do this on a case of that office."),
    not_possible=_("“%(action)s” is not possible on a notice that is %(status)s."),
    tracked=("answer",),
    date_problem=_date_problem,
)
