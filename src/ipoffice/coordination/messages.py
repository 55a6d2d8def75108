"""What the coordination app sends through the outbox: the transfer to an outside
authority (e-mail with its signed link, and/or a webhook's JSON) and the reminders.
Each is written in the transaction of the change that causes it, with an idempotency key,
so a retried job or delivery sends nothing twice (``ipoffice.outbox``)."""

from __future__ import annotations

from typing import Any

from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _

from ipoffice.coordination.links import link_token, link_url
from ipoffice.coordination.models import CoordinationRequest
from ipoffice.outbox.enums import Channel, Language
from ipoffice.outbox.services import message_enqueue, message_send
from ipoffice.outbox.templates import TemplateSpec

# Outside authorities are Chinese administrations: they are written to in Chinese.
AUTHORITY_LANGUAGE = Language.ZH_HANS
PLACEHOLDERS = (
    "office",
    "subject",
    "details",
    "case_number",
    "authority",
    "acknowledge_due_on",
    "answer_due_on",
    "link",
)

TRANSFER_SENT = TemplateSpec(
    key="coordination.transfer_sent",
    channel=Channel.EMAIL,
    subject=_("Transfer from {office}: {subject}"),
    body=_(
        "Dear colleagues of {authority},\n\n"
        "{office} transfers to you the following matter (case {case_number}):\n\n"
        "{subject}\n{details}\n\n"
        "Please acknowledge receipt by {acknowledge_due_on} and answer by {answer_due_on} "
        "on this page (no account is needed):\n{link}\n\n"
        "These dates are the offices' practice, not a statutory time limit."
    ),
    placeholders=PLACEHOLDERS,
    description=_("To an outside authority when an office transfers a matter to it."),
)
REMINDER = TemplateSpec(
    key="coordination.reminder",
    channel=Channel.EMAIL,
    subject=_("Reminder: {subject}"),
    body=_(
        "{office} is still waiting for your acknowledgement or answer of "
        "“{subject}” (case {case_number}), due on {acknowledge_due_on} (acknowledgement) "
        "and {answer_due_on} (answer).\n\n{link}"
    ),
    placeholders=PLACEHOLDERS,
    description=_("To the receiver of a coordination request once it is overdue."),
)
SPECS = (TRANSFER_SENT, REMINDER)


def _day(value: Any) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else "—"


def _context(request: CoordinationRequest, link: str, language: str) -> dict[str, str]:
    with translation.override(language):
        return _values(request, link)


def _values(request: CoordinationRequest, link: str) -> dict[str, str]:
    return {
        "office": request.requesting_office.name_zh,
        "subject": request.subject,
        "details": request.details,
        "case_number": request.case.case_number,
        "authority": request.authority.name if request.authority else "",
        "acknowledge_due_on": _day(request.acknowledge_due_on),
        "answer_due_on": _day(request.answer_due_on),
        "link": link,
    }


def webhook_payload(request: CoordinationRequest, event: str) -> dict[str, Any]:
    """The JSON posted to an authority's webhook; it acknowledges by posting ``token``
    back to ``acknowledge_url`` (api.AuthorityAcknowledgement)."""
    from django.conf import settings
    from django.urls import reverse

    base = str(settings.IPOFFICE_PUBLIC_URL)
    return {
        "event": event,
        "request": request.pk,
        "kind": request.kind,
        "office": request.requesting_office.code,
        "case_number": request.case.case_number,
        "subject": request.subject,
        "details": request.details,
        "sent_on": request.sent_on.isoformat(),
        "acknowledge_due_on": request.acknowledge_due_on.isoformat()
        if request.acknowledge_due_on
        else None,
        "answer_due_on": request.answer_due_on.isoformat() if request.answer_due_on else None,
        "token": link_token(request),
        "page": link_url(request),
        "acknowledge_url": base + reverse("api-coordination-acknowledge"),
    }


def transfer_send(request: CoordinationRequest) -> int:
    """The transfer to its authority, by e-mail and/or webhook: how many messages."""
    authority, sent = request.authority, 0
    if authority is None:
        return 0
    if authority.email:
        message_send(
            template=TRANSFER_SENT.key,
            channel=Channel.EMAIL,
            recipient=authority.email,
            language=AUTHORITY_LANGUAGE,
            context=_context(request, link_url(request), AUTHORITY_LANGUAGE),
            idempotency_key=f"coordination:{request.pk}:sent:email",
            about=request,
            office=request.requesting_office,
            personal=True,  # free text of the case may name parties
        )
        sent += 1
    if authority.webhook_url:
        message_enqueue(
            channel=Channel.WEBHOOK,
            recipient=authority.webhook_url,
            subject=request.subject,
            body="",
            idempotency_key=f"coordination:{request.pk}:sent:webhook",
            language=AUTHORITY_LANGUAGE,
            about=request,
            office=request.requesting_office,
            personal=True,  # free text of the case may name parties
            payload=webhook_payload(request, "transfer"),
        )
        sent += 1
    return sent


def reminder_send(request: CoordinationRequest, recipients: list[tuple[str, str]]) -> int:
    """A reminder for the request's current due date to each (e-mail, language)."""
    if request.authority_id:
        link = link_url(request)
    else:
        from django.conf import settings
        from django.urls import reverse

        path = reverse("coordination-request-detail", kwargs={"pk": request.pk})
        link = f"{settings.IPOFFICE_SITE_URL}{path}"  # staff of the receiving office
    for address, language in recipients:
        message_send(
            template=REMINDER.key,
            channel=Channel.EMAIL,
            recipient=address,
            language=language,
            context=_context(request, link, language),
            idempotency_key=f"reminder:coordination:{request.pk}:{request.due_on}:{address}",
            about=request,
            office=request.receiving_office or request.requesting_office,
            personal=True,  # free text of the case may name parties
        )
    return len(recipients)
