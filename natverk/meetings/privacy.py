"""What the meetings hold about a person, for their register extract: invitations,
answers and attendance, and the documents they added."""

from django.utils import timezone
from django.utils.translation import gettext as _

from natverk.meetings.models import Invitation, MeetingDocument
from natverk.people.privacy import extract_provider


@extract_provider
def invitations_of(person) -> tuple[str, list[dict]]:
    rows = []
    for invitation in Invitation.objects.filter(person=person).select_related(
        "meeting", "organisation"
    ):
        meeting = invitation.meeting
        rows.append(
            {
                _("meeting"): meeting.title,
                _("starts"): timezone.localtime(meeting.start).isoformat(timespec="minutes")
                if meeting.start
                else None,
                _("for"): invitation.organisation.name,
                _("answer"): invitation.get_answer_display(),
                _("attended"): invitation.attended,
            }
        )
    return _("Invitations to meetings"), rows


@extract_provider
def meeting_documents_of(person) -> tuple[str, list[dict]]:
    return _("Documents added to meetings"), [
        {
            _("meeting"): document.meeting.title,
            _("title"): document.title,
            _("visible to"): document.get_visibility_display(),
            _("uploaded"): timezone.localtime(document.uploaded_at).isoformat(timespec="minutes"),
        }
        for document in MeetingDocument.objects.filter(uploaded_by=person).select_related("meeting")
    ]
