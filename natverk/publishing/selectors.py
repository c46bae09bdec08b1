"""What the public pages show. Public data only: nothing about people."""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from natverk.registry.enums import HomeRole
from natverk.registry.models import Network, Organisation, PageSettings
from natverk.registry.selectors import (
    current_memberships_prefetch,
    networks_with_members,
    register_last_updated,
)


@dataclass
class NetworksPage:
    settings: PageSettings
    driven: list[Network]
    taking_part: list[Network]
    others: list[Network]
    last_updated: object


def networks_page() -> NetworksPage:
    networks = list(networks_with_members(public_only=True))
    by_role = {role: [] for role in HomeRole}
    for network in networks:
        by_role[HomeRole(network.home_role)].append(network)
    return NetworksPage(
        settings=PageSettings.load(),
        driven=by_role[HomeRole.DRIVES],
        taking_part=by_role[HomeRole.TAKES_PART],
        others=by_role[HomeRole.NONE],
        last_updated=register_last_updated(),
    )


def public_network(slug: str) -> Network:
    return get_object_or_404(
        networks_with_members(public_only=True).prefetch_related("focus_tags"), slug=slug
    )


def public_organisation(slug: str) -> Organisation:
    return get_object_or_404(
        Organisation.objects.prefetch_related(
            "other_names",
        ),
        slug=slug,
    )


def organisation_networks(organisation: Organisation) -> list[Network]:
    return list(
        Network.objects.public()
        .filter(memberships__in=organisation.memberships.current())
        .distinct()
        .prefetch_related(current_memberships_prefetch())
    )
