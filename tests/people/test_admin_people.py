"""The back office for people: coordinators, contact persons, the audit trail, review."""

import pytest
from django.urls import reverse

from natverk.core.audit import audit_log
from natverk.people.models import ContactPerson, Coordination
from natverk.registry.models import Organisation

pytestmark = pytest.mark.django_db


def text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_coordinators_contact_persons_and_audit_trail_in_the_admin(admin_client, cast):
    ContactPerson.objects.create(
        organisation=Organisation.objects.get(slug="malmo"), person=cast.people["outsider"]
    )
    audit_log(
        actor=cast.users["secretariat"],
        action="people.person.extracted",
        subject=cast.people["outsider"],
    )
    coordinators = text(admin_client.get(reverse("admin:people_coordination_changelist")))
    assert "Samordnare Testsson" in coordinators
    assert "SKUR-nätverket" in coordinators
    coordination = Coordination.objects.get(person=cast.people["coordinator"])
    form = text(
        admin_client.get(reverse("admin:people_coordination_change", args=[coordination.pk]))
    )
    assert "SKUR-nätverket" in form
    contacts = text(admin_client.get(reverse("admin:people_contactperson_changelist")))
    assert "Malmö stad" in contacts
    assert "Utomstaende Testsson" in contacts
    trail = text(admin_client.get(reverse("admin:core_auditentry_changelist")))
    assert "people.person.extracted" in trail
    assert admin_client.get(reverse("admin:core_auditentry_add")).status_code == 403


def test_the_person_form_leads_to_the_extract_and_erasure(admin_client, cast):
    person = cast.people["representative"]
    form = text(admin_client.get(reverse("admin:people_person_change", args=[person.pk])))
    assert reverse("admin:people_person_extract", args=[person.pk]) in form
    assert reverse("admin:people_person_erase", args=[person.pk]) in form
    assert "Registerutdrag" in form
    erase = text(admin_client.get(reverse("admin:people_person_erase", args=[person.pk])))
    assert "Det går inte att ångra." in erase


def test_the_network_form_lists_its_coordinators(admin_client, cast):
    form = text(admin_client.get(reverse("admin:registry_network_change", args=[cast.skur.pk])))
    assert "Samordnare Testsson" in form
    assert "Representant Testsson" in form


def test_the_people_list_filters_those_due_for_review(admin_client, cast):
    import datetime

    from django.utils import timezone

    from natverk.people.models import Person

    old = Person.objects.create(given_name="Gammal", family_name="Uppgift")
    Person.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=800)
    )
    page = text(admin_client.get(reverse("admin:people_person_changelist"), {"review": "due"}))
    results = page[page.index('id="result_list"') :]
    assert "Uppgift" in results
    assert "Testsson" not in results
