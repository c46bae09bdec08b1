"""What the public pages say about who takes part is true of the data, in both languages."""

import html as markup
import re

import pytest

from natverk.registry.enums import MembershipRole
from natverk.registry.models import Membership, Network
from tests.factories import MembershipFactory, NetworkFactory, OrganisationFactory
from tests.publishing.support import page_text

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("seeded")
def test_one_convener_who_gathers_the_municipalities_is_not_a_list(client):
    text = page_text(client, "/natverk/")
    assert "deltar i nätverket: Skånes Kommuner (gemensamt" not in text
    assert (
        "Nätverket samlas av Skånes Kommuner (gemensamt sammankallande, tidigare "
        "Kommunförbundet Skåne). Kommunernas EU-samordnare/strateger eller annan resurs som "
        "ansvarar för EU-frågor deltar genom Skånes Kommuner."
    ) in text


@pytest.mark.usefixtures("seeded")
def test_the_english_sentence_is_english_with_the_swedish_audience_marked(client):
    html = client.get("/en/natverk/").content.decode()
    text = markup.unescape(page_text(client, "/en/natverk/"))
    assert (
        "The network is convened by Skånes Kommuner (joint convener, formerly Kommunförbundet "
        "Skåne). The municipalities' EU-samordnare/strateger eller annan resurs som ansvarar "
        "för EU-frågor take part through Skånes Kommuner."
    ) in text
    assert '<span lang="sv">EU-samordnare/strateger' in html
    # A group as the Swedish page worded it is Swedish on the English page.
    assert '<span lang="sv">representanter från Interreg-programmen</span>' in html
    assert "Networks we run" in text
    assert "Networks we take part in" in text


def test_conveners_come_first_whatever_order_they_were_typed_in(client):
    network = NetworkFactory(name="Samverkan")
    for position, (name, role) in enumerate(
        [("Alfa", MembershipRole.MEMBER), ("Beta", MembershipRole.CONVENER),
         ("Gamma", MembershipRole.MEMBER), ("Delta", MembershipRole.CO_CONVENER)]
    ):  # fmt: skip
        MembershipFactory(
            network=network, organisation=OrganisationFactory(name=name), role=role,
            position=position,
        )  # fmt: skip
    text = page_text(client, "/natverk/?roll=alla")
    assert (
        "Följande organisationer deltar i nätverket: Beta (sammankallande), Delta (gemensamt "
        "sammankallande), Alfa och Gamma."
    ) in text
    detail = page_text(client, f"/natverk/{network.slug}/")
    assert re.search(r"Beta – sammankallande Delta – gemensamt sammankallande Alfa Gamma", detail)


def test_one_member_that_does_not_convene(client):
    network = NetworkFactory(name="Ensam")
    MembershipFactory(network=network, organisation=OrganisationFactory(name="Ystads kommun"))
    assert "I nätverket deltar Ystads kommun." in page_text(client, "/natverk/?roll=alla")
    assert "Ystads kommun takes part in the network." in page_text(client, "/en/natverk/?roll=alla")


@pytest.mark.usefixtures("seeded")
def test_a_wording_that_only_repeats_the_name_is_not_shown(client):
    membership = Membership.objects.get(
        network__slug="strategiska-eu-natverket", organisation__name__startswith="Europa"
    )
    assert membership.described_as.casefold() == membership.organisation.name.casefold()
    text = page_text(client, "/natverk/strategiska-eu-natverket/")
    assert "Europa Direkt-kontoren i Skåne (Europa" not in text
    assert "Skånes fyra hörn (ett antal kommuner/representanter från de fyra hörnen)" in text


@pytest.mark.usefixtures("seeded")
def test_form_and_status_are_shown_only_when_they_say_something(client):
    formal = page_text(client, "/natverk/brysselnatverket/")
    assert " Form " not in formal and "Formell" not in formal
    assert "Status" not in formal
    informal = page_text(client, "/natverk/skur-natverket/")
    assert "Form Informell" in informal
    Network.objects.filter(slug="brysselnatverket").update(status="dormant")
    Network.objects.get(slug="brysselnatverket").save()  # history, so the page is renewed
    assert "Status Vilande" in page_text(client, "/natverk/brysselnatverket/")


@pytest.mark.usefixtures("seeded")
def test_english_network_pages_say_upcoming_meetings(client):
    text = page_text(client, "/en/natverk/brysselnatverket/")
    assert "Upcoming meetings" in text
    assert "Coming meetings" not in text
