from django.db import migrations

from natverk.core.overlap import allow_overlapping_periods, forbid_overlapping_periods

TABLE = "people_representation"
NAME = "people_representation_no_overlap"


def forbid(apps, schema_editor):
    forbid_overlapping_periods(
        schema_editor,
        table=TABLE,
        columns=["person_id", "network_id", "organisation_id"],
        name=NAME,
    )


def allow(apps, schema_editor):
    allow_overlapping_periods(schema_editor, table=TABLE, name=NAME)


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(forbid, allow)]
