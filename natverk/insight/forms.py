"""The choices of the insight pages, read from the query string: which networks, on
which day, which rows. Field names are the Swedish words in the addresses."""

import datetime
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from natverk.insight.geography import county_names
from natverk.insight.selectors import RowFilter, Selection
from natverk.registry.enums import HomeRole, OrganisationKind

EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2100, 12, 31)
# Past this many networks a drop-down list is too long to use: the field takes a key.
MAX_CHOICES_IN_LIST = 60


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class SelectionForm(forms.Form):
    """Which networks, and on which day."""

    ROLE_CHOICES = [
        ("", _("All networks")),
        ("ours", _("We drive it or take part")),
        (HomeRole.DRIVES, _("We drive it")),
        (HomeRole.TAKES_PART, _("We take part")),
        (HomeRole.NONE, _("Other networks")),
    ]

    fokus = forms.ChoiceField(label=_("Focus"), required=False)
    roll = forms.ChoiceField(label=_("Our role"), required=False)
    datum = forms.DateField(
        label=_("On the day"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty for today. The register keeps who sat where and when."),
    )

    def __init__(self, *args, focus_choices, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["fokus"]).choices = [("", _("All")), *focus_choices]
        cast(forms.ChoiceField, self.fields["roll"]).choices = self.ROLE_CHOICES

    def clean_datum(self) -> datetime.date | None:
        day = self.cleaned_data["datum"]
        if day is not None and not EARLIEST <= day <= LATEST:
            raise forms.ValidationError(
                _("Choose a day between %(first)s and %(last)s.")
                % {"first": EARLIEST.year, "last": LATEST.year}
            )
        return day

    def selection(self) -> Selection:
        data = self.cleaned_data if self.is_bound else {}
        return Selection(
            on=data.get("datum"), focus=data.get("fokus") or "", role=data.get("roll") or ""
        )

    @property
    def narrows(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields)

    def canonical(self) -> dict[str, str] | None:
        """The choices made, each in one spelling, and nothing else from the query
        string (so `?utm=…` is the same page); None if any of them is not valid."""
        if not self.is_bound:
            return {}
        if not self.is_valid():
            return None
        return {name: str(value) for name, value in self.cleaned_data.items() if value}


GraphForm = SelectionForm


class CoverageForm(SelectionForm):
    """Coverage is about the home organisation's own networks."""

    ROLE_CHOICES = [
        ("", _("We drive it or take part")),
        (HomeRole.DRIVES, _("We drive it")),
        (HomeRole.TAKES_PART, _("We take part")),
    ]

    def selection(self) -> Selection:
        selection = super().selection()
        return Selection(on=selection.on, focus=selection.focus, role=selection.role or "ours")


class MatrixForm(SelectionForm):
    typ = forms.ChoiceField(
        label=_("Kind of organisation"),
        required=False,
        choices=[("", _("All")), *OrganisationKind.choices],
    )
    lan = forms.ChoiceField(label=_("County"), required=False)
    horn = forms.ChoiceField(label=_("Sub-region"), required=False)
    rader = forms.ChoiceField(
        label=_("Rows"),
        required=False,
        choices=[
            ("", _("One per organisation")),
            ("county", _("One per county")),
            ("kind", _("One per kind of organisation")),
        ],
    )
    tomma = forms.BooleanField(
        label=_("Also organisations in none of the networks"), required=False
    )
    sida = forms.IntegerField(label=_("Page of rows"), required=False, min_value=1)
    kolumner = forms.IntegerField(label=_("Page of columns"), required=False, min_value=1)

    def __init__(self, *args, sub_region_choices, **kwargs):
        super().__init__(*args, **kwargs)
        counties = [(code, name) for code, name in county_names().items()]
        cast(forms.ChoiceField, self.fields["lan"]).choices = [("", _("All")), *counties]
        cast(forms.ChoiceField, self.fields["horn"]).choices = [
            ("", _("All")),
            *sub_region_choices,
        ]

    def rows(self) -> RowFilter:
        data = self.cleaned_data if self.is_bound else {}
        return RowFilter(
            kind=data.get("typ") or "",
            county=data.get("lan") or "",
            sub_region=data.get("horn") or "",
            group_by=data.get("rader") or "",
            include_empty=bool(data.get("tomma")),
        )


class MapForm(SelectionForm):
    lan = forms.ChoiceField(label=_("County"), required=False)
    natverk = forms.ChoiceField(
        label=_("Shade by the members of"),
        required=False,
        help_text=_("Empty: by the number of networks each municipality takes part in."),
    )

    def __init__(self, *args, network_choices, home_county, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["lan"]).choices = list(county_names().items())
        self.fields["lan"].initial = home_county
        self.home_county = home_county
        if len(network_choices) <= MAX_CHOICES_IN_LIST:
            cast(forms.ChoiceField, self.fields["natverk"]).choices = [
                ("", _("No single network")),
                *network_choices,
            ]
        else:
            self.fields["natverk"] = forms.SlugField(
                label=self.fields["natverk"].label,
                required=False,
                help_text=_("The network's key, as in its address, e.g. skur-natverket."),
            )
            self.known_networks = {slug for slug, _name in network_choices}

    def clean_natverk(self) -> str:
        slug = self.cleaned_data["natverk"]
        known = getattr(self, "known_networks", None)
        if slug and known is not None and slug not in known:
            raise forms.ValidationError(
                _("No public network has the key “%(key)s”.") % {"key": slug}
            )
        return slug

    @property
    def county(self) -> str:
        data = self.cleaned_data if self.is_bound else {}
        return data.get("lan") or self.home_county


# The secretariat's reports ---------------------------------------------------------------


class PeriodForm(forms.Form):
    fran = forms.DateField(label=_("From"), required=False, widget=DateInput())
    till = forms.DateField(label=_("Until"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean() or {}
        start, end = data.get("fran"), data.get("till")
        for day in (start, end):
            if day is not None and not EARLIEST <= day <= LATEST:
                raise forms.ValidationError(
                    _("Choose days between %(first)s and %(last)s.")
                    % {"first": EARLIEST.year, "last": LATEST.year}
                )
        if start and end and end < start:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data

    def period(self, today: datetime.date) -> tuple[datetime.date, datetime.date]:
        """The chosen period; by default this year until today."""
        data = self.cleaned_data if self.is_bound else {}
        end = data.get("till") or today
        start = data.get("fran") or datetime.date(end.year, 1, 1)
        return start, end


class YearForm(forms.Form):
    ar = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100)

    def year(self, default: int) -> int:
        data = self.cleaned_data if self.is_bound else {}
        return data.get("ar") or default


class WorkloadForm(forms.Form):
    minst = forms.IntegerField(
        label=_("Seats at least"), required=False, min_value=1, max_value=1000
    )


class OrganisationYearForm(YearForm):
    organisation = forms.SlugField(
        label=_("Organisation"),
        required=False,
        help_text=_("The organisation's key, as in its address, e.g. lund."),
    )
    field_order = ["organisation", "ar"]
