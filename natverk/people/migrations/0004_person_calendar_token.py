"""Each person gets the secret key of their own calendar feed. Existing people each get
their own key before the field becomes unique."""

from django.db import migrations, models

import natverk.people.models


def give_keys(apps, schema_editor):
    person_model = apps.get_model("people", "Person")
    history_model = apps.get_model("people", "HistoricalPerson")
    for person in person_model.objects.filter(calendar_token__isnull=True):
        person.calendar_token = natverk.people.models.new_calendar_token()
        person.save(update_fields=["calendar_token"])
        history_model.objects.filter(id=person.pk).update(calendar_token=person.calendar_token)


class Migration(migrations.Migration):
    dependencies = [("people", "0003_historicalperson_erased_at_historicalperson_user_and_more")]

    operations = [
        migrations.AddField(
            model_name="person",
            name="calendar_token",
            field=models.CharField(editable=False, max_length=43, null=True),
        ),
        migrations.AddField(
            model_name="historicalperson",
            name="calendar_token",
            field=models.CharField(editable=False, max_length=43, null=True),
        ),
        migrations.RunPython(give_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="person",
            name="calendar_token",
            field=models.CharField(
                default=natverk.people.models.new_calendar_token,
                editable=False,
                help_text="The secret part of the address of the person's own meeting calendar.",
                max_length=43,
                unique=True,
                verbose_name="calendar key",
            ),
        ),
        migrations.AlterField(
            model_name="historicalperson",
            name="calendar_token",
            field=models.CharField(
                db_index=True,
                default=natverk.people.models.new_calendar_token,
                editable=False,
                help_text="The secret part of the address of the person's own meeting calendar.",
                max_length=43,
                verbose_name="calendar key",
            ),
        ),
    ]
