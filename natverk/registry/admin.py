"""The back office for the secretariat: the register in the Django admin."""

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from natverk.core.admin_site import (
    BackOfficeSite,
    LargeInlinesAsLinksMixin,
    QuickInlineMixin,
    WorkItem,
    is_autocomplete,
    search_without_joins,
)
from natverk.registry.admin_quality import merge_selected, quality_urls, quality_work
from natverk.registry.enums import CONVENING_ROLES, HomeRole, OrganisationKind
from natverk.registry.forms import (
    AddMembersForm,
    EndMembershipsForm,
    MembershipFormSet,
    NetworkAdminForm,
    OrganisationAdminForm,
    PageSettingsAdminForm,
    RenameForm,
)
from natverk.registry.models import (
    Affiliation,
    FocusTag,
    FormerNetworkAddress,
    Membership,
    Network,
    Organisation,
    OrganisationName,
    PageSettings,
    Relation,
    membership_order,
)
from natverk.registry.selectors import (
    county_names,
    former_names_of,
    members_of_grouping,
    memberships_in_page_order,
    municipalities_of_county,
    networks_review_due,
    organisations_ranked,
    public_page_last_updated,
    review_interval_months,
    with_current_member_count,
    with_current_network_count,
    with_home_role,
)
from natverk.registry.services.memberships import (
    membership_move,
    memberships_add_many,
    memberships_end,
)
from natverk.registry.services.names import network_readdress, organisation_rename
from natverk.registry.services.reviews import network_mark_reviewed


class CurrentFilter(admin.SimpleListFilter):
    title = _("current")
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", _("Current")), ("no", _("Ended or not yet begun"))]

    def queryset(self, request, queryset):
        current = queryset.model.objects.current()
        if self.value() == "yes":
            return queryset.filter(pk__in=current.values("pk"))
        if self.value() == "no":
            return queryset.exclude(pk__in=current.values("pk"))
        return queryset


class NetworkByNameFilter(admin.SimpleListFilter):
    """Rows of networks whose name has the words typed: a list of every network to
    click would be 10,000 links at European scale."""

    title = _("network")
    parameter_name = "natverk"
    template = "admin/filter_by_name.html"
    #: the path from the listed model to its network(s)
    network_path = "network"

    def lookups(self, request, model_admin):
        return []

    def has_output(self) -> bool:
        return True

    def choices(self, changelist):
        kept = [
            (name, value)
            for name, value in changelist.get_filters_params().items()
            if name != self.parameter_name
            for value in (value if isinstance(value, list) else [value])
        ]
        yield {
            "parameter": self.parameter_name,
            "value": self.value() or "",
            "kept": kept,
            "clear": changelist.get_query_string(remove=[self.parameter_name]),
        }

    def queryset(self, request, queryset):
        words = (self.value() or "").split()
        if not words:
            return queryset
        networks = Network.objects.all()
        for word in words:
            networks = networks.filter(Q(name__icontains=word) | Q(short_name__icontains=word))
        # A key subquery: a meeting of several networks is listed once.
        return queryset.filter(
            pk__in=queryset.model._default_manager.filter(
                **{f"{self.network_path}__in": networks}
            ).values("pk")
        )


class MeetingsByNetworkNameFilter(NetworkByNameFilter):
    network_path = "networks"


class OrganisationNameInline(QuickInlineMixin, admin.TabularInline):
    model = OrganisationName
    extra = 0
    fields = ["name", "kind", "replaced_on"]


class AffiliationInline(QuickInlineMixin, admin.TabularInline):
    model = Affiliation
    fk_name = "member"
    extra = 0
    autocomplete_fields = ["group"]
    verbose_name = _("belongs to")
    verbose_name_plural = _("belongs to")


class ContainedInline(QuickInlineMixin, admin.TabularInline):
    model = Affiliation
    fk_name = "group"
    extra = 0
    autocomplete_fields = ["member"]
    verbose_name = _("contains")
    verbose_name_plural = _("contains")


