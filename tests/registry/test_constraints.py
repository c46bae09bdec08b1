"""The register's invariants hold in the database itself, on SQLite and PostgreSQL."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from natverk.registry.enums import RelationKind
from natverk.registry.models import Membership, Network, OrganisationName, Relation
from tests.factories import MembershipFactory, NetworkFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

JAN = datetime.date(2024, 1, 1)
JUN = datetime.date(2024, 6, 1)
DEC = datetime.date(2024, 12, 31)


def refused_by_database(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_network_slug_is_unique():
    NetworkFactory(slug="skur-natverket")
    refused_by_database(lambda: Network.objects.create(slug="skur-natverket", name="Annat"))


def test_organisation_slug_and_municipality_code_are_unique():
    OrganisationFactory(slug="malmo", municipality_code="1280")
    refused_by_database(lambda: OrganisationFactory(slug="malmo"))
    refused_by_database(lambda: OrganisationFactory(municipality_code="1280"))
    # Many organisations have no code at all.
    OrganisationFactory(municipality_code="")
    OrganisationFactory(municipality_code="")


def test_membership_end_before_start_is_refused_by_database():
    network, organisation = NetworkFactory(), OrganisationFactory()
    refused_by_database(
        lambda: Membership.objects.create(
            network=network, organisation=organisation, start_date=DEC, end_date=JAN
        )
    )


def test_overlapping_memberships_of_one_organisation_in_one_network_are_refused():
    first = MembershipFactory(start_date=JAN, end_date=JUN)
    refused_by_database(
        lambda: Membership.objects.create(
            network=first.network, organisation=first.organisation, start_date=JUN
        )
    )
    # An open start reaches back before any date, so it overlaps too.
    refused_by_database(
        lambda: Membership.objects.create(
            network=first.network, organisation=first.organisation, end_date=JAN
        )
    )


def test_consecutive_memberships_and_other_networks_are_allowed():
    first = MembershipFactory(start_date=JAN, end_date=JUN)
    Membership.objects.create(
        network=first.network,
        organisation=first.organisation,
        start_date=JUN + datetime.timedelta(days=1),
    )
    Membership.objects.create(network=NetworkFactory(), organisation=first.organisation)
    assert Membership.objects.filter(organisation=first.organisation).count() == 3


def test_moving_a_membership_onto_another_is_refused_by_database():
    first = MembershipFactory(start_date=JAN, end_date=JUN)
    later = Membership.objects.create(
        network=first.network, organisation=first.organisation, start_date=DEC
    )
    later.start_date = JUN
    refused_by_database(later.save)


def test_membership_validation_names_the_conflict():
    first = MembershipFactory(start_date=JAN, end_date=JUN)
    clash = Membership(network=first.network, organisation=first.organisation, start_date=JUN)
    with pytest.raises(ValidationError) as raised:
        clash.full_clean()
    message = " ".join(raised.value.messages)
    assert first.organisation.name in message
    assert first.network.name in message
    assert "2024" in message


def test_reversed_period_validation_says_so():
    membership = Membership(
        network=NetworkFactory(), organisation=OrganisationFactory(), start_date=DEC, end_date=JAN
    )
    with pytest.raises(ValidationError) as raised:
        membership.full_clean()
    assert raised.value.messages == ["Slutdatumet kan inte vara före startdatumet."]


def test_relation_needs_exactly_one_target():
    network, other = NetworkFactory(), NetworkFactory()
    organisation = OrganisationFactory()
    refused_by_database(lambda: Relation.objects.create(source=network, kind=RelationKind.ADVISES))
    refused_by_database(
        lambda: Relation.objects.create(
            source=network,
            kind=RelationKind.ADVISES,
            target_network=other,
            target_organisation=organisation,
        )
    )
    refused_by_database(
        lambda: Relation.objects.create(
            source=network, kind=RelationKind.PART_OF, target_network=network
        )
    )
    Relation.objects.create(source=network, kind=RelationKind.REPORTS_TO, target_network=other)
    refused_by_database(
        lambda: Relation.objects.create(
            source=network, kind=RelationKind.REPORTS_TO, target_network=other
        )
    )


def test_no_name_stands_for_two_organisations():
    malmo, lund = OrganisationFactory(name="Malmö stad"), OrganisationFactory(name="Lunds kommun")
    OrganisationName.objects.create(organisation=malmo, name="Malmö kommun")
    # Case and spacing do not make a different name.
    refused_by_database(
        lambda: OrganisationName.objects.create(organisation=lund, name="  MALMÖ   kommun")
    )
    clash = OrganisationName(organisation=lund, name="malmö kommun")
    with pytest.raises(ValidationError) as raised:
        clash.full_clean()
    assert "Malmö stad" in str(raised.value)


def test_residential_meetings_cannot_exceed_meetings():
    refused_by_database(
        lambda: NetworkFactory(meetings_per_year=2, residential_meetings_per_year=3)
    )
    NetworkFactory(meetings_per_year=4, residential_meetings_per_year=1)


def test_network_rich_text_is_sanitised_on_save():
    network = NetworkFactory(
        introduction=(
            '<p onclick="evil()">Hej <script>alert(1)</script><a href="javascript:x">x</a></p>'
        )
    )
    network.refresh_from_db()
    assert "script" not in network.introduction
    assert "onclick" not in network.introduction
    assert "javascript" not in network.introduction
    assert network.introduction.startswith("<p>Hej")
