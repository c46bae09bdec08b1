"""The member area, "Mina nätverk": thin views that fetch through `selectors` (which
check access) and change through `services`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from natverk.access.checks import require
from natverk.access.roles import person_of
from natverk.access.scopes import network_for
from natverk.core.audit import audit_log
from natverk.core.selectors import link_base_url
from natverk.files.forms import DocumentChangeForm, DocumentForm
from natverk.files.responses import file_response
from natverk.meetings.selectors import coming_invitations_after, my_invitations
from natverk.people.models import Representation
from natverk.people.services import (
    PersonDetails,
    person_calendar_renew,
    person_invite,
    representation_appoint_by_address,
    representation_end,
    representation_hand_over_by_address,
    representation_remove,
)
from natverk.registry.services.reviews import network_mark_reviewed
from natverk.workspace import selectors, services
from natverk.workspace.exports import contacts_csv, contacts_xlsx
from natverk.workspace.forms import (
    AppointForm,
    EndForm,
    HandOverForm,
    PostChangeForm,
    PostForm,
    SeatForm,
)
from natverk.workspace.scopes import visible_documents_for, visible_posts_for
from natverk.workspace.services import document_add, post_create


def _base_url(request) -> str:
    return link_base_url(request)


@login_required
def my_networks(request):
    person = person_of(request.user)
    return render(
        request,
        "workspace/my_networks.html",
        {
            "networks": selectors.my_networks(request.user),
            "vacancies": selectors.vacancies_for(request.user),
            "invitations": my_invitations(person) if person else [],
            "person": person,
            "can_follow_cadence": request.user.has_perm("meetings.follow_cadence"),
            "section": "member",
        },
    )


@login_required
@require_POST
def calendar_renew(request):
    """The person's own calendar gets a new secret address; the old one stops working."""
    person = person_of(request.user)
    if person is None:
        raise Http404
    person_calendar_renew(person=person, by=request.user)
    messages.success(
        request,
        _("Your calendar has a new address. Subscribe to it again: the old one no longer works."),
    )
    return redirect("workspace:my_networks")


def _abilities(user, network) -> dict[str, bool]:
    return {
        "export": user.has_perm("workspace.export_contacts", network),
        "manage": user.has_perm("workspace.manage_representatives", network),
        "post": user.has_perm("workspace.share_post", network),
        "share_document": user.has_perm("workspace.share_document", network),
        "mark_reviewed": user.has_perm("workspace.mark_reviewed", network),
    }


@login_required
def network(request, slug):
    network = network_for(request.user, slug)
    return _network_page(request, network)


def _network_page(request, network, status=200, **forms):
    context = {
        "workspace": selectors.workspace(request.user, network),
        "network": network,
        "post_form": PostForm(),
        "document_form": DocumentForm(),
        "can": _abilities(request.user, network),
        "section": "member",
        **forms,
    }
    return render(request, "workspace/network.html", context, status=status)


@login_required
@require_POST
def mark_reviewed(request, slug):
    """The coordinator says the network's details are true as of today."""
    network = network_for(request.user, slug)
    require(request.user, "workspace.mark_reviewed", network)
    network_mark_reviewed(network=network, by=request.user)
    messages.success(request, _("The network is marked as reviewed today."))
    return redirect("workspace:network", slug=network.slug)


