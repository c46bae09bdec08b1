"""The invitation's own page, reached from the email without logging in: the meeting, its
documents, the answer given and a form to change it (until the meeting begins), and a
form to send a substitute. The links are signed for the invitation; a GET changes
nothing (mail programs open links to scan them), only the POST answers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from natverk.files.responses import file_response
from natverk.meetings.enums import Answer, RegistrationStatus
from natverk.meetings.forms import AnswerForm, SubstituteForm
from natverk.meetings.scopes import documents_for_invitation
from natverk.meetings.selectors import meeting_contact, registration_of, waiting_place
from natverk.meetings.services import (
    check_answerable,
    check_registration_open,
    invitation_answer,
    invitation_substitute,
)
from natverk.meetings.tokens import invitation_for_link
from natverk.people.services import PersonDetails

ANSWERS = (Answer.YES, Answer.NO, Answer.MAYBE)


def answer_saved(invitation) -> str:
    """What the person is told once their answer is saved: for a meeting with
    registration, where they stand."""
    if invitation.meeting.registration and invitation.answer == Answer.YES:
        registration = registration_of(invitation)
        if registration is not None and registration.status == RegistrationStatus.WAITING:
            return _(
                "The meeting is full: you are on the waiting list, in place %(place)d. If a "
                "place becomes free it is yours in turn, and you are emailed."
            ) % {"place": waiting_place(registration)}
        return _("Thank you. You are registered; a confirmation is on its way by email.")
    return _(
        "Thank you. Your answer: %(answer)s. You can change it here until the meeting begins."
    ) % {"answer": invitation.get_answer_display()}


def registration_standing(invitation) -> str:
    """Where the person stands, for their page: registered, or waiting in which place."""
    if not invitation.meeting.registration:
        return ""
    registration = registration_of(invitation)
    if registration is None:
        return _("Registration is required: answer yes and fill in the questions to register.")
    if registration.status == RegistrationStatus.WAITING:
        return _("You are on the waiting list, in place %(place)d.") % {
            "place": waiting_place(registration)
        }
    return _("You are registered.")


def registration_closed(meeting) -> str:
    """Why registration no longer takes answers, or "" while it does."""
    try:
        check_registration_open(meeting)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


def _invalid(request):
    return render(request, "meetings/answer_invalid.html", status=410)


def invitation_page(request, uidb64, token):
    return _page(request, uidb64, token, answer=None)


def answer(request, uidb64, answer, token):
    """An answer's own link: the page, with that answer chosen."""
    if answer not in ANSWERS:
        raise Http404
    return _page(request, uidb64, token, answer=answer)


def _answerable(invitation) -> str:
    """Why the invitation can no longer be answered, or "" if it can."""
    try:
        check_answerable(invitation)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


def _page(request, uidb64, token, answer):
    invitation = invitation_for_link(uidb64, token)
    if invitation is None:
        return _invalid(request)
    page = reverse("answers:invitation", kwargs={"uidb64": uidb64, "token": token})
    substituting = request.method == "POST" and "substitute" in request.POST
    answering = request.method == "POST" and not substituting
    answer_form = AnswerForm(
        request.POST if answering else None, invitation=invitation, answer=answer
    )
    substitute_form = SubstituteForm(request.POST if substituting else None)
    contact = meeting_contact(invitation.meeting)
    if substituting and substitute_form.is_valid():
        details = PersonDetails(**substitute_form.cleaned_data)
        try:
            invitation_substitute(invitation=invitation, substitute=details)
        except ValidationError as error:
            substitute_form.add_error(None, error.messages)
        else:
            # The same words whoever the address belongs to: the page tells nothing.
            messages.success(
                request,
                _(
                    "Thank you. If %(email)s belongs to someone at %(organisation)s, they "
                    "get the invitation in your place. %(contact)s, who organises the "
                    "meeting, is told."
                )
                % {
                    "email": details.email,
                    "organisation": invitation.organisation.name,
                    "contact": contact.name,
                },
            )
            return redirect(page)
    elif answering and answer_form.is_valid():
        try:
            done = invitation_answer(
                invitation=invitation,
                answer=answer_form.cleaned_data["answer"],
                comment=answer_form.cleaned_data["comment"],
                replies=answer_form.replies,
            )
        except ValidationError as error:
            answer_form.add_error(None, error.messages)
        else:
            messages.success(request, answer_saved(done))
            return redirect(page)
    return render(
        request,
        "meetings/invitation_page.html",
        {
            "invitation": invitation,
            "meeting": invitation.meeting,
            "contact": contact,
            "closed": _answerable(invitation),
            "standing": registration_standing(invitation),
            "documents": documents_for_invitation(invitation),
            "key": {"uidb64": uidb64, "token": token},
            "answer_form": answer_form,
            "substitute_form": substitute_form,
        },
        status=400 if request.method == "POST" else 200,
    )


def document(request, uidb64, token, pk):
    """A document of the meeting, for the one invited: what its members see."""
    invitation = invitation_for_link(uidb64, token)
    if invitation is None:
        return _invalid(request)
    found = get_object_or_404(documents_for_invitation(invitation), pk=pk)
    return file_response(found.file, kind=found.kind, title=found.title)