class OrganisationMembershipInline(QuickInlineMixin, admin.TabularInline):
    model = Membership
    formset = MembershipFormSet
    fk_name = "organisation"
    extra = 0
    fields = ["network", "role", "start_date", "end_date"]
    autocomplete_fields = ["network"]
    may_be_large = True  # the home organisation is in hundreds
    verbose_name_plural = _("networks")


@admin.register(Organisation)
class OrganisationAdmin(LargeInlinesAsLinksMixin, SimpleHistoryAdmin):
    form = OrganisationAdminForm
    actions = ["rename", merge_selected]
    list_display = [
        "name",
        "short_name",
        "kind",
        "municipality_code",
        "sub_region",
        "network_count",
        "needs_review",
    ]
    list_filter = ["kind", "county_code", "sub_region", "needs_review"]
    ordering = ["name"]
    # The page says "n results" from its own count, never counts the whole table twice.
    show_full_result_count = False
    search_fields = [
        "name",
        "short_name",
        "slug",
        "other_names__name",
        "org_number",
        "municipality_code",
    ]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    readonly_fields = ["created_at", "updated_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "kind", "parent", "needs_review"]}),
        (
            _("Identity"),
            {"fields": ["org_number", "municipality_code", "county_code", "sub_region", "website"]},
        ),
        (_("Active period"), {"fields": ["start_date", "end_date"]}),
        (_("Internal"), {"fields": ["notes", "created_at", "updated_at"]}),
    ]
    inlines = [
        OrganisationNameInline,
        AffiliationInline,
        ContainedInline,
        OrganisationMembershipInline,
    ]

    def get_queryset(self, request):
        return with_current_network_count(super().get_queryset(request))

    def save_model(self, request, obj, form, change):
        if not (change and "name" in form.changed_data):
            super().save_model(request, obj, form, change)
            return
        # A new name is a rename: the old one is kept as a former name, from today.
        name, obj.name = obj.name, form.initial["name"]
        super().save_model(request, obj, form, change)
        organisation_rename(organisation=obj, name=name)  # the form checked the name

    def get_urls(self):
        return [
            path(
                "<int:pk>/byt-namn/",
                self.admin_site.admin_view(self.rename_view),
                name="registry_organisation_rename",
            ),
            *super().get_urls(),
        ]

    @admin.action(
        description=_("Rename (the old name is kept as a former name)"), permissions=["change"]
    )
    def rename(self, request, queryset):
        chosen = list(queryset.values_list("pk", flat=True)[:2])
        if len(chosen) != 1:
            self.message_user(request, _("Choose one organisation to rename."), messages.WARNING)
            return None
        return redirect(reverse("admin:registry_organisation_rename", args=chosen))

    def rename_view(self, request, pk):
        organisation = get_object_or_404(Organisation, pk=pk)
        if not self.has_change_permission(request, organisation):
            raise PermissionDenied
        form = RenameForm(
            request.POST or None, initial={"name": organisation.name, "on": timezone.localdate()}
        )
        if request.method == "POST" and form.is_valid():
            old = organisation.name
            try:
                renamed = organisation_rename(
                    organisation=organisation,
                    name=form.cleaned_data["name"],
                    on=form.cleaned_data["on"],
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error("name", message)
            else:
                if renamed:
                    self.message_user(
                        request,
                        _("%(old)s is now called %(new)s; the old name is kept as a former name.")
                        % {"old": old, "new": organisation.name},
                        messages.SUCCESS,
                    )
                return redirect(reverse("admin:registry_organisation_change", args=[pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": organisation,
            "title": _("Rename %(name)s") % {"name": organisation.name},
            "form": form,
        }
        return TemplateResponse(request, "admin/registry/organisation/rename.html", context)

    def get_search_results(self, request, queryset, search_term):
        if is_autocomplete(request):
            queryset = queryset.prefetch_related("other_names")  # described beside each
        if is_autocomplete(request) and search_term.strip():
            # Choosing one: the exact name first, never a grouping that merely contains it.
            ranked = organisations_ranked(search_term, queryset)
            found = queryset.filter(pk__in=ranked)
            if ranked:
                found = found.order_by(
                    Case(*[When(pk=pk, then=Value(i)) for i, pk in enumerate(ranked)])
                )
            return found, False
        return search_without_joins(self, queryset, search_term, self.search_fields)

    def autocomplete_context(self) -> dict:
        return {"counties": county_names()}

    def autocomplete_description(self, organisation, context) -> str:
        """ "Lunds kommun · kommun · Skåne län · tidigare …"; a grouping says so first."""
        name = organisation.name
        if organisation.short_name and organisation.short_name != organisation.name:
            name += f" ({organisation.short_name})"
        if organisation.kind == OrganisationKind.GROUPING:
            # Chosen, a grouping is one member standing for all of its organisations.
            parts = [str(_("Grouping: %(name)s") % {"name": name})]
        else:
            parts = [name, str(OrganisationKind(organisation.kind).label)]
        if organisation.municipality_code and organisation.kind != OrganisationKind.MUNICIPALITY:
            parts.append(str(_("municipality %(code)s") % {"code": organisation.municipality_code}))
        county = context["counties"].get(organisation.county_code)
        if county:
            parts.append(county)
        former = former_names_of(organisation)
        if former:
            parts.append(str(_("formerly %(names)s") % {"names": ", ".join(former)}))
        return " · ".join(parts)

    @admin.display(description=_("networks"), ordering="current_network_count")
    def network_count(self, organisation):
        return organisation.current_network_count


class MembershipInline(QuickInlineMixin, admin.TabularInline):
    model = Membership
    formset = MembershipFormSet
    extra = 0
    fields = ["organisation", "role", "described_as", "position", "start_date", "end_date"]
    autocomplete_fields = ["organisation"]
    ordering = membership_order()
    may_be_large = True


class RelationInline(QuickInlineMixin, admin.TabularInline):
    model = Relation
    fk_name = "source"
    extra = 0
    fields = ["kind", "target_network", "target_organisation", "note"]
    autocomplete_fields = ["target_network", "target_organisation"]


class FormerNetworkAddressInline(admin.TabularInline):
    """The addresses the network had: each redirects to the current one. Removing one
    ends its redirect and frees it for another network."""

    model = FormerNetworkAddress
    extra = 0
    fields = ["slug", "replaced_at"]
    readonly_fields = ["slug", "replaced_at"]

    def has_add_permission(self, request, obj=None):
        return False


class ReviewDueFilter(admin.SimpleListFilter):
    title = _("review")
    parameter_name = "granskning"

    def lookups(self, request, model_admin):
        months = review_interval_months()
        return [
            (
                "due",
                ngettext(
                    "Not reviewed in %(months)d month",
                    "Not reviewed in %(months)d months",
                    months,
                )
                % {"months": months},
            )
        ]

    def queryset(self, request, queryset):
        if self.value() == "due":
            return queryset.filter(pk__in=networks_review_due().values("pk"))
        return queryset


class HomeRoleFilter(admin.SimpleListFilter):
    title = _("our role")
    parameter_name = "home_role"

    def lookups(self, request, model_admin):
        return HomeRole.choices

    def queryset(self, request, queryset):
        if self.value() in HomeRole.values:
            return queryset.filter(home_role=self.value())
        return queryset


@admin.register(Network)
class NetworkAdmin(LargeInlinesAsLinksMixin, SimpleHistoryAdmin):
    form = NetworkAdminForm
    list_display = [
        "name",
        "short_name",
        "home_role_display",
        "convener_names",
        "member_count",
        "function",
        "status",
        "is_public",
        "last_reviewed",
    ]
    list_filter = [
        HomeRoleFilter,
        "status",
        "function",
        "ambition_level",
        "formality",
        "focus_tags",
        "is_public",
        "needs_review",
        ReviewDueFilter,
    ]
    show_full_result_count = False
    search_fields = [
        "name",
        "name_en",
        "short_name",
        "short_name_expansion",
        "memberships__organisation__name",
        "memberships__organisation__other_names__name",
    ]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["focus_tags"]
    readonly_fields = ["home_role_display", "created_at", "updated_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "short_name",
                    "short_name_expansion",
                    "home_role_display",
                    "status",
                    "is_public",
                    "needs_review",
                ]
            },
        ),
        (_("Description"), {"fields": ["introduction", "purpose", "audience"]}),
        (
            _("Character"),
            {"fields": ["focus_tags", "function", "ambition_level", "formality"]},
        ),
        (
            _("Meetings"),
            {
                "fields": [
                    "meetings_per_year",
                    "residential_meetings_per_year",
                    "residential_places",
                ]
            },
        ),
        (
            _("Contact and how to take part"),
            {"fields": ["contact_email", "contact_name", "contact_url", "how_to_take_part"]},
        ),
        (
            _("Responsibility"),
            {"fields": ["page_owner", "last_reviewed", "founded_on", "closed_on"]},
        ),
        (
            _("In English"),
            {
                "classes": ["collapse"],
                "fields": [
                    "name_en",
                    "introduction_en",
                    "purpose_en",
                    "audience_en",
                    "how_to_take_part_en",
                ],
            },
        ),
        (_("Created and updated"), {"fields": ["created_at", "updated_at"]}),
    ]
    inlines = [MembershipInline, RelationInline, FormerNetworkAddressInline]
    actions = ["mark_reviewed"]

    @admin.action(description=_("Mark as reviewed today"), permissions=["change"])
    def mark_reviewed(self, request, queryset):
        marked = sum(
            network_mark_reviewed(network=network, by=request.user) for network in queryset
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d network marked as reviewed today.",
                "%(count)d networks marked as reviewed today.",
                marked,
            )
            % {"count": marked},
            messages.SUCCESS,
        )

    def review_view(self, request, pk):
        """The change form's "Markera som granskad" button (a POST of its own)."""
        network = get_object_or_404(Network, pk=pk)
        if request.method != "POST" or not self.has_change_permission(request, network):
            raise PermissionDenied
        network_mark_reviewed(network=network, by=request.user)
        self.message_user(
            request,
            _("%(network)s is marked as reviewed today.") % {"network": network.name},
            messages.SUCCESS,
        )
        return redirect(reverse("admin:registry_network_change", args=[pk]))

    def get_queryset(self, request):
        return with_current_member_count(with_home_role(super().get_queryset(request)))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "focus_tags":
            # The widget says "Available …" and "Chosen …": in the plural, "Tillgängliga
            # inriktningar", not the field's singular name.
            kwargs["widget"] = FilteredSelectMultiple(_("focus areas"), False)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_urls(self):
        return [
            path(
                "<int:pk>/lagg-till-medlemmar/",
                self.admin_site.admin_view(self.add_members_view),
                name="registry_network_add_members",
            ),
            path(
                "<int:pk>/granskad/",
                self.admin_site.admin_view(self.review_view),
                name="registry_network_review",
            ),
            path(
                "<int:pk>/ordning/",
                self.admin_site.admin_view(self.member_order_view),
                name="registry_network_member_order",
            ),
            *super().get_urls(),
        ]

    def add_members_view(self, request, pk):
        network = get_object_or_404(Network, pk=pk)
        if not self.has_change_permission(request, network):
            raise PermissionDenied
        form = AddMembersForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            grouping = form.cleaned_data["grouping"]
            organisations = (
                members_of_grouping(grouping)
                if grouping
                else list(municipalities_of_county(form.cleaned_data["county"]))
            )
            try:
                added = memberships_add_many(
                    network=network,
                    organisations=organisations,
                    role=form.cleaned_data["role"],
                    start_date=form.cleaned_data["start_date"],
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d membership added to %(network)s.",
                        "%(count)d memberships added to %(network)s.",
                        len(added),
                    )
                    % {"count": len(added), "network": network.name},
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:registry_network_change", args=[pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": network,
            "title": _("Add many members to %(network)s") % {"network": network.name},
            "form": form,
        }
        return TemplateResponse(request, "admin/registry/network/add_members.html", context)

    def member_order_view(self, request, pk):
        """The current members in page order, each with "move up" and "move down"
        buttons (a form each: no positions typed, no script), and boxes to end several
        at once through the membership list's action."""
        network = get_object_or_404(Network, pk=pk)
        if not self.has_change_permission(request, network):
            raise PermissionDenied
        if request.method == "POST":
            membership = get_object_or_404(
                Membership, pk=request.POST.get("membership", ""), network=network
            )
            up = request.POST.get("direction") == "up"
            try:
                moved = membership_move(membership=membership, up=up)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                if not moved:
                    self.message_user(
                        request,
                        (
                            _("%(name)s is already first of its role.")
                            if up
                            else _("%(name)s is already last of its role.")
                        )
                        % {"name": membership.organisation.name},
                        messages.WARNING,
                    )
            return redirect(
                reverse("admin:registry_network_member_order", args=[pk])
                + f"#medlem-{membership.pk}"
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": network,
            "title": _("Order of the members of %(network)s") % {"network": network.name},
            "memberships": memberships_in_page_order(network),
            "today": timezone.localdate(),
            "memberships_url": reverse("admin:registry_membership_changelist"),
        }
        return TemplateResponse(request, "admin/registry/network/member_order.html", context)

    def get_inlines(self, request, obj):
        inlines = super().get_inlines(request, obj)
        # A network being added has had no other address.
        return (
            inlines
            if obj is not None
            else [i for i in inlines if i is not FormerNetworkAddressInline]
        )

    def save_model(self, request, obj, form, change):
        if not (change and "slug" in form.changed_data):
            super().save_model(request, obj, form, change)
            return
        # A new address keeps the old one, which redirects to it.
        slug, obj.slug = obj.slug, form.initial["slug"]
        super().save_model(request, obj, form, change)
        network_readdress(network=obj, slug=slug)

    def get_search_results(self, request, queryset, search_term):
        return search_without_joins(self, queryset, search_term, self.search_fields)

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        # On the page's own rows (the admin object is shared by every request).
        conveners = _convener_names_by_network(changelist.result_list)
        for network in changelist.result_list:
            network.conveners_listed = conveners.get(network.pk, [])
        return changelist

    @admin.display(description=_("our role"), ordering="home_role")
    def home_role_display(self, network):
        if network.pk is None:
            return "–"
        return HomeRole(network.home_role).label

    @admin.display(description=_("conveners"))
    def convener_names(self, network):
        return ", ".join(getattr(network, "conveners_listed", []))

    @admin.display(description=_("members"), ordering="current_member_count")
    def member_count(self, network):
        return network.current_member_count


