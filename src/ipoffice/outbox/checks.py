"""The nightly integrity checks whose failures reach the administrators."""

from __future__ import annotations

from ipoffice.common.chain import Break
from ipoffice.common.history import history_tables, history_verify
from ipoffice.outbox.jobs import JobFailed


def history_verify_job() -> str:
    """Walk every history chain; raise (and so alert) on the first break of any chain."""
    breaks: list[str] = []
    entries = 0
    for model in history_tables():
        for found in history_verify(model):
            if isinstance(found, Break):
                breaks.append(f"{model._meta.db_table}: {found}")
            else:
                entries += found[1]
    if breaks:
        raise JobFailed(f"{len(breaks)} broken history chains:\n" + "\n".join(breaks[:50]))
    return f"{entries} entries, every chain intact"
