"""Seats, safely: an address already in the register is reused only once the coordinator
has seen whose it is, and someone of another organisation is seated only once the
secretariat confirms; a mistaken appointment is removed the same day; ending asks first;
coming ends and successors show; appointees can be invited to an account."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from natverk.core.models import AuditEntry
from natverk.people.enums import AppointmentOutcome
from natverk.people.models import AppointmentRequest, Person, Representation
from natverk.registry.models import Organisation
from tests.outbox import deliver

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def text(response) -> str:
    return " ".join(response.content.decode().split())


def appoint(client, cast, email, organisation="malmo", **extra):
    return client.post(
        reverse("workspace:representative_appoint", kwargs={"slug": cast.skur.slug}),
        {
            "organisation": Organisation.objects.get(slug=organisation).pk,
            "role": "ordinary",
            "email": email,
            "given_name": "Skrivet",
            "family_name": "Namn",
            **extra,
        },
    )


@pytest.fixture
def coordinator(cast):
    client = Client()
    client.force_login(cast.users["coordinator"])
    return client


@pytest.fixture
def colleague(cast):
    """Someone of Malmö stad in the register, seated nowhere yet."""
    return Person.objects.create(
        given_name="Maja",
        family_name="Malmsten",
        email="maja@malmo.example.se",
        employer=Organisation.objects.get(slug="malmo"),
    )


@pytest.fixture
def lena(cast):
    """Someone of Lund, in the register."""
    return Person.objects.create(
        given_name="Lena",
        family_name="Holm",
        email="lena@lund.example.se",
        phone="046-11 22 33",
        employer=Organisation.objects.get(slug="lund"),
    )


def test_an_address_of_a_colleague_shows_who_it_is_and_asks_first(coordinator, cast, colleague):
    seats = Representation.objects.count()
    asking = appoint(coordinator, cast, "MAJA@malmo.example.se")
    assert asking.status_code == 200
    page = text(asking)
    assert "Maja Malmsten</strong>, Malmö stad" in page
    assert "Ja, Maja Malmsten" in page
    assert Representation.objects.count() == seats
    entry = AuditEntry.objects.get(action="people.person.address_looked_up")
    assert (entry.subject_id, entry.details["found"]) == (str(colleague.pk), True)
    done = appoint(coordinator, cast, "MAJA@malmo.example.se", confirm="on")
    assert done.status_code == 302
    seat = Representation.objects.get(person=colleague)
    assert seat.organisation.slug == "malmo"
    colleague.refresh_from_db()
    assert colleague.given_name == "Maja"  # what was typed does not rename her


def test_an_address_of_someone_elsewhere_needs_the_secretariat_and_reveals_nothing(
    coordinator, cast, lena, secretariat_client, smtp_server
):
    asking = text(appoint(coordinator, cast, "lena@lund.example.se"))
    assert "Lena" not in asking and "Holm" not in asking and "Lund" not in asking
    assert "Sekretariatet måste bekräfta platsen" in asking
    assert not AppointmentRequest.objects.exists()
    appoint(coordinator, cast, "lena@lund.example.se", confirm="on")
    request = AppointmentRequest.objects.get()
    assert (request.person, request.outcome) == (lena, AppointmentOutcome.WAITING)
    assert not Representation.objects.filter(person=lena).exists()
    # Not in the coordinator's contact list, nor its export: not seated.
    export = coordinator.get(reverse("workspace:contacts_csv", kwargs={"slug": cast.skur.slug}))
    assert "046-11 22 33" not in export.content.decode("utf-8-sig")
    page = text(coordinator.get(reverse("workspace:representatives", args=[cast.skur.slug])))
    assert "lena@lund.example.se – Malmö stad" in page
    deliver()
    [asked] = smtp_server.to("natverk@localhost")
    assert "Lena Holm" in smtp_server.text(asked)
    # The secretariat confirms in the back office: the seat is made, the coordinator told.
    secretariat_client.post(
        reverse("admin:people_appointmentrequest_changelist"),
        {"action": "confirm", "_selected_action": [request.pk]},
    )
    assert Representation.objects.get(person=lena).organisation.slug == "malmo"
    deliver()
    [told] = smtp_server.to("samordnare@example.se")
    assert "bekräftade platsen för Lena Holm" in smtp_server.text(told)


def test_a_coordinator_cannot_backdate_a_seat_but_the_secretariat_can(
    coordinator, cast, secretariat_client
):
    long_ago = "1900-01-01"
    refused = appoint(coordinator, cast, "forr@example.se", start=long_ago)
    assert refused.status_code == 400
    assert "högst 14 dagar bakåt" in text(refused)
    assert not Person.objects.filter(email="forr@example.se").exists()
    recent = (TODAY - datetime.timedelta(days=7)).isoformat()
    assert appoint(coordinator, cast, "nyss@example.se", start=recent).status_code == 302
    membership = cast.skur.memberships.get(organisation__slug="malmo")
    membership.start_date = None
    membership.save()
    allowed = appoint(secretariat_client, cast, "forr@example.se", start="2001-01-01")
    assert allowed.status_code == 302
    assert Representation.objects.get(person__email="forr@example.se").start_date == (
        datetime.date(2001, 1, 1)
    )


def test_a_seat_recorded_on_an_earlier_day_cannot_be_removed(coordinator, cast):
    seat = Representation.objects.get(person=cast.people["representative"])
    Representation.history.filter(id=seat.pk).update(
        history_date=timezone.now() - datetime.timedelta(days=3)
    )
    page = text(coordinator.get(reverse("workspace:representatives", args=[cast.skur.slug])))
    assert "Ta bort: utsedd av misstag i dag" not in page
    response = coordinator.post(
        reverse("workspace:representative_remove", args=[cast.skur.slug]),
        {"representation": seat.pk},
    )
    assert response.status_code == 400
    assert "avsluta den i stället" in text(response)
    assert Representation.objects.filter(pk=seat.pk).exists()


def test_coming_ends_and_successors_show_on_the_representatives_page(coordinator, cast):
    seat = Representation.objects.get(person=cast.people["representative"])
    handover = TODAY + datetime.timedelta(days=30)
    coordinator.post(
        reverse("workspace:representative_hand_over", args=[cast.skur.slug]),
        {
            "representation": seat.pk,
            "email": "nasta@malmo.example.se",
            "given_name": "Nästa",
            "family_name": "Person",
            "start": handover.isoformat(),
        },
    )
    page = text(coordinator.get(reverse("workspace:representatives", args=[cast.skur.slug])))
    last_day = (handover - datetime.timedelta(days=1)).strftime("%-d")
    assert f"Sitter till och med {last_day} " in page
    assert "Platser som kommer" in page
    assert "Nästa Person – Malmö stad (ordinarie), från" in page


def test_a_coordinator_invites_an_appointee_to_an_account(coordinator, cast, smtp_server):
    appoint(coordinator, cast, "konto@example.se")
    seat = Representation.objects.get(person__email="konto@example.se")
    page = text(coordinator.get(reverse("workspace:representatives", args=[cast.skur.slug])))
    assert "Bjud in Skrivet Namn till ett konto" in page
    coordinator.post(
        reverse("workspace:representative_invite", args=[cast.skur.slug]),
        {"representation": seat.pk},
    )
    seat.person.refresh_from_db()
    assert seat.person.user is not None
    deliver()
    [invitation] = smtp_server.to("konto@example.se")
    assert "/konto/inbjudan/" in smtp_server.text(invitation)


def test_another_networks_coordinator_cannot_invite_a_seat_holder(client, cast):
    client.force_login(cast.users["other_coordinator"])
    seat = Representation.objects.get(person=cast.people["representative"])
    response = client.post(
        reverse("workspace:representative_invite", args=[cast.skur.slug]),
        {"representation": seat.pk},
    )
    assert response.status_code == 404
