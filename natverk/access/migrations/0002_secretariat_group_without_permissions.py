"""An older installation gave the secretariat's group Django permissions; the rules
decide now, so the group holds none (a permission left there would mean nothing, and
mislead whoever reads it)."""

from django.db import migrations

GROUP = "Sekretariat"


def clear(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.clear()


class Migration(migrations.Migration):
    dependencies = [("access", "0001_secretariat_group")]

    operations = [migrations.RunPython(clear, migrations.RunPython.noop)]
