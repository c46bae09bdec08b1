from django import forms
from django.utils.translation import gettext_lazy as _

from natverk.importing.source import MAX_BYTES
from natverk.registry.enums import OrganisationKind
from natverk.registry.models import Organisation, normalise_name


class PageUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Page"),
        help_text=_("The networks page as text (.txt) or HTML (.html), at most 25 MB."),
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


class NameDecisionForm(forms.Form):
    """What a name the register does not know stands for: an organisation in the register,
    or a new one."""

    name = forms.CharField(widget=forms.HiddenInput, max_length=200)
    action = forms.ChoiceField(
        choices=[("map", _("It is this organisation")), ("create", _("Create it"))],
        widget=forms.HiddenInput,
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        required=False,
        max_length=200,
        help_text=_("One of the closest, or the key or exact name of another organisation."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=OrganisationKind.choices, initial=OrganisationKind.OTHER
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("action") == "map":
            wanted = (data.get("organisation") or "").strip()
            organisation = (
                Organisation.objects.filter(slug=wanted).first()
                or Organisation.objects.filter(name__iexact=wanted).first()
                or Organisation.objects.filter(
                    other_names__normalised=normalise_name(wanted)
                ).first()
            )
            if organisation is None:
                raise forms.ValidationError(
                    _("No organisation in the register has the key or name “%(name)s”.")
                    % {"name": wanted}
                )
            data["organisation_key"] = organisation.slug
        return data
