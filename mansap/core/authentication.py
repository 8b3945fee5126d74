"""API token authentication: django-rest-knox's, which keeps only a SHA-512 digest of each key and refuses an
expired or revoked one (401), without its sweep of the user's other tokens on every request.

knox's TokenAuthentication, on each request, reads all the other tokens of the user and deletes the expired
ones. That is a query on every API call (the pinned query counts of every app's API lists), and it would wipe
from the owner's tokens page (accounts/tokens/) the expired tokens it marks "expired" before the owner saw why
a script stopped working. This class keeps the rest of knox's check as it is: the token presented is looked up
by its first characters, compared by digest in constant time, refused (and deleted) once expired, and refused
when its user's login is deactivated. Its OpenAPI description is core.api.schema's.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from knox import auth
from knox.signals import token_expired


class TokenAuthentication(auth.TokenAuthentication):
    """`Authorization: Token <key>` (REST_KNOX's AUTH_HEADER_PREFIX) with a core.ApiToken's key."""

    def _cleanup_token(self, auth_token: Any) -> bool:
        """Whether the token presented has expired (it is then deleted, and the request refused with 401).

        knox's own version also deletes the user's other expired tokens, at the cost of a query per request.
        """
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            username = auth_token.user.get_username()
            auth_token.delete()
            token_expired.send(sender=self.__class__, username=username, source="auth_token")
            return True
        return False
