"""Reads of the register. Each list costs a fixed number of queries, whatever its length."""

import datetime

from django.conf import settings
from django.db.models import Case, Exists, Max, OuterRef, Prefetch, QuerySet, Value, When
from django.utils import timezone

from natverk.registry.enums import CONVENING_ROLES, HomeRole
from natverk.registry.models import (
    FocusTag,
    Membership,
    Network,
    Organisation,
    PageSettings,
    Relation,
)


def home_organisation() -> Organisation | None:
    """The organisation that runs this installation (setting NATVERK_HOME_ORGANISATION)."""
    return Organisation.objects.filter(slug=settings.NATVERK_HOME_ORGANISATION).first()


def with_home_role(networks: QuerySet[Network], on: datetime.date | None = None) -> QuerySet:
    """Annotate `home_role`: whether the home organisation drives, takes part in, or is
    absent from each network, from its current memberships. Never stored."""
    on = on or timezone.localdate()
    home = Membership.objects.current(on).filter(
        network=OuterRef("pk"), organisation__slug=settings.NATVERK_HOME_ORGANISATION
    )
    return networks.annotate(
        home_role=Case(
            When(Exists(home.filter(role__in=CONVENING_ROLES)), then=Value(HomeRole.DRIVES)),
            When(Exists(home), then=Value(HomeRole.TAKES_PART)),
            default=Value(HomeRole.NONE),
        )
    )


def network_home_role(network: Network, on: datetime.date | None = None) -> HomeRole:
    return HomeRole(with_home_role(Network.objects.filter(pk=network.pk), on).get().home_role)


def current_memberships_prefetch(on: datetime.date | None = None) -> Prefetch:
    """Each network's current memberships in page order, as `current_memberships`."""
    return Prefetch(
        "memberships",
        queryset=Membership.objects.current(on)
        .select_related("organisation")
        .order_by("position", "organisation__name"),
        to_attr="current_memberships",
    )


def networks_with_members(*, public_only: bool = True) -> QuerySet[Network]:
    networks = Network.objects.all()
    if public_only:
        networks = networks.public()
    return with_home_role(networks).prefetch_related(current_memberships_prefetch())


def register_last_updated() -> datetime.datetime | None:
    """When anything the public page shows last changed, from the history (never typed)."""
    histories = [
        Network.history.model,
        Membership.history.model,
        Organisation.history.model,
        Relation.history.model,
        FocusTag.history.model,
        PageSettings.history.model,
    ]
    latest = [
        history.objects.aggregate(latest=Max("history_date"))["latest"] for history in histories
    ]
    return max((moment for moment in latest if moment is not None), default=None)
