"""Public history: since when each organisation takes part, former members and former
networks, a network's founding, renaming and closing; closed networks stay findable."""

import datetime

import pytest
from django.utils import timezone

from natverk.publishing.search import documents_refresh
from natverk.registry.enums import MembershipRole
from natverk.registry.models import Membership, Network
from tests.factories import MembershipFactory, NetworkFactory, OrganisationFactory
from tests.publishing.support import network_names, page_text

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def history():
    today = timezone.localdate()
    network = NetworkFactory(
        name="Kustnätverket", slug="kust", founded_on=datetime.date(2015, 3, 1)
    )
    MembershipFactory(
        network=network,
        organisation=OrganisationFactory(name="Ystads kommun", slug="ystad"),
        role=MembershipRole.CONVENER,
        start_date=datetime.date(2018, 1, 15),
    )
    MembershipFactory(
        network=network,
        organisation=OrganisationFactory(name="Trelleborgs kommun", slug="trelleborg"),
        start_date=datetime.date(2016, 5, 2),
        end_date=datetime.date(2021, 12, 31),
    )
    MembershipFactory(
        network=network,
        organisation=OrganisationFactory(name="Simrishamns kommun", slug="simrishamn"),
        end_date=today - DAY,
    )
    return network


def test_a_network_shows_since_when_and_its_former_members(client, history):
    text = page_text(client, "/natverk/kust/")
    assert "Ystads kommun – sammankallande (sedan 15 januari 2018)" in text
    former = text.split("Tidigare medlemmar")[1].split("Historik")[0].split("Alla nätverk")[0]
    assert "Trelleborgs kommun, 2 maj 2016–31 december 2021" in former
    assert "Simrishamns kommun, till och med" in former
    assert "Ystads kommun" not in former
    assert "Members" in page_text(client, "/en/natverk/kust/")
    assert "Trelleborgs kommun, 2 May 2016–31 December 2021" in page_text(
        client, "/en/natverk/kust/"
    )


def test_an_organisation_shows_its_former_networks(client, history):
    text = page_text(client, "/organisationer/trelleborg/")
    assert "Tidigare nätverk Kustnätverket – medlem, 2 maj 2016–31 december 2021" in text
    assert "Former networks" in page_text(client, "/en/organisationer/trelleborg/")


def test_a_network_shows_when_it_was_founded_renamed_and_closed(client, history):
    history.name = "Kustsamverkan"
    history.save()
    history.status = "closed"
    history.closed_on = timezone.localdate()
    history.save()
    text = page_text(client, "/natverk/kust/")
    assert "Historik Grundat 1 mars 2015" in text
    assert "Kustnätverket → Kustsamverkan" in text
    assert "Bytte namn" in text
    assert "Avslutat" in text
    assert "Status Avslutat" in text
    english = page_text(client, "/en/natverk/kust/")
    assert "History Founded 1 March 2015" in english
    assert "Renamed on" in english


def test_a_closed_network_stays_findable_marked_closed(client, history):
    history.status = "closed"
    history.save()
    documents_refresh()  # as after the commit
    assert network_names(client, "/natverk/?roll=alla&q=Kustnätverket") == ["Kustnätverket"]
    text = page_text(client, "/natverk/?roll=alla&q=Kustnätverket")
    assert "Kustnätverket (avslutat)" in text


def test_an_ended_membership_leaves_the_current_members(client, history):
    assert not Membership.objects.current().filter(organisation__slug="simrishamn").exists()
    members = page_text(client, "/natverk/kust/").split("Medlemmar")[1].split("Tidigare")[0]
    assert "Simrishamns kommun" not in members
    assert Network.objects.get(slug="kust").founded_on.year == 2015