def _convener_names_by_network(networks) -> dict[int, list[str]]:
    """One query for the conveners of all networks on the changelist page."""
    names: dict[int, list[str]] = {}
    rows = (
        Membership.objects.current()
        .filter(network__in=list(networks), role__in=CONVENING_ROLES)
        .order_by(*membership_order())
        .values_list("network_id", "organisation__name")
    )
    for network_id, name in rows:
        names.setdefault(network_id, []).append(name)
    return names


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "network", "role", "start_date", "end_date"]
    list_filter = [CurrentFilter, "role", "organisation__kind", NetworkByNameFilter]
    search_fields = [
        "organisation__name",
        "organisation__other_names__name",
        "network__name",
        "network__short_name",
    ]
    autocomplete_fields = ["network", "organisation"]
    list_select_related = ["organisation", "network"]
    show_full_result_count = False
    # Newest first, read along the key: sorting 200,000 rows by network name took seconds.
    ordering = ["-pk"]
    actions = ["end_on"]

    def get_search_results(self, request, queryset, search_term):
        return search_without_joins(self, queryset, search_term, self.search_fields)

    @admin.action(description=_("End selected memberships on a day…"), permissions=["change"])
    def end_on(self, request, queryset):
        """A page that asks for the last day (today unless changed), then ends them all
        in one transaction, or none, naming each membership that cannot end then."""
        confirmed = "confirm" in request.POST
        form = EndMembershipsForm(
            request.POST if confirmed else None, initial={"on": timezone.localdate()}
        )
        if confirmed and form.is_valid():
            try:
                ended = memberships_end(memberships=queryset, on=form.cleaned_data["on"])
            except ValidationError as error:
                for message in error.messages:
                    form.add_error("on", message)
            else:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d membership ended on %(day)s.",
                        "%(count)d memberships ended on %(day)s.",
                        ended,
                    )
                    % {"count": ended, "day": date_format(form.cleaned_data["on"])},
                    messages.SUCCESS,
                )
                return None
        chosen = list(
            queryset.select_related("organisation", "network").order_by(*membership_order())
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": ngettext("End %(count)d membership", "End %(count)d memberships", len(chosen))
            % {"count": len(chosen)},
            "form": form,
            "memberships": chosen,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/registry/membership/end.html", context)


@admin.register(Relation)
class RelationAdmin(SimpleHistoryAdmin):
    list_display = ["source", "kind", "target_network", "target_organisation"]
    list_filter = ["kind"]
    search_fields = ["source__name", "target_network__name", "target_organisation__name"]
    autocomplete_fields = ["source", "target_network", "target_organisation"]
    list_select_related = ["source", "target_network", "target_organisation"]


@admin.register(FocusTag)
class FocusTagAdmin(SimpleHistoryAdmin):
    list_display = ["name", "name_en", "slug"]
    search_fields = ["name", "name_en"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(PageSettings)
class PageSettingsAdmin(SimpleHistoryAdmin):
    form = PageSettingsAdminForm
    list_display = ["title", "page_owner", "last_updated"]
    readonly_fields = ["last_updated"]
    fields = [
        "title",
        "introduction",
        "page_owner",
        "last_updated",
        "review_interval_months",
        "title_en",
        "introduction_en",
    ]

    def has_add_permission(self, request):
        return not PageSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("last updated (from the history)"))
    def last_updated(self, page):
        updated = public_page_last_updated()
        if updated is None:
            return "–"
        return date_format(timezone.localtime(updated), "DATETIME_FORMAT")


def registry_work(request) -> list[WorkItem]:
    """The register's part of the start page: what awaits review."""
    work = []
    for model, text in (
        (Organisation, _("Organisations awaiting review")),
        (Network, _("Networks awaiting review")),
    ):
        waiting = model.objects.filter(needs_review=True)
        name = model._meta.model_name
        changelist = reverse(f"admin:registry_{name}_changelist")
        work.append(
            WorkItem(
                text=str(text),
                count=waiting.count(),
                url=f"{changelist}?needs_review__exact=1",
                entries=[
                    (
                        row.name,
                        reverse(f"admin:registry_{model._meta.model_name}_change", args=[row.pk]),
                    )
                    for row in waiting.order_by("-created_at")[:5]
                ],
            )
        )
    months = review_interval_months()
    due = networks_review_due(months=months)
    work.append(
        WorkItem(
            text=ngettext(
                "Networks not reviewed in %(months)d month",
                "Networks not reviewed in %(months)d months",
                months,
            )
            % {"months": months},
            count=due.count(),
            url=reverse("admin:registry_network_changelist") + "?granskning=due",
            entries=[
                (row.name, reverse("admin:registry_network_change", args=[row.pk]))
                for row in due.order_by(F("last_reviewed").asc(nulls_first=True), "name")[:5]
            ],
        )
    )
    return work


if isinstance(admin.site, BackOfficeSite):
    admin.site.add_worklist(registry_work)
    admin.site.add_worklist(quality_work)
    admin.site.add_urls(quality_urls(admin.site))
