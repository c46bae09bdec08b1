"""A person's own calendar is at a secret address: its owner can give it a new one when
the old one got out, and it stops working when their account is deactivated or they are
erased."""

import pytest
from django.urls import reverse

from natverk.core.models import AuditEntry
from natverk.people.models import Person
from natverk.people.privacy import person_erase

pytestmark = pytest.mark.django_db


def feed(client, person):
    return client.get(reverse("feeds:person_feed", kwargs={"token": person.calendar_token}))


def test_the_owner_renews_the_address_and_the_old_one_stops_working(as_role, cast, client):
    person = cast.people["representative"]
    old = Person.objects.get(pk=person.pk)
    own = as_role("representative")
    page = own.get(reverse("workspace:my_networks")).content.decode()
    assert person.calendar_token in page
    response = own.post(reverse("workspace:calendar_renew"), follow=True)
    assert "Din kalender har fått en ny adress." in response.content.decode()
    person.refresh_from_db()
    assert person.calendar_token != old.calendar_token
    assert person.calendar_token in response.content.decode()
    client.logout()
    assert feed(client, old).status_code == 404
    assert feed(client, person).status_code == 200
    entry = AuditEntry.objects.get(action="people.person.calendar_renewed")
    assert entry.actor == cast.users["representative"]
    assert old.calendar_token not in str(entry.details)


def test_renewing_is_a_post_for_those_with_a_calendar(as_role, cast):
    assert as_role("representative").get(reverse("workspace:calendar_renew")).status_code == 405
    # The secretariat's account is nobody in the register: it has no calendar to renew.
    assert as_role("secretariat").post(reverse("workspace:calendar_renew")).status_code == 404
    assert as_role("anonymous").post(reverse("workspace:calendar_renew")).status_code == 302


def test_the_address_is_dead_while_the_account_is_deactivated(cast, client):
    person = cast.people["representative"]
    assert feed(client, person).status_code == 200
    person.user.is_active = False
    person.user.save()
    assert feed(client, person).status_code == 404
    person.user.is_active = True
    person.user.save()
    assert feed(client, person).status_code == 200


def test_the_address_is_dead_once_the_person_is_erased(cast, client):
    person = cast.people["representative"]
    old_token = person.calendar_token
    person_erase(person=person, by=cast.users["secretariat"])
    assert client.get(reverse("feeds:person_feed", kwargs={"token": old_token})).status_code == 404
    person.refresh_from_db()
    assert person.calendar_token != old_token
    assert feed(client, person).status_code == 404
