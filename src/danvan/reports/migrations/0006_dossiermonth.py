"""The monthly roll-up of the aggregate table (reports.facts): a report reads its whole months
here instead of summing ~30 day rows per unit and month. Filled from the day rows already there,
so a database that had them (the bench data) reports from it at once."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import DateField, Sum
from django.db.models.functions import TruncMonth


def roll_up(apps, schema_editor):
    day_model = apps.get_model("reports", "DossierDay")
    month_model = apps.get_model("reports", "DossierMonth")
    columns = [
        f.name for f in day_model._meta.concrete_fields if f.name not in ("id", "unit", "day")
    ]
    rows = (
        day_model.objects.order_by()
        .annotate(_month=TruncMonth("day", output_field=DateField()))
        .values("unit_id", "_month")
        .annotate(**{f"_{c}": Sum(c) for c in columns})
    )
    month_model.objects.bulk_create(
        [
            month_model(
                unit_id=r["unit_id"], month=r["_month"], **{c: r[f"_{c}"] or 0 for c in columns}
            )
            for r in rows.iterator(chunk_size=2000)
        ],
        batch_size=2000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0005_city_report_indexes"),
        ("units", "0003_unit_population"),
    ]

    operations = [
        migrations.CreateModel(
            name="DossierMonth",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("finished", models.PositiveIntegerField(default=0)),
                ("spent_seconds", models.BigIntegerField(default=0)),
                ("n_on_time", models.PositiveIntegerField(default=0)),
                ("d_on_time", models.PositiveIntegerField(default=0)),
                ("n_late", models.PositiveIntegerField(default=0)),
                ("d_late", models.PositiveIntegerField(default=0)),
                ("n_late_apologized", models.PositiveIntegerField(default=0)),
                ("d_late_apologized", models.PositiveIntegerField(default=0)),
                ("n_online_result_complete", models.PositiveIntegerField(default=0)),
                ("d_online_result_complete", models.PositiveIntegerField(default=0)),
                ("n_online", models.PositiveIntegerField(default=0)),
                ("d_online", models.PositiveIntegerField(default=0)),
                ("n_full_online", models.PositiveIntegerField(default=0)),
                ("d_full_online", models.PositiveIntegerField(default=0)),
                ("n_synced", models.PositiveIntegerField(default=0)),
                ("d_synced", models.PositiveIntegerField(default=0)),
                ("n_paid_online", models.PositiveIntegerField(default=0)),
                ("d_paid_online", models.PositiveIntegerField(default=0)),
                ("n_e_result_issued", models.PositiveIntegerField(default=0)),
                ("d_e_result_issued", models.PositiveIntegerField(default=0)),
                ("n_digitized", models.PositiveIntegerField(default=0)),
                ("d_digitized", models.PositiveIntegerField(default=0)),
                ("n_with_file", models.PositiveIntegerField(default=0)),
                ("d_with_file", models.PositiveIntegerField(default=0)),
                ("n_e_result", models.PositiveIntegerField(default=0)),
                ("d_e_result", models.PositiveIntegerField(default=0)),
                ("n_e_result_to_store", models.PositiveIntegerField(default=0)),
                ("d_e_result_to_store", models.PositiveIntegerField(default=0)),
                ("n_reused", models.PositiveIntegerField(default=0)),
                ("d_reused", models.PositiveIntegerField(default=0)),
                ("n_personal_store", models.PositiveIntegerField(default=0)),
                ("d_personal_store", models.PositiveIntegerField(default=0)),
                ("n_population_data", models.PositiveIntegerField(default=0)),
                ("d_population_data", models.PositiveIntegerField(default=0)),
                ("n_satisfied", models.PositiveIntegerField(default=0)),
                ("d_satisfied", models.PositiveIntegerField(default=0)),
                ("n_no_wait_on_the_spot", models.PositiveIntegerField(default=0)),
                ("d_no_wait_on_the_spot", models.PositiveIntegerField(default=0)),
                ("month", models.DateField()),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="units.unit",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["month", "unit"], name="reports_dos_month_2b1c1e_idx")
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("unit", "month"), name="dossier_month_unique")
                ],
            },
        ),
        migrations.RunPython(roll_up, migrations.RunPython.noop),
    ]
