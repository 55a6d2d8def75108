"""Telling complainants: receipt, transfer, result and the satisfaction request.

Each message goes, in the complainant's language (``Complainant.language``), by the
channels they chose (``notify_sms``, ``notify_email``), through the outbox
(``ipoffice.outbox.services.message_send``) inside the transaction of the step that causes
it: the message commits or rolls back with the step. Each has an idempotency key
(``complaint:{pk}:receipt:sms``; later steps carry the round, which a reopening starts
anew), so a retried call never sends twice. The complaint's history gets one public entry
per message: what was sent, by which channels, when — never the address or the text.
Nothing here logs an address or a message body.

The templates are data (``SPECS``, registered in ``ComplaintsConfig.ready()``): default
text in English msgids with their Chinese in the catalogue; administrators edit the rows
the outbox makes of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.functional import lazy
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ipoffice.common.history import history_append
from ipoffice.complaints.enums import Authority, Message, SentBy
from ipoffice.complaints.models import Complaint, ComplaintEvent
from ipoffice.outbox.enums import Channel as OutboxChannel
from ipoffice.outbox.selectors import messages_about
from ipoffice.outbox.services import message_send
from ipoffice.outbox.templates import TemplateSpec

SATISFACTION_SALT = "ipoffice.complaints.satisfaction"
OUTBOX_CHANNEL = {SentBy.SMS: OutboxChannel.SMS, SentBy.EMAIL: OutboxChannel.EMAIL}
MESSAGE_ACTION = "message"  # the history entry of a message sent


def template_key(message: str, channel: str) -> str:
    return f"complaints.{message}.{channel}"


def _spec(
    message: Message, channel: SentBy, subject: Any, body: Any, placeholders: tuple[str, ...]
) -> TemplateSpec:
    descriptions = {
        SentBy.SMS: _("12330 complaint, SMS to the complainant: %(message)s"),
        SentBy.EMAIL: _("12330 complaint, e-mail to the complainant: %(message)s"),
    }
    description = _lazy_percent(descriptions[channel], message.label)
    return TemplateSpec(
        key=template_key(message, channel),
        channel=OUTBOX_CHANNEL[channel],
        subject=subject,
        body=body,
        placeholders=placeholders,
        description=description,
    )


def _lazy_percent(template: Any, message: Any) -> Any:
    """``template % {"message": message}``, evaluated in the reader's language."""
    return lazy(lambda: str(template) % {"message": message}, str)()


RECEIPT_FIELDS = ("tracking_number", "received_on", "track_url")
TRANSFER_FIELDS = ("tracking_number", "recipient", "track_url")
RESULT_FIELDS = ("tracking_number", "result", "track_url")
SATISFACTION_FIELDS = ("tracking_number", "answer_url", "days")

