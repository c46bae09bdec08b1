from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from natverk.registry.enums import MembershipRole
from natverk.registry.models import Network, Organisation, PageSettings
from natverk.registry.sanitising import html_to_paragraphs, paragraphs_to_html
from natverk.registry.selectors import (
    county_names,
    groupings_with_members,
    network_address_holder,
    organisation_name_holder,
)


class PeriodRowsFormSet(forms.BaseInlineFormSet):
    """Refuses two rows of the same thing whose periods overlap, among the rows being
    saved together; each row's own check covers the rows already stored."""

    #: fields that must all be equal for two rows to count as the same thing
    same_thing_fields: tuple[str, ...] = ()

    def clean(self) -> None:
        super().clean()
        rows = [
            form.instance
            for form in self.forms
            if form.is_valid() and form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        for index, row in enumerate(rows):
            for other in rows[index + 1 :]:
                same = all(
                    getattr(row, f"{name}_id", None) == getattr(other, f"{name}_id", None)
                    for name in self.same_thing_fields
                )
                if same and row.overlaps(other):
                    raise ValidationError(
                        _("Two rows for %(thing)s overlap: %(first)s and %(second)s.")
                        % {
                            "thing": " / ".join(
                                str(getattr(row, name)) for name in self.same_thing_fields
                            ),
                            "first": row.period_display,
                            "second": other.period_display,
                        }
                    )


class MembershipFormSet(PeriodRowsFormSet):
    same_thing_fields = ("network", "organisation")


class RepresentationFormSet(PeriodRowsFormSet):
    same_thing_fields = ("person", "network", "organisation")


class OrganisationAdminForm(forms.ModelForm):
    """A new name for an organisation is a rename: refused when another organisation
    has the name (the old name then becomes a former name, see `organisation_rename`)."""

    class Meta:
        model = Organisation
        fields = ["name"]  # the admin adds the rest of its fieldsets

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if self.instance.pk is not None and name != self.instance.name:
            holder = organisation_name_holder(name, besides=self.instance)
            if holder is not None:
                raise ValidationError(
                    _("“%(name)s” is already a name of %(organisation)s.")
                    % {"name": name, "organisation": holder.name}
                )
        return name


class ParagraphsFormMixin:
    """Descriptions edited as plain paragraphs in a text area, never as HTML tags: the
    stored HTML is shown as paragraphs, and what is written is stored as HTML again."""

    paragraph_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        form: forms.ModelForm = self  # type: ignore[assignment]
        for name in self.paragraph_fields:
            if name not in form.fields:
                continue
            field = form.fields[name]
            field.widget = forms.Textarea(attrs={"rows": 6, "cols": 80})
            field.help_text = _(
                "Plain text: a blank line between paragraphs; lines beginning with “- ” "
                "make a list; web addresses become links."
            )
            form.initial[name] = html_to_paragraphs(
                form.initial.get(name, getattr(form.instance, name, "")) or ""
            )

    def _clean_paragraphs(self, name: str) -> str:
        return paragraphs_to_html(self.cleaned_data.get(name) or "")  # type: ignore[attr-defined]

    def clean(self):
        cleaned = super().clean()  # type: ignore[misc]
        for name in self.paragraph_fields:
            if name in cleaned:
                cleaned[name] = self._clean_paragraphs(name)
        return cleaned


class NamesListField(forms.CharField):
    """A list of names, one a line, as a list: no empty names, no name twice."""

    widget = forms.Textarea(attrs={"rows": 4, "cols": 40})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(str(name) for name in value)
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        names = [" ".join(line.split()) for line in (value or "").splitlines()]
        return [name for name in names if name]

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        seen: dict[str, str] = {}
        for name in value:
            if len(name) > 100:
                raise ValidationError(
                    _("“%(name)s” is longer than 100 characters.") % {"name": name[:40] + "…"}
                )
            if name.casefold() in seen:
                raise ValidationError(
                    _("“%(name)s” is listed twice; write each place once.") % {"name": name}
                )
            seen[name.casefold()] = name

    def run_validators(self, value):
        pass  # the length validator of a text field would count the names

    def has_changed(self, initial, data):
        return (initial or []) != self.to_python(data)


class NetworkAdminForm(ParagraphsFormMixin, forms.ModelForm):
    """An address another network has or had is refused: the old one redirects.
    Descriptions are written as paragraphs, residential places as names one a line."""

    paragraph_fields = ("introduction", "introduction_en", "purpose", "purpose_en")

    residential_places = NamesListField(
        label=gettext_lazy("residential meeting places"),
        required=False,
        help_text=gettext_lazy("Where residential meetings are held: one place a line."),
    )

    class Meta:
        model = Network
        fields = ["slug"]  # the admin adds the rest of its fieldsets

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        holder = network_address_holder(slug, besides=self.instance if self.instance.pk else None)
        if holder is not None:
            raise ValidationError(
                _("The address “%(slug)s” is, or was, that of %(network)s.")
                % {"slug": slug, "network": holder.name}
            )
        return slug


class PageSettingsAdminForm(ParagraphsFormMixin, forms.ModelForm):
    paragraph_fields = ("introduction", "introduction_en")

    class Meta:
        model = PageSettings
        fields = ["title"]  # the admin adds the rest


class RenameForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("New name"), max_length=200)
    on = forms.DateField(
        label=gettext_lazy("In use from"),
        help_text=gettext_lazy(
            "The day the new name took effect; the old one is kept as a former name."
        ),
    )


class EndMembershipsForm(forms.Form):
    """The last day of the memberships chosen in the list."""

    on = forms.DateField(
        label=gettext_lazy("Last day"),
        help_text=gettext_lazy(
            "The last day of membership; not before any chosen membership began."
        ),
    )


class AddMembersForm(forms.Form):
    """Every member of a grouping, or every municipality of a county, added to a network
    at once, each in a membership of its own."""

    grouping = forms.ModelChoiceField(
        label=gettext_lazy("All members of"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=gettext_lazy("A grouping or association: the organisations in it today."),
    )
    county = forms.ChoiceField(
        label=gettext_lazy("Or all municipalities of"), required=False, choices=[]
    )
    role = forms.ChoiceField(
        label=gettext_lazy("Role"), choices=MembershipRole.choices, initial=MembershipRole.MEMBER
    )
    start_date = forms.DateField(
        label=gettext_lazy("From"),
        required=False,
        help_text=gettext_lazy("Empty if they have been members as long as anyone knows."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grouping"].queryset = groupings_with_members()  # type: ignore[attr-defined]
        counties = sorted(county_names().items(), key=lambda item: item[1])
        self.fields["county"].choices = [("", "–"), *counties]  # type: ignore[attr-defined]

    def clean(self):
        cleaned = super().clean() or {}
        if bool(cleaned.get("grouping")) == bool(cleaned.get("county")):
            raise ValidationError(_("Choose either a grouping or a county."))
        return cleaned
