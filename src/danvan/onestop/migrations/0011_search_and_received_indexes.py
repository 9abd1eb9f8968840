"""Search and the received-date list at city scale (issue 16).

- `dossier_phone_reversed`, `dossier_code_reversed` (PostgreSQL): b-trees on reverse(phone) and
  reverse(code) with text_pattern_ops, so that "the last digits" of a phone or a code is an index
  prefix (`reverse(phone) LIKE '8765%'`), never a scan (onestop.search). SQLite (one ward) needs
  none.
- `dossier_open_recv` now (-received_at, -id): the exact order of lists.RECEIVED_LIST's open
  segment, so a ?from=&to= page is one index range walk without a sort.
"""

from django.db import migrations, models

REVERSED = {
    "dossier_phone_reversed": "phone",
    "dossier_code_reversed": "code",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, column in REVERSED.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON onestop_dossier "
                f"(reverse({column}) text_pattern_ops)"
            )
        # An expression index has no statistics until ANALYZE: without them the planner guesses
        # that a tail matches many rows and scans the table for the first 1,001 (14 s at 3M).
        schema_editor.execute("ANALYZE onestop_dossier")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in REVERSED:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("onestop", "0010_keyset_list_indexes")]

    operations = [
        migrations.RemoveIndex(model_name="dossier", name="dossier_open_recv"),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                condition=models.Q(("status__in", [1, 2, 4, 5, 6, 9])),
                fields=["-received_at", "-id"],
                name="dossier_open_recv",
            ),
        ),
        migrations.RunPython(create, drop),
    ]
