from django import forms
from django.utils.translation import gettext_lazy as _

from natverk.registry.enums import AmbitionLevel, HomeRole, NetworkFunction

MAX_QUERY_LENGTH = 200


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

    def __init__(self, *args, focus_choices, convener_choices, member_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fokus"].choices = [("", _("All")), *focus_choices]
        self.fields["sammankallande"].choices = [("", _("All")), *convener_choices]
        self.fields["medlem"].choices = [("", _("All")), *member_choices]

    def clean_q(self) -> str:
        query = self.cleaned_data["q"]
        if len(query) > MAX_QUERY_LENGTH:
            raise forms.ValidationError(
                _("The search is too long: at most %(limit)d characters.")
                % {"limit": MAX_QUERY_LENGTH}
            )
        return query

    @property
    def narrows(self) -> bool:
        """Whether anything beyond the default view was asked for."""
        return self.is_bound and any(self.data.get(name) for name in self.fields)
