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
from natverk.meetings.enums import Answer
from natverk.meetings.forms import AnswerForm, SubstituteForm
from natverk.meetings.scopes import documents_for_invitation
from natverk.meetings.selectors import meeting_contact
from natverk.meetings.services import (
    check_answerable,
    invitation_answer,
    invitation_substitute,
)
from natverk.meetings.tokens import invitation_for_link
from natverk.people.services import PersonDetails

ANSWERS = (Answer.YES, Answer.NO, Answer.MAYBE)


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
            )
        except ValidationError as error:
            answer_form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _(
                    "Thank you. Your answer: %(answer)s. You can change it here until the "
                    "meeting begins."
                )
                % {"answer": done.get_answer_display()},
            )
            return redirect(page)
    return render(
        request,
        "meetings/invitation_page.html",
        {
            "invitation": invitation,
            "meeting": invitation.meeting,
            "contact": contact,
            "closed": _answerable(invitation),
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
