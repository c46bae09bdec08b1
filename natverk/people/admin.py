import contextlib
import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from simple_history.admin import SimpleHistoryAdmin

from natverk.core.admin_site import BackOfficeSite, QuickInlineMixin, WorkItem
from natverk.core.selectors import link_base_url
from natverk.people.forms import ChangeLogFilterForm
from natverk.people.models import (
    AppointmentRequest,
    ContactPerson,
    Coordination,
    Person,
    Representation,
)
from natverk.people.privacy import person_erase, person_extract
from natverk.people.selectors import change_log, people_for_review
from natverk.people.services import (
    appointment_request_decide,
    person_change_employer,
    person_invite,
    seats_changed,
)
from natverk.registry.admin import CurrentFilter, NetworkAdmin, NetworkByNameFilter
from natverk.registry.forms import RepresentationFormSet
from natverk.registry.models import Network


def seats_followed(request, formset) -> None:
    """Seats changed in a back-office form are followed like any other (the meetings
    invite the new holder, withdraw the old one)."""
    if formset.model is not Representation:
        return
    people: set[int] = set()
    networks: set[int] = set()
    for seat_form in formset.forms:
        if seat_form.has_changed() or seat_form in formset.deleted_forms:
            for name, ids in (("person", people), ("network", networks)):
                for value in (
                    seat_form.initial.get(name),
                    getattr(seat_form.instance, f"{name}_id"),
                ):
                    if value:
                        ids.add(getattr(value, "pk", value))
    if people:
        seats_changed(people=people, networks=networks, by=request.user)


class RepresentationInline(QuickInlineMixin, admin.TabularInline):
    model = Representation
    formset = RepresentationFormSet
    extra = 0
    fields = ["person", "organisation", "role", "start_date", "end_date"]
    autocomplete_fields = ["person", "organisation"]
    # Two seats per member: a network of 15 members fills a form already.
    may_be_large = True
    inline_limit = 30
    verbose_name_plural = gettext_lazy("representatives")


