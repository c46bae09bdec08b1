"""Changes to meetings, invitations and their documents, by what they change: the
meetings themselves (`meetings`), invitations and answers (`invitations`), the mail about
them in the outbox (`mail`), registration for meetings that need it (`registrations`),
documents (`documents`). Each change is one transaction."""

from natverk.meetings.services.documents import (
    meeting_document_add,
    meeting_document_approve,
    meeting_document_change,
    meeting_document_remove,
)
from natverk.meetings.services.invitations import (
    check_answerable,
    check_invitable,
    invitation_add,
    invitation_answer,
    invitation_seat,
    invitation_substitute,
    invitation_withdraw,
    invitations_create,
    invitations_follow_seats,
    invitations_forget,
    meeting_invite,
    meeting_remind_unanswered,
    reminders_queue,
)
from natverk.meetings.services.joining import join_request_answer, join_requests_set
from natverk.meetings.services.meetings import (
    CALENDAR_FIELDS,
    attendance_record,
    meeting_cancel,
    meeting_create,
    meeting_mark_held,
    meeting_update,
    meetings_plan_year,
)
from natverk.meetings.services.registrations import (
    QuestionSpec,
    check_registration_open,
    meeting_registration_set,
    registrations_forget,
)

__all__ = [
    "CALENDAR_FIELDS",
    "QuestionSpec",
    "attendance_record",
    "check_answerable",
    "check_invitable",
    "check_registration_open",
    "invitation_add",
    "invitation_answer",
    "invitation_seat",
    "invitation_substitute",
    "invitation_withdraw",
    "invitations_create",
    "invitations_follow_seats",
    "invitations_forget",
    "join_request_answer",
    "join_requests_set",
    "meeting_cancel",
    "meeting_create",
    "meeting_document_add",
    "meeting_document_approve",
    "meeting_document_change",
    "meeting_document_remove",
    "meeting_invite",
    "meeting_mark_held",
    "meeting_registration_set",
    "meeting_remind_unanswered",
    "meeting_update",
    "meetings_plan_year",
    "registrations_forget",
    "reminders_queue",
]
