"""The register's change log in the back office: who, when, what, before → after and
why, newest first, filtered by kind and by who, a page at a time; a network's history
with its memberships' and representatives' changes; a fixed number of queries."""

import datetime

import pytest
from django.urls import reverse

from natverk.core.history import save_recorded
from natverk.people.models import Representation
from natverk.registry.models import Membership, Network
from natverk.registry.services.names import organisation_rename
from tests.factories import MembershipFactory, NetworkFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

LOG = reverse("admin:change_log")


def test_the_log_says_who_when_what_old_new_and_why(secretariat_client, secretariat_user):
    network = NetworkFactory(name="Brysselnätverket", slug="bryssel")
    lund = OrganisationFactory(name="Lunds kommun")
    membership = MembershipFactory(network=network, organisation=lund)
    organisation_rename(organisation=lund, name="Lunds stad")  # a former name has no form
    assert (
        "Ändringar i registret" in secretariat_client.get(reverse("admin:index")).content.decode()
    )
    membership.role = "observer"
    save_recorded(membership, reason="import_page")
    network.name = "EU-nätverket"
    save_recorded(network, reason="admin", by=secretariat_user)

    page = secretariat_client.get(LOG).content.decode()
    rows = page.split('id="change-log"')[1]
    # Newest first; what an entry links to is named as it is called today.
    assert rows.index("Brysselnätverket → EU-nätverket") < rows.index("Lunds stad i EU-nätverket")
    assert "<strong>Namn:</strong> Brysselnätverket → EU-nätverket" in rows
    assert "<strong>Roll:</strong> medlem → observatör" in rows
    assert "I administrationen" in rows and "import_page" in rows
    change = reverse("admin:registry_network_change", args=[network.pk])
    assert f'<a href="{change}">EU-nätverket</a>' in rows
    assert "kansliet@example.se" in rows
    assert "None" not in rows and "Återställ" not in page


def test_the_log_is_filtered_by_kind_and_by_who(secretariat_client, secretariat_user):
    network = NetworkFactory(name="Brysselnätverket")
    MembershipFactory(network=network, organisation=OrganisationFactory(name="Lunds kommun"))
    network.name = "EU-nätverket"
    save_recorded(network, reason="admin", by=secretariat_user)

    memberships = secretariat_client.get(LOG, {"typ": "membership"}).content.decode()
    assert "Lunds kommun i EU-nätverket" in memberships
    assert "Brysselnätverket → EU-nätverket" not in memberships
    mine = secretariat_client.get(LOG, {"vem": secretariat_user.pk}).content.decode()
    assert "Brysselnätverket → EU-nätverket" in mine and "Lunds kommun i" not in mine
    nobody = secretariat_client.get(LOG, {"vem": "ingen"}).content.decode()
    assert "Lunds kommun i" in nobody and "→ EU-nätverket" not in nobody
    unknown = secretariat_client.get(LOG, {"typ": "nonsense", "vem": "x"})
    assert unknown.status_code == 200 and "errorlist" in unknown.content.decode()


def test_older_changes_are_a_page_further(secretariat_client):
    networks = [NetworkFactory(name=f"Nätverk nummer {n:02}") for n in range(55)]
    first = secretariat_client.get(LOG, {"typ": "network"}).content.decode()
    assert networks[-1].name in first and networks[0].name not in first
    older = first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    second = secretariat_client.get(LOG + older).content.decode()
    assert networks[0].name in second and networks[-1].name not in second
    assert "Nyaste ändringarna" in second


def test_a_networks_history_has_its_memberships_and_representatives(secretariat_client):
    network = NetworkFactory(name="Brysselnätverket")
    other = NetworkFactory(name="Annat nätverk")
    lund = OrganisationFactory(name="Lunds kommun")
    MembershipFactory(network=network, organisation=lund)
    MembershipFactory(network=other, organisation=OrganisationFactory(name="Ystads kommun"))
    Representation.objects.create(
        person=PersonFactory(given_name="Eva", family_name="Lind"),
        network=network,
        organisation=lund,
    )
    page = secretariat_client.get(
        reverse("admin:registry_network_history", args=[network.pk])
    ).content.decode()
    assert "Historik: Brysselnätverket" in page
    assert "Lunds kommun i Brysselnätverket" in page
    assert "Eva Lind (Lunds kommun) i Brysselnätverket" in page
    assert "Ystads kommun" not in page and "Annat nätverk" not in page


def _many_changes(count: int) -> None:
    for index in range(count):
        network = NetworkFactory(name=f"Nät {index}")
        membership = MembershipFactory(network=network)
        membership.end_date = datetime.date(2026, 1, 1)
        save_recorded(membership, reason="test")
        Representation.objects.create(
            person=PersonFactory(), network=network, organisation=membership.organisation
        )
        network.name = f"Nätet {index}"
        save_recorded(network, reason="test")


@pytest.mark.parametrize("count", [1, 20])
def test_a_page_of_the_log_costs_the_same_queries_for_one_or_many(
    secretariat_client, django_assert_num_queries, count
):
    _many_changes(count)
    secretariat_client.get(LOG)  # the session and the site identity, as after the first page
    # session, user, the accounts to filter by; per kind of record its rows and the
    # entries before them; the organisations, networks, people and accounts named.
    with django_assert_num_queries(24):
        assert secretariat_client.get(LOG).status_code == 200
    network = Network.objects.first()
    with django_assert_num_queries(18):
        secretariat_client.get(reverse("admin:registry_network_history", args=[network.pk]))
    assert Membership.objects.count() == count
