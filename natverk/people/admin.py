from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from natverk.people.models import Person, Representation
from natverk.registry.admin import CurrentFilter, NetworkAdmin
from natverk.registry.forms import RepresentationFormSet
from natverk.registry.models import Network


class RepresentationInline(admin.TabularInline):
    model = Representation
    formset = RepresentationFormSet
    extra = 0
    fields = ["person", "organisation", "role", "start_date", "end_date"]
    autocomplete_fields = ["person", "organisation"]
    verbose_name_plural = _("representatives")


class PersonRepresentationInline(RepresentationInline):
    fields = ["network", "organisation", "role", "start_date", "end_date"]
    autocomplete_fields = ["network", "organisation"]
    verbose_name_plural = _("sits in")


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
    ]
    list_display_links = ["family_name", "given_name"]
    list_filter = ["legal_basis", "preferred_language", "employer__kind"]
    search_fields = ["given_name", "family_name", "email", "title", "employer__name"]
    autocomplete_fields = ["employer"]
    list_select_related = ["employer"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["given_name", "family_name", "title", "employer"]}),
        (_("Contact"), {"fields": ["email", "phone", "preferred_language"]}),
        (
            _("Personal data"),
            {"fields": ["legal_basis", "last_confirmed", "created_at", "updated_at"]},
        ),
    ]
    inlines = [PersonRepresentationInline]


@admin.register(Representation)
class RepresentationAdmin(SimpleHistoryAdmin):
    list_display = ["person", "organisation", "network", "role", "start_date", "end_date"]
    list_filter = [CurrentFilter, "role", "network"]
    search_fields = [
        "person__given_name",
        "person__family_name",
        "organisation__name",
        "network__name",
    ]
    autocomplete_fields = ["person", "network", "organisation"]
    list_select_related = ["person", "organisation", "network"]


class NetworkWithRepresentativesAdmin(NetworkAdmin):
    """The network form with its representatives too; people build on the register, so
    this app extends the register's admin rather than the other way round."""

    inlines = [*NetworkAdmin.inlines, RepresentationInline]


admin.site.unregister(Network)
admin.site.register(Network, NetworkWithRepresentativesAdmin)
