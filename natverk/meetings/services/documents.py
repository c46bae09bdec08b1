"""A meeting's documents: adding them, checked by content."""

from django.db import transaction

from natverk.files.checks import validate_upload
from natverk.meetings.models import Meeting, MeetingDocument


@transaction.atomic
def meeting_document_add(*, meeting: Meeting, title: str, upload, visibility: str, by_person=None):
    document = MeetingDocument(
        meeting=meeting,
        title=title,
        visibility=visibility,
        uploaded_by=by_person,
        kind=validate_upload(upload),
        file=upload,
    )
    document.full_clean()
    document.save()
    return document
