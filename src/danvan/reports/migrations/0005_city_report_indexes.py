"""Two covering indexes on onestop's dossier table for the city-scale service-quality report
(owned here, as 0004, because only reports.quality reads the table this way), PostgreSQL only
(INCLUDE; SQLite's demo data is small):

- reports_dossier_procedure_flags: (procedure, receipt time) with the unit and the flags of the
  procedure figures 3.2, 3.5, 3.5b and 4.5a. onestop.quality.procedure_flags asks, for a large
  subtree, "has this procedure one dossier with this flag in the period?" per procedure (an
  index-only probe that stops at the first hit) instead of grouping the period's dossiers.
- reports_dossier_no_wait_returned: the no-wait dossiers already returned, by receipt time, with
  the unit and the return time: the median minutes (onestop.quality.no_wait_median_minutes) read
  only them, from the index.
"""

from django.db import migrations

CREATE = [
    "CREATE INDEX IF NOT EXISTS reports_dossier_procedure_flags ON onestop_dossier "
    "(procedure_id, received_at) INCLUDE (unit_id, channel, fee_vnd, paid_online, "
    "vneid_authenticated, uses_population_data)",
    "CREATE INDEX IF NOT EXISTS reports_dossier_no_wait_returned ON onestop_dossier "
    "(received_at) INCLUDE (unit_id, returned_at) WHERE is_no_wait AND returned_at IS NOT NULL",
]
DROP = [
    "DROP INDEX IF EXISTS reports_dossier_procedure_flags",
    "DROP INDEX IF EXISTS reports_dossier_no_wait_returned",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_open_dossier_index")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
