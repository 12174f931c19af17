"""Full-text indexes for search (progress/search.py), on PostgreSQL only: SQLite has no GIN
indexes and searches by plain words instead. Each expression is exactly the SearchVector the
search builds, so PostgreSQL uses the index for it."""

from django.db import migrations

TABLES = {
    "objectives_objective": ("title", "description"),
    "key_results_keyresult": ("title", "measurement_plan"),
    "objectives_action": ("title", "description"),
}
CONFIGS = ("danish", "english")


def index_name(table: str, config: str) -> str:
    return f"{table.split('_', 1)[1]}_search_{config}"[:63]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, (title, body) in TABLES.items():
        for config in CONFIGS:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {index_name(table, config)} ON {table} USING gin "
                f"(to_tsvector('{config}'::regconfig, COALESCE({title}, '') || ' ' || "
                f"COALESCE({body}, '')))"
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        for config in CONFIGS:
            schema_editor.execute(f"DROP INDEX IF EXISTS {index_name(table, config)}")


class Migration(migrations.Migration):
    dependencies = [
        ("progress", "0002_fill_last_measured"),
        ("objectives", "0004_open_organisation"),
        ("key_results", "0006_open_organisation"),
    ]

    operations = [migrations.RunPython(create, drop)]
