"""The site's owner is reachable by a contact form: the message goes by email to the
contact address through the outbox, a program filling in the hidden field sends
nothing, one client sends at most a few an hour, and nothing posted is shown."""

import pytest

from natverk.core.models import OutgoingMessage, SiteIdentity
from tests.outbox import deliver

pytestmark = pytest.mark.django_db

MESSAGE = "Hej! Hur går man med i Brysselnätverket som ny kommun? Tack, Sentinella"


@pytest.fixture
def identity(db):
    return SiteIdentity.objects.create(
        name="Skånes Kommuner", contact_email="info@skaneskommuner.example.se"
    )


def _send(client, headers=None, **changes):
    data = {"name": "Sentinella", "email": "sentinella@example.se", "message": MESSAGE,
            "website": "", **changes}  # fmt: skip
    return client.post("/kontakt/", data, **(headers or {}))


def test_a_message_reaches_the_contact_address_and_is_shown_nowhere(client, identity, smtp_server):
    form = client.get("/kontakt/")
    assert form.status_code == 200 and 'name="website"' in form.content.decode()
    response = _send(client)
    assert response.status_code == 200
    assert "Tack: ditt meddelande är på väg" in response.content.decode()
    assert deliver() == 1
    [email] = smtp_server.to("info@skaneskommuner.example.se")
    text = smtp_server.text(email)
    assert MESSAGE in text and "sentinella@example.se" in text
    assert "Skånes Kommuner" in email["Subject"]
    for path in ["/", "/kontakt/", "/en/kontakt/", "/om-webbplatsen/"]:
        assert "Sentinella" not in client.get(path).content.decode()


def test_a_program_filling_in_the_hidden_field_is_thanked_and_nothing_is_sent(client, identity):
    response = _send(client, website="https://spam.example")
    assert "Tack" in response.content.decode()
    assert not OutgoingMessage.objects.exists()


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"email": "inte en adress"}, "mejladress"),
        ({"message": "hej"}, "minst 10 tecken"),
        ({"message": "x" * 5001}, "5000"),
        ({"email": ""}, "obligatoriskt"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_sent(client, identity, changes, said):
    response = _send(client, **changes)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Meddelandet skickades inte" in html and said in html
    assert not OutgoingMessage.objects.exists()


def test_one_client_sends_at_most_a_few_an_hour(client, identity, settings):
    settings.NATVERK_CONTACT_MESSAGES_PER_HOUR = 2
    assert _send(client).status_code == 200
    assert _send(client).status_code == 200
    refused = _send(client)
    assert refused.status_code == 429
    assert "Vänta en stund" in refused.content.decode()
    assert OutgoingMessage.objects.count() == 2
    assert _send(client, headers={"REMOTE_ADDR": "10.2.3.4"}).status_code == 200


def test_without_a_contact_address_there_is_no_form(client):
    page = client.get("/kontakt/").content.decode()
    assert 'name="message"' not in page and "inte angett någon kontaktadress" in page
    assert _send(client).status_code == 200
    assert not OutgoingMessage.objects.exists()
