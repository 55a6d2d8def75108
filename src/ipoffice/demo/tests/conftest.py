"""The demo loaded once per module that asks for it."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def demo_loaded(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any
) -> Iterator[str]:
    """`ipoffice demo` once for the module, in a transaction rolled back at its end; each
    test runs in a savepoint inside it. Yields what the command printed."""
    from django.test import override_settings

    media = override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("demo-media")))
    with django_db_blocker.unblock(), media:
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            out = StringIO()
            call_command("demo", stdout=out, stderr=StringIO())
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
