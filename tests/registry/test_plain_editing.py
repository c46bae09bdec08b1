"""Editing without markup: descriptions are written as plain paragraphs and stored as
sanitised HTML; residential places as names one a line; the stored HTML of before reads
back as the same paragraphs."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from natverk.registry.models import Network, PageSettings
from natverk.registry.sanitising import html_to_paragraphs, paragraphs_to_html
from tests.factories import NetworkFactory
from tests.registry.test_admin import add_network_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "html",
    [
        "<p>Ett nätverk för samverkan.</p>",
        "<p>Rad ett<br>rad två</p><p>Stycke två &amp; mer</p>",
        '<ul><li>Bryssel</li><li>Läs <a href="https://skane.se/eu">mer</a></li></ul>',
        "<ol><li>Först</li><li>Sedan</li></ol>",
    ],
)
def test_stored_html_reads_as_paragraphs_and_back_to_the_same(html):
    text = html_to_paragraphs(html)
    assert "<" not in text
    assert paragraphs_to_html(text) == paragraphs_to_html(
        html_to_paragraphs(paragraphs_to_html(text))
    )
    assert html_to_paragraphs(paragraphs_to_html(text)) == text


def test_paragraphs_become_sanitised_html():
    text = (
        "Första stycket\nmed en rad till.\n\n- Lund\n- Malmö\n\n"
        "Se https://skane.se. <script>x</script>"
    )
    assert paragraphs_to_html(text) == (
        "<p>Första stycket<br>med en rad till.</p><ul><li>Lund</li><li>Malmö</li></ul>"
        '<p>Se <a href="https://skane.se" rel="noopener noreferrer">https://skane.se</a>. '
        "&lt;script&gt;x&lt;/script&gt;</p>"
    )


def test_the_change_form_shows_paragraphs_and_names_not_tags(secretariat_client):
    network = Network.objects.create(
        name="Brysselnätverket",
        slug="brysselnatverket",
        introduction="<p>Ett nätverk.</p><p>För <strong>EU</strong>-frågor.</p>",
        residential_places=["Bryssel", "Skåne"],
    )
    page = secretariat_client.get(reverse("admin:registry_network_change", args=[network.pk]))
    html = page.content.decode()
    assert "Ett nätverk.\n\nFör EU-frågor.</textarea>" in html
    assert "&lt;p&gt;" not in html and "[&quot;Bryssel&quot;" not in html
    assert "Bryssel\nSkåne</textarea>" in html
    assert "en tom rad mellan stycken" in html


def test_paragraphs_and_places_are_saved_from_plain_text(secretariat_client):
    data = add_network_data() | {
        "introduction": "Ett nätverk.\r\n\r\nFör EU-frågor.",
        "residential_places": "Bryssel\r\n\r\n  Skåne  \r\n",
    }
    response = secretariat_client.post(reverse("admin:registry_network_add"), data)
    assert response.status_code == 302
    network = Network.objects.get(slug="nytt-natverk")
    assert network.introduction == "<p>Ett nätverk.</p><p>För EU-frågor.</p>"
    assert network.residential_places == ["Bryssel", "Skåne"]


def test_a_place_listed_twice_is_refused_and_nothing_saved(secretariat_client):
    data = add_network_data() | {"residential_places": "Bryssel\r\nbryssel"}
    response = secretariat_client.post(reverse("admin:registry_network_add"), data)
    assert response.status_code == 200
    assert "”bryssel” står två gånger; skriv varje ort en gång." in response.content.decode()
    assert not Network.objects.filter(slug="nytt-natverk").exists()


def test_the_focus_widget_and_the_page_settings_speak_swedish(secretariat_client):
    network = Network.objects.create(name="Ett", slug="ett")
    page = secretariat_client.get(reverse("admin:registry_network_change", args=[network.pk]))
    assert "inriktningar" in page.content.decode()
    PageSettings.objects.create(introduction="<p>Om sidan.</p>")
    page = secretariat_client.get(reverse("admin:registry_pagesettings_change", args=[1]))
    assert "Om sidan.</textarea>" in page.content.decode()


def test_the_migration_writes_each_description_as_the_form_will_save_it():
    migration = importlib.import_module(
        "natverk.registry.migrations.0008_review_cycle_plain_descriptions"
    )
    network = Network.objects.create(name="Ett", slug="ett")
    Network.objects.filter(pk=network.pk).update(
        introduction="<p>Ett <em>nätverk</em></p>\n<ul>\n<li>Lund</li></ul>", purpose=""
    )
    migration.descriptions_as_paragraphs(apps, None)
    network.refresh_from_db()
    assert network.introduction == "<p>Ett nätverk</p><ul><li>Lund</li></ul>"
    assert html_to_paragraphs(network.introduction) == "Ett nätverk\n\n- Lund"


def test_a_meetings_description_and_a_post_are_edited_as_paragraphs(secretariat_client):
    from natverk.meetings.services import meeting_create
    from natverk.workspace.models import Post

    network = NetworkFactory(name="Brysselnätverket")
    meeting = meeting_create(networks=[network], leading=network, title="Höstmöte")
    meeting.description = "<p>Vi ses.</p><p>Ta med <em>kaffe</em>.</p>"
    meeting.save()
    page = secretariat_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk]))
    assert "Vi ses.\n\nTa med kaffe.</textarea>" in page.content.decode()
    post = Post.objects.create(network=network, title="Kallelse", body="<p>Hej<br>alla</p>")
    page = secretariat_client.get(reverse("admin:workspace_post_change", args=[post.pk]))
    assert "Hej\nalla</textarea>" in page.content.decode()
    assert "&lt;p&gt;" not in page.content.decode()
