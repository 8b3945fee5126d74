"""The app configuration of graduate employment monitoring (mansap.graduates)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GraduatesConfig(AppConfig):
    name = "mansap.graduates"
    label = "graduates"
    verbose_name = _("Graduate employment")

    def ready(self) -> None:
        # Official extracts (#20) run on the platform's import jobs (upload, mapping, background check, confirm).
        from mansap.core.access import is_career_center_editor
        from mansap.core.services.imports import register_import_kind
        from mansap.graduates import signals  # noqa: F401  (the KPI cache follows the writes)
        from mansap.graduates.services import extracts

        register_import_kind(
            extracts.KIND,
            extracts.run_import,
            extracts.MESSAGES,
            title=_("Official extracts"),
            url_name="graduates:extract_list",
            allowed=is_career_center_editor,
            refusal=extracts.REFUSAL,
            with_job=True,
            page=extracts.upload_page,
        )
