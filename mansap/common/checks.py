"""System checks of Mansap's own settings (run by `manage.py check --deploy`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def proxy_addresses(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """Behind the HTTPS proxy, MANSAP_TRUSTED_PROXIES=0 would make every visitor the proxy's address."""
    if settings.SECURE_PROXY_SSL_HEADER and not int(getattr(settings, "MANSAP_TRUSTED_PROXIES", 0)):
        return [
            Warning(
                "MANSAP_HTTPS is on (a proxy ends TLS) but MANSAP_TRUSTED_PROXIES is 0: every visitor has the "
                "proxy's address, so the per-address login limit would lock everyone out together.",
                hint="Set MANSAP_TRUSTED_PROXIES to the number of proxies that append to X-Forwarded-For (usually 1).",
                id="mansap.W001",
            )
        ]
    return []
