"""Reads about people. Personal data: callers have checked who asks."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from natverk.people.models import Person, Representation
from natverk.registry.models import Membership

REVIEW_AFTER_DAYS = 730  # 24 months without a seat in any network


@dataclass
class VacantSeat:
    membership: Membership

    @property
    def network(self):
        return self.membership.network

    @property
    def organisation(self):
        return self.membership.organisation


def vacant_seats(networks: QuerySet) -> list[VacantSeat]:
    """Current member organisations of the networks that have no current representative."""
    today = timezone.localdate()
    seated = Representation.objects.current(today).filter(
        network=OuterRef("network"), organisation=OuterRef("organisation")
    )
    memberships = (
        Membership.objects.current(today)
        .filter(network__in=networks)
        .annotate(seated=Exists(seated))
        .filter(seated=False)
        .select_related("network", "organisation")
        .order_by("network__name", "organisation__name")
    )
    return [VacantSeat(m) for m in memberships]


def people_for_review(today: datetime.date | None = None) -> QuerySet[Person]:
    """People with no seat in any network for 24 months: is there still a reason to hold
    their data?"""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=REVIEW_AFTER_DAYS)
    recent = Representation.objects.filter(person=OuterRef("pk")).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=since)
    )
    return (
        Person.objects.filter(erased_at__isnull=True, created_at__date__lte=since)
        .annotate(recent=Exists(recent))
        .filter(recent=False)
    )


def current_representatives(network) -> QuerySet[Representation]:
    return (
        Representation.objects.current()
        .filter(network=network, person__erased_at__isnull=True)
        .select_related("person", "organisation")
        .order_by("organisation__name", "person__family_name", "person__given_name")
    )
