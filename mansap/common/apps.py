from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "mansap.common"
    label = "common"
    verbose_name = _("Common")

    def ready(self) -> None:
        # Connect the failed/successful login receivers and register the deploy checks.
        from mansap.common import checks, throttling  # noqa: F401
