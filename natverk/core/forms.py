"""The back office's form of the site identity: the logo is checked by its content, and
the accent colour must be readable on white."""

import re
import xml.etree.ElementTree as ElementTree

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from natverk.core.models import SiteIdentity

LOGO_MAX_BYTES = 512 * 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
# The elements a logo is drawn with; anything else (script, foreignObject, use of other
# files, animation that can set attributes) is refused.
SVG_ELEMENTS = {
    "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text",
    "tspan", "title", "desc", "defs", "linearGradient", "radialGradient", "stop",
    "clipPath", "mask", "symbol", "metadata",
}  # fmt: skip
ENTITY = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def svg_problem(content: bytes) -> str:
    """What makes an SVG unfit to be shown as the logo, or an empty string."""
    if ENTITY.search(content):
        return str(_("The SVG declares a document type or entities; save it as plain SVG."))
    try:
        root = ElementTree.fromstring(content)  # noqa: S314 - DOCTYPE and entities refused above
    except ElementTree.ParseError:
        return str(_("The file is not a readable SVG image."))
    if root.tag != f"{{{SVG_NAMESPACE}}}svg":
        return str(_("The file is not an SVG image."))
    for element in root.iter():
        name = _local(str(element.tag))
        if not str(element.tag).startswith(f"{{{SVG_NAMESPACE}}}") or name not in SVG_ELEMENTS:
            return str(_("The SVG holds a <%(name)s> element, which a logo may not.")) % {
                "name": name
            }
        for attribute, value in element.attrib.items():
            attribute_name = _local(attribute).lower()
            if attribute_name.startswith("on"):
                return str(_("The SVG runs script (%(name)s), which a logo may not.")) % {
                    "name": attribute_name
                }
            if attribute_name == "href" and not value.startswith("#"):
                return str(_("The SVG links to another file, which a logo may not."))
            if "url(" in value and not re.fullmatch(r"\s*url\(#[\w-]+\)\s*", value):
                return str(_("The SVG links to another file, which a logo may not."))
    return ""


def _luminance(colour: str) -> float:
    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_with_white(colour: str) -> float:
    return 1.05 / (_luminance(colour) + 0.05)


def _addresses_over_https(field, **kwargs):
    """A site address typed without its scheme is taken to be https."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class SiteIdentityForm(forms.ModelForm):
    new_logo = forms.FileField(
        label=_("new logo"),
        required=False,
        help_text=_("SVG or PNG, at most 512 KB. Leave empty to keep the logo there is."),
    )
    remove_logo = forms.BooleanField(label=_("remove the logo"), required=False)

    class Meta:
        model = SiteIdentity
        formfield_callback = _addresses_over_https
        fields = [
            "name",
            "name_en",
            "description",
            "description_en",
            "logo_alt",
            "logo_alt_en",
            "accent_colour",
            "address",
            "organisation_number",
            "contact_email",
            "site_url",
        ]

    def clean_accent_colour(self):
        colour = self.cleaned_data["accent_colour"].strip()
        if colour and re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
            ratio = contrast_with_white(colour)
            if ratio < 4.5:
                raise forms.ValidationError(
                    _(
                        "Text in this colour on white has a contrast of %(ratio).1f:1; it "
                        "must be at least 4.5:1 to be readable. Choose a darker colour."
                    ),
                    params={"ratio": ratio},
                )
        return colour

    def clean_new_logo(self):
        upload = self.cleaned_data.get("new_logo")
        if not upload:
            return None
        if upload.size > LOGO_MAX_BYTES:
            raise forms.ValidationError(_("The logo is larger than 512 KB."))
        content = upload.read()
        if content.startswith(PNG_SIGNATURE):
            return content, "image/png"
        if b"<svg" in content[:4096]:
            problem = svg_problem(content)
            if problem:
                raise forms.ValidationError(problem)
            return content, "image/svg+xml"
        raise forms.ValidationError(_("The logo must be an SVG or a PNG image."))

    def clean(self):
        cleaned = super().clean() or {}
        has_logo = bool(cleaned.get("new_logo")) or (
            bool(self.instance.logo) and not cleaned.get("remove_logo")
        )
        if has_logo and not (cleaned.get("logo_alt") or "").strip():
            self.add_error("logo_alt", _("Write what the logo says, for those who cannot see it."))
        return cleaned

    def save(self, commit=True):
        identity = super().save(commit=False)
        if self.cleaned_data.get("new_logo"):
            identity.logo, identity.logo_type = self.cleaned_data["new_logo"]
        elif self.cleaned_data.get("remove_logo"):
            identity.logo, identity.logo_type = b"", ""
        if commit:
            identity.save()
        return identity
