import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from natverk.registry.enums import MembershipRole
from natverk.registry.models import Membership, Network
from natverk.registry.models.network import membership_overlapping
from natverk.registry.selectors import memberships_in_page_order


@transaction.atomic
def memberships_end(*, memberships, on: datetime.date) -> int:
    """End the given memberships with `on` as their last day; returns how many changed.

    Memberships already ended on or before `on` are left alone. If any of them starts
    after `on`, none is ended, and the message names every one that cannot end then.
    """
    chosen = list(
        memberships.select_for_update().select_related("organisation", "network").order_by("pk")
    )
    late = [m for m in chosen if m.start_date is not None and m.start_date > on]
    if late:
        raise ValidationError(
            ngettext(
                "%(count)d membership starts after %(day)s and cannot end then: %(names)s. "
                "None was ended.",
                "%(count)d memberships start after %(day)s and cannot end then: %(names)s. "
                "None was ended.",
                len(late),
            )
            % {
                "count": len(late),
                "day": on.isoformat(),
                "names": "; ".join(
                    _("%(membership)s (from %(start)s)")
                    % {"membership": m, "start": m.start_date.isoformat()}
                    for m in late
                ),
            }
        )
    changed = 0
    for membership in chosen:
        if membership.end_date is not None and membership.end_date <= on:
            continue
        membership.end_date = on
        membership.full_clean(validate_constraints=False)
        membership.save()
        changed += 1
    return changed


@transaction.atomic
def membership_move(*, membership: Membership, up: bool) -> bool:
    """Move a current member one place up or down among the members of the same role;
    the network's positions are numbered again from 1. False when it is already first
    (or last) of its role, and nothing changes."""
    Network.objects.select_for_update().filter(pk=membership.network_id).first()
    rows = memberships_in_page_order(membership.network)
    index = next((i for i, row in enumerate(rows) if row.pk == membership.pk), None)
    if index is None:
        raise ValidationError(_("Only a current member can be moved."))
    other = index - 1 if up else index + 1
    if not (0 <= other < len(rows)) or rows[other].role != rows[index].role:
        return False
    rows[index], rows[other] = rows[other], rows[index]
    for position, row in enumerate(rows, start=1):
        if row.position != position:
            row.position = position
            row.save(update_fields=["position"])
    return True


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
