"""Fixtures any app's tests may use (registered in ipoffice/conftest.py): the real SMTP
server and HTTP receiver, and ``outbox_deliver_now``, which points the outbox at them and
delivers every due message synchronously (no worker)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

from ipoffice.outbox.tests.receivers import HttpReceiver, SmtpServer

if TYPE_CHECKING:
    from ipoffice.outbox.delivery import Tally


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def http_receiver() -> Iterator[HttpReceiver]:
    receiver = HttpReceiver()
    receiver.start()
    yield receiver
    receiver.stop()


@dataclass
class Receivers:
    smtp: SmtpServer
    http: HttpReceiver
    deliver: Callable[[], Tally]


@pytest.fixture
def outbox_receivers(
    settings: Any, smtp_server: SmtpServer, http_receiver: HttpReceiver
) -> Receivers:
    """The outbox configured to send to the test receivers (emptied for this test)."""
    from ipoffice.outbox.delivery import outbox_deliver_due  # Django is set up by now

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.IPOFFICE_SMS_GATEWAY_URL = f"{http_receiver.url}/sms"
    settings.IPOFFICE_OUTBOX_RETRY_SECONDS = 0
    smtp_server.inbox.clear()
    http_receiver.inbox.clear()
    return Receivers(smtp_server, http_receiver, lambda: outbox_deliver_due(budget_seconds=30))


@pytest.fixture
def outbox_deliver_now(outbox_receivers: Receivers) -> Callable[[], Receivers]:
    """Call it to deliver every pending message now; returns the receivers to read."""

    def deliver() -> Receivers:
        outbox_receivers.deliver()
        return outbox_receivers

    return deliver
