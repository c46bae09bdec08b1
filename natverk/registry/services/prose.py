"""Text that names an organisation by a former name, brought up to date."""

from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Field, Model
from django.utils.translation import gettext as _

from natverk.registry.models import OrganisationName
from natverk.registry.quality import former_name_replaced


@transaction.atomic
def prose_replace_former_name(
    *, obj: Model, field: str, former: OrganisationName, by, reason: str
) -> int:
    """Replace the former name `former` by its organisation's current name wherever it
    stands in `obj`'s `field`; the change is kept in the object's history with `by` and
    `reason`. Returns how many times it stood there. A text that no longer has it is
    refused, and nothing changes."""
    stored = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    text = getattr(stored, field) or ""
    current = former.organisation.name
    text, replaced = former_name_replaced(text, former.name, current)
    if not replaced:
        raise ValidationError(
            _("The text no longer contains “%(name)s”; nothing was changed.")
            % {"name": former.name}
        )
    setattr(stored, field, text)
    stored._change_reason = reason[:100]  # type: ignore[attr-defined]
    stored._history_user = by  # type: ignore[attr-defined]
    cast(Field, stored._meta.get_field(field)).clean(
        text, stored
    )  # e.g. a longer name past the limit
    stored.save()
    return replaced
