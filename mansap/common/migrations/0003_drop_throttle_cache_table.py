"""The throttle counters left the database (settings.cache_settings: files under var/, or Redis): drop their table.

0001 created it for a DatabaseCache, which wrote a row on every API request. The counters only live a few minutes,
so nothing is lost but the counts of the moment. Reversing creates the (empty) table again.
"""

from typing import Any

from django.db import migrations

TABLE = "mansap_throttle_cache"


def drop_table(apps: Any, schema_editor: Any) -> None:
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


def create_table(apps: Any, schema_editor: Any) -> None:
    from django.core.management.commands.createcachetable import Command as CreateCacheTable

    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


class Migration(migrations.Migration):
    dependencies = [("common", "0002_submittedform")]
    operations = [migrations.RunPython(drop_table, create_table, elidable=False)]
