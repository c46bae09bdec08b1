"""Many members at once: every member of a grouping, or every municipality of a county,
added to a network in one step, each in a membership of its own; nothing is added when
one of them would overlap a membership the network has."""

import datetime

import pytest
from django.urls import reverse

from natverk.registry.enums import MembershipRole, OrganisationKind
from natverk.registry.models import Affiliation, Membership
from tests.factories import MembershipFactory, NetworkFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def corner():
    grouping = OrganisationFactory(name="Nordvästra hörnet", kind=OrganisationKind.GROUPING)
    for name in ("Höganäs kommun", "Båstads kommun", "Bjuvs kommun"):
        Affiliation.objects.create(member=OrganisationFactory(name=name), group=grouping)
    gone = OrganisationFactory(name="Gamla kommunen")
    Affiliation.objects.create(member=gone, group=grouping, end_date=datetime.date(2020, 1, 1))
    return grouping


def add_members(client, network, **data):
    address = reverse("admin:registry_network_add_members", args=[network.pk])
    assert client.get(address).status_code == 200
    return client.post(address, {"role": MembershipRole.MEMBER, **data})


def test_all_members_of_a_grouping_are_added_each_in_a_membership_of_its_own(
    secretariat_client, corner
):
    network = NetworkFactory(name="Brysselnätverket")
    MembershipFactory(network=network, role=MembershipRole.CONVENER, position=0)
    change = reverse("admin:registry_network_change", args=[network.pk])
    assert "lagg-till-medlemmar" in secretariat_client.get(change).content.decode()

    response = add_members(secretariat_client, network, grouping=corner.pk, start_date="2026-02-01")
    assert response.status_code == 302 and response["Location"] == change
    assert (
        "3 medlemskap lades till i Brysselnätverket"
        in secretariat_client.get(change).content.decode()
    )
    added = Membership.objects.filter(network=network, start_date="2026-02-01")
    assert [(m.organisation.name, m.role, m.position) for m in added.order_by("position")] == [
        ("Bjuvs kommun", MembershipRole.MEMBER, 1),
        ("Båstads kommun", MembershipRole.MEMBER, 2),
        ("Höganäs kommun", MembershipRole.MEMBER, 3),
    ]


def test_all_municipalities_of_a_county(secretariat_client):
    OrganisationFactory(
        name="Länsstyrelsen Hallands län", kind=OrganisationKind.COUNTY_BOARD, county_code="13"
    )
    for name in ("Halmstads kommun", "Varbergs kommun"):
        OrganisationFactory(name=name, kind=OrganisationKind.MUNICIPALITY, county_code="13")
    OrganisationFactory(name="Region Halland", kind=OrganisationKind.REGION, county_code="13")
    OrganisationFactory(name="Malmö stad", kind=OrganisationKind.MUNICIPALITY, county_code="12")
    network = NetworkFactory()
    page = secretariat_client.get(reverse("admin:registry_network_add_members", args=[network.pk]))
    assert "Hallands län" in page.content.decode()
    response = add_members(secretariat_client, network, county="13")
    assert response.status_code == 302
    assert sorted(network.memberships.values_list("organisation__name", flat=True)) == [
        "Halmstads kommun",
        "Varbergs kommun",
    ]


def test_an_overlap_adds_nothing_and_names_each_conflict(secretariat_client, corner):
    network = NetworkFactory(name="Brysselnätverket")
    hoganas = corner.contained.get(name="Höganäs kommun")
    MembershipFactory(network=network, organisation=hoganas, start_date=datetime.date(2025, 1, 1))
    response = add_members(secretariat_client, network, grouping=corner.pk, start_date="2026-02-01")
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 organisation är redan med i Brysselnätverket" in page
    assert "Höganäs kommun (medlem" in page and "Inget lades till" in page
    assert network.memberships.count() == 1


@pytest.mark.parametrize("data", [{}, {"grouping": "x", "county": "13"}])
def test_a_grouping_or_a_county_is_asked_for(secretariat_client, corner, data):
    OrganisationFactory(
        name="Länsstyrelsen Hallands län", kind=OrganisationKind.COUNTY_BOARD, county_code="13"
    )
    network = NetworkFactory()
    if "grouping" in data:
        data["grouping"] = corner.pk
    response = add_members(secretariat_client, network, **data)
    assert response.status_code == 200
    assert "Välj antingen en gruppering eller ett län." in response.content.decode()
    assert not network.memberships.exists()
