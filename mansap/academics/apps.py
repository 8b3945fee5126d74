from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AcademicsConfig(AppConfig):
    name = "mansap.academics"
    label = "academics"
    verbose_name = _("Academic records")

    def ready(self) -> None:
        # The grade import runs on the platform's import jobs (upload, background check, confirm, progress).
        from mansap.academics.services import imports
        from mansap.core.access import is_academic_records_editor
        from mansap.core.services.imports import register_import_kind

        register_import_kind(
            imports.KIND,
            imports.run_import,
            imports.MESSAGES,
            title=_("Import grades"),
            url_name="academics:grade_import",
            allowed=is_academic_records_editor,
            refusal=imports.REFUSAL,
        )
        # A grade given in practice becomes the student's grade row from the source "practice" (the practice app
        # is below this one: it sends a signal after the grading's commit).
        from mansap.academics.services import practice_grades
        from mansap.practice.signals import practice_grade_changed

        practice_grade_changed.connect(
            practice_grades.on_practice_grade_changed, dispatch_uid="academics.practice_grades"
        )
