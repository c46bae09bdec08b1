import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from natverk.people.enums import RepresentationRole
from natverk.workspace.files import validate_upload
from natverk.workspace.models import Visibility

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
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}))
    attachment = forms.FileField(label=_("Attachment (optional)"), required=False)
    notify = forms.BooleanField(
        label=_("Email the network's representatives about the post"), required=False
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "PDF, Word, Excel, PowerPoint, OpenDocument, text, PNG or JPEG; at most 25 MB."
        ),
    )
    visibility = forms.ChoiceField(
        label=_("Visible to"), choices=Visibility.choices, initial=Visibility.MEMBERS
    )


class PersonFields(forms.Form):
    """Who: an existing person found by email, or a new one with these details."""

    email = forms.EmailField(label=_("Email"))
    given_name = forms.CharField(label=_("Given name"), max_length=100, required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=100, required=False)
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

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(str(o.pk), o.name) for o in organisations]


class EndForm(forms.Form):
    representation = forms.IntegerField(widget=forms.HiddenInput)
    end = forms.DateField(
        label=_("Last day"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class HandOverForm(PersonFields):
    representation = forms.IntegerField(widget=forms.HiddenInput)
    start = forms.DateField(
        label=_("The successor's first day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class CheckedUploadAdminForm(forms.ModelForm):
    """For the back office: an uploaded file is checked like any upload, and its kind
    recorded from its content. `upload_field` and `kind_field` name the model's fields."""

    upload_field = "file"
    kind_field = "kind"

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get(self.upload_field)
        if upload is False:  # cleared
            setattr(self.instance, self.kind_field, "")
        elif upload and hasattr(upload, "size") and not getattr(upload, "_committed", False):
            try:
                setattr(self.instance, self.kind_field, validate_upload(upload))
            except ValidationError as error:
                self.add_error(self.upload_field, error)
        return cleaned


class CheckedAttachmentAdminForm(CheckedUploadAdminForm):
    upload_field = "attachment"
    kind_field = "attachment_kind"
