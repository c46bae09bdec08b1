"""Reads for the member area. Every one starts from an access scope."""

import datetime
from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from natverk.access.scopes import (
    managed_networks_for,
    my_networks_for,
    visible_contacts_for,
)
from natverk.meetings.selectors import coming_meetings
from natverk.people.enums import AppointmentOutcome
from natverk.people.models import AppointmentRequest, Representation
from natverk.people.selectors import VacantSeat, vacant_seats
from natverk.registry.models import Membership, Network, Organisation
from natverk.registry.selectors import current_memberships_prefetch
from natverk.workspace.scopes import visible_documents_for, visible_posts_for


def my_networks(user) -> QuerySet[Network]:
    return my_networks_for(user).prefetch_related(current_memberships_prefetch()).order_by("name")


@dataclass
class Workspace:
    network: Network
    memberships: list[Membership]
    contacts: list[Representation]
    posts: list
    documents: list
    meetings: list


def workspace(user, network: Network) -> Workspace:
    return Workspace(
        network=network,
        memberships=list(
            Membership.objects.current().filter(network=network).select_related("organisation")
        ),
        contacts=list(
            visible_contacts_for(user)
            .filter(network=network)
            .select_related("person", "organisation")
            .order_by("organisation__name", "person__family_name")
        ),
        posts=list(
            visible_posts_for(user).filter(network=network).select_related("author", "network")[:50]
        ),
        documents=list(visible_documents_for(user).filter(network=network)[:100]),
        meetings=coming_meetings(network),
    )


def contact_rows(user, network: Network) -> list[Representation]:
    return list(
        visible_contacts_for(user)
        .filter(network=network)
        .select_related("person", "person__employer", "organisation")
        .order_by("organisation__name", "person__family_name", "person__given_name")
    )


def seats_for_managers(user, network: Network) -> list:
    """The seats held now, for the representatives page: each with `removable` (recorded
    today, so that a mistake can still be taken back)."""
    start_of_today = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time())
    )
    history = Representation.history.model.objects.filter(id=OuterRef("pk"))
    recorded = Subquery(history.order_by("history_date").values("history_date")[:1])
    return list(
        visible_contacts_for(user)
        .filter(network=network)
        .select_related("person", "person__employer", "organisation")
        .alias(recorded_at=recorded)
        .annotate(
            removable=ExpressionWrapper(
                Q(recorded_at__gte=start_of_today), output_field=BooleanField()
            )
        )
        .order_by("organisation__name", "person__family_name", "person__given_name")
    )


def coming_seats(network: Network) -> list[Representation]:
    """Seats that begin later: successors and appointments ahead, for their coordinators."""
    return list(
        Representation.objects.filter(
            network=network, start_date__gt=timezone.localdate(), person__erased_at__isnull=True
        )
        .select_related("person", "organisation")
        .order_by("start_date", "organisation__name")
    )


def waiting_requests(network: Network) -> list[AppointmentRequest]:
    """Appointments that wait for the secretariat's confirmation."""
    return list(
        AppointmentRequest.objects.filter(network=network, outcome=AppointmentOutcome.WAITING)
        .select_related("person", "organisation")
        .order_by("requested_at")
    )


def vacancies_for(user, network: Network | None = None) -> list[VacantSeat]:
    networks = managed_networks_for(user)
    if network is not None:
        networks = networks.filter(pk=network.pk)
    return vacant_seats(networks)


def member_organisations(network: Network) -> QuerySet:
    """The organisations that are current members of the network."""
    return Organisation.objects.filter(
        memberships__in=Membership.objects.current().filter(network=network)
    ).order_by("name")
