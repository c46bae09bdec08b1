"""The filters of each list. A value a filter cannot take (an unknown function, a date
that is not one) is refused with a message; a key that names nothing finds nothing."""

import datetime

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField
from drf_spectacular.utils import extend_schema_field

from natverk.api import selectors
from natverk.api.enums import COUNTIES
from natverk.meetings.enums import MeetingKind, MeetingMode, MeetingStatus
from natverk.meetings.models import Meeting, MeetingNetwork
from natverk.registry.enums import (
    AmbitionLevel,
    MembershipRole,
    NetworkFunction,
    NetworkStatus,
    OrganisationKind,
    RelationKind,
)
from natverk.registry.models import Affiliation, Membership, Network, Organisation, Relation

YES_NO = [("true", "true"), ("false", "false")]


class PatternFilter(django_filters.CharFilter):
    """Text that must match `pattern`, which the schema says too (with the help text,
    which a schema given by hand would otherwise lose)."""

    field_class = forms.RegexField
    pattern = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("regex", self.pattern)
        super().__init__(*args, **kwargs)
        schema = {"type": "string", "pattern": self.pattern}
        extend_schema_field({**schema, "description": self.extra.get("help_text", "")})(self)


class MomentField(IsoDateTimeField):
    """An ISO 8601 moment, taken in UTC: an offset the database cannot hold (PostgreSQL's
    end at ±15:59) or a moment outside the calendar once moved to UTC is refused."""

    def clean(self, value):
        moment = super().clean(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(datetime.UTC)
        except (OverflowError, ValueError) as error:
            raise forms.ValidationError(_("This moment is outside the calendar.")) from error


class MomentFilter(django_filters.IsoDateTimeFilter):
    field_class = MomentField


class KeyFilter(PatternFilter):
    """A key (slug) of a network, organisation or focus area: letters a–z, digits, '-'
    and '_'. Anything else is refused, as no key can hold it."""

    pattern = "^[-a-zA-Z0-9_]+$"


class MunicipalityCodeFilter(PatternFilter):
    pattern = "^[0-9]{4}$"


class ChangedSinceFilterSet(django_filters.FilterSet):
    """`changed_since`: what changed at or after a moment, from the history of changes."""

    changed_since = MomentFilter(
        method="filter_changed_since",
        help_text=_(
            "Only what changed at or after this moment (ISO 8601, e.g. 2026-01-31T12:00:00+01:00;"
            " without an offset, Swedish time)."
        ),
    )
    changed = staticmethod(selectors.networks_changed_since)

    def filter_changed_since(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(self.changed(value))


class NetworkFilter(ChangedSinceFilterSet):
    focus = KeyFilter(
        field_name="focus_tags__slug",
        distinct=True,
        help_text=_("Key of a focus area (see /api/v1/focus/), e.g. 'eu'."),
    )
    function = django_filters.ChoiceFilter(
        choices=NetworkFunction.choices, help_text=_("What the network is for.")
    )
    ambition_level = django_filters.ChoiceFilter(
        choices=AmbitionLevel.choices, help_text=_("The network's ambition level.")
    )
    status = django_filters.ChoiceFilter(
        choices=NetworkStatus.choices, help_text=_("Active, dormant or closed.")
    )
    member = KeyFilter(
        method="filter_member",
        help_text=_(
            "Key of an organisation that is a member now (any role), itself or through a "
            "grouping it belongs to, e.g. 'lund'."
        ),
    )
    convener = KeyFilter(
        method="filter_convener",
        help_text=_("Key of an organisation that convenes the network now, alone or jointly."),
    )

    class Meta:
        model = Network
        fields: list[str] = []

    def filter_member(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return selectors.networks_filtered(queryset, member=value)

    def filter_convener(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return selectors.networks_filtered(queryset, convener=value)


class OrganisationFilter(ChangedSinceFilterSet):
    kind = django_filters.ChoiceFilter(
        choices=OrganisationKind.choices, help_text=_("What sort of body it is.")
    )
    municipality_code = MunicipalityCodeFilter(
        help_text=_("Four-digit municipality code, e.g. 1281.")
    )
    county = django_filters.ChoiceFilter(
        choices=sorted(COUNTIES.items()),
        method="filter_county",
        help_text=_("Two-digit county code; municipalities of that county, e.g. 12."),
    )
    group = KeyFilter(
        method="filter_group",
        help_text=_("Key of a grouping or association; the organisations belonging to it now."),
    )
    changed = staticmethod(selectors.organisations_changed_since)

    class Meta:
        model = Organisation
        fields: list[str] = []

    def filter_county(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(municipality_code__startswith=value)

    def filter_group(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        belongs = Affiliation.objects.current().filter(member=OuterRef("pk"), group__slug=value)
        return queryset.filter(Exists(belongs))


class MembershipFilter(ChangedSinceFilterSet):
    network = KeyFilter(field_name="network__slug", help_text=_("Key of a network."))
    organisation = KeyFilter(
        field_name="organisation__slug", help_text=_("Key of an organisation.")
    )
    role = django_filters.ChoiceFilter(
        choices=MembershipRole.choices, help_text=_("The role in the network.")
    )
    current = django_filters.ChoiceFilter(
        choices=YES_NO,
        method="filter_current",
        help_text=_("true: only memberships that hold today; false: only those that do not."),
    )
    changed = staticmethod(selectors.memberships_changed_since)

    class Meta:
        model = Membership
        fields: list[str] = []

    def filter_current(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        current = Membership.objects.current().values("pk")
        if value == "true":
            return queryset.filter(pk__in=current)
        return queryset.exclude(pk__in=current)


class RelationFilter(ChangedSinceFilterSet):
    kind = django_filters.ChoiceFilter(choices=RelationKind.choices, help_text=_("The relation."))
    network = KeyFilter(method="filter_network", help_text=_("Key of a network at either end."))
    organisation = KeyFilter(
        field_name="target_organisation__slug",
        help_text=_("Key of the organisation a relation goes to."),
    )
    changed = staticmethod(selectors.relations_changed_since)

    class Meta:
        model = Relation
        fields: list[str] = []

    def filter_network(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Q(source__slug=value) | Q(target_network__slug=value, target_network__is_public=True)
        )


class MeetingFilter(ChangedSinceFilterSet):
    network = KeyFilter(method="filter_network", help_text=_("Key of a network taking part."))
    kind = django_filters.ChoiceFilter(choices=MeetingKind.choices, help_text=_("Kind of meeting."))
    mode = django_filters.ChoiceFilter(
        choices=MeetingMode.choices, help_text=_("In person, digital or hybrid.")
    )
    status = django_filters.ChoiceFilter(
        choices=MeetingStatus.choices, help_text=_("Planned, invited, held or cancelled.")
    )
    starts_after = MomentFilter(
        field_name="start", lookup_expr="gte", help_text=_("Meetings starting at or after this.")
    )
    starts_before = MomentFilter(
        field_name="start", lookup_expr="lt", help_text=_("Meetings starting before this.")
    )
    changed = staticmethod(selectors.meetings_changed_since)

    class Meta:
        model = Meeting
        fields: list[str] = []

    def filter_network(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        links = MeetingNetwork.objects.filter(
            meeting=OuterRef("pk"), network__slug=value, network__is_public=True
        )
        return queryset.filter(Exists(links))
