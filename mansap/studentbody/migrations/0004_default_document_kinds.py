"""The default checklist of personal files for the institutions created before it was made on creation (issue #15:
the pages no longer create it when read)."""

from django.db import migrations


def create_default_kinds(apps, schema_editor):  # type: ignore[no-untyped-def]
    from mansap.studentbody.services.files import DEFAULT_KINDS

    Institution = apps.get_model("core", "Institution")
    DocumentKind = apps.get_model("studentbody", "DocumentKind")
    for institution in Institution.objects.exclude(pk__in=DocumentKind.objects.values("institution_id")):
        DocumentKind.objects.bulk_create(
            [
                DocumentKind(institution=institution, code=code, name_kk=kk, name_ru=ru, name_en=en,
                             required=required, grant_only=grant_only, original=original, position=(index + 1) * 10)
                for index, (code, kk, ru, en, required, grant_only, original) in enumerate(DEFAULT_KINDS)
            ],
            ignore_conflicts=True,
        )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("studentbody", "0003_report_layouts")]

    operations = [migrations.RunPython(create_default_kinds, migrations.RunPython.noop)]
