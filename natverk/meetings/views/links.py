"""Answering from an email without logging in: the signed link confirms on GET and
answers on POST, and the organisation can name a substitute."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render

from natverk.meetings.enums import Answer
from natverk.meetings.forms import SubstituteForm
from natverk.meetings.services import invitation_answer, invitation_substitute
from natverk.meetings.tokens import invitation_for_link
from natverk.people.services import PersonDetails


def answer(request, uidb64, answer, token):
    """GET shows what the answer will be and asks to confirm; only the POST answers (a
    mail program that opens links to scan them changes nothing)."""
    if answer not in (Answer.YES, Answer.NO, Answer.MAYBE):
        raise Http404
    invitation = invitation_for_link(uidb64, token)
    if invitation is None:
        return render(request, "meetings/answer_invalid.html", status=410)
    substitute_form = SubstituteForm(request.POST if "substitute" in request.POST else None)
    if request.method == "POST" and "substitute" in request.POST:
        if substitute_form.is_valid():
            try:
                substitute = invitation_substitute(
                    invitation=invitation,
                    substitute=PersonDetails(**substitute_form.cleaned_data),
                )
            except ValidationError as error:
                substitute_form.add_error(None, error.messages)
            else:
                return render(
                    request,
                    "meetings/answer_done.html",
                    {"invitation": invitation, "substitute": substitute},
                )
    elif request.method == "POST":
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
