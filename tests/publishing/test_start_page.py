"""The start page lists the networks with their conveners and members."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from natverk.registry.enums import MembershipRole
from natverk.registry.models import Network
from tests.factories import MembershipFactory, NetworkFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def visible_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.usefixtures("seeded")
def test_start_page_lists_the_seed_networks_with_conveners_and_members(client):
    page = visible_text(client.get("/").content.decode())
    assert "Nätverk som vi driver" in page
    assert "Nätverk som vi deltar i" in page
    for name in [
        "Brysselnätverket",
        "Fondsamordningsgruppen",
        "Landsbygdspartnerskapet",
        "SKUR-nätverket",
        "Strategiska EU-nätverket",
    ]:
        assert name in page
    assert (
        "Följande organisationer deltar i nätverket: Region Skåne (sammankallande), Malmö stad, "
        "Länsstyrelsen Skåne, Skånes Kommuner och Malmö universitet."
    ) in page
    assert "Skånes Kommuner (gemensamt sammankallande)" in page
    assert "Sidansvarig: Alma Sandberg" in page
    # Not reviewed yet, so not listed.
    assert "Strategiska fondsamordningsgruppen" not in page.split("Fondsamordningsgruppen")[0]


@pytest.mark.usefixtures("seeded")
def test_start_page_in_english(client):
    response = client.get("/en/")
    page = visible_text(response.content.decode())
    assert response.headers["Content-Language"] == "en"
    assert "Networks we drive" in page
    assert "The following organisations take part in the network:" in page
    assert "Region Skåne (convener)" in page


@pytest.mark.usefixtures("seeded")
def test_start_page_shows_no_personal_data(client):
    person = PersonFactory(email="sentinel-7781@example.se", phone="+46 70 778 81 00")
    network = Network.objects.get(slug="skur-natverket")
    from natverk.people.models import Representation

    Representation.objects.create(
        person=person, network=network, organisation=network.memberships.first().organisation
    )
    for url in ["/", "/en/", "/natverk/skur-natverket/", "/organisationer/malmo/"]:
        page = client.get(url).content.decode()
        assert "sentinel-7781" not in page
        assert "778 81 00" not in page
        assert person.family_name not in page


def test_start_page_costs_the_same_queries_for_one_and_fifty_networks(client):
    home = OrganisationFactory(slug="skanes-kommuner")

    def add_networks(count: int) -> None:
        for _ in range(count):
            network = NetworkFactory()
            MembershipFactory(network=network, organisation=home, role=MembershipRole.CONVENER)
            MembershipFactory(network=network)
            MembershipFactory(network=network)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
        return len(captured)

    add_networks(1)
    one = queries()
    add_networks(49)
    assert queries() == one
    assert Network.objects.count() == 50
