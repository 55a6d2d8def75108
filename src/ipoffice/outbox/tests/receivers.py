"""Real receivers for the outbox's tests: an SMTP server (aiosmtpd) and an HTTP server
standing for the SMS gateway and webhook receivers. Both record every attempt they
accepted, and can be stopped and started again on the same port (an outage)."""

from __future__ import annotations

import email
import email.policy
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Received:
    key: str  # Message-ID or Idempotency-Key
    to: str
    subject: str
    text: str
    data: dict[str, Any] = field(default_factory=dict)
    at: float = field(default_factory=time.time)  # when the receiver accepted it


class Inbox:
    """What a receiver accepted, in order; ``keys()`` counts each message once."""

    def __init__(self) -> None:
        self.items: list[Received] = []
        self._lock = threading.Lock()

    def add(self, item: Received) -> None:
        with self._lock:
            self.items.append(item)

    def keys(self) -> set[str]:
        with self._lock:
            return {item.key for item in self.items}

    def to(self, recipient: str) -> list[Received]:
        with self._lock:
            return [item for item in self.items if item.to == recipient]

    def clear(self) -> None:
        with self._lock:
            self.items.clear()


class _SmtpHandler:
    def __init__(self, inbox: Inbox) -> None:
        self.inbox = inbox

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        if "REFUSE-CONTENT" in str(parsed["Subject"]):  # a server's final refusal
            return "554 5.7.1 Message content refused"
        body = parsed.get_body(preferencelist=("plain",))
        for rcpt in envelope.rcpt_tos:
            self.inbox.add(
                Received(
                    key=str(parsed["Message-ID"]),
                    to=rcpt,
                    subject=str(parsed["Subject"]),
                    text=body.get_content() if body is not None else "",
                )
            )
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.inbox = Inbox()
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(
            _SmtpHandler(self.inbox), hostname="127.0.0.1", port=self.port
        )
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


class HttpReceiver:
    """Accepts JSON POSTs; answers 200 and records them (keyed by Idempotency-Key)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.inbox = Inbox()
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        inbox = self.inbox

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                data = json.loads(self.rfile.read(length) or b"{}")
                inbox.add(
                    Received(
                        key=self.headers.get("Idempotency-Key", ""),
                        to=self.path + "|" + str(data.get("to", "")),
                        subject=str(data.get("subject", "")),
                        text=str(data.get("text", "")),
                        data={"signature": self.headers.get("X-Ipoffice-Signature", ""), **data},
                    )
                )
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: Any) -> None:
                """Quiet: the tests read the inbox, not the server's request log."""

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
