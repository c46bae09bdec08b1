from django import forms
from django.utils.translation import gettext_lazy as _

from natverk.importing.source import MAX_BYTES


class PageUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Page"),
        help_text=_("The networks page as text (.txt) or HTML (.html), at most 5 MB."),
    )
    html = forms.BooleanField(
        label=_("Read as HTML"),
        required=False,
        help_text=_("Leave unticked to let the importer tell from the content."),
    )
    create_unknown = forms.BooleanField(
        label=_("Create unknown organisations"),
        required=False,
        help_text=_("Names not in the register become organisations marked for review."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size).1f MB; a page can be at most %(limit)d MB.")
                % {"size": upload.size / 1024 / 1024, "limit": MAX_BYTES // 1024 // 1024}
            )
        return upload
