"""The back office: Django's admin, open to the secretariat only, and what keeps its
pages quick at national scale (thousands of organisations, tens of thousands of rows)."""

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django.contrib import admin
from django.contrib.admin.utils import lookup_spawns_duplicates
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import Q
from django.forms.models import _get_foreign_key
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


class DescribedAutocompleteJsonView(AutocompleteJsonView):
    """The autocomplete's answers, each described by the model's admin when it knows
    how (`autocomplete_description(obj, context)`), so that two similar names can be
    told apart before one is chosen."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)  # type: ignore[misc]
        describe = getattr(self.model_admin, "autocomplete_description", None)
        if describe is not None:
            if not hasattr(self, "_context"):
                self._context: dict = getattr(self.model_admin, "autocomplete_context", dict)()
            result["text"] = describe(obj, self._context)
        return result


@dataclass
class WorkItem:
    """One line of the start page's list of what needs doing."""

    text: str
    count: int | None = None
    url: str = ""
    entries: list[tuple[str, str]] = dataclass_field(default_factory=list)  # (label, address)


# Apps of the register first, in this order; records and technical ones after them.
APP_ORDER = ["registry", "people", "meetings", "workspace", "importing", "core"]
# Apps from elsewhere, named in Swedish in the back office.
APP_NAMES = {
    "auth": _("Accounts and groups"),
    "axes": _("Login attempts"),
    "django_tasks_database": _("Background tasks"),
}


class BackOfficeSite(admin.AdminSite):
    site_header = _("Nätverk – administration")
    site_title = _("Nätverk")
    index_title = _("What needs doing")
    index_template = "admin/backoffice_index.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each app adds what it knows needs doing: the register below cannot ask the
        # apps above it (imports, meetings), so they tell it.
        self.worklists: list[Callable[[HttpRequest], list[WorkItem]]] = []
        # Pages of the apps' own beyond their models' (the data-quality report, the
        # change log), behind the same login and rules as the rest.
        self.extra_urls: list = []

    def add_worklist(self, worklist: Callable[[HttpRequest], list[WorkItem]]) -> None:
        self.worklists.append(worklist)

    def add_urls(self, urls: list) -> None:
        """URL patterns of such pages, each view already wrapped in `admin_view`."""
        self.extra_urls.extend(urls)

    def add_page(self, route: str, view: Callable, name: str) -> None:
        """One such page."""
        from django.urls import path

        self.add_urls([path(route, self.admin_view(view), name=name)])

    def get_urls(self):
        return [*self.extra_urls, *super().get_urls()]

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        for app in apps:
            if app["app_label"] in APP_NAMES:
                app["name"] = str(APP_NAMES[app["app_label"]])
        known = {label: index for index, label in enumerate(APP_ORDER)}
        return sorted(apps, key=lambda app: (known.get(app["app_label"], len(known)), app["name"]))

    def index(self, request, extra_context=None):
        work = [item for worklist in self.worklists for item in worklist(request)]
        return super().index(request, {**(extra_context or {}), "work": work})

    def has_permission(self, request) -> bool:
        """A staff account is not enough: the rules must say it is the secretariat's
        (a coordinator made staff by mistake still sees no back office)."""
        return super().has_permission(request) and request.user.has_perm("core.use_back_office")

    def autocomplete_view(self, request):
        return DescribedAutocompleteJsonView.as_view(admin_site=self)(request)


def is_autocomplete(request) -> bool:
    """Whether the request is the autocomplete's search, not a list's."""
    match = getattr(request, "resolver_match", None)
    return match is not None and match.url_name == "autocomplete"


class LabelledAutocompleteSelect(AutocompleteSelect):
    """An autocomplete whose chosen row is labelled from `labels` when given (filled by
    `LabelledRowsFormSet` for all rows at once) instead of one query per row."""

    labels: dict[str, str] | None = None

    def optgroups(self, name, value, attr=None):
        if self.labels is None:
            return super().optgroups(name, value, attr)
        options: list = []
        chosen = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if not self.is_required and not self.allow_multiple_selected:
            options.append(self.create_option(name, "", "", False, 0))
        for key in sorted(chosen & self.labels.keys()):
            options.append(self.create_option(name, key, self.labels[key], True, len(options)))
        return [(None, options, 0)]


class LabelledRowsFormSet:
    """Labels the chosen rows of every autocomplete field of an inline with one query
    per field for the whole formset."""

    labelled_fields: tuple[str, ...] = ()

    @cached_property
    def forms(self):
        forms = super().forms  # type: ignore[misc]
        for name in self.labelled_fields:
            widgets = [
                form.fields[name].widget for form in forms if name in form.fields
            ]  # the admin wraps each widget to add its "+" and pencil links
            inner = [getattr(widget, "widget", widget) for widget in widgets]
            inner = [widget for widget in inner if isinstance(widget, LabelledAutocompleteSelect)]
            if not inner:
                continue
            chosen = {
                str(value)
                for form in forms
                if name in form.fields and (value := form[name].value()) not in (None, "")
            }
            field = forms[0].fields[name]
            labels = {
                str(row.pk): field.label_from_instance(row)
                for row in (field.queryset.filter(pk__in=chosen) if chosen else [])
            }
            for widget in inner:
                widget.labels = labels
        return forms


