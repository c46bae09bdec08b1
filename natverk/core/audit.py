"""The audit trail: `audit_log(actor=…, action="people.person.erased", subject=person)`."""

from django.db import models

from natverk.core.models import AuditEntry


def audit_log(*, actor, action: str, subject: models.Model | None = None, **details) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        subject_type=subject._meta.label_lower if subject is not None else "",
        subject_id=str(subject.pk) if subject is not None else "",
        details=details,
    )
