import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from natverk.registry.enums import MembershipRole
from natverk.registry.models import Membership, Network
from natverk.registry.models.network import membership_overlapping


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


@transaction.atomic
def memberships_add_many(
    *,
    network: Network,
    organisations,
    role: str = MembershipRole.MEMBER,
    start_date: datetime.date | None = None,
) -> list[Membership]:
    """Make each organisation a member of the network in a membership of its own (the
    33 municipalities of Skåne at once), in `role` from `start_date`, listed after the
    members it has, in the order of their names.

    If any of them is already in the network for a period that overlaps, nothing is
    added and the message names every one of them."""
    organisations = sorted(organisations, key=lambda organisation: organisation.name)
    if not organisations:
        raise ValidationError(_("There are no organisations to add."))
    after = Membership.objects.filter(network=network).aggregate(last=Max("position"))["last"]
    rows = [
        Membership(
            network=network,
            organisation=organisation,
            role=role,
            start_date=start_date,
            position=(after or 0) + 1 + index,
        )
        for index, organisation in enumerate(organisations)
    ]
    clashes = []
    for row in rows:
        clash = membership_overlapping(row)
        if clash is not None:
            clashes.append(
                f"{row.organisation.name} ({clash.get_role_display()}, {clash.period_display})"
            )
    if clashes:
        raise ValidationError(
            ngettext(
                "%(count)d organisation is already in %(network)s for a period that "
                "overlaps: %(names)s. Nothing was added.",
                "%(count)d organisations are already in %(network)s for periods that "
                "overlap: %(names)s. Nothing was added.",
                len(clashes),
            )
            % {"count": len(clashes), "network": network.name, "names": "; ".join(clashes)}
        )
    for row in rows:
        row.full_clean(validate_constraints=False)
        row.save()
    return rows
