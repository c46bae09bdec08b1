"""The register extract and erasure, and the people due for review."""

import datetime
import json

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from natverk.core.models import AuditEntry
from natverk.people.models import ContactPerson, Coordination, Person, Representation
from natverk.people.privacy import person_erase
from natverk.people.selectors import people_for_review
from natverk.registry.models import Organisation
from natverk.workspace.models import Document, Post
from tests.outbox import deliver
from tests.roles import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat(client, cast):
    client.force_login(cast.users["secretariat"])
    return client


def test_the_extract_holds_everything_about_the_person_and_is_logged(secretariat, cast):
    person = cast.people["representative"]
    Post.objects.create(network=cast.skur, author=person, title="Mitt inlägg", body="x")
    document = Document(network=cast.skur, title="Mina anteckningar", kind="txt",
                        uploaded_by=person)  # fmt: skip
    document.file.save("anteckningar.txt", ContentFile(b"Anteckningar"), save=False)
    document.save()
    response = secretariat.get(
        reverse("admin:people_person_extract", args=[person.pk]) + "?format=json"
    )
    assert response["Content-Type"].startswith("application/json")
    extract = json.loads(response.content)
    text = json.dumps(extract, ensure_ascii=False)
    for fact in [
        "Representant",
        "Testsson",
        "representant@example.se",
        "040-12 34 56",
        "SKUR-nätverket",
        "Malmö stad",
        "Engelska",
    ]:
        assert fact in text
    assert [post["titel"] for post in extract["sections"]["Inlägg i nätverk"]] == ["Mitt inlägg"]
    assert [d["titel"] for d in extract["sections"]["Dokument tillagda i nätverk"]] == [
        "Mina anteckningar"
    ]
    entry = AuditEntry.objects.get(action="people.person.extracted")
    assert (entry.actor, entry.subject_id) == (cast.users["secretariat"], str(person.pk))
    page = secretariat.get(reverse("admin:people_person_extract", args=[person.pk]))
    assert "representant@example.se" in page.content.decode()
    assert AuditEntry.objects.filter(action="people.person.extracted").count() == 2


def test_erasure_anonymises_but_keeps_every_count(secretariat, client, cast):
    person = cast.people["representative"]
    seats = Representation.objects.filter(person=person).count()
    members_in_skur = Representation.objects.filter(network=cast.skur).count()
    response = secretariat.post(reverse("admin:people_person_erase", args=[person.pk]), follow=True)
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.erased_at is not None
    assert (person.given_name, person.email, person.phone, person.title) == (
        "Anonymiserad",
        "",
        "",
        "",
    )
    # Nothing personal is left in the history of the record either.
    for record in person.history.all():
        assert "representant@example.se" not in [record.email]
        assert record.given_name == "Anonymiserad"
    assert Representation.objects.filter(person=person).count() == seats
    assert Representation.objects.filter(network=cast.skur).count() == members_in_skur
    # The account is closed.
    user = get_user_model().objects.get(pk=cast.users["representative"].pk)
    assert not user.is_active
    assert user.email == ""
    client.logout()
    login = client.post(
        reverse("access:login"), {"username": "representant@example.se", "password": PASSWORD}
    )
    assert login.status_code == 200  # the form again: no such account
    entry = AuditEntry.objects.get(action="people.person.erased")
    assert entry.actor == cast.users["secretariat"]
    assert "representant" not in json.dumps(entry.details)


def test_erased_people_are_gone_from_contact_lists(secretariat, cast):
    person = cast.people["representative"]
    secretariat.post(reverse("admin:people_person_erase", args=[person.pk]))
    page = secretariat.get(reverse("workspace:network", kwargs={"slug": cast.skur.slug}))
    assert "representant@example.se" not in page.content.decode()


@pytest.mark.parametrize("staff", [False, True])
def test_only_the_secretariat_may_extract_or_erase(client, cast, staff):
    person = cast.people["representative"]
    user = cast.users["coordinator"]
    # Outside the secretariat, a staff account does not open the back office either.
    user.is_staff = staff
    user.save()
    client.force_login(user)
    expected = 302
    extract = client.get(reverse("admin:people_person_extract", args=[person.pk]) + "?format=json")
    assert extract.status_code == expected
    assert extract["Location"].startswith(reverse("admin:login"))
    assert "representant@example.se" not in extract.content.decode()
    erase = client.post(reverse("admin:people_person_erase", args=[person.pk]))
    assert erase.status_code == expected
    person.refresh_from_db()
    assert person.erased_at is None
    assert person.email == "representant@example.se"
    assert not AuditEntry.objects.filter(action__startswith="people.person.").exists()


