"""Appointing, ending and handing over seats; asking for a replacement when a seat falls
vacant; the vacant seats a coordinator sees."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from natverk.people.models import ContactPerson, Person, Representation
from natverk.people.services import person_change_employer
from natverk.registry.models import Organisation
from tests.outbox import deliver

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def malmo_contact(cast):
    contact = Person.objects.create(
        given_name="Kim",
        family_name="Kontakt",
        email="kim@malmo.example.se",
        preferred_language="sv",
    )
    ContactPerson.objects.create(
        organisation=Organisation.objects.get(slug="malmo"), person=contact
    )
    return contact


def test_ending_the_last_seat_asks_the_contact_person_for_a_replacement(
    client, cast, malmo_contact, smtp_server, django_capture_on_commit_callbacks
):
    client.force_login(cast.users["coordinator"])
    seat = Representation.objects.get(person=cast.people["representative"])
    url = reverse("workspace:representative_end", kwargs={"slug": cast.skur.slug})
    # Ending asks first, and changes nothing until confirmed.
    asking = client.post(url, {"representation": seat.pk, "end": TODAY.isoformat()})
    text = " ".join(asking.content.decode().split())
    assert "Avsluta platsen för Representant Testsson för Malmö stad?" in text
    seat.refresh_from_db()
    assert seat.end_date is None
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"representation": seat.pk, "end": TODAY.isoformat(), "confirm": "on"},
            follow=True,
        )
    seat.refresh_from_db()
    assert seat.end_date == TODAY
    deliver()
    (message,) = smtp_server.to("kim@malmo.example.se")
    assert message["Subject"].strip() == "Malmö stad har ingen representant i SKUR-nätverket"
    assert "Hej Kim," in smtp_server.text(message)
    assert (
        "Representationen har avslutats, och organisationens kontaktperson har ombetts att "
        "utse en ersättare." in response.content.decode()
    )


def test_vacant_seats_are_listed_for_the_coordinator_and_the_secretariat(client, cast):
    client.force_login(cast.users["coordinator"])
    page = client.get(reverse("workspace:my_networks")).content.decode()
    # Of SKUR's five members only Malmö stad has someone sitting.
    for name in ["Region Skåne", "Länsstyrelsen Skåne", "Skånes Kommuner", "Malmö universitet"]:
        assert name in page
    client.force_login(cast.users["representative"])
    assert "Vakanta platser" not in client.get(reverse("workspace:my_networks")).content.decode()


def test_handing_over_a_seat_asks_nobody(
    client, cast, malmo_contact, smtp_server, django_capture_on_commit_callbacks
):
    client.force_login(cast.users["coordinator"])
    seat = Representation.objects.get(person=cast.people["representative"])
    start = TODAY + datetime.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("workspace:representative_hand_over", kwargs={"slug": cast.skur.slug}),
            {
                "representation": seat.pk,
                "email": "ny@malmo.example.se",
                "given_name": "Nora",
                "family_name": "Ny",
                "start": start.isoformat(),
            },
        )
    seat.refresh_from_db()
    assert seat.end_date == start - datetime.timedelta(days=1)
    successor = Representation.objects.get(person__email="ny@malmo.example.se")
    assert (successor.start_date, successor.organisation.slug) == (start, "malmo")
    deliver()
    assert smtp_server.messages == []


def test_a_seat_cannot_be_handed_over_after_it_has_ended(client, cast):
    seat = Representation.objects.get(person=cast.people["representative"])
    ends = TODAY + datetime.timedelta(days=10)
    seat.end_date = ends
    seat.save()
    client.force_login(cast.users["coordinator"])
    response = client.post(
        reverse("workspace:representative_hand_over", kwargs={"slug": cast.skur.slug}),
        {
            "representation": seat.pk,
            "email": "sen@malmo.example.se",
            "given_name": "Sen",
            "family_name": "Efterträdare",
            "start": (TODAY + datetime.timedelta(days=400)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert (
        f"Platsen upphör {ends.isoformat()}: efterträdaren kan börja senast dagen efter."
        in response.content.decode()
    )
    seat.refresh_from_db()
    assert seat.end_date == ends
    assert not Person.objects.filter(email="sen@malmo.example.se").exists()


def test_a_seat_that_ends_can_be_handed_over_the_day_after(client, cast):
    seat = Representation.objects.get(person=cast.people["representative"])
    ends = TODAY + datetime.timedelta(days=10)
    seat.end_date = ends
    seat.save()
    client.force_login(cast.users["coordinator"])
    client.post(
        reverse("workspace:representative_hand_over", kwargs={"slug": cast.skur.slug}),
        {
            "representation": seat.pk,
            "email": "ny@malmo.example.se",
            "given_name": "Nora",
            "family_name": "Ny",
            "start": (ends + datetime.timedelta(days=1)).isoformat(),
        },
    )
    seat.refresh_from_db()
    assert seat.end_date == ends
    assert Representation.objects.get(person__email="ny@malmo.example.se").start_date == (
        ends + datetime.timedelta(days=1)
    )


def test_a_new_employer_ends_the_seats_for_the_old_one(
    cast, malmo_contact, smtp_server, django_capture_on_commit_callbacks
):
    person = cast.people["representative"]
    with django_capture_on_commit_callbacks(execute=True):
        ended = person_change_employer(
            person=person, employer=Organisation.objects.get(slug="lund")
        )
    assert ended == 1
    seat = Representation.objects.get(person=person)
    assert seat.end_date == TODAY - datetime.timedelta(days=1)
    deliver()
    assert [m["Subject"].strip() for m in smtp_server.to("kim@malmo.example.se")] == [
        "Malmö stad har ingen representant i SKUR-nätverket"
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "inte-en-adress", "given_name": "A", "family_name": "B"}, "E-post"),
        (
            {"email": "a@example.se", "given_name": "A", "family_name": "B", "phone": "ring mig"},
            "”ring mig” är inte ett telefonnummer",
        ),
        ({"email": "okand@example.se"}, "Det här fältet är obligatoriskt."),
    ],
)
def test_a_bad_appointment_says_what_is_wrong_and_changes_nothing(client, cast, data, message):
    client.force_login(cast.users["coordinator"])
    before = list(Representation.objects.values_list("pk", "end_date"))
    organisation = Organisation.objects.get(slug="region-skane")
    response = client.post(
        reverse("workspace:representative_appoint", kwargs={"slug": cast.skur.slug}),
        {"organisation": organisation.pk, "role": "ordinary", **data},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(Representation.objects.values_list("pk", "end_date")) == before
    assert not Person.objects.filter(email__in=["a@example.se", "okand@example.se"]).exists()


def test_a_forged_seat_of_another_network_is_not_found(client, cast):
    elsewhere = Representation.objects.create(
        person=Person.objects.create(given_name="Ann", family_name="Annan"),
        network=cast.other,
        organisation=cast.other.memberships.first().organisation,
    )
    client.force_login(cast.users["coordinator"])
    response = client.post(
        reverse("workspace:representative_end", kwargs={"slug": cast.skur.slug}),
        {"representation": elsewhere.pk, "end": TODAY.isoformat()},
    )
    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.end_date is None


def test_appointing_for_an_organisation_outside_the_network_is_refused(client, cast):
    client.force_login(cast.users["coordinator"])
    outsider = Organisation.objects.get(slug="ystad")
    response = client.post(
        reverse("workspace:representative_appoint", kwargs={"slug": cast.skur.slug}),
        {"organisation": outsider.pk, "role": "ordinary", "email": "representant@example.se"},
    )
    assert response.status_code == 400
    assert not Representation.objects.filter(organisation=outsider).exists()
