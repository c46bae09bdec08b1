"""The register extract and erasure, and the people due for review."""

import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from natverk.core.models import AuditEntry
from natverk.people.models import Person, Representation
from natverk.people.selectors import people_for_review
from natverk.workspace.models import Post
from tests.roles import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat(client, cast):
    client.force_login(cast.users["secretariat"])
    return client


def test_the_extract_holds_everything_about_the_person_and_is_logged(secretariat, cast):
    person = cast.people["representative"]
    Post.objects.create(network=cast.skur, author=person, title="Mitt inlägg", body="x")
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


def test_only_the_secretariat_may_extract_or_erase(client, cast):
    person = cast.people["representative"]
    client.force_login(cast.users["coordinator"])
    assert client.get(reverse("admin:people_person_extract", args=[person.pk])).status_code == 302
    client.post(reverse("admin:people_person_erase", args=[person.pk]))
    person.refresh_from_db()
    assert person.erased_at is None
    assert not AuditEntry.objects.filter(action__startswith="people.person.").exists()


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