class ErasedPersonReadOnly(admin.TabularInline):
    """An erased person's record is kept only so that counts stay right: it is shown,
    never changed (the rules say so of the person; their seats follow)."""

    def _changeable(self, request, person) -> bool:
        return person is None or request.user.has_perm("people.change_person", person)

    def has_add_permission(self, request, obj=None):
        return self._changeable(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._changeable(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._changeable(request, obj) and super().has_delete_permission(request, obj)


class PersonRepresentationInline(ErasedPersonReadOnly, RepresentationInline):
    fields = ["network", "organisation", "role", "start_date", "end_date"]
    autocomplete_fields = ["network", "organisation"]
    verbose_name_plural = gettext_lazy("sits in")


class CoordinationInline(QuickInlineMixin, admin.TabularInline):
    model = Coordination
    extra = 0
    fields = ["person", "start_date", "end_date"]
    autocomplete_fields = ["person"]
    verbose_name_plural = gettext_lazy("coordinators")


class PersonCoordinationInline(ErasedPersonReadOnly, CoordinationInline):
    fields = ["network", "start_date", "end_date"]
    autocomplete_fields = ["network"]
    verbose_name_plural = gettext_lazy("coordinates")


class ReviewFilter(admin.SimpleListFilter):
    title = gettext_lazy("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("due", gettext_lazy("No seat for 24 months"))]

    def queryset(self, request, queryset):
        if self.value() == "due":
            return queryset.filter(pk__in=people_for_review().values("pk"))
        return queryset


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = [
        "family_name",
        "given_name",
        "title",
        "employer",
        "email",
        "preferred_language",
        "legal_basis",
        "has_account",
    ]
    list_display_links = ["family_name", "given_name"]
    list_filter = [ReviewFilter, "legal_basis", "preferred_language", "employer__kind"]
    search_fields = ["given_name", "family_name", "email", "title", "employer__name"]
    autocomplete_fields = ["employer"]
    list_select_related = ["employer"]
    show_full_result_count = False
    readonly_fields = ["created_at", "updated_at", "user", "erased_at"]
    fieldsets = [
        (None, {"fields": ["given_name", "family_name", "title", "employer"]}),
        (gettext_lazy("Contact"), {"fields": ["email", "phone", "preferred_language", "user"]}),
        (
            gettext_lazy("Personal data"),
            {"fields": ["legal_basis", "last_confirmed", "created_at", "updated_at", "erased_at"]},
        ),
    ]
    inlines = [PersonRepresentationInline, PersonCoordinationInline]
    actions = ["invite"]

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        seats_followed(request, formset)

    def has_change_permission(self, request, obj=None):
        # Asked of the person: an erased one is shown, never changed.
        return request.user.has_perm("people.change_person", obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("people.delete_person", obj)

    def has_invite_permission(self, request) -> bool:
        return request.user.has_perm("people.invite_person")

    def save_model(self, request, obj, form, change):
        if change and "employer" in form.changed_data:
            # A new employer ends the seats for the old one, as the service decides.
            employer = obj.employer
            obj.employer = Person.objects.get(pk=obj.pk).employer
            obj._history_user = request.user
            ended = person_change_employer(
                person=obj,
                employer=employer,
                by=request.user,
                base_url=link_base_url(request),
            )
            if ended:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d seat for the former employer ended.",
                        "%(count)d seats for the former employer ended.",
                        ended,
                    )
                    % {"count": ended},
                    messages.WARNING,
                )
            return
        super().save_model(request, obj, form, change)

    @admin.display(description=gettext_lazy("account"), boolean=True)
    def has_account(self, person):
        return person.user_id is not None

    @admin.action(description=gettext_lazy("Invite to an account"), permissions=["invite"])
    def invite(self, request, queryset):
        invited = 0
        for person in queryset:
            try:
                person_invite(
                    person=person, invited_by=request.user, base_url=link_base_url(request)
                )
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                invited += 1
        if invited:
            self.message_user(
                request,
                ngettext(
                    "%(count)d invitation is on its way.",
                    "%(count)d invitations are on their way.",
                    invited,
                )
                % {"count": invited},
                messages.SUCCESS,
            )

    def get_urls(self):
        return [
            path(
                "<int:pk>/registerutdrag/",
                self.admin_site.admin_view(self.extract_view),
                name="people_person_extract",
            ),
            path(
                "<int:pk>/radera/",
                self.admin_site.admin_view(self.erase_view),
                name="people_person_erase",
            ),
            *super().get_urls(),
        ]

    def extract_view(self, request, pk):
        """The register extract (registerutdrag), as a page or, with ?format=json, a file."""
        if not request.user.has_perm("people.extract_person"):
            raise PermissionDenied
        person = get_object_or_404(Person, pk=pk)
        extract = person_extract(person=person, by=request.user)
        if request.GET.get("format") == "json":
            response = HttpResponse(
                json.dumps(extract, ensure_ascii=False, indent=2, default=str),
                content_type="application/json; charset=utf-8",
            )
            response["Content-Disposition"] = (
                f'attachment; filename="registerutdrag-{person.pk}-{timezone.localdate()}.json"'
            )
            return response
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": person,
            "title": _("Register extract"),
            "extract": extract,
        }
        return TemplateResponse(request, "admin/people/person/extract.html", context)

    def erase_view(self, request, pk):
        if not request.user.has_perm("people.erase_person"):
            raise PermissionDenied
        person = get_object_or_404(Person, pk=pk)
        if request.method == "POST":
            person_erase(person=person, by=request.user, base_url=link_base_url(request))
            self.message_user(
                request,
                _("The person's data was erased. Their seats and attendance still count."),
                messages.SUCCESS,
            )
            return redirect(reverse("admin:people_person_change", args=[person.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": person,
            "title": _("Erase personal data"),
            "seats": person.representations.count(),
        }
        return TemplateResponse(request, "admin/people/person/erase.html", context)


@admin.register(Representation)
class RepresentationAdmin(SimpleHistoryAdmin):
    list_display = ["person", "organisation", "network", "role", "start_date", "end_date"]

    def save_model(self, request, obj, form, change):
        before = Representation.objects.filter(pk=obj.pk).values("person", "network").first()
        super().save_model(request, obj, form, change)
        people, networks = {obj.person_id}, {obj.network_id}
        if before:
            people.add(before["person"])
            networks.add(before["network"])
        seats_changed(people=people, networks=networks, by=request.user)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        seats_changed(people=[obj.person_id], networks=[obj.network_id], by=request.user)

    def delete_queryset(self, request, queryset):
        seats = list(queryset.values_list("person", "network"))
        super().delete_queryset(request, queryset)
        seats_changed(
            people={seat[0] for seat in seats},
            networks={seat[1] for seat in seats},
            by=request.user,
        )

    list_filter = [CurrentFilter, "role", NetworkByNameFilter]
    search_fields = [
        "person__given_name",
        "person__family_name",
        "organisation__name",
        "network__name",
    ]
    autocomplete_fields = ["person", "network", "organisation"]
    list_select_related = ["person", "organisation", "network"]
    show_full_result_count = False
    # Newest first, read along the key: sorting 400,000 seats by network took seconds.
    ordering = ["-pk"]


@admin.register(Coordination)
class CoordinationAdmin(SimpleHistoryAdmin):
    list_display = ["person", "network", "start_date", "end_date"]
    list_filter = [CurrentFilter, NetworkByNameFilter]
    search_fields = ["person__given_name", "person__family_name", "network__name"]
    autocomplete_fields = ["person", "network"]
    list_select_related = ["person", "network"]


@admin.register(ContactPerson)
class ContactPersonAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "person"]
    search_fields = ["organisation__name", "person__given_name", "person__family_name"]
    autocomplete_fields = ["organisation", "person"]
    list_select_related = ["organisation", "person"]


@admin.register(AppointmentRequest)
class AppointmentRequestAdmin(SimpleHistoryAdmin):
    """Seats coordinators asked for people of other organisations: confirmed (the seat is
    made) or refused here."""

    list_display = [
        "person", "employer", "organisation", "network", "start_date", "requested_by",
        "requested_at", "outcome",
    ]  # fmt: skip
    list_filter = ["outcome", "network"]
    search_fields = ["person__given_name", "person__family_name", "organisation__name"]
    list_select_related = ["person__employer", "organisation", "network", "requested_by"]
    readonly_fields = [
        "network", "organisation", "person", "role", "start_date", "requested_by",
        "requested_at", "outcome", "decided_at",
    ]  # fmt: skip
    actions = ["confirm", "refuse"]

    @admin.display(description=gettext_lazy("works for"))
    def employer(self, request_row):
        return request_row.person.employer

    def _decide(self, request, queryset, *, confirm: bool) -> None:
        decided = 0
        for row in queryset:
            try:
                decided += appointment_request_decide(request=row, confirm=confirm, by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{row}: {' '.join(error.messages)}", messages.ERROR)
        self.message_user(
            request,
            ngettext("%(count)d request decided.", "%(count)d requests decided.", decided)
            % {"count": decided},
            messages.SUCCESS,
        )

    @admin.action(description=gettext_lazy("Confirm: make the seats"), permissions=["change"])
    def confirm(self, request, queryset):
        self._decide(request, queryset, confirm=True)

    @admin.action(description=gettext_lazy("Refuse"), permissions=["change"])
    def refuse(self, request, queryset):
        self._decide(request, queryset, confirm=False)


def change_log_page(request, *, network=None, extra: dict | None = None):
    """The register's change log, or one network's: who, when, what, before → after, and
    why; filtered by kind of record and by who, newest first, a page at a time."""
    form = ChangeLogFilterForm(request.GET or None, network=network)
    filters = form.filters() if request.GET else {}
    page = change_log(network_id=network.pk if network else None, **filters)
    for entry in page.entries:
        # Each entry links to its record's form, while the record exists and has one
        # (a former name or an affiliation is edited within its organisation's).
        meta = entry.kind.model._meta
        if entry.record.history_type != "-":
            with contextlib.suppress(NoReverseMatch):
                entry.url = reverse(
                    f"admin:{meta.app_label}_{meta.model_name}_change", args=[entry.record.id]
                )
    query = request.GET.copy()
    query.pop("fore", None)
    newest = "?" + query.urlencode() if request.GET.get("fore") else None
    older = None
    if page.older_than is not None:
        query["fore"] = page.older_than.isoformat()
        older = "?" + query.urlencode()
    context = {
        **admin.site.each_context(request),
        "title": gettext_lazy("Changes in the register"),
        "form": form,
        "page": page,
        "older": older,
        "newest": newest,
        **(extra or {}),
    }
    return TemplateResponse(request, "admin/people/change_log.html", context)


def change_log_view(request):
    return change_log_page(request)


class NetworkWithPeopleAdmin(NetworkAdmin):
    """The network form with its coordinators and representatives too; people build on
    the register, so this app extends the register's admin rather than the other way."""

    inlines = [*NetworkAdmin.inlines, CoordinationInline, RepresentationInline]

    def history_view(self, request, object_id, extra_context=None):
        """The network's history with its memberships', relations', representatives'
        and coordinators' changes, not only its own row's."""
        network = get_object_or_404(Network, pk=object_id)
        if not self.has_view_or_change_permission(request, network):
            raise PermissionDenied
        return change_log_page(
            request,
            network=network,
            extra={
                "title": gettext_lazy("History: %(network)s") % {"network": network.name},
                "opts": self.model._meta,
                "original": network,
            },
        )

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        seats_followed(request, formset)


admin.site.unregister(Network)
admin.site.register(Network, NetworkWithPeopleAdmin)


def people_work(request) -> list[WorkItem]:
    return [
        WorkItem(text=str(gettext_lazy("Changes in the register")), url=reverse("admin:change_log"))
    ]


if isinstance(admin.site, BackOfficeSite):
    admin.site.add_page("andringar/", change_log_view, name="change_log")
    admin.site.add_worklist(people_work)
