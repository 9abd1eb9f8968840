"""Data migration: phone numbers stored as typed ("0912 345 678", "+84 912.345.678") written as
core.identifiers.clean_phone writes them, so the lookup by the last 4 digits finds them too."""

import re

from django.db import migrations


def _clean(value: str) -> str:
    # A copy of core.identifiers.clean_phone as it was when this migration was written.
    text = re.sub(r"[\s.\-()]", "", value or "")
    if text.startswith("+84"):
        text = "0" + text[3:]
    elif text.startswith("84") and len(text) == 11:
        text = "0" + text[2:]
    return text[:20]


def forwards(apps, schema_editor):
    Dossier = apps.get_model("onestop", "Dossier")
    for pk, phone in Dossier.objects.filter(phone__regex=r"[^0-9]").values_list("pk", "phone"):
        Dossier.objects.filter(pk=pk).update(phone=_clean(phone))


class Migration(migrations.Migration):
    dependencies = [("onestop", "0008_dossier_search_text")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
