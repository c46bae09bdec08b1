"""Turning what the selectors return into what the templates print, in the active
language: member sentences, with a recent former name given once per page."""

from dataclasses import dataclass

from django.utils.safestring import SafeString

from natverk.publishing.sentences import member_sentence
from natverk.registry.enums import HomeRole
from natverk.registry.models import Network


@dataclass
class NetworkCard:
    network: Network
    members_sentence: SafeString


def network_cards(
    sections, former_names: dict[int, str], member_kinds: dict[int, list[str]] | None = None
) -> list[tuple[HomeRole, list[NetworkCard]]]:
    shown: set[int] = set()
    return [
        (
            HomeRole(role),
            [
                NetworkCard(
                    network=network,
                    members_sentence=member_sentence(network, former_names, shown, member_kinds),
                )
                for network in networks
            ],
        )
        for role, networks in sections
    ]
