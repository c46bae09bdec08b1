from django.db import migrations

from natverk.core.overlap import allow_overlapping_periods, forbid_overlapping_periods

TABLE = "registry_membership"
NAME = "registry_membership_no_overlap"


def forbid(apps, schema_editor):
    forbid_overlapping_periods(
        schema_editor, table=TABLE, columns=["network_id", "organisation_id"], name=NAME
    )


def allow(apps, schema_editor):
    allow_overlapping_periods(schema_editor, table=TABLE, name=NAME)


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(forbid, allow)]
