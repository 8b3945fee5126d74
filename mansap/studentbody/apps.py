from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudentbodyConfig(AppConfig):
    name = "mansap.studentbody"
    label = "studentbody"
    verbose_name = _("Student body")

    def ready(self) -> None:
        # The order import runs on the platform's import jobs (upload, background check, confirm, progress).
        from mansap.core import contingent
        from mansap.core.services.imports import register_import_kind
        from mansap.studentbody import signals  # noqa: F401  (a student saved without orders: baseline follows)
        from mansap.studentbody.reports.expected import PeriodReader
        from mansap.studentbody.services import imports

        # Surveys and practice (below the student body) read the contingent through core.contingent.
        contingent.register(PeriodReader())

        register_import_kind(
            imports.KIND,
            imports.run_import,
            imports.MESSAGES,
            title=_("Import orders"),
            url_name="studentbody:order_import",
        )
