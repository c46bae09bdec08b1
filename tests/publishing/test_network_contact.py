"""A network's public functional contact and "how to take part": written in the back
office, shown on its page under their own headings, escaped, in both languages."""

import pytest
from django.test import Client

from natverk.registry.models import Network
from tests.publishing.support import visible_text
from tests.registry.test_renames import change, form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]


def test_the_secretariat_writes_the_contact_in_the_back_office_and_the_page_shows_it(
    secretariat_client,
):
    skur = Network.objects.get(slug="skur-natverket")
    form = secretariat_client.get(change(skur))
    html = form.content.decode()
    for label in ("Kontakt och deltagande", "Kontaktadress", "Så deltar du"):
        assert label in html
    assert "Aldrig en persons egen adress" in html
    response = secretariat_client.post(
        change(skur),
        form_data(
            form,
            contact_email="eu@skanekommuner.example",
            contact_name="Skånes Kommuners EU-kontor",
            contact_url="https://skanekommuner.example/skur",
            how_to_take_part="Kommuner anmäler sin EU-samordnare.\n\nHör av dig till oss.",
        ),
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    page = Client().get("/natverk/skur-natverket/").content.decode()
    text = visible_text(page)
    assert "Så deltar du Kommuner anmäler sin EU-samordnare. Hör av dig till oss." in text
    assert "<p>Kommuner anmäler sin EU-samordnare.</p>\n\n<p>Hör av dig till oss.</p>" in page
    assert "Kontakt Skånes Kommuners EU-kontor eu@skanekommuner.example" in text
    assert 'href="mailto:eu@skanekommuner.example"' in page
    assert 'href="https://skanekommuner.example/skur"' in page


def test_an_address_that_is_not_one_is_refused_with_a_message(secretariat_client):
    skur = Network.objects.get(slug="skur-natverket")
    form = secretariat_client.get(change(skur))
    response = secretariat_client.post(change(skur), form_data(form, contact_email="eu-kontoret"))
    assert response.status_code == 200
    assert "Ange en giltig mejladress." in response.content.decode()
    skur.refresh_from_db()
    assert skur.contact_email == ""


def test_what_is_typed_is_shown_as_text_never_as_markup(client):
    skur = Network.objects.get(slug="skur-natverket")
    skur.how_to_take_part = 'Skriv <script>alert("x")</script>till <b>oss</b> & fråga.'
    skur.contact_name = "<em>EU-kontoret</em>"
    skur.contact_email = "eu@skanekommuner.example"
    skur.save()
    skur.refresh_from_db()
    assert skur.how_to_take_part == 'Skriv alert("x")till oss & fråga.'
    page = client.get("/natverk/skur-natverket/").content.decode()
    assert "<script>" not in page and "<b>oss</b>" not in page
    assert "till oss &amp; fråga." in page
    assert "&lt;em&gt;EU-kontoret&lt;/em&gt;" in page


def test_the_english_page_has_the_english_text_or_marks_the_swedish(client):
    skur = Network.objects.get(slug="skur-natverket")
    skur.how_to_take_part = "Kommuner anmäler sin EU-samordnare."
    skur.save()
    page = client.get("/en/natverk/skur-natverket/").content.decode()
    assert "How to take part" in page
    assert '<div class="take-part" lang="sv"><p>Kommuner anmäler' in page
    skur.how_to_take_part_en = "Municipalities send their EU coordinator."
    skur.save()
    page = client.get("/en/natverk/skur-natverket/").content.decode()
    assert '<div class="take-part"><p>Municipalities send their EU coordinator.' in page


def test_a_network_without_a_contact_shows_no_empty_headings(client):
    page = client.get("/natverk/skur-natverket/").content.decode()
    assert "<h2>Kontakt</h2>" not in page
    assert "<h2>Så deltar du</h2>" not in page
