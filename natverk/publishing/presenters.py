"""Turning what the selectors return into what the templates print, in the active
language: member sentences, with a recent former name given once per page."""

from dataclasses import dataclass

from natverk.publishing.sentences import member_list
from natverk.registry.enums import HomeRole
from natverk.registry.models import Network


@dataclass
class NetworkCard:
    network: Network
    members_sentence: str


def network_cards(
    sections, former_names: dict[int, str]
) -> list[tuple[HomeRole, list[NetworkCard]]]:
    shown: set[int] = set()
    return [
        (
            HomeRole(role),
            [
                NetworkCard(
                    network=network,
                    members_sentence=member_list(network.current_memberships, former_names, shown),
                )
                for network in networks
            ],
        )
        for role, networks in sections
    ]
