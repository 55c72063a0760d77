"""The database cache's table without a write-ahead log.

A cached page or count is worked out again when it is missing, so the table
need not survive a crash: PostgreSQL empties an unlogged table after one and
writes no log for it otherwise. Every cache miss stores a page of 10–30 kB;
logged, each one was written twice (log and table).
"""

from django.conf import settings
from django.core.cache.backends.db import DatabaseCache
from django.core.management import call_command
from django.db import migrations
from django.utils.module_loading import import_string


def _cache_tables() -> list[str]:
    return [
        cache["LOCATION"]
        for cache in settings.CACHES.values()
        if issubclass(import_string(cache["BACKEND"]), DatabaseCache)
    ]


def _set(logging: str):
    def change(apps, schema_editor):
        connection = schema_editor.connection
        if logging == "UNLOGGED":
            # The table Django makes (`createcachetable`), if it is not there yet.
            call_command("createcachetable", database=connection.alias, verbosity=0)
        for table in _cache_tables():
            if table in connection.introspection.table_names():
                schema_editor.execute(
                    f"ALTER TABLE {connection.ops.quote_name(table)} SET {logging}"
                )

    return change


class Migration(migrations.Migration):
    dependencies = [("integration_portal", "0007_user_email_unique_message")]

    operations = [migrations.RunPython(_set("UNLOGGED"), _set("LOGGED"))]
