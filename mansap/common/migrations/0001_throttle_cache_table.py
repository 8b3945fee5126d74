"""The database cache table of the "throttle" cache (login and self-service attempt counters, API rates).

`manage.py createcachetable` would create it too, but nobody has to remember to run it: migrate
(make run, deployments, the test database) creates it here. The name matches
settings.CACHES["throttle"]["LOCATION"].
"""

from typing import Any

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "mansap_throttle_cache"


def create_table(apps: Any, schema_editor: Any) -> None:
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop_table(apps: Any, schema_editor: Any) -> None:
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunPython(create_table, drop_table, elidable=False)]