# SMS: short (at most 70 Chinese characters besides the links and numbers); e-mail: a
# subject and a few lines. Placeholders in braces; no other braces in the text.
SPECS: tuple[TemplateSpec, ...] = (
    _spec(
        Message.RECEIPT,
        SentBy.SMS,
        _("12330: complaint received"),
        _(
            "12330: we received your complaint on {received_on}. Tracking number "
            "{tracking_number}; follow it with your code at {track_url}"
        ),
        RECEIPT_FIELDS,
    ),
    _spec(
        Message.RECEIPT,
        SentBy.EMAIL,
        _("12330: your complaint {tracking_number} was received"),
        _(
            "We received your complaint on {received_on}.\n\n"
            "Tracking number: {tracking_number}\n\n"
            "Follow it at {track_url} with the tracking number and the verification code "
            "you were given when you filed it. We will tell you when it is passed on and "
            "when there is a result.\n\n"
            "IP enforcement assistance center (12330)"
        ),
        RECEIPT_FIELDS,
    ),
    _spec(
        Message.TRANSFER,
        SentBy.SMS,
        _("12330: complaint passed on"),
        _("12330: your complaint {tracking_number} was passed to {recipient}, which handles it."),
        TRANSFER_FIELDS,
    ),
    _spec(
        Message.TRANSFER,
        SentBy.EMAIL,
        _("12330: your complaint {tracking_number} was passed on"),
        _(
            "Your complaint {tracking_number} was passed to {recipient}, which is competent "
            "to handle it. We will tell you the result.\n\n"
            "Follow it at {track_url}\n\n"
            "IP enforcement assistance center (12330)"
        ),
        TRANSFER_FIELDS,
    ),
    _spec(
        Message.RESULT,
        SentBy.SMS,
        _("12330: result of your complaint"),
        _(
            "12330: your complaint {tracking_number} has a result; read it with your code "
            "at {track_url}"
        ),
        RESULT_FIELDS,
    ),
    _spec(
        Message.RESULT,
        SentBy.EMAIL,
        _("12330: the result of your complaint {tracking_number}"),
        _(
            "Your complaint {tracking_number} has been dealt with. The result:\n\n"
            "{result}\n\n"
            "Read it also at {track_url}\n\n"
            "IP enforcement assistance center (12330)"
        ),
        RESULT_FIELDS,
    ),
    _spec(
        Message.SATISFACTION,
        SentBy.SMS,
        _("12330: was your complaint resolved?"),
        _(
            "12330: was your complaint {tracking_number} resolved? Answer with one click "
            "within {days} days: {answer_url}"
        ),
        SATISFACTION_FIELDS,
    ),
    _spec(
        Message.SATISFACTION,
        SentBy.EMAIL,
        _("12330: was your complaint {tracking_number} resolved?"),
        _(
            "Was your complaint {tracking_number} resolved? Answer with one click on this "
            "page (resolved, partly resolved or not resolved):\n\n"
            "{answer_url}\n\n"
            "The link works for {days} days. If it was not resolved, we take the "
            "complaint up again.\n\n"
            "IP enforcement assistance center (12330)"
        ),
        SATISFACTION_FIELDS,
    ),
)

AUTHORITY_WORDS = {
    Authority.MARKET_REGULATION: _("market regulation"),
    Authority.COPYRIGHT: _("copyright administration"),
    Authority.POLICE: _("public security"),
    Authority.OTHER: _("another authority"),
}


def channels_for(complaint: Complaint) -> list[tuple[SentBy, str]]:
    """The channels the complainant chose that have an address (none once anonymised)."""
    person = getattr(complaint, "complainant", None)
    if person is None:
        return []
    chosen = ((SentBy.SMS, person.notify_sms, person.phone),
              (SentBy.EMAIL, person.notify_email, person.email))  # fmt: skip
    return [(channel, address) for channel, wanted, address in chosen if wanted and address]


def chosen_words(complaint: Complaint) -> str:
    """The channels the complainant ticked, in words ("短信、电子邮件"); "" for none."""
    person = getattr(complaint, "complainant", None)
    if person is None:
        return ""
    ticked = ((SentBy.SMS, person.notify_sms), (SentBy.EMAIL, person.notify_email))
    return str(gettext(", ")).join(str(channel.label) for channel, on in ticked if on)


def recipient_words(complaint: Complaint) -> str:
    """Where the complaint went, in words of the active language."""
    if complaint.transferred_to_id:
        office: Any = complaint.transferred_to
        return str(office.name)
    if complaint.authority:
        kind = AUTHORITY_WORDS.get(Authority(complaint.authority), complaint.authority)
        return gettext("%(name)s (%(kind)s)") % {"name": complaint.authority_name, "kind": kind}
    return ""


def public_url(path: str, **query: str) -> str:
    return (
        settings.IPOFFICE_PUBLIC_URL.rstrip("/") + path + (f"?{urlencode(query)}" if query else "")
    )


def satisfaction_token(complaint: Complaint) -> str:
    """Signed, expiring (``IPOFFICE_SATISFACTION_LINK_DAYS``): the complaint and the round
    asked about; no login needed, nothing personal in it."""
    return signing.dumps({"c": complaint.pk, "r": complaint.reopened}, salt=SATISFACTION_SALT)


def satisfaction_read(token: str) -> dict[str, int]:
    """The complaint and round of a link, or ``signing.SignatureExpired`` /
    ``signing.BadSignature``."""
    max_age = settings.IPOFFICE_SATISFACTION_LINK_DAYS * 24 * 3600
    found = signing.loads(token, salt=SATISFACTION_SALT, max_age=max_age)
    if not isinstance(found, dict) or not {"c", "r"} <= set(found):
        raise signing.BadSignature("not a satisfaction link")
    return {"c": int(found["c"]), "r": int(found["r"])}


