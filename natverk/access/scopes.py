"""What a user may see, as querysets: the same answers as `rules.py`, for lists.
Each list view starts from one of these (or from the scopes of the meetings and the
member area, built on these), so nothing it shows was not allowed."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from natverk.access.roles import (
    coordinated_network_ids,
    is_secretariat,
    represented_network_ids,
)
from natverk.people.models import Person, Representation
from natverk.registry.models import Network


def member_network_ids(user) -> set[int]:
    return coordinated_network_ids(user) | represented_network_ids(user)


def visible_networks_for(user) -> QuerySet[Network]:
    """The networks whose member area the user may open."""
    if is_secretariat(user):
        return Network.objects.all()
    return Network.objects.filter(pk__in=member_network_ids(user))


def my_networks_for(user) -> QuerySet[Network]:
    """The networks the user takes part in (what "Mina nätverk" lists)."""
    return Network.objects.filter(pk__in=member_network_ids(user))


def managed_networks_for(user) -> QuerySet[Network]:
    """The networks the user may manage: all for the secretariat, else those coordinated."""
    if is_secretariat(user):
        return Network.objects.all()
    return Network.objects.filter(pk__in=coordinated_network_ids(user))


def visible_contacts_for(user) -> QuerySet[Representation]:
    """Current representatives in the networks the user may see contacts of: theirs, and
    no others."""
    representations = Representation.objects.current().filter(person__erased_at__isnull=True)
    if is_secretariat(user):
        return representations
    return representations.filter(network__in=member_network_ids(user))


def visible_people_for(user) -> QuerySet[Person]:
    if is_secretariat(user):
        return Person.objects.filter(erased_at__isnull=True)
    return Person.objects.filter(
        pk__in=visible_contacts_for(user).values("person_id"), erased_at__isnull=True
    )


def network_for(user, slug: str) -> Network:
    """Fetch and check in one call: a network whose member area the user may open, or
    404, so that a network's existence is not told to those who may not see it."""
    return get_object_or_404(visible_networks_for(user), slug=slug)