class QuickInlineMixin:
    """An inline of a national-size register: its rows' related objects come with them
    and its autocompletes are labelled in one query each, so that the number of queries
    does not grow with the rows."""

    def get_queryset(self, request):
        related = [
            field.name
            for field in self.model._meta.concrete_fields  # type: ignore[attr-defined]
            if field.is_relation
        ]
        return super().get_queryset(request).select_related(*related)  # type: ignore[misc]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):  # type: ignore[attr-defined]
            kwargs["widget"] = LabelledAutocompleteSelect(
                db_field,
                self.admin_site,  # type: ignore[attr-defined]
                using=kwargs.get("using"),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)  # type: ignore[misc]
        return type(
            formset.__name__,
            (LabelledRowsFormSet, formset),
            {"labelled_fields": tuple(self.get_autocomplete_fields(request))},  # type: ignore[attr-defined]
        )


class LargeInlinesAsLinksMixin:
    """A change form whose inline (marked `may_be_large`) would hold more than
    `inline_limit` rows (an organisation in 300 networks) shows a link to the list
    filtered on the object instead: the form stays small and quick, and the list pages,
    sorts and searches. An inline may set its own `inline_limit`."""

    inline_limit = 50

    def _large_inlines(self, request, obj) -> list[tuple[type, str, int]]:
        """(inline class, foreign key name, rows) of each inline too large for the form."""
        if obj is None or obj.pk is None:
            return []
        # Kept on the object, which lives for one request: counted once per page.
        if not hasattr(obj, "_natverk_large_inlines"):
            large = []
            for inline in super().get_inlines(request, obj):  # type: ignore[misc]
                if not getattr(inline, "may_be_large", False):
                    continue
                fk = _get_foreign_key(type(obj), inline.model, fk_name=inline.fk_name)
                if fk is None:  # never: an inline always has its key
                    continue
                rows = inline.model._default_manager.filter(**{fk.name: obj}).count()
                if rows > getattr(inline, "inline_limit", self.inline_limit):
                    large.append((inline, fk.name, rows))
            obj._natverk_large_inlines = large
        return obj._natverk_large_inlines

    def get_inlines(self, request, obj):
        inlines = super().get_inlines(request, obj)  # type: ignore[misc]
        moved = {inline for inline, _name, _rows in self._large_inlines(request, obj)}
        return [inline for inline in inlines if inline not in moved]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))  # type: ignore[misc]
        return [*fields, "rows_elsewhere"] if self._large_inlines(request, obj) else fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))  # type: ignore[misc]
        if self._large_inlines(request, obj):
            fieldsets.append((_("Too many rows for this form"), {"fields": ["rows_elsewhere"]}))
        return fieldsets

    @admin.display(description=_("in their own lists"))
    def rows_elsewhere(self, obj):
        links = []
        for inline, fk_name, rows in getattr(obj, "_natverk_large_inlines", []):
            opts = inline.model._meta
            changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
            links.append(
                (
                    f"{changelist}?{fk_name}__id__exact={obj.pk}",
                    f"{capfirst(inline.verbose_name_plural or opts.verbose_name_plural)} ({rows})",
                    f"{add}?{fk_name}={obj.pk}",
                    _("add one"),
                )
            )
        return format_html_join(
            mark_safe("<br>"), '<a href="{}">{}</a> (<a href="{}">{}</a>)', links
        )


def search_without_joins(model_admin, queryset, search_term: str, fields: list[str]):
    """The admin's search, with the fields across one-to-many relations matched in a
    subquery of keys instead of joined into the page's query (which, with DISTINCT
    over the joined rows, took seconds at national scale). Every word must match one
    field, as in Django's own search."""
    model = queryset.model
    direct = [field for field in fields if not lookup_spawns_duplicates(model._meta, field)]
    across = [field for field in fields if lookup_spawns_duplicates(model._meta, field)]
    for word in search_term.split():
        matches = Q()
        for field in direct:
            matches |= Q(**{f"{field}__icontains": word})
        for field in across:
            matches |= Q(pk__in=_keys_matching(model, field, word))
        queryset = queryset.filter(matches)
    return queryset, False


def _keys_matching(model, path: str, word: str):
    """The keys of `model` whose `path` (across relations) contains `word`, matched from
    the far end inwards: the few organisations named so, then their memberships by
    their indexed key, then those memberships' networks; never a scan of every
    membership joined to its organisation."""
    *hops, last = path.split("__")
    fields, models = [], [model]
    for hop in hops:
        field = models[-1]._meta.get_field(hop)
        fields.append(field)
        models.append(field.related_model)
    inner = models[-1]._default_manager.filter(**{f"{last}__icontains": word})
    for field, outer in reversed(list(zip(fields, models[:-1], strict=True))):
        if field.many_to_one or (field.one_to_one and field.concrete):
            inner = outer._default_manager.filter(**{f"{field.attname}__in": inner.values("pk")})
        elif field.one_to_many:
            inner = outer._default_manager.filter(pk__in=inner.values(field.field.attname))
        else:
            inner = outer._default_manager.filter(**{f"{field.name}__in": inner})
    return inner.values("pk")
