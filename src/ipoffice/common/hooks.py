"""Explicit hooks: how a lower app tells a higher one that something happened.

The layer order (docs/architecture.md) forbids a lower app to import a higher one. Where a
notice must flow upward (a case concluded, so the complaints behind it follow), the lower
app declares a ``Hook`` and calls it inside its own transaction; the higher app registers
its receiver in ``AppConfig.ready()``. Unlike Django signals, a hook is declared where it
is called, its receivers are listed by ``receivers()``, it refuses a second registration
of the same function, and an exception in a receiver undoes the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Receiver = Callable[..., Any]


class Hook:
    """A named point a lower app calls; receivers are called in registration order."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._receivers: list[Receiver] = []

    def register(self, receiver: Receiver) -> Receiver:
        if receiver in self._receivers:
            raise ValueError(f"{receiver!r} is already registered on hook {self.name}")
        self._receivers.append(receiver)
        return receiver

    def receivers(self) -> tuple[Receiver, ...]:
        return tuple(self._receivers)

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        for receiver in self._receivers:
            receiver(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {len(self._receivers)} receivers>"
