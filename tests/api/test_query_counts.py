"""Every list of the API, the Popolo export and every download cost the same number of
queries with one row as with many: each is measured on a register with one network,
the register grows to forty networks with members, former members, relations and
meetings, and each is measured again."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from natverk.meetings.services import meeting_create
from natverk.registry.enums import MembershipRole, NameKind, RelationKind
from natverk.registry.models import Affiliation, Membership, OrganisationName, Relation
from tests.factories import NetworkFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

ADDRESSES = [
    "/api/v1/networks/",
    "/api/v1/networks/?member=organisation-x&focus=eu&changed_since=2020-01-01",
    "/api/v1/organisations/",
    "/api/v1/organisations/?county=12&group=grupp",
    "/api/v1/memberships/",
    "/api/v1/memberships/?current=true",
    "/api/v1/relations/",
    "/api/v1/meetings/",
    "/api/v1/focus/",
    "/api/v1/popolo.json",
    "/oppna-data/networks.csv",
    "/oppna-data/organisations.xlsx",
    "/oppna-data/memberships.csv",
    "/oppna-data/relations.csv",
    "/oppna-data/meetings.xlsx",
    "/oppna-data/",
]


def _grow(count: int, *, first: int = 0) -> None:
    today = timezone.localdate()
    group = OrganisationFactory(slug=f"grupp-{count}", kind="grouping")
    soon = timezone.now() + datetime.timedelta(days=3)
    previous = None
    for n in range(first, first + count):
        network = NetworkFactory()
        member = OrganisationFactory(municipality_code=f"12{n:02d}")
        OrganisationName.objects.create(
            organisation=member,
            name=f"Gamla {member.name}",
            kind=NameKind.FORMER,
            replaced_on=today,
        )
        Affiliation.objects.create(member=member, group=group)
        Membership.objects.create(
            network=network, organisation=member, role=MembershipRole.CONVENER
        )
        Membership.objects.create(
            network=network,
            organisation=group,
            end_date=today - datetime.timedelta(days=1),
        )
        if previous is not None:
            Relation.objects.create(
                source=network, kind=RelationKind.PART_OF, target_network=previous
            )
        Relation.objects.create(
            source=network, kind=RelationKind.ADVISES, target_organisation=group
        )
        meeting_create(
            networks=[network] + ([previous] if previous else []),
            leading=network,
            title=f"Möte {n}",
            start=soon,
            end=soon + datetime.timedelta(hours=1),
            is_public=True,
        )
        previous = network


def _queries(client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return len(captured)


def test_every_list_costs_the_same_with_one_row_and_with_many(client):
    _grow(1)
    few = {url: _queries(client, url) for url in ADDRESSES}
    _grow(40, first=1)
    many = {url: _queries(client, url) for url in ADDRESSES}
    assert many == few
    # What a page of networks costs: the newest change, the networks, their focus,
    # memberships and relations both ways.
    assert few["/api/v1/networks/"] == 6


def test_a_revalidated_list_costs_one_query(client):
    _grow(3)
    etag = client.get("/api/v1/networks/")["ETag"]
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/v1/networks/", headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert len(captured) == 1
