"""How a message leaves: one adapter per channel. An adapter raises ``DeliveryError``;
``permanent`` errors (a refused address, a 4xx answer) are not retried.

Every attempt carries the message's idempotency key (the e-mail's Message-ID, the HTTP
``Idempotency-Key`` header), so that a receiver recognises an attempt repeated after a
crash as the same message. Nothing here logs an address or a text (personal data).
"""

from __future__ import annotations

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

from ipoffice.outbox.enums import Channel
from ipoffice.outbox.models import OutboxMessage

HTTP_TIMEOUT_SECONDS = 10


class DeliveryError(Exception):
    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason)
        self.permanent = permanent


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
        get_connection(fail_silently=False).send_messages([mail])
    except smtplib.SMTPRecipientsRefused as exc:
        raise DeliveryError("the mail server refused the address", permanent=True) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"mail server: {type(exc).__name__}: {exc}"[:300]) from exc


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
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_SECONDS) as answer:  # noqa: S310
            answer.read(1024)
    except urllib.error.HTTPError as exc:
        # 408 and 429 ask to come back later, as 5xx do; other 4xx will not change.
        permanent = 400 <= exc.code < 500 and exc.code not in (408, 409, 425, 429)
        raise DeliveryError(f"HTTP {exc.code} from the receiver", permanent=permanent) from exc
    except (urllib.error.URLError, OSError) as exc:
        raise DeliveryError(f"receiver unreachable: {type(exc).__name__}") from exc


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
    raise DeliveryError("no SMS gateway is configured (IPOFFICE_SMS_GATEWAY_URL)", permanent=True)


def send_webhook(message: OutboxMessage) -> None:
    if not message.recipient.startswith(("http://", "https://")):
        raise DeliveryError("the webhook address is not an http(s) URL", permanent=True)
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
