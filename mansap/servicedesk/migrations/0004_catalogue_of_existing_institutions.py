"""The preloaded catalogue for the institutions that existed before it was created with the institution (#16):
the service's own ensure_catalogue, on the historical Service model."""

from typing import Any

from django.db import migrations


def create_catalogues(apps: Any, schema_editor: Any) -> None:
    from mansap.servicedesk.services.catalogue import ensure_catalogue

    Institution = apps.get_model("core", "Institution")
    Service = apps.get_model("servicedesk", "Service")
    for institution in Institution.objects.all():
        ensure_catalogue(institution, model=Service)


class Migration(migrations.Migration):
    dependencies = [("servicedesk", "0003_issued_document_kinds")]

    operations = [migrations.RunPython(create_catalogues, migrations.RunPython.noop)]
