"""For a meeting's coordinators (and the secretariat): add and plan meetings, change,
invite, cancel, withdraw an invitation, record attendance, add documents."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from natverk.access.checks import require
from natverk.access.roles import person_of
from natverk.access.scopes import network_for
from natverk.core.audit import audit_log
from natverk.files.forms import DocumentChangeForm
from natverk.meetings.exports import participants_xlsx
from natverk.meetings.forms import (
    AttendanceForm,
    MeetingDocumentForm,
    MeetingForm,
    PlanYearForm,
    RegistrationForm,
)
from natverk.meetings.scopes import (
    join_request_for,
    meeting_for,
    networks_to_meet_with,
    visible_meeting_documents_for,
)
from natverk.meetings.selectors import (
    invitations_by_organisation,
    meeting_invitations,
    registration_overview,
)
from natverk.meetings.services import (
    QuestionSpec,
    attendance_record,
    invitation_withdraw,
    join_request_answer,
    meeting_cancel,
    meeting_create,
    meeting_document_add,
    meeting_document_approve,
    meeting_document_change,
    meeting_document_remove,
    meeting_invite,
    meeting_mark_held,
    meeting_registration_set,
    meeting_remind_unanswered,
    meeting_update,
    meetings_plan_year,
)
from natverk.meetings.views.members import network_meetings_page

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _managed_meeting(request, pk: int):
    """A meeting the user may see (else 404) and manage (else 403)."""
    meeting = meeting_for(request.user, pk)
    require(request.user, "meetings.manage_meeting", meeting)
    return meeting


def _joining(user, chosen, meeting=None) -> tuple[list, list]:
    """The networks chosen to meet with: those taking part at once (the user manages
    them, or they take part already) and those to be asked."""
    linked = set(meeting.networks.values_list("pk", flat=True)) if meeting else set()
    direct = [n for n in chosen if n.pk in linked or user.has_perm("meetings.manage_meeting", n)]
    return direct, [n for n in chosen if n not in direct]


@login_required
@require_POST
def meeting_add(request, slug):
    network = network_for(request.user, slug)
    require(request.user, "meetings.manage_meeting", network)
    form = MeetingForm(
        request.POST, network=network, offered=networks_to_meet_with(request.user, leading=network)
    )
    if not form.is_valid():
        return network_meetings_page(request, network, form, status=400)
    direct, asked = _joining(request.user, form.cleaned_data["other_networks"])
    meeting = meeting_create(
        networks=[network, *direct],
        leading=network,
        agenda=form.agenda_lines,
        asked=asked,
        by=request.user,
        **form.meeting_fields,
    )
    messages.success(request, _("The meeting was added."))
    return redirect("meetings:meeting", pk=meeting.pk)


@login_required
@require_POST
def plan_year(request, slug):
    network = network_for(request.user, slug)
    require(request.user, "meetings.manage_meeting", network)
    form = PlanYearForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a year between 2000 and 2100."))
        return redirect("meetings:network", slug=network.slug)
    try:
        drafts = meetings_plan_year(
            network=network, year=form.cleaned_data["year"], by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d draft meeting added; give it a date.",
                "%(count)d draft meetings added; give them dates.",
                len(drafts),
            )
            % {"count": len(drafts)},
        )
    return redirect("meetings:network", slug=network.slug)


@login_required
def meeting_edit(request, pk):
    meeting = _managed_meeting(request, pk)
    leading = meeting.organiser
    form = MeetingForm(
        request.POST or None,
        instance=meeting,
        network=leading,
        offered=networks_to_meet_with(request.user, leading=leading, meeting=meeting),
    )
    if request.method == "POST" and form.is_valid():
        direct, asked = _joining(request.user, form.cleaned_data["other_networks"], meeting)
        try:
            updates = meeting_update(
                meeting=meeting,
                by=request.user,
                other_networks=direct,
                asked=asked,
                agenda=form.agenda_lines,
                **form.meeting_fields,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            if updates:
                messages.success(
                    request,
                    ngettext(
                        "Saved; %(count)d update is on its way to those invited.",
                        "Saved; %(count)d updates are on their way to those invited.",
                        updates,
                    )
                    % {"count": updates},
                )
            else:
                messages.success(request, _("Saved."))
            return redirect("meetings:meeting", pk=meeting.pk)
    return render(
        request,
        "meetings/meeting_edit.html",
        {"meeting": meeting, "form": form, "section": "member"},
        status=400 if request.method == "POST" else 200,
    )


def _act(request, pk, action, done: Callable[[int], str]):
    """Run a meeting action and say how it went (`done` words it for the count)."""
    meeting = _managed_meeting(request, pk)
    try:
        count = action(meeting=meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done(count))
    return redirect("meetings:meeting", pk=meeting.pk)


@login_required
@require_POST
def invite(request, pk):
    return _act(
        request,
        pk,
        meeting_invite,
        lambda count: (
            ngettext(
                "%(count)d invitation is on its way.",
                "%(count)d invitations are on their way.",
                count,
            )
            % {"count": count}
        ),
    )


@login_required
@require_POST
def remind(request, pk):
    return _act(
        request,
        pk,
        meeting_remind_unanswered,
        lambda count: (
            ngettext(
                "A reminder is on its way to the %(count)d person who has not answered.",
                "Reminders are on their way to the %(count)d people who have not answered.",
                count,
            )
            % {"count": count}
        ),
    )


def _mark_held(*, meeting, by) -> int:
    meeting_mark_held(meeting=meeting, by=by)
    return 0


@login_required
@require_POST
def mark_held(request, pk):
    return _act(request, pk, _mark_held, lambda count: _("The meeting counts as held."))


@login_required
def cancel(request, pk):
    """GET asks to confirm (everyone invited is told); POST cancels."""
    if request.method == "POST":
        return _act(
            request,
            pk,
            meeting_cancel,
            lambda count: (
                ngettext(
                    "The meeting was cancelled; %(count)d cancellation is on its way.",
                    "The meeting was cancelled; %(count)d cancellations are on their way.",
                    count,
                )
                % {"count": count}
            ),
        )
    meeting = _managed_meeting(request, pk)
    return render(
        request,
        "meetings/meeting_cancel.html",
        {
            "meeting": meeting,
            "invited": meeting.invitations.filter(withdrawn_at__isnull=True).count(),
            "section": "member",
        },
    )


@login_required
@require_POST
def withdraw(request, pk, invitation_pk):
    meeting = _managed_meeting(request, pk)
    invitation = get_object_or_404(meeting.invitations.select_related("person"), pk=invitation_pk)
    if invitation_withdraw(invitation=invitation, by=request.user):
        done = _("The invitation of %(person)s was withdrawn; a cancellation is on its way.")
    else:
        done = _(
            "The invitation of %(person)s was withdrawn before it went out: nothing is sent "
            "to them."
        )
    messages.success(request, done % {"person": invitation.person.full_name})
    return redirect("meetings:meeting", pk=meeting.pk)


@login_required
def attendance(request, pk):
    meeting = _managed_meeting(request, pk)
    invitations = meeting_invitations(meeting)
    form = AttendanceForm(request.POST or None, invitations=invitations)
    if request.method == "POST" and form.is_valid():
        try:
            attendance_record(
                meeting=meeting,
                attended={int(v) for v in form.cleaned_data["attended"]},
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The attendance was recorded."))
            return redirect("meetings:meeting", pk=meeting.pk)
    return render(
        request,
        "meetings/attendance.html",
        {
            "meeting": meeting,
            "form": form,
            "by_organisation": invitations_by_organisation(invitations),
            "section": "member",
        },
    )


@login_required
@require_POST
def document_upload(request, pk):
    meeting = _managed_meeting(request, pk)
    form = MeetingDocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            meeting_document_add(
                meeting=meeting,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                visibility=form.cleaned_data["visibility"],
                category=form.cleaned_data["category"],
                by_person=person_of(request.user),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The document was added."))
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(str(error) for error in errors))
    return redirect("meetings:meeting", pk=meeting.pk)


@login_required
@require_POST
def join_answer(request, pk):
    """A network's coordinator answers a request to take part in another's meeting."""
    join_request = join_request_for(request.user, pk)
    require(request.user, "meetings.manage_meeting", join_request.network)
    join = request.POST.get("answer") == "join"
    try:
        join_request_answer(request=join_request, join=join, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            (
                _("%(network)s takes part in %(meeting)s; its representatives are invited.")
                if join
                else _("%(network)s does not take part in %(meeting)s.")
            )
            % {"network": join_request.network.name, "meeting": join_request.meeting.title},
        )
    return redirect("meetings:network", slug=join_request.network.slug)


def _changeable_document(request, pk):
    """A meeting document the user may see (else 404) and change (else 403)."""
    document = get_object_or_404(
        visible_meeting_documents_for(request.user).select_related("meeting"), pk=pk
    )
    require(request.user, "meetings.edit_document", document)
    return document


@login_required
def document_change(request, pk):
    """Change a document's title, visibility or kind, or replace its file."""
    document = _changeable_document(request, pk)
    form = DocumentChangeForm(request.POST or None, request.FILES or None, document=document)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_document_change(
                document=document,
                title=form.cleaned_data["title"],
                visibility=form.cleaned_data["visibility"],
                category=form.cleaned_data["category"],
                upload=form.cleaned_data["file"] or None,
                by=request.user,
            )
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            messages.success(request, _("The document was saved."))
            return redirect("meetings:meeting", pk=document.meeting_id)
    return render(
        request,
        "files/document_change.html",
        {
            "document": document,
            "form": form,
            "back": reverse("meetings:meeting", kwargs={"pk": document.meeting_id}),
            "section": "member",
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def document_approve(request, pk):
    document = _changeable_document(request, pk)
    try:
        meeting_document_approve(document=document, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The minutes are approved."))
    return redirect("meetings:meeting", pk=document.meeting_id)


@login_required
def document_remove(request, pk):
    """GET asks to confirm; POST removes."""
    document = _changeable_document(request, pk)
    back = reverse("meetings:meeting", kwargs={"pk": document.meeting_id})
    if request.method == "POST":
        meeting_document_remove(document=document, by=request.user)
        messages.success(request, _("The document was removed."))
        return redirect(back)
    return render(
        request,
        "files/remove_confirm.html",
        {"title": document.title, "back": back, "section": "member"},
    )


@login_required
def registration(request, pk):
    """Registration for the meeting: on or off, places, a waiting list, when it closes
    and the questions."""
    meeting = meeting_for(request.user, pk)
    require(request.user, "meetings.manage_registration", meeting)
    # Every box unticked is an empty POST, and still a form sent.
    form = RegistrationForm(request.POST if request.method == "POST" else None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting_registration_set(
                meeting=meeting,
                enabled=data["enabled"],
                capacity=data["capacity"],
                waiting_list=data["waiting_list"],
                closes=data["closes"],
                questions=[
                    QuestionSpec(kind=kind, label=label, required=required)
                    for kind, label, required in form.question_specs
                ],
                by=request.user,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(request, _("The registration was saved."))
            return redirect("meetings:meeting", pk=meeting.pk)
    return render(
        request,
        "meetings/registration.html",
        {"meeting": meeting, "form": form, "section": "member"},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def registrations_export(request, pk):
    """The participants and their answers, as a spreadsheet: personal data, for the
    meeting's coordinators and the secretariat; in the audit trail."""
    meeting = meeting_for(request.user, pk)
    require(request.user, "meetings.view_registrations", meeting)
    overview = registration_overview(meeting)
    audit_log(actor=request.user, action="meetings.registrations.exported", subject=meeting,
              rows=len(overview.rows))  # fmt: skip
    response = HttpResponse(participants_xlsx(overview), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="deltagare-{meeting.pk}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response
