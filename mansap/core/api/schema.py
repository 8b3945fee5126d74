"""The OpenAPI description of core's API token authentication (drf-spectacular describes knox's own class only).

Imported by CoreConfig.ready(), as drf-spectacular asks of extensions: it registers itself when defined.
"""

from __future__ import annotations

from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme


class TokenScheme(KnoxTokenScheme):
    """`Authorization: Token <key>`, as knox's scheme says it (core.authentication.TokenAuthentication)."""

    target_class = "mansap.core.authentication.TokenAuthentication"
