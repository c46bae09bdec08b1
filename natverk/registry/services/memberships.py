import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _


@transaction.atomic
def memberships_end(*, memberships, on: datetime.date) -> int:
    """End the given memberships with `on` as their last day; returns how many changed.

    Memberships already ended on or before `on` are left alone. One that starts after
    `on` cannot end then, and the whole change is refused.
    """
    changed = 0
    for membership in memberships.select_for_update().select_related("organisation", "network"):
        if membership.end_date is not None and membership.end_date <= on:
            continue
        if membership.start_date is not None and membership.start_date > on:
            raise ValidationError(
                _("%(membership)s starts on %(start)s and cannot end before that.")
                % {"membership": membership, "start": membership.start_date.isoformat()}
            )
        membership.end_date = on
        membership.full_clean(validate_constraints=False)
        membership.save()
        changed += 1
    return changed
