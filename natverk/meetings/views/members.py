"""For those who sit in a meeting's networks: the network's meetings, one meeting, their
own answer, and its documents."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from natverk.access.checks import require
from natverk.access.roles import person_of
from natverk.access.scopes import network_for
from natverk.files.responses import file_response
from natverk.meetings import selectors
from natverk.meetings.enums import MeetingStatus
from natverk.meetings.forms import AnswerForm, MeetingDocumentForm, MeetingForm, PlanYearForm
from natverk.meetings.messages import answer_links
from natverk.meetings.models import Invitation
from natverk.meetings.scopes import (
    meeting_for,
    networks_to_meet_with,
    visible_meeting_documents_for,
)
from natverk.meetings.services import invitation_answer
from natverk.meetings.views.links import (
    answer_saved,
    registration_closed,
    registration_standing,
)
from natverk.registry.models import Network


def network_meetings_page(request, network, form=None, status=200):
    """A network's meetings; its coordinators also get the forms to add and plan."""
    can_manage = request.user.has_perm("meetings.manage_meeting", network)
    year = timezone.localdate().year
    if can_manage and form is None:
        form = MeetingForm(
            network=network, offered=networks_to_meet_with(request.user, leading=network)
        )
    return render(
        request,
        "meetings/network_meetings.html",
        {
            "network": network,
            "meetings": selectors.network_meetings(network),
            "can_manage": can_manage,
            "form": form if can_manage else None,
            "plan_form": PlanYearForm(initial={"year": year}),
            "cadence": selectors.cadence(Network.objects.filter(pk=network.pk), year)[0],
            "join_requests": selectors.join_requests_to(network) if can_manage else [],
            "section": "member",
        },
        status=status,
    )


@login_required
def network_meetings(request, slug):
    return network_meetings_page(request, network_for(request.user, slug))


@login_required
def meeting_detail(request, pk):
    meeting = meeting_for(request.user, pk)
    require(request.user, "meetings.open_meeting", meeting)
    can_manage = request.user.has_perm("meetings.manage_meeting", meeting)
    person = person_of(request.user)
    invitations = selectors.meeting_invitations(meeting) if can_manage else []
    mine = selectors.invitation_of(meeting, person) if person else None
    sees_registrations = meeting.registration and request.user.has_perm(
        "meetings.view_registrations", meeting
    )
    overview = selectors.registration_overview(meeting) if sees_registrations else None
    return render(
        request,
        "meetings/meeting.html",
        {
            "meeting": meeting,
            "can_manage": can_manage,
            "invitations": invitations,
            "answers": selectors.answer_summary(invitations) if can_manage else None,
            "attendance": selectors.attendance_summary(invitations)
            if can_manage and meeting.status == MeetingStatus.HELD
            else None,
            "contact": selectors.meeting_contact(meeting),
            "asked": selectors.join_requests_waiting(meeting) if can_manage else [],
            "registrations": overview,
            "registration_lists": [
                (_("Registered"), overview.registered),
                (_("Waiting list, in order"), overview.waiting),
                (_("Declined"), overview.declined),
            ]
            if overview
            else [],
            "registration_closed": registration_closed(meeting),
            "mine": mine,
            "standing": registration_standing(mine) if mine else "",
            "mine_links": answer_links(mine, get_language()) if mine else None,
            "answer_form": AnswerForm(invitation=mine) if mine else None,
            "documents": visible_meeting_documents_for(request.user).filter(meeting=meeting),
            "document_form": MeetingDocumentForm(),
            "section": "member",
        },
    )


@login_required
@require_POST
def my_answer(request, pk):
    """A signed-in person answers their own invitation, or changes the answer."""
    meeting = meeting_for(request.user, pk)
    invitation = get_object_or_404(
        Invitation.objects.select_related("meeting", "person", "organisation"),
        meeting=meeting,
        person=person_of(request.user),
    )
    form = AnswerForm(request.POST, invitation=invitation)
    if not form.is_valid():
        messages.error(request, " ".join(_form_errors(form)))
    else:
        try:
            done = invitation_answer(
                invitation=invitation,
                answer=form.cleaned_data["answer"],
                comment=form.cleaned_data["comment"],
                replies=form.replies,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if meeting.registration:
                messages.success(request, answer_saved(done))
            else:
                messages.success(request, _("Your answer was saved."))
    return redirect("meetings:meeting", pk=meeting.pk)


def _form_errors(form) -> list[str]:
    """The form's errors, each with the question it is about."""
    said = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            said.append(
                f"{label}: {error}" if label and name.startswith("question_") else str(error)
            )
    return said


def document_download(request, pk):
    """A meeting's document, to whom its visibility allows: public ones to anyone."""
    document = get_object_or_404(visible_meeting_documents_for(request.user), pk=pk)
    require(request.user, "meetings.open_document", document)
    return file_response(document.file, kind=document.kind, title=document.title)
