"""The signed link an outside authority acknowledges and answers a transfer by: no
account and no login; the link names one request and its authority, is signed with the
project's secret key (``django.core.signing``) and expires after
``IPOFFICE_COORDINATION_LINK_DAYS`` days. The same token authenticates the inbound
webhook acknowledgement (``api.AuthorityAcknowledgement``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext

from ipoffice.common.errors import PermissionDeniedError
from ipoffice.coordination.models import CoordinationRequest

SALT = "ipoffice.coordination.authority-link"


def link_lifetime() -> timedelta:
    return timedelta(days=int(getattr(settings, "IPOFFICE_COORDINATION_LINK_DAYS", 60)))


def link_token(request: CoordinationRequest) -> str:
    return signing.dumps({"r": request.pk, "a": request.authority_id}, salt=SALT, compress=True)


def link_path(request: CoordinationRequest) -> str:
    return reverse("coordination-authority", kwargs={"token": link_token(request)})


def link_url(request: CoordinationRequest) -> str:
    base = str(getattr(settings, "IPOFFICE_PUBLIC_URL", "") or "").rstrip("/")
    return f"{base}{link_path(request)}"


@dataclass(frozen=True)
class Signed:
    request_id: int
    authority_id: int


def link_read(token: str) -> Signed:
    """The request and authority a token was signed for, or a refusal that says why."""
    try:
        found = signing.loads(token, salt=SALT, max_age=link_lifetime())
    except signing.SignatureExpired:
        raise PermissionDeniedError(
            gettext("This link has expired. Ask the office that sent the transfer for a new one.")
        ) from None
    except signing.BadSignature:
        raise PermissionDeniedError(
            gettext(
                "This link is not valid: it was changed or cut short. Open the link exactly "
                "as it was sent to you."
            )
        ) from None
    if not isinstance(found, dict) or not all(isinstance(found.get(k), int) for k in "ra"):
        raise PermissionDeniedError(gettext("This link is not valid."))
    return Signed(request_id=found["r"], authority_id=found["a"])