def test_erasure_leaves_no_name_in_the_back_offices_log(secretariat, cast):
    person = cast.people["representative"]
    seat = Representation.objects.get(person=person)
    # What the back office logs when the person is changed and seated on the network's form.
    LogEntry.objects.log_actions(
        cast.users["secretariat"].pk,
        [person],
        CHANGE,
        change_message=[{"changed": {"fields": ["title"]}}],
    )
    LogEntry.objects.log_actions(
        cast.users["secretariat"].pk,
        [cast.skur],
        CHANGE,
        change_message=[{"added": {"name": "representation", "object": str(seat)}}],
    )
    LogEntry.objects.log_actions(cast.users["secretariat"].pk, [seat], CHANGE, change_message="")
    recent = reverse("admin:index")  # the back office's "recent actions"
    assert "Representant Testsson (Malmö stad)" in secretariat.get(recent).content.decode()

    secretariat.post(reverse("admin:people_person_erase", args=[person.pk]))
    anonymised = f"Anonymiserad person {person.pk}"
    page = secretariat.get(recent).content.decode()
    assert f"{anonymised} (Malmö stad)" in page
    assert "Representant" not in page
    assert [entry.get_change_message() for entry in LogEntry.objects.order_by("pk")] == [
        "Ändrade titel.",
        f"Lade till representation “{anonymised} (Malmö stad) i SKUR-nätverket”.",
        "",
    ]
    assert not LogEntry.objects.filter(object_repr__icontains="representant").exists()


def test_erasure_forgets_the_logins_tried_with_the_address(client, cast, settings):
    settings.AXES_ENABLE_ACCESS_FAILURE_LOG = True
    login = reverse("access:login")
    client.post(login, {"username": "representant@example.se", "password": PASSWORD})
    client.logout()
    for typed in ["Representant@Example.se", "samordnare@example.se"]:
        client.post(login, {"username": typed, "password": "fel"})
    logged = [AccessAttempt, AccessFailureLog, AccessLog]
    assert all(model.objects.filter(username="representant@example.se") for model in logged)

    person_erase(person=cast.people["representative"], by=cast.users["secretariat"])
    for model in logged:
        assert not model.objects.filter(username__icontains="representant").exists()
    assert AccessAttempt.objects.filter(username="samordnare@example.se").exists()


def test_an_erased_persons_seat_is_vacant_and_the_contact_person_is_asked(
    client, cast, smtp_server, django_capture_on_commit_callbacks
):
    malmo = Organisation.objects.get(slug="malmo")
    contact = Person.objects.create(given_name="Kim", family_name="Kontakt", email="kim@malmo.se")
    ContactPerson.objects.create(organisation=malmo, person=contact)
    person = cast.people["representative"]
    later = Representation.objects.create(
        person=person,
        network=cast.other,
        organisation=cast.other.memberships.first().organisation,
        start_date=timezone.localdate() + datetime.timedelta(days=30),
    )
    client.force_login(cast.users["coordinator"])
    representatives = reverse("workspace:representatives", kwargs={"slug": cast.skur.slug})

    def vacant() -> str:
        page = client.get(representatives).content.decode()
        return page.split("Vakanta platser")[1].split("</ul>")[0]

    assert "Malmö stad" not in vacant()
    with django_capture_on_commit_callbacks(execute=True):
        person_erase(person=person, by=cast.users["secretariat"])
    assert "Malmö stad" in vacant()
    seat = Representation.objects.get(person=person, network=cast.skur)
    assert seat.end_date == timezone.localdate() - datetime.timedelta(days=1)
    assert not Representation.objects.filter(pk=later.pk).exists()  # never begun
    deliver()
    (message,) = smtp_server.to("kim@malmo.se")
    assert "Malmö stad har ingen representant i SKUR-nätverket" in message["Subject"]
    # The coordinator can fill the seat.
    response = client.post(
        reverse("workspace:representative_appoint", kwargs={"slug": cast.skur.slug}),
        {
            "organisation": malmo.pk,
            "role": "ordinary",
            "email": "ny@malmo.se",
            "given_name": "Ny",
            "family_name": "Representant",
        },
    )
    assert response.status_code == 302
    assert "Malmö stad" not in vacant()


def test_an_erased_coordinator_coordinates_no_more(cast):
    person = cast.people["coordinator"]
    coordination = Coordination.objects.get(person=person)
    person_erase(person=person, by=None)
    coordination.refresh_from_db()
    assert coordination.end_date == timezone.localdate() - datetime.timedelta(days=1)
    assert Coordination.objects.filter(person=person).count() == 1


def test_people_without_a_seat_for_24_months_are_due_for_review(cast):
    long_ago = timezone.localdate() - datetime.timedelta(days=800)
    retired = Person.objects.create(given_name="Gammal", family_name="Plats")
    Person.objects.filter(pk=retired.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=900)
    )
    Representation.objects.create(
        person=retired,
        network=cast.skur,
        organisation=cast.skur.memberships.first().organisation,
        start_date=long_ago - datetime.timedelta(days=100),
        end_date=long_ago,
    )
    recent = Person.objects.create(given_name="Ny", family_name="Person")
    Person.objects.filter(pk=recent.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=900)
    )
    Representation.objects.create(
        person=recent, network=cast.other, organisation=cast.other.memberships.first().organisation
    )
    due = set(people_for_review().values_list("family_name", flat=True))
    assert "Plats" in due
    assert "Person" not in due
    assert "Testsson" not in due  # created today
