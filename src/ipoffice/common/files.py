"""Serving stored attachments: one way for every record that has files.

A file is answered only to someone who may see its record (the model's ``visible_to``
and the record's view permission); to anyone else it does not exist (404), so a probe
learns nothing. It is always a download (``Content-Disposition: attachment``) with the
type stored at upload and ``nosniff``: a browser never renders it as a page of ours.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.http import FileResponse, Http404

from ipoffice.common.scoping import get_visible_or_404


def content_disposition(name: str) -> str:
    """``attachment`` with the name in UTF-8 (RFC 6266/5987) and a plain-ASCII fallback for
    old clients."""
    fallback = "".join(
        c if c.isascii() and c.isprintable() and c not in '"\\;' else "_" for c in name
    )
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def attachment_get(queryset: Any, user: Any, *, permission: str, **lookup: Any) -> Any:
    """The attachment ``lookup`` finds in ``queryset`` if ``user`` may see its record;
    else 404, also without the view permission (the file does not exist for them)."""
    if not user.has_perm(permission):
        raise Http404
    return get_visible_or_404(queryset, user, **lookup)


def attachment_response(attachment: Any) -> FileResponse:
    """The stored file of ``attachment`` (a model with ``file``, ``original_name`` and
    ``content_type``), as a download."""
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, content_type=attachment.content_type or "application/octet-stream"
    )
    response["Content-Disposition"] = content_disposition(attachment.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"  # evidence stays off shared caches
    return response
