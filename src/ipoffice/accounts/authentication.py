"""API tokens stored as hashes: the DRF token scheme (``Authorization: Token <key>``) with
the key looked up by its SHA-256, never stored in clear."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from ipoffice.accounts.models import ApiToken, token_hash

# last_used is a hint for revoking stale tokens, not a log: one write an hour at most.
LAST_USED_PRECISION = timedelta(hours=1)


class HashedTokenAuthentication(authentication.TokenAuthentication):
    model = ApiToken

    def authenticate_credentials(self, key: str) -> tuple[Any, ApiToken]:
        token = ApiToken.objects.select_related("user").filter(key_hash=token_hash(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        now = timezone.now()
        if token.last_used is None or now - token.last_used > LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        return token.user, token
