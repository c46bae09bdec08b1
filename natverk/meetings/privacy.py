"""What the meetings hold about a person: in their register extract (invitations,
answers with their comments, attendance, registrations with what they answered, the
documents they added), and what is forgotten when they are erased (they are withdrawn
from coming meetings, and what they wrote with their answers and registrations is
removed)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from natverk.meetings.models import Invitation, MeetingDocument, Registration
from natverk.meetings.selectors import answer_display
from natverk.meetings.services import invitations_forget, registrations_forget
from natverk.people.privacy import erasure_handler, extract_provider


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
                _("answered"): timezone.localtime(invitation.answered_at).isoformat(
                    timespec="minutes"
                )
                if invitation.answered_at
                else None,
                _("comment"): invitation.comment,
                _("attended"): invitation.attended,
            }
        )
    return _("Invitations to meetings"), rows


@extract_provider
def registrations_of(person) -> tuple[str, list[dict]]:
    rows = []
    for registration in (
        Registration.objects.filter(invitation__person=person)
        .select_related("meeting")
        .prefetch_related("answers__question")
    ):
        row = {
            _("meeting"): registration.meeting.title,
            _("status"): registration.get_status_display(),
            _("registered"): timezone.localtime(registration.queued_at).isoformat(
                timespec="minutes"
            ),
        }
        for answer in registration.answers.all():
            row[answer.question.text] = answer_display(answer.question, answer)
        rows.append(row)
    return _("Registrations for meetings"), rows


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


@erasure_handler
def invitations_of_the_erased(person) -> None:
    invitations_forget(person=person)
    registrations_forget(person=person)
