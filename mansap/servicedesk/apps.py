from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicedeskConfig(AppConfig):
    name = "mansap.servicedesk"
    label = "servicedesk"
    verbose_name = _("Service desk")

    def ready(self) -> None:
        from mansap.servicedesk import signals  # noqa: F401  (the receivers)
        from mansap.servicedesk.services import certificates

        certificates.register()  # the certificates' texts, kept in the register of controlled documents
