from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "mansap.common"
    label = "common"
    verbose_name = _("Common")

    def ready(self) -> None:
        from mansap.common import throttling  # noqa: F401  (connects the failed/successful login receivers)
