"""The secretariat's group: may change everything in the register, the people in it, the
member area and imports. Membership of the group is what `access.rules` calls the
secretariat."""

from django.db import migrations

APPS = ["registry", "people", "workspace", "importing", "core"]
GROUP = "Sekretariat"


def create(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    group, _created = group_model.objects.get_or_create(name=GROUP)
    group.permissions.set(permission_model.objects.filter(content_type__app_label__in=APPS))


def remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("registry", "0004_meetings_per_year_fraction"),
        ("people", "0003_historicalperson_erased_at_historicalperson_user_and_more"),
        ("workspace", "0001_initial"),
        ("importing", "0001_initial"),
        ("core", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, remove)]
