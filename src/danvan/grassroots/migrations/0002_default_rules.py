"""The hot-spot rules the platform starts with (the city edits them afterwards)."""

from django.db import migrations


def load(apps, schema_editor):
    from danvan.grassroots.hotspots import DEFAULT_RULES

    Rule = apps.get_model("grassroots", "HotspotRule")
    for rule in DEFAULT_RULES:
        Rule.objects.get_or_create(code=rule["code"], defaults=rule)


class Migration(migrations.Migration):
    dependencies = [("grassroots", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
