"""The back office for people: coordinators, contact persons, the audit trail, review."""

import pytest
from django.urls import reverse

from natverk.core.audit import audit_log
from natverk.people.models import ContactPerson, Coordination
from natverk.registry.models import Organisation
from tests.outbox import deliver

pytestmark = pytest.mark.django_db


def text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_coordinators_contact_persons_and_audit_trail_in_the_admin(secretariat_client, cast):
    ContactPerson.objects.create(
        organisation=Organisation.objects.get(slug="malmo"), person=cast.people["outsider"]
    )
    audit_log(
        actor=cast.users["secretariat"],
        action="people.person.extracted",
        subject=cast.people["outsider"],
    )
    coordinators = text(secretariat_client.get(reverse("admin:people_coordination_changelist")))
    assert "Samordnare Testsson" in coordinators
    assert "SKUR-nätverket" in coordinators
    coordination = Coordination.objects.get(person=cast.people["coordinator"])
    form = text(
        secretariat_client.get(reverse("admin:people_coordination_change", args=[coordination.pk]))
    )
    assert "SKUR-nätverket" in form
    contacts = text(secretariat_client.get(reverse("admin:people_contactperson_changelist")))
    assert "Malmö stad" in contacts
    assert "Utomstaende Testsson" in contacts
    trail = text(secretariat_client.get(reverse("admin:core_auditentry_changelist")))
    assert "people.person.extracted" in trail
    assert secretariat_client.get(reverse("admin:core_auditentry_add")).status_code == 403


def test_the_person_form_leads_to_the_extract_and_erasure(secretariat_client, cast):
    person = cast.people["representative"]
    form = text(secretariat_client.get(reverse("admin:people_person_change", args=[person.pk])))
    assert reverse("admin:people_person_extract", args=[person.pk]) in form
    assert reverse("admin:people_person_erase", args=[person.pk]) in form
    assert "Registerutdrag" in form
    erase = text(secretariat_client.get(reverse("admin:people_person_erase", args=[person.pk])))
    assert "Det går inte att ångra." in erase


def test_the_network_form_lists_its_coordinators(secretariat_client, cast):
    form = text(
        secretariat_client.get(reverse("admin:registry_network_change", args=[cast.skur.pk]))
    )
    assert "Samordnare Testsson" in form
    assert "Representant Testsson" in form


def test_the_people_list_filters_those_due_for_review(secretariat_client, cast):
    import datetime

    from django.utils import timezone

    from natverk.people.models import Person

    old = Person.objects.create(given_name="Gammal", family_name="Uppgift")
    Person.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=800)
    )
    page = text(
        secretariat_client.get(reverse("admin:people_person_changelist"), {"review": "due"})
    )
    results = page[page.index('id="result_list"') :]
    assert "Uppgift" in results
    assert "Testsson" not in results


def person_form(person, **changes) -> dict:
    """What the person form posts: its fields, and its inline lists left as they are."""
    data = {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "title": person.title,
        "employer": person.employer_id or "",
        "email": person.email,
        "phone": person.phone,
        "preferred_language": person.preferred_language,
        "legal_basis": person.legal_basis,
        "last_confirmed": "",
        **changes,
    }
    for prefix in ("representations", "coordinations"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return data


def test_a_new_employer_in_the_admin_ends_the_seats_for_the_old_one(
    client, cast, smtp_server, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone

    from natverk.people.models import Person, Representation

    contact = Person.objects.create(given_name="Kim", family_name="Kontakt", email="kim@malmo.se")
    ContactPerson.objects.create(
        organisation=Organisation.objects.get(slug="malmo"), person=contact
    )
    person = cast.people["representative"]
    client.force_login(cast.users["secretariat"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:people_person_change", args=[person.pk]),
            person_form(person, employer=Organisation.objects.get(slug="lund").pk),
            follow=True,
        )
    assert "1 plats för den tidigare arbetsgivaren avslutades." in text(response)
    person.refresh_from_db()
    assert person.employer.slug == "lund"
    seat = Representation.objects.get(person=person)
    assert seat.end_date == timezone.localdate() - datetime.timedelta(days=1)
    deliver()
    assert len(smtp_server.to("kim@malmo.se")) == 1


def test_an_erased_person_is_shown_but_cannot_be_changed(client, cast):
    from natverk.people.privacy import person_erase

    person = cast.people["representative"]
    person_erase(person=person, by=None)
    client.force_login(cast.users["secretariat"])
    form = text(client.get(reverse("admin:people_person_change", args=[person.pk])))
    assert "Anonymiserad" in form
    assert 'name="given_name"' not in form
    assert 'name="_save"' not in form
    response = client.post(
        reverse("admin:people_person_change", args=[person.pk]),
        person_form(person, given_name="Återställd", email="ny@example.se"),
    )
    assert response.status_code == 403
    person.refresh_from_db()
    assert (person.given_name, person.email) == ("Anonymiserad", "")


def test_an_email_in_another_case_is_taken(client, cast):
    from natverk.people.models import Person

    client.force_login(cast.users["secretariat"])
    before = Person.objects.count()
    response = client.post(
        reverse("admin:people_person_add"),
        person_form(
            Person(given_name="Ny", family_name="Dubblett", preferred_language="sv"),
            email="Representant@Example.se",
            legal_basis="public_task",
        ),
    )
    assert "En annan person har redan den här e-postadressen." in text(response)
    assert Person.objects.count() == before
    # People without an address are many.
    Person.objects.create(given_name="Utan", family_name="Adress")
    Person.objects.create(given_name="Också", family_name="Utan")
