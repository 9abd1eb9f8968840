from django.db import migrations

TRIGRAM_INDEX = (
    "CREATE INDEX IF NOT EXISTS movement_practice_search_trgm "
    "ON movement_practice USING gin (search gin_trgm_ops)"
)


def trigram_index(apps, schema_editor):
    # PostgreSQL: the list's word search is LIKE '%term%' on the folded column; pg_trgm serves it
    # from a GIN index, so a rare name among 250,000 practices is not a sequential scan
    # (bench/bench_movement.py). SQLite has no such index and needs none at a ward's size.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(TRIGRAM_INDEX)


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS movement_practice_search_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("movement", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(trigram_index, drop_trigram_index),
    ]
