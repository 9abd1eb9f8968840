"""An empty language is "never chose" (read as Vietnamese), so that signing in on a browser already
in English keeps English. 0003 gave every account "vi" by default, indistinguishable from a choice:
those become "never chose" (the same Vietnamese for them; only an explicit "vi" chosen since 0003
is forgotten, and she reads Vietnamese all the same)."""

from django.db import migrations, models


def vietnamese_by_default_is_unchosen(apps, schema_editor):
    apps.get_model("accounts", "User").objects.filter(language="vi").update(language="")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_user_language"),
    ]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="language",
            field=models.CharField(blank=True, default="", max_length=8, verbose_name="ngôn ngữ"),
        ),
        migrations.RunPython(vietnamese_by_default_is_unchosen, migrations.RunPython.noop),
    ]
