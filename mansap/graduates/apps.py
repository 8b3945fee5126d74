"""The app configuration of graduate employment monitoring (mansap.graduates)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GraduatesConfig(AppConfig):
    name = "mansap.graduates"
    label = "graduates"
    verbose_name = _("Graduate employment")

    def ready(self) -> None:
        from mansap.graduates import signals  # noqa: F401  (the KPI cache follows the writes)
