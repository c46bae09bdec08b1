"""The secretariat's group. Belonging to it is what `access.rules` calls the
secretariat; what the secretariat may do is decided there, not by permissions given to
the group."""

from django.db import migrations

GROUP = "Sekretariat"


def create(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)


def remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create, remove)]