@login_required
def contacts_export(request, slug, file_format):
    network = network_for(request.user, slug)
    require(request.user, "workspace.export_contacts", network)
    rows = selectors.contact_rows(request.user, network)
    audit_log(actor=request.user, action="workspace.contacts.exported", subject=network,
              format=file_format, rows=len(rows))  # fmt: skip
    name = f"kontakter-{slugify(network.slug)}-{timezone.localdate().isoformat()}"
    if file_format == "xlsx":
        response = HttpResponse(
            contacts_xlsx(rows, sheet_title=network.short_name or network.name),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(contacts_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response


@login_required
@require_POST
def post_add(request, slug):
    network = network_for(request.user, slug)
    require(request.user, "workspace.share_post", network)
    form = PostForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            post_create(
                network=network,
                author_user=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                attachment=form.cleaned_data["attachment"],
                notify=form.cleaned_data["notify"],
                base_url=_base_url(request),
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The post was shared."))
            return redirect("workspace:network", slug=network.slug)
    return _network_page(request, network, status=400, post_form=form)


@login_required
@require_POST
def document_upload(request, slug):
    network = network_for(request.user, slug)
    require(request.user, "workspace.share_document", network)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document_add(
                network=network,
                by_user=request.user,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                visibility=form.cleaned_data["visibility"],
                category=form.cleaned_data["category"],
            )
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            messages.success(request, _("The document was added."))
            return redirect("workspace:network", slug=network.slug)
    return _network_page(request, network, status=400, document_form=form)


def document_download(request, pk):
    """Documents are sent only after checking who asks: never from a public address."""
    document = get_object_or_404(visible_documents_for(request.user), pk=pk)
    require(request.user, "workspace.open_document", document)
    return file_response(document.file, kind=document.kind, title=document.title)


def _changeable_document(request, pk):
    document = get_object_or_404(
        visible_documents_for(request.user).select_related("network"), pk=pk
    )
    require(request.user, "workspace.edit_document", document)
    return document


@login_required
def document_change(request, pk):
    """Change a document's title, visibility or kind, or replace its file."""
    document = _changeable_document(request, pk)
    form = DocumentChangeForm(request.POST or None, request.FILES or None, document=document)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_change(
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
            return redirect("workspace:network", slug=document.network.slug)
    return render(
        request,
        "files/document_change.html",
        {
            "document": document,
            "form": form,
            "back": reverse("workspace:network", kwargs={"slug": document.network.slug}),
            "section": "member",
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def document_approve(request, pk):
    document = _changeable_document(request, pk)
    try:
        services.document_approve(document=document, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The minutes are approved."))
    return redirect("workspace:network", slug=document.network.slug)


@login_required
def document_remove(request, pk):
    """GET asks to confirm; POST removes."""
    document = _changeable_document(request, pk)
    back = reverse("workspace:network", kwargs={"slug": document.network.slug})
    if request.method == "POST":
        services.document_remove(document=document, by=request.user)
        messages.success(request, _("The document was removed."))
        return redirect(back)
    return render(
        request,
        "files/remove_confirm.html",
        {"title": document.title, "back": back, "section": "member"},
    )


def _changeable_post(request, pk):
    post = get_object_or_404(visible_posts_for(request.user).select_related("network"), pk=pk)
    require(request.user, "workspace.edit_post", post)
    return post


@login_required
def post_change(request, pk):
    post = _changeable_post(request, pk)
    form = PostChangeForm(request.POST or None, initial={"title": post.title, "body": post.body})
    if request.method == "POST" and form.is_valid():
        services.post_change(
            post=post, title=form.cleaned_data["title"], body=form.cleaned_data["body"],
            by=request.user,
        )  # fmt: skip
        messages.success(request, _("The post was saved."))
        return redirect("workspace:network", slug=post.network.slug)
    return render(
        request,
        "workspace/post_change.html",
        {"post": post, "form": form, "section": "member"},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def post_remove(request, pk):
    """GET asks to confirm; POST removes."""
    post = _changeable_post(request, pk)
    back = reverse("workspace:network", kwargs={"slug": post.network.slug})
    if request.method == "POST":
        services.post_remove(post=post, by=request.user)
        messages.success(request, _("The post was removed."))
        return redirect(back)
    return render(
        request,
        "files/remove_confirm.html",
        {"title": post.title, "back": back, "section": "member"},
    )


@login_required
def attachment_download(request, pk):
    post = get_object_or_404(visible_posts_for(request.user).exclude(attachment=""), pk=pk)
    return file_response(post.attachment, kind=post.attachment_kind, title=post.title)


# Coordinator tools ---------------------------------------------------------------------


def _person_details(form) -> PersonDetails:
    data = form.cleaned_data
    return PersonDetails(
        email=data["email"],
        given_name=data["given_name"],
        family_name=data["family_name"],
        title=data["title"],
        phone=data["phone"],
    )


def _managed(request, slug):
    network = network_for(request.user, slug)
    require(request.user, "workspace.manage_representatives", network)
    return network


def _representatives_page(request, network, *, appoint_form=None, errors=(), status=200):
    return render(
        request,
        "workspace/representatives.html",
        {
            "network": network,
            "representations": selectors.seats_for_managers(request.user, network),
            "coming": selectors.coming_seats(network),
            "waiting": selectors.waiting_requests(network),
            "vacancies": selectors.vacancies_for(request.user, network),
            "appoint_form": appoint_form
            or AppointForm(organisations=selectors.member_organisations(network)),
            "errors": errors,
            "today": timezone.localdate(),
            "section": "member",
        },
        status=status,
    )


def _form_errors(form) -> list[str]:
    return [
        f"{form.fields[name].label}: {error}" if name in form.fields else error
        for name, errors in form.errors.items()
        for error in errors
    ]


def _seat_choices(request, network):
    """The seats of the network the user may act on: held now or to come."""
    today = timezone.localdate()
    return Representation.objects.filter(network=network, person__erased_at__isnull=True).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )


def _may(request) -> dict[str, bool]:
    return {
        "may_seat_anyone": request.user.has_perm("people.seat_anyone"),
        "may_backdate": request.user.has_perm("people.backdate_seat"),
    }


def _confirm_page(request, network, *, action: str, form, appointment, status=200):
    """Before an address already in the register is used: whose it is (a colleague of
    the organisation), or only that it is someone's who works elsewhere."""
    return render(
        request,
        "workspace/appoint_confirm.html",
        {
            "network": network,
            "action": action,
            "form": form,
            "appointment": appointment,
            "section": "member",
        },
        status=status,
    )


@login_required
def representatives(request, slug):
    return _representatives_page(request, _managed(request, slug))


@login_required
@require_POST
def representative_appoint(request, slug):
    network = _managed(request, slug)
    form = AppointForm(request.POST, organisations=selectors.member_organisations(network))
    if not form.is_valid():
        return _representatives_page(request, network, appoint_form=form, status=400)
    organisation = get_object_or_404(
        selectors.member_organisations(network), pk=form.cleaned_data["organisation"]
    )
    try:
        appointment = representation_appoint_by_address(
            network=network,
            organisation=organisation,
            details=_person_details(form),
            role=form.cleaned_data["role"],
            start=form.cleaned_data["start"],
            by=request.user,
            confirmed=form.cleaned_data["confirm"],
            **_may(request),
        )
    except ValidationError as error:
        return _representatives_page(
            request, network, appoint_form=form, errors=error.messages, status=400
        )
    if not appointment.done:
        return _confirm_page(request, network, action="appoint", form=form, appointment=appointment)
    if appointment.request is not None:
        messages.success(
            request,
            _("The appointment waits for the secretariat's confirmation; you are told by email."),
        )
    else:
        messages.success(request, _("The representative was appointed."))
    return redirect("workspace:representatives", slug=network.slug)


@login_required
@require_POST
def representative_end(request, slug):
    """Asks first (what follows from the end), then ends."""
    network = _managed(request, slug)
    form = EndForm(request.POST)
    if not form.is_valid():
        return _representatives_page(request, network, errors=_form_errors(form), status=400)
    representation = get_object_or_404(
        _seat_choices(request, network).select_related("person", "organisation"),
        pk=form.cleaned_data["representation"],
    )
    last_day = form.cleaned_data["end"] or timezone.localdate()
    if not form.cleaned_data["confirm"]:
        return render(
            request,
            "workspace/end_confirm.html",
            {
                "network": network,
                "representation": representation,
                "last_day": last_day,
                "meetings": coming_invitations_after(
                    person=representation.person, network=network, day=last_day
                ),
                "section": "member",
            },
        )
    try:
        asked = representation_end(
            representation=representation,
            on=last_day,
            by=request.user,
            base_url=_base_url(request),
            may_backdate=request.user.has_perm("people.backdate_seat"),
        )
    except ValidationError as error:
        return _representatives_page(request, network, errors=error.messages, status=400)
    if asked:
        messages.success(request, _("The representation was ended; the organisation's contact "
                                    "person was asked to name a replacement."))  # fmt: skip
    else:
        messages.success(request, _("The representation was ended."))
    return redirect("workspace:representatives", slug=network.slug)


@login_required
@require_POST
def representative_remove(request, slug):
    """Takes back a mistaken appointment the same day (or one not yet begun)."""
    network = _managed(request, slug)
    form = SeatForm(request.POST)
    if not form.is_valid():
        return _representatives_page(request, network, errors=_form_errors(form), status=400)
    representation = get_object_or_404(
        _seat_choices(request, network), pk=form.cleaned_data["representation"]
    )
    try:
        representation_remove(representation=representation, by=request.user)
    except ValidationError as error:
        return _representatives_page(request, network, errors=error.messages, status=400)
    messages.success(request, _("The appointment was removed, as if it had never been made."))
    return redirect("workspace:representatives", slug=network.slug)


@login_required
@require_POST
def representative_invite(request, slug):
    """Invites the holder of a seat to an account of their own."""
    network = _managed(request, slug)
    form = SeatForm(request.POST)
    if not form.is_valid():
        return _representatives_page(request, network, errors=_form_errors(form), status=400)
    representation = get_object_or_404(
        _seat_choices(request, network).select_related("person"),
        pk=form.cleaned_data["representation"],
    )
    person = representation.person
    require(request.user, "people.invite_person", person)
    try:
        person_invite(person=person, invited_by=request.user, base_url=_base_url(request))
    except ValidationError as error:
        return _representatives_page(request, network, errors=error.messages, status=400)
    messages.success(
        request,
        _("%(person)s is invited to an account; the email is on its way.")
        % {"person": person.full_name},
    )
    return redirect("workspace:representatives", slug=network.slug)


@login_required
@require_POST
def representative_hand_over(request, slug):
    network = _managed(request, slug)
    form = HandOverForm(request.POST)
    if not form.is_valid():
        return _representatives_page(request, network, errors=_form_errors(form), status=400)
    representation = get_object_or_404(
        _seat_choices(request, network), pk=form.cleaned_data["representation"]
    )
    try:
        appointment = representation_hand_over_by_address(
            representation=representation,
            details=_person_details(form),
            on=form.cleaned_data["start"],
            by=request.user,
            confirmed=form.cleaned_data["confirm"],
            **_may(request),
        )
    except ValidationError as error:
        return _representatives_page(request, network, errors=error.messages, status=400)
    if not appointment.done:
        return _confirm_page(
            request, network, action="hand_over", form=form, appointment=appointment
        )
    messages.success(request, _("The seat was handed over."))
    return redirect("workspace:representatives", slug=network.slug)
