from django import forms
from django.utils.translation import gettext_lazy

from natverk.people.selectors import change_log_accounts, logged_kinds

NOBODY = "ingen"


class ChangeLogFilterForm(forms.Form):
    """What the change log shows: one kind of record or all, one account's changes or
    those made by none (commands and imports)."""

    typ = forms.ChoiceField(label=gettext_lazy("Kind of record"), required=False)
    vem = forms.ChoiceField(label=gettext_lazy("Made by"), required=False)
    fore = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, network=None, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = [k for k in logged_kinds() if network is None or k.network_field]
        self.fields["typ"].choices = [  # type: ignore[attr-defined]
            ("", gettext_lazy("All")),
            *[(k.key, k.model._meta.verbose_name_plural.capitalize()) for k in kinds],
        ]
        self.fields["vem"].choices = [  # type: ignore[attr-defined]
            ("", gettext_lazy("Anyone")),
            (NOBODY, gettext_lazy("Nobody (commands and imports)")),
            *[(str(user.pk), user.email or user.username) for user in change_log_accounts()],
        ]

    def filters(self) -> dict:
        """The change log's arguments; none when the form does not validate."""
        if not self.is_valid():
            return {}
        who = self.cleaned_data["vem"]
        return {
            "kind": self.cleaned_data["typ"] or None,
            "user_id": int(who) if who and who != NOBODY else None,
            "by_nobody": who == NOBODY,
            "older_than": self.cleaned_data["fore"],
        }
