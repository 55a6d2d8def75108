"""The one error type services raise; views and the API turn it into a message or HTTP answer."""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    """A request the domain refuses, with a message for the user.

    ``field`` names the input the message is about (shown beside that field), if any.
    ``status`` is the HTTP status the API answers with.
    """

    status = 400

    def __init__(
        self, message: Any, *, field: str | None = None, extra: dict[str, Any] | None = None
    ):
        super().__init__(message)
        self.message = message
        self.field = field
        self.extra = extra or {}


class PermissionDeniedError(ApplicationError):
    status = 403


class InvalidInput(ApplicationError):
    """Several fields are wrong at once; ``errors`` maps each field to its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        first_field, messages = next(iter(errors.items()))
        super().__init__(messages[0], field=first_field)
        self.errors = errors
