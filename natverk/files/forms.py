"""Forms for files: an upload with its visibility, and the back office's checked upload."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from natverk.files.checks import validate_upload
from natverk.files.models import DocumentCategory, Visibility


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
    category = forms.ChoiceField(
        label=_("Kind of document"),
        choices=DocumentCategory.choices,
        initial=DocumentCategory.OTHER,
        required=False,
        help_text=_("Minutes are a draft, never public, until they are approved."),
    )

    def clean_category(self) -> str:
        return self.cleaned_data["category"] or DocumentCategory.OTHER


class DocumentChangeForm(DocumentForm):
    """The same, for a document there already: a file given replaces the one there."""

    def __init__(self, *args, document=None, **kwargs):
        if document is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": document.title,
                    "visibility": document.visibility,
                    "category": document.category,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["file"].required = False
        self.fields["file"].label = _("Replace the file (optional)")


class CheckedUploadAdminForm(forms.ModelForm):
    """For the back office: an uploaded file is checked like any upload, and its kind
    recorded from its content. `upload_field` and `kind_field` name the model's fields."""

    upload_field = "file"
    kind_field = "kind"

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
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
