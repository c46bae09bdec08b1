"""A meeting's documents: added (checked by content), changed or replaced, minutes
approved, removed. Each is one transaction, in the audit trail."""

from django.db import transaction

from natverk.core.audit import audit_log
from natverk.files.checks import validate_upload
from natverk.files.models import DocumentCategory
from natverk.files.services import shared_file_approve, shared_file_change, shared_file_remove
from natverk.meetings.models import Meeting, MeetingDocument


@transaction.atomic
def meeting_document_add(
    *,
    meeting: Meeting,
    title: str,
    upload,
    visibility: str,
    category: str = DocumentCategory.OTHER,
    by_person=None,
):
    document = MeetingDocument(
        meeting=meeting,
        title=title,
        visibility=visibility,
        category=category,
        uploaded_by=by_person,
        kind=validate_upload(upload),
        file=upload,
    )
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def meeting_document_change(
    *,
    document: MeetingDocument,
    title: str,
    visibility: str,
    category: str,
    upload=None,
    by=None,
) -> MeetingDocument:
    shared_file_change(
        document=document, title=title, visibility=visibility, category=category, upload=upload
    )
    audit_log(actor=by, action="meetings.document.changed", subject=document,
              replaced=upload is not None)  # fmt: skip
    return document


@transaction.atomic
def meeting_document_approve(*, document: MeetingDocument, by=None) -> MeetingDocument:
    shared_file_approve(document=document)
    audit_log(actor=by, action="meetings.document.approved", subject=document)
    return document


@transaction.atomic
def meeting_document_remove(*, document: MeetingDocument, by=None) -> None:
    audit_log(actor=by, action="meetings.document.removed", subject=document)
    shared_file_remove(document=document)
