"""Derived facts: the home organisation's role, and the page's 'last updated'."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from natverk.registry.enums import HomeRole, MembershipRole
from natverk.registry.models import Membership, Network, PageSettings
from natverk.registry.selectors import network_home_role, public_page_last_updated
from natverk.registry.services.memberships import memberships_end
from tests.factories import MembershipFactory, NetworkFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    return OrganisationFactory(slug="skanes-kommuner", name="Skånes Kommuner")


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (MembershipRole.CONVENER, HomeRole.DRIVES),
        (MembershipRole.CO_CONVENER, HomeRole.DRIVES),
        (MembershipRole.MEMBER, HomeRole.TAKES_PART),
        (MembershipRole.OBSERVER, HomeRole.TAKES_PART),
    ],
)
def test_home_role_follows_the_home_organisations_membership(home, role, expected):
    membership = MembershipFactory(organisation=home, role=role)
    assert network_home_role(membership.network) == expected


def test_home_role_is_none_without_a_current_membership(home):
    network = NetworkFactory()
    assert network_home_role(network) == HomeRole.NONE
    MembershipFactory(
        network=network, organisation=OrganisationFactory(), role=MembershipRole.CONVENER
    )
    assert network_home_role(network) == HomeRole.NONE
    ended = MembershipFactory(
        network=network,
        organisation=home,
        end_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    assert network_home_role(ended.network) == HomeRole.NONE


def test_home_role_changes_when_the_membership_changes(home):
    membership = MembershipFactory(organisation=home, role=MembershipRole.MEMBER)
    membership.role = MembershipRole.CONVENER
    membership.save()
    assert network_home_role(membership.network) == HomeRole.DRIVES


@override_settings(NATVERK_HOME_ORGANISATION="region-skane")
def test_home_organisation_is_a_setting(home):
    region = OrganisationFactory(slug="region-skane")
    network = NetworkFactory()
    MembershipFactory(network=network, organisation=home, role=MembershipRole.CONVENER)
    MembershipFactory(network=network, organisation=region, role=MembershipRole.MEMBER)
    assert network_home_role(network) == HomeRole.TAKES_PART


def test_every_change_is_kept_in_history_with_its_author(secretariat_user):
    network = NetworkFactory(name="Brysselnätverket")
    network.name = "Brysselnätverket (nytt namn)"
    network._history_user = secretariat_user
    network.save()
    records = list(network.history.order_by("history_date"))
    assert [r.name for r in records] == ["Brysselnätverket", "Brysselnätverket (nytt namn)"]
    assert [r.history_type for r in records] == ["+", "~"]
    assert records[-1].history_user == secretariat_user


def test_last_updated_is_the_latest_change_in_the_history():
    assert public_page_last_updated() is None
    network = NetworkFactory()
    first = public_page_last_updated()
    assert first == network.history.latest().history_date
    PageSettings.load().save()
    membership = MembershipFactory(network=network)
    assert public_page_last_updated() == membership.history.latest().history_date
    assert public_page_last_updated() >= first


def test_last_updated_moves_when_a_row_is_deleted():
    membership = MembershipFactory()
    before = public_page_last_updated()
    membership.delete()
    assert public_page_last_updated() > before


def test_ending_memberships_sets_the_last_day_and_leaves_ended_ones_alone():
    today = timezone.localdate()
    current = MembershipFactory()
    earlier = MembershipFactory(end_date=today - datetime.timedelta(days=10))
    ended = memberships_end(memberships=Membership.objects.all(), on=today)
    assert ended == 1
    current.refresh_from_db()
    earlier.refresh_from_db()
    assert current.end_date == today
    assert earlier.end_date == today - datetime.timedelta(days=10)
    assert Network.objects.count() == 2
