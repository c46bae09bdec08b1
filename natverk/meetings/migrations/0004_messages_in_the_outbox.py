"""Meeting email moves to the outbox every email now goes through (`core`): each message
about an invitation becomes an outbox message about it, with its kind, revision, state
and dates kept."""

from django.db import migrations

KINDS = {
    "invitation": "meetings.invitation",
    "update": "meetings.update",
    "cancellation": "meetings.cancellation",
    "reminder": "meetings.reminder",
}


def move(apps, schema_editor):
    old = apps.get_model("meetings", "OutgoingMessage")
    new = apps.get_model("core", "OutgoingMessage")
    content_type = apps.get_model("contenttypes", "ContentType")
    invitation_type, _created = content_type.objects.get_or_create(
        app_label="meetings", model="invitation"
    )
    batch = []
    for message in old.objects.select_related("invitation__person").order_by("pk").iterator():
        person = message.invitation.person
        batch.append(
            new(
                kind=KINDS.get(message.kind, message.kind),
                to=person.email,
                language=person.preferred_language,
                thread=f"meetings.invitation:{message.invitation_id}",
                about_type=invitation_type,
                about_id=message.invitation_id,
                details={"sequence": message.sequence},
                status=message.status,
                attempts=message.attempts,
                last_error=message.last_error,
                next_attempt_at=message.next_attempt_at,
                sent_at=message.sent_at,
            )
        )
    created = new.objects.bulk_create(batch, batch_size=500)
    # Keep when each was queued (auto_now_add set it to now on the way in).
    for made, message in zip(created, old.objects.order_by("pk"), strict=True):
        new.objects.filter(pk=made.pk).update(queued_at=message.queued_at)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0002_outbox"),
        ("meetings", "0003_meeting_document_history"),
    ]

    operations = [
        migrations.RunPython(move, migrations.RunPython.noop),
        migrations.DeleteModel(name="OutgoingMessage"),
    ]
