from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from natverk.publishing.search import MAX_QUERY_LENGTH
from natverk.registry.enums import AmbitionLevel, HomeRole, NetworkFunction

# Past this many organisations, a drop-down list is too long to use (and to send): the
# field becomes a text box that takes a name or a key.
MAX_CHOICES_IN_LIST = 60


class NetworkFilterForm(forms.Form):
    """The search and filters of the networks page, read from the query string."""

    q = forms.CharField(label=_("Search"), required=False, strip=True)
    fokus = forms.ChoiceField(label=_("Focus"), required=False)
    funktion = forms.ChoiceField(
        label=_("Function"), required=False, choices=[("", _("All")), *NetworkFunction.choices]
    )
    ambition = forms.ChoiceField(
        label=_("Ambition level"),
        required=False,
        choices=[("", _("All")), *AmbitionLevel.choices],
    )
    sammankallande = forms.ChoiceField(label=_("Convener"), required=False)
    medlem = forms.ChoiceField(label=_("Member organisation"), required=False)
    roll = forms.ChoiceField(
        label=_("Our role"),
        required=False,
        choices=[
            ("", _("We drive it or take part")),
            (HomeRole.DRIVES, _("We drive it")),
            (HomeRole.TAKES_PART, _("We take part")),
            (HomeRole.NONE, _("Other networks")),
            ("alla", _("All networks")),
        ],
    )

    # Which page of the list; not a filter, so it does not widen the default view.
    sida = forms.IntegerField(
        label=_("Page"), required=False, min_value=1, max_value=100_000, widget=forms.HiddenInput
    )

    def __init__(self, *args, focus_choices, convener_choices, member_choices, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["fokus"]).choices = [("", _("All")), *focus_choices]
        self.organisation_names = {}
        self.organisation_titles = {}
        for name, choices in (("sammankallande", convener_choices), ("medlem", member_choices)):
            if len(choices) <= MAX_CHOICES_IN_LIST:
                cast(forms.ChoiceField, self.fields[name]).choices = [("", _("All")), *choices]
                continue
            label = self.fields[name].label
            self.fields[name] = forms.CharField(
                label=label,
                required=False,
                help_text=_("Name of the organisation."),
                widget=forms.TextInput(attrs={"autocomplete": "off"}),
            )
            self.organisation_names[name] = {
                **{key.casefold(): key for key, _name in choices},
                **{title.casefold(): key for key, title in choices},
            }
            self.organisation_titles[name] = dict(choices)

    def clean_q(self) -> str:
        query = " ".join(self.cleaned_data["q"].split())
        if len(query) > MAX_QUERY_LENGTH:
            raise forms.ValidationError(
                _("The search is too long: at most %(limit)d characters.")
                % {"limit": MAX_QUERY_LENGTH}
            )
        return query

    def _organisation_key(self, name: str) -> str:
        value = self.cleaned_data[name]
        names = self.organisation_names.get(name)
        if not value or names is None:
            return value
        key = names.get(" ".join(value.split()).casefold())
        if key is None:
            raise forms.ValidationError(
                _("No organisation called “%(name)s” is in a public network.") % {"name": value}
            )
        return key

    def clean_sammankallande(self) -> str:
        return self._organisation_key("sammankallande")

    def clean_medlem(self) -> str:
        return self._organisation_key("medlem")

    def canonical(self) -> dict[str, str] | None:
        """The filters asked for, each in one spelling (an organisation typed in any
        case becomes its name), and nothing else from the query string; None if any of
        them is not valid. Two addresses with the same canonical filters show the same
        page."""
        if not self.is_bound:
            return {}
        if not self.is_valid():
            return None
        canonical = {}
        for name, value in self.cleaned_data.items():
            if value:
                titles = self.organisation_titles.get(name)
                canonical[name] = titles.get(value, value) if titles else str(value)
        return canonical

    @property
    def narrows(self) -> bool:
        """Whether anything beyond the default view was asked for."""
        return self.is_bound and any(self.data.get(name) for name in self.fields if name != "sida")


class ContactForm(forms.Form):
    """A message to whoever runs the site. `website` is a field people do not see (and
    screen readers skip); a program filling in every field fills it in too."""

    name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        help_text=_("So that we can answer. It is not shown anywhere."),
    )
    message = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if len(message) < 10:
            raise forms.ValidationError(_("Write a little more: at least 10 characters."))
        return message

    @property
    def from_a_program(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class MeetingFilterForm(forms.Form):
    """The filters of the calendar of meetings, read from the query string: a network
    and a focus area, each one of those with coming public meetings."""

    natverk = forms.ChoiceField(label=_("Network"), required=False)
    fokus = forms.ChoiceField(label=_("Focus"), required=False)
    sida = forms.IntegerField(
        label=_("Page"), required=False, min_value=1, max_value=100_000, widget=forms.HiddenInput
    )

    def __init__(self, *args, network_choices, focus_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.network_titles = dict(network_choices)
        self.network_keys = {
            **{key.casefold(): key for key, _title in network_choices},
            **{title.casefold(): key for key, title in network_choices},
        }
        if len(network_choices) <= MAX_CHOICES_IN_LIST:
            cast(forms.ChoiceField, self.fields["natverk"]).choices = [
                ("", _("All")),
                *network_choices,
            ]
        else:
            # Too many for a list: a text box that takes a network's name or key.
            self.fields["natverk"] = forms.CharField(
                label=_("Network"),
                required=False,
                help_text=_("Name of the network."),
                widget=forms.TextInput(attrs={"autocomplete": "off"}),
            )
        focus = cast(forms.ChoiceField, self.fields["fokus"])
        focus.choices = [("", _("All")), *focus_choices]
        focus.error_messages["invalid_choice"] = _(
            "No network with upcoming public meetings has the focus “%(value)s”."
        )
        self.fields["natverk"].error_messages["invalid_choice"] = _(
            "No network called “%(value)s” has upcoming public meetings."
        )

    def clean_natverk(self) -> str:
        value = " ".join(str(self.cleaned_data["natverk"]).split())
        if not value:
            return ""
        key = self.network_keys.get(value.casefold())
        if key is None:
            raise forms.ValidationError(
                _("No network called “%(value)s” has upcoming public meetings.") % {"value": value}
            )
        return key

    def canonical(self) -> dict[str, str] | None:
        """The filters asked for, each in one spelling, and nothing else from the query
        string; None if any of them is not valid."""
        if not self.is_bound:
            return {}
        if not self.is_valid():
            return None
        return {name: str(value) for name, value in self.cleaned_data.items() if value}

    @property
    def narrows(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in ("natverk", "fokus"))
