from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegulationsConfig(AppConfig):
    name = "mansap.regulations"
    label = "regulations"
    verbose_name = _("Regulations")

    def ready(self) -> None:
        # The register import runs on the platform's import jobs (upload, background check, confirm, progress).
        from mansap.core.services.imports import register_import_kind
        from mansap.regulations.services import imports

        register_import_kind(
            imports.KIND,
            imports.run_import,
            imports.MESSAGES,
            title=_("Import documents"),
            url_name="regulations:document_import",
        )
