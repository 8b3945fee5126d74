from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "mansap.common"
    label = "common"
    verbose_name = _("Common")

    def ready(self) -> None:
        # Connect the login receivers (attempt counters, session clocks) and register the deploy checks.
        from mansap.common import checks, indicators, sessions, throttling  # noqa: F401

        # Each app's computed indicators (KPI providers) register themselves from its indicators.py.
        indicators.autodiscover()

        # Background jobs log with the id of the request that enqueued them (mansap/common/logs.py).
        from huey.contrib.djhuey import HUEY

        from mansap.common.logs import connect_huey

        connect_huey(HUEY)

        # django-tables2 inspected each cell's render function, and compiled each template cell, anew
        # (mansap/common/tables.py).
        from mansap.common.tables import remember_signatures, remember_templates

        remember_signatures()
        remember_templates()
