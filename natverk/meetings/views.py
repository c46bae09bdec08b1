"""Meetings in the member area (coordinators plan, invite, follow up; representatives
read and answer), one-click answers without logging in, and calendar feeds."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from natverk.access.roles import person_of
from natverk.access.scopes import (
    managed_meetings_for,
    visible_meeting_documents_for,
    visible_meetings_for,
)
from natverk.meetings import ical, selectors
from natverk.meetings.enums import Answer, MeetingStatus
from natverk.meetings.forms import (
    AnswerForm,
    AttendanceForm,
    MeetingDocumentForm,
    MeetingForm,
    PlanYearForm,
    SubstituteForm,
)
from natverk.meetings.models import Invitation, Meeting
from natverk.meetings.services import (
    attendance_record,
    invitation_answer,
    invitation_substitute,
    invitation_withdraw,
    meeting_cancel,
    meeting_create,
    meeting_document_add,
    meeting_invite,
    meeting_links_set,
    meeting_update,
    meetings_plan_year,
)
from natverk.meetings.tokens import answer_tokens
from natverk.people.models import Person
from natverk.registry.models import Membership, Network, Organisation
from natverk.workspace.files import CONTENT_TYPES
from natverk.workspace.selectors import network_for


def _require(user, permission: str, obj=None) -> None:
    if not user.has_perm(permission, obj):
        raise PermissionDenied


def _meeting(user, pk: int, *, manage: bool = False) -> Meeting:
    scope = managed_meetings_for(user) if manage else visible_meetings_for(user)
    return get_object_or_404(selectors.with_networks(scope).prefetch_related("agenda_items"), pk=pk)


# A network's meetings --------------------------------------------------------------


def _network_meetings_page(request, network, form=None, status=200):
    can_manage = request.user.has_perm("meetings.manage_meeting", network)
    year = timezone.localdate().year
    if can_manage and form is None:
        form = MeetingForm(network=network)
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
            "section": "member",
        },
        status=status,
    )


@login_required
def network_meetings(request, slug):
    return _network_meetings_page(request, network_for(request.user, slug))


@login_required
@require_POST
def meeting_add(request, slug):
    network = network_for(request.user, slug)
    _require(request.user, "meetings.manage_meeting", network)
    form = MeetingForm(request.POST, network=network)
    if not form.is_valid():
        return _network_meetings_page(request, network, form, status=400)
    with transaction.atomic():
        meeting = meeting_create(
            networks=[network, *form.cleaned_data["other_networks"]],
            leading=network,
            by=request.user,
            **form.meeting_fields,
        )
        meeting_links_set(
            meeting=meeting,
            networks=form.cleaned_data["other_networks"],
            agenda=form.agenda_lines,
        )
    messages.success(request, _("The meeting was added."))
    return redirect("meetings:meeting", pk=meeting.pk)


@login_required
@require_POST
def plan_year(request, slug):
    network = network_for(request.user, slug)
    _require(request.user, "meetings.manage_meeting", network)
    form = PlanYearForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a year between 2000 and 2100."))
    else:
        try:
            drafts = meetings_plan_year(
                network=network, year=form.cleaned_data["year"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(count)d draft meeting(s) added; give them dates.") % {"count": len(drafts)},
            )
    return redirect("meetings:network", slug=network.slug)


# One meeting -------------------------------------------------------------------------


@login_required
def meeting_detail(request, pk):
    meeting = _meeting(request.user, pk)
    _require(request.user, "meetings.view_meeting", meeting)
    can_manage = request.user.has_perm("meetings.manage_meeting", meeting)
    person = person_of(request.user)
    invitations = (
        list(
            meeting.invitations.select_related("person", "organisation").prefetch_related(
                "messages"
            )
        )
        if can_manage
        else []
    )
    return render(
        request,
        "meetings/meeting.html",
        {
            "meeting": meeting,
            "can_manage": can_manage,
            "invitations": invitations,
            "attendance": selectors.attendance_summary(invitations)
            if can_manage and meeting.status == MeetingStatus.HELD
            else None,
            "mine": meeting.invitations.filter(person=person, withdrawn_at__isnull=True).first()
            if person
            else None,
            "answer_form": AnswerForm(),
            "documents": visible_meeting_documents_for(request.user).filter(meeting=meeting),
            "document_form": MeetingDocumentForm(),
            "section": "member",
        },
    )


@login_required
@require_POST
def my_answer(request, pk):
    """A signed-in person answers their own invitation."""
    meeting = _meeting(request.user, pk)
    person = person_of(request.user)
    invitation = get_object_or_404(
        Invitation.objects.select_related("meeting"), meeting=meeting, person=person
    )
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Answer yes, no or maybe."))
    else:
        try:
            invitation_answer(invitation=invitation, answer=form.cleaned_data["answer"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your answer was saved."))
    return redirect("meetings:meeting", pk=meeting.pk)


@login_required
def meeting_edit(request, pk):
    meeting = _meeting(request.user, pk, manage=True)
    network = meeting.leading_network
    form = MeetingForm(request.POST or None, instance=meeting, network=network)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                updates = meeting_update(meeting=meeting, by=request.user, **form.meeting_fields)
                meeting_links_set(
                    meeting=meeting,
                    networks=form.cleaned_data["other_networks"],
                    agenda=form.agenda_lines,
                )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            if updates:
                messages.success(
                    request,
                    _("Saved; %(count)d update(s) are on their way to those invited.")
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


def _act(request, pk, action, done: str):
    meeting = _meeting(request.user, pk, manage=True)
    try:
        count = action(meeting=meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done % {"count": count})
    return redirect("meetings:meeting", pk=meeting.pk)


@login_required
@require_POST
def invite(request, pk):
    return _act(request, pk, meeting_invite, _("%(count)d invitation(s) are on their way."))


@login_required
def cancel(request, pk):
    """GET asks to confirm (everyone invited is told); POST cancels."""
    if request.method == "POST":
        return _act(
            request,
            pk,
            meeting_cancel,
            _("The meeting was cancelled; %(count)d cancellation(s) are on their way."),
        )
    meeting = _meeting(request.user, pk, manage=True)
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
    meeting = _meeting(request.user, pk, manage=True)
    invitation = get_object_or_404(meeting.invitations.select_related("person"), pk=invitation_pk)
    invitation_withdraw(invitation=invitation, by=request.user)
    messages.success(
        request,
        _("The invitation of %(person)s was withdrawn; a cancellation is on its way.")
        % {"person": invitation.person.full_name},
    )
    return redirect("meetings:meeting", pk=meeting.pk)


@login_required
def attendance(request, pk):
    meeting = _meeting(request.user, pk, manage=True)
    invitations = list(meeting.invitations.select_related("person", "organisation"))
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
    by_organisation: dict[str, list] = {}
    for invitation in invitations:
        by_organisation.setdefault(invitation.organisation.name, []).append(invitation)
    return render(
        request,
        "meetings/attendance.html",
        {
            "meeting": meeting,
            "form": form,
            "by_organisation": by_organisation,
            "section": "member",
        },
    )


@login_required
@require_POST
def document_upload(request, pk):
    meeting = _meeting(request.user, pk, manage=True)
    form = MeetingDocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            meeting_document_add(
                meeting=meeting,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                visibility=form.cleaned_data["visibility"],
                by_person=person_of(request.user),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The document was added."))
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect("meetings:meeting", pk=meeting.pk)


def document_download(request, pk):
    document = get_object_or_404(visible_meeting_documents_for(request.user), pk=pk)
    _require(request.user, "meetings.view_document", document)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=f"{slugify(document.title) or 'fil'}.{document.kind}",
    )
    response["Content-Type"] = CONTENT_TYPES.get(document.kind, "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def cadence_report(request):
    _require(request.user, "meetings.view_cadence")
    try:
        year = int(request.GET.get("ar", timezone.localdate().year))
    except ValueError:
        year = timezone.localdate().year
    networks = Network.objects.filter(meetings_per_year__isnull=False)
    rows = selectors.cadence(networks, year)
    return render(
        request,
        "meetings/cadence.html",
        {
            "rows": rows,
            "behind": [r for r in rows if r.behind or r.residential_behind],
            "year": year,
            "section": "member",
        },
    )


# Answering without logging in -----------------------------------------------------------


def _invitation_from_link(uidb64: str, token: str) -> Invitation | None:
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (ValueError, TypeError, OverflowError):
        return None
    invitation = (
        Invitation.objects.select_related("meeting", "person", "organisation").filter(pk=pk).first()
    )
    if invitation is None or not answer_tokens.check_token(invitation, token):
        return None
    if invitation.meeting.status == MeetingStatus.CANCELLED:
        return None
    return invitation


def answer(request, uidb64, answer, token):
    """GET shows what the answer will be and asks to confirm; only the POST answers (a
    mail program that opens links to scan them changes nothing)."""
    if answer not in (Answer.YES, Answer.NO, Answer.MAYBE):
        raise Http404
    invitation = _invitation_from_link(uidb64, token)
    if invitation is None:
        return render(request, "meetings/answer_invalid.html", status=410)
    substitute_form = SubstituteForm(request.POST if "substitute" in request.POST else None)
    if request.method == "POST":
        if "substitute" in request.POST:
            if substitute_form.is_valid():
                try:
                    substitute = invitation_substitute(
                        invitation=invitation, **substitute_form.cleaned_data
                    )
                except ValidationError as error:
                    substitute_form.add_error(None, error.messages)
                else:
                    return render(
                        request,
                        "meetings/answer_done.html",
                        {"invitation": invitation, "substitute": substitute},
                    )
        else:
            try:
                invitation = invitation_answer(invitation=invitation, answer=answer)
            except ValidationError:  # changed since the link was checked, a moment ago
                return render(request, "meetings/answer_invalid.html", status=410)
            return render(request, "meetings/answer_done.html", {"invitation": invitation})
    return render(
        request,
        "meetings/answer_confirm.html",
        {
            "invitation": invitation,
            "answer": answer,
            "answer_label": Answer(answer).label,
            "substitute_form": substitute_form,
        },
    )


# Calendar feeds --------------------------------------------------------------------


def _calendar_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}.ics"'
    return response


def network_feed(request, slug):
    """A network's public meetings, naming nobody."""
    network = get_object_or_404(Network.objects.public(), slug=slug)
    meetings = Meeting.objects.public().dated().filter(networks=network)
    return _calendar_response(
        ical.feed(meetings, name=network.name, public=True), slugify(network.slug)
    )


def organisation_feed(request, slug):
    """The public meetings of the public networks the organisation sits in now."""
    organisation = get_object_or_404(Organisation, slug=slug)
    networks = Network.objects.public().filter(
        memberships__in=Membership.objects.current().filter(organisation=organisation)
    )
    meetings = Meeting.objects.public().dated().filter(networks__in=networks).distinct()
    return _calendar_response(
        ical.feed(meetings, name=organisation.name, public=True), slugify(organisation.slug)
    )


def person_feed(request, token):
    """A person's own meetings, at a secret address: whoever has it sees them."""
    person = get_object_or_404(Person, calendar_token=token, erased_at__isnull=True)
    meetings = (
        Meeting.objects.dated()
        .filter(invitations__person=person, invitations__withdrawn_at__isnull=True)
        .exclude(status=MeetingStatus.PLANNED)
        .distinct()
    )
    return _calendar_response(
        ical.feed(meetings, name=_("My meetings"), public=False), "mina-moten"
    )
