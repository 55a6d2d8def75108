"""How a message leaves: one adapter per channel. An adapter raises ``DeliveryError``;
``permanent`` errors (a refused address, a 4xx answer) are not retried.

Every attempt carries the message's idempotency key (the e-mail's Message-ID, the HTTP
``Idempotency-Key`` header), so that a receiver recognises an attempt repeated after a
crash as the same message. Nothing here logs an address or a text (personal data).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import smtplib
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from ipoffice.outbox.enums import Channel
from ipoffice.outbox.models import OutboxMessage

HTTP_TIMEOUT_SECONDS = 10


# Why an attempt failed, as stored (``last_error`` is "code" or "code:detail") and as
# an administrator reads it. No address and no text of the message in either.
ERRORS = {
    "refused": _("The mail server refused the address."),
    "mail_server": _("The mail server could not be reached or failed (%(detail)s)."),
    "http": _("The receiver answered with HTTP status %(detail)s."),
    "unreachable": _("The receiver could not be reached (%(detail)s)."),
    "no_gateway": _("No SMS gateway is configured (IPOFFICE_SMS_GATEWAY_URL)."),
    "bad_url": _("The webhook address is not an http:// or https:// address."),
}


class DeliveryError(Exception):
    def __init__(self, code: str, detail: str = "", *, permanent: bool = False) -> None:
        self.code, self.detail, self.permanent = code, detail, permanent
        super().__init__(f"{code}:{detail}" if detail else code)


def error_text(stored: str) -> str:
    """A stored error in the reader's language."""
    code, _sep, detail = stored.partition(":")
    label = ERRORS.get(code)
    return str(label) % {"detail": detail} if label is not None else stored


def message_id(message: OutboxMessage) -> str:
    digest = hashlib.sha256(message.idempotency_key.encode()).hexdigest()[:32]
    return f"<{digest}@ipoffice>"


def send_email(message: OutboxMessage) -> None:
    mail = EmailMessage(
        subject=message.subject,
        body=message.body,
        to=[message.recipient],
        headers={"Message-ID": message_id(message), "Auto-Submitted": "auto-generated"},
    )
    try:
        _smtp_send(mail)
    except smtplib.SMTPRecipientsRefused as exc:
        raise DeliveryError("refused", permanent=True) from exc
    except smtplib.SMTPResponseException as exc:
        _smtp_drop()
        # 5xx is the server's final word (RFC 5321); 4xx asks to try again later.
        raise DeliveryError(
            "mail_server", f"SMTP {exc.smtp_code}", permanent=exc.smtp_code >= 500
        ) from exc
    except (smtplib.SMTPException, OSError) as exc:
        _smtp_drop()
        raise DeliveryError("mail_server", type(exc).__name__) from exc


# This process's open connection to the mail server, by server: one connection carries
# many messages (a new SMTP session per message costs more than the message).
_SMTP: dict[tuple[str, int, str], Any] = {}


def _smtp_key() -> tuple[str, int, str]:
    return (settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_BACKEND)


def _smtp_drop() -> None:
    for connection in _SMTP.values():
        with contextlib.suppress(Exception):  # closing a connection that already failed
            connection.close()
    _SMTP.clear()


def _smtp_send(mail: EmailMessage) -> None:
    """Send on the kept connection; one that the server closed while idle is opened
    again once."""
    for reopened in (False, True):
        connection = _SMTP.get(_smtp_key())
        if connection is None:
            _smtp_drop()  # a connection to a server the settings no longer name
            connection = get_connection(fail_silently=False)
            connection.open()
            _SMTP[_smtp_key()] = connection
        try:
            connection.send_messages([mail])
            return
        except smtplib.SMTPServerDisconnected:
            _smtp_drop()
            if reopened:
                raise


def webhook_secret() -> bytes:
    configured = settings.IPOFFICE_WEBHOOK_SECRET
    if configured:
        return configured.encode()
    return salted_hmac("ipoffice.outbox.webhook", "secret").hexdigest().encode()


def signature(body: bytes) -> str:
    return "sha256=" + hmac.new(webhook_secret(), body, hashlib.sha256).hexdigest()


def _post(url: str, data: dict[str, Any], key: str, token: str = "") -> None:
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).encode()
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "Idempotency-Key": key,
        "X-Ipoffice-Signature": signature(body),
    }
    if token:
        headers["Authorization"] = f"Bearer {token}"
    # S310: the scheme is checked to be http(s) (config.env_url, send_webhook) before this.
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_SECONDS) as answer:  # noqa: S310
            answer.read(1024)
    except urllib.error.HTTPError as exc:
        # 408 and 429 ask to come back later, as 5xx do; other 4xx will not change.
        permanent = 400 <= exc.code < 500 and exc.code not in (408, 409, 425, 429)
        raise DeliveryError("http", str(exc.code), permanent=permanent) from exc
    except (urllib.error.URLError, OSError) as exc:
        raise DeliveryError("unreachable", type(exc).__name__) from exc


def send_sms(message: OutboxMessage) -> None:
    """The SMS gateway adapter: a JSON POST {to, text, id} to IPOFFICE_SMS_GATEWAY_URL
    (docs/deployment.md#sms-gateway says how to put an operator's gateway behind it)."""
    data = {"to": message.recipient, "text": message.body, "id": message.idempotency_key}
    url = settings.IPOFFICE_SMS_GATEWAY_URL
    if url:
        _post(url, data, message.idempotency_key, settings.IPOFFICE_SMS_GATEWAY_TOKEN)
        return
    if settings.IPOFFICE_SMS_FOLDER:  # a development trial: the text goes to a file
        folder = Path(settings.IPOFFICE_SMS_FOLDER)
        folder.mkdir(parents=True, exist_ok=True)
        name = hashlib.sha256(message.idempotency_key.encode()).hexdigest()[:24]
        (folder / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False))
        return
    raise DeliveryError("no_gateway", permanent=True)


def send_webhook(message: OutboxMessage) -> None:
    if not message.recipient.startswith(("http://", "https://")):
        raise DeliveryError("bad_url", permanent=True)
    data = {
        "id": message.idempotency_key,
        "subject": message.subject,
        "text": message.body,
        "data": message.payload,
    }
    _post(message.recipient, data, message.idempotency_key)


ADAPTERS: dict[str, Callable[[OutboxMessage], None]] = {
    Channel.EMAIL: send_email,
    Channel.SMS: send_sms,
    Channel.WEBHOOK: send_webhook,
}
