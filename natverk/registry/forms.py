from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


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
