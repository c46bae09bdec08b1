import re
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from natverk.people.enums import RepresentationRole

PHONE = re.compile(r"^\+?[\d\s()-]{6,20}$")


def clean_phone(value: str) -> str:
    value = " ".join(value.split())
    if value and not PHONE.match(value):
        raise forms.ValidationError(
            _("“%(phone)s” is not a phone number: use digits, spaces, + and -, such as "
              "040-123 45 67.") % {"phone": value}
        )  # fmt: skip
    return value


class PostForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("A blank line starts a new paragraph."),
    )
    attachment = forms.FileField(label=_("Attachment (optional)"), required=False)
    notify = forms.BooleanField(
        label=_("Email the network's representatives about the post"), required=False
    )


class PostChangeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}))


class PersonFields(forms.Form):
    """Who: an existing person found by email, or a new one with these details."""

    email = forms.EmailField(label=_("Email"))
    given_name = forms.CharField(label=_("Given name"), max_length=100)
    family_name = forms.CharField(label=_("Family name"), max_length=100)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data["phone"])


class AppointForm(PersonFields):
    organisation = forms.ChoiceField(label=_("On behalf of"))
    role = forms.ChoiceField(label=_("Role"), choices=RepresentationRole.choices)
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    # Sent by the page that asks before an address already in the register is reused.
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["organisation"]).choices = [
            (str(o.pk), o.name) for o in organisations
        ]


class EndForm(forms.Form):
    representation = forms.IntegerField(widget=forms.HiddenInput)
    end = forms.DateField(
        label=_("Last day"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class SeatForm(forms.Form):
    """One seat, or one person's, acted on by a button."""

    representation = forms.IntegerField(widget=forms.HiddenInput)


class HandOverForm(PersonFields):
    representation = forms.IntegerField(widget=forms.HiddenInput)
    start = forms.DateField(
        label=_("The successor's first day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