def _context(complaint: Complaint, message: str, extra: Mapping[str, str]) -> dict[str, str]:
    """The placeholders' values, in the active (the complainant's) language."""
    track = public_url(reverse("public-track"), tracking_number=complaint.tracking_number)
    context = {"tracking_number": complaint.tracking_number, "track_url": track}
    if message == Message.RECEIPT:
        context["received_on"] = formats.date_format(complaint.received_on, "DATE_FORMAT")
    elif message == Message.TRANSFER:
        context["recipient"] = recipient_words(complaint)
    elif message == Message.RESULT:
        context["result"] = extra.get("result") or complaint.reply or complaint.result
    elif message == Message.SATISFACTION:
        token = satisfaction_token(complaint)
        context["answer_url"] = public_url(reverse("public-satisfaction", args=[token]))
        context["days"] = str(settings.IPOFFICE_SATISFACTION_LINK_DAYS)
    return context


def idempotency_key(complaint: Complaint, message: str, channel: str) -> str:
    if message == Message.RECEIPT:
        return f"complaint:{complaint.pk}:receipt:{channel}"
    return f"complaint:{complaint.pk}:{message}:r{complaint.reopened}:{channel}"


def complaint_tell(
    complaint: Complaint, message: Message, *, extra: Mapping[str, str] | None = None
) -> list[str]:
    """Send ``message`` by the complainant's channels, inside the caller's transaction;
    return the channels it went by (none: nobody to tell, or already sent)."""
    channels = channels_for(complaint)
    if not channels:
        return []
    language = complaint.complainant.language
    keys = [idempotency_key(complaint, message, channel) for channel, _address in channels]
    if _already_told(complaint, keys):
        return []
    with translation.override(language):
        context = _context(complaint, message, extra or {})
    for (channel, address), key in zip(channels, keys, strict=True):
        message_send(
            template=template_key(message, channel),
            channel=OUTBOX_CHANNEL[channel],
            recipient=address,
            language=language,
            context=context,
            idempotency_key=key,
            about=complaint,
            office=complaint.center,
        )
    sent = [channel.value for channel, _address in channels]
    history_append(
        complaint,
        actor=None,
        action=MESSAGE_ACTION,
        on=timezone.localdate(),
        public=True,
        changes={"message": [None, message.value], "sent_by": [None, sent], "keys": [None, keys]},
    )
    return sent


def _already_told(complaint: Complaint, keys: list[str]) -> bool:
    for changes in ComplaintEvent.objects.filter(
        complaint=complaint, action=MESSAGE_ACTION
    ).values_list("changes", flat=True):
        if set(keys) & set((changes.get("keys") or [None, []])[1]):
            return True
    return False


def messages_told(complaint: Complaint) -> list[dict[str, Any]]:
    """What the complainant was sent and when, for the tracking and complaint pages: the
    message and channels in words, no address."""
    told = []
    for event in complaint.events.filter(action=MESSAGE_ACTION).order_by("at", "id"):
        message = (event.changes.get("message") or [None, ""])[1]
        channels = (event.changes.get("sent_by") or [None, []])[1]
        words = [str(SentBy(c).label) for c in channels if c in SentBy.values]
        told.append(
            {
                "message": str(Message(message).label) if message in Message.values else "",
                "channels": str(gettext(", ")).join(words),
                "at": event.at,
            }
        )
    return told


def deliveries(complaint: Complaint) -> list[dict[str, Any]]:
    """The outbox's rows about the complaint, for its page: which message, by which
    channel, written and delivered when, and the delivery state — no address, no text."""
    rows = []
    for row in messages_about(complaint):
        parts = row.template.split(".")
        message = parts[1] if len(parts) == 3 and parts[0] == "complaints" else ""
        rows.append(
            {
                "message": str(Message(message).label) if message in Message.values else "",
                "channel": row.get_channel_display(),
                "status": row.get_status_display(),
                "written_at": row.created_at,
                "delivered_at": row.delivered_at,
            }
        )
    return rows
