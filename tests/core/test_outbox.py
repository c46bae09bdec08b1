"""Every email goes through the outbox: an action that sends mail answers normally with
the mail server down, writes what it does, and its email arrives once the server is back
up, exactly once. Messages of one thread go in order; a worker that dies loses none."""

import datetime
import time

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from natverk.core.enums import MessageStatus
from natverk.core.models import OutgoingMessage
from natverk.core.outbox import email_queue
from natverk.core.tasks import deliver_messages, due_messages
from natverk.people.models import ContactPerson, Person, Representation
from natverk.registry.models import Organisation
from natverk.workspace.models import Post
from tests.outbox import deliver, run_tasks_here

pytestmark = pytest.mark.django_db


def _every_kind_of_email_with_the_server_down(client, cast) -> dict[str, int]:
    """Do, through the site, each thing that sends email; return each one's answer."""
    malmo = Organisation.objects.get(slug="malmo")
    contact = Person.objects.create(given_name="Kim", family_name="Kontakt",
                                    email="kim@malmo.example.se")  # fmt: skip
    ContactPerson.objects.create(organisation=malmo, person=contact)
    newcomer = Person.objects.create(given_name="Ida", family_name="Ny", email="ida@example.se")
    answers = {}

    client.force_login(cast.users["secretariat"])
    answers["account invitation"] = client.post(
        reverse("admin:people_person_changelist"),
        {"action": "invite", "_selected_action": [newcomer.pk]},
    ).status_code
    client.force_login(cast.users["coordinator"])
    answers["post notice"] = client.post(
        reverse("workspace:post_add", kwargs={"slug": cast.skur.slug}),
        {"title": "Utlysning", "body": "Ny utlysning.", "notify": "on"},
    ).status_code
    seat = Representation.objects.get(person=cast.people["representative"])
    answers["replacement request"] = client.post(
        reverse("workspace:representative_end", kwargs={"slug": cast.skur.slug}),
        {"representation": seat.pk, "end": timezone.localdate().isoformat(), "confirm": "on"},
    ).status_code
    client.logout()
    answers["password reset"] = client.post(
        reverse("access:password_reset"), {"email": "samordnare@example.se"}
    ).status_code
    run_tasks_here("password_reset_send")  # the worker's part of asking for a password
    return answers


def test_every_email_waits_for_a_mail_server_that_is_down_and_arrives_once(
    client, cast, mail_server_down
):
    answers = _every_kind_of_email_with_the_server_down(client, cast)
    # Each action answered as it does when mail works, and did what it does.
    assert answers == {
        "account invitation": 302,
        "post notice": 302,
        "replacement request": 302,
        "password reset": 302,
    }
    assert get_user_model().objects.filter(email="ida@example.se").exists()
    assert Post.objects.filter(title="Utlysning").exists()
    assert Representation.objects.get(person=cast.people["representative"]).end_date
    kinds = sorted(OutgoingMessage.objects.values_list("kind", "to"))
    assert kinds == [
        ("access.password_reset", "samordnare@example.se"),
        ("people.account_invitation", "ida@example.se"),
        ("people.replacement_request", "kim@malmo.example.se"),
        # The post tells the one other representative; its author is not told.
        ("workspace.post_notice", "representant@example.se"),
    ]

    assert deliver() == 0  # the server is down: every message waits to be tried again
    assert set(OutgoingMessage.objects.values_list("status", flat=True)) == {"retrying"}
    mail_server_down.start()
    time.sleep(1.1)  # the first retry comes after NATVERK_MAIL_RETRY_SECONDS
    assert deliver() == 4
    assert deliver() == 0
    received = sorted(r for m in mail_server_down.messages for r in m.recipients)
    assert received == [
        "ida@example.se",
        "kim@malmo.example.se",
        "representant@example.se",
        "samordnare@example.se",
    ]
    invitation = mail_server_down.to("ida@example.se")[0]
    assert "Hej Ida," in mail_server_down.text(invitation)
    # What was written when queued is not kept once sent (a link to set a password).
    assert set(OutgoingMessage.objects.values_list("text", "html")) == {("", "")}
    assert set(OutgoingMessage.objects.values_list("status", flat=True)) == {"sent"}


def _queue(thread: str, subject: str) -> OutgoingMessage:
    return email_queue(
        to="anna@example.se",
        kind="access.password_reset",
        template="access/email/password_reset",
        context={"link": f"https://example.se/{subject}"},
        thread=thread,
    )


def test_messages_of_a_thread_go_in_order_even_when_the_first_must_wait(smtp_server, settings):
    first = _queue("t", "first")
    second = _queue("t", "second")
    other = _queue("", "other")
    # The first is waiting for a retry: the second waits behind it; others do not.
    OutgoingMessage.objects.filter(pk=first.pk).update(
        status=MessageStatus.RETRYING,
        next_attempt_at=timezone.now() + datetime.timedelta(hours=1),
    )
    assert list(due_messages()) == [other]
    assert deliver() == 1
    OutgoingMessage.objects.filter(pk=first.pk).update(next_attempt_at=timezone.now())
    assert deliver() == 2
    links = [smtp_server.text(message).split("https://example.se/")[1].split()[0]
             for message in smtp_server.messages]  # fmt: skip
    assert links == ["other", "first", "second"]
    second.refresh_from_db()
    assert second.status == MessageStatus.SENT


def test_a_message_held_by_a_worker_that_died_is_taken_over_once_its_lease_ends(
    smtp_server,
):
    message = _queue("", "lease")
    # A worker claimed it, and died before it could send it.
    OutgoingMessage.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENDING,
        attempts=1,
        lease_expires_at=timezone.now() + datetime.timedelta(minutes=5),
    )
    assert deliver() == 0  # still held: another worker may be sending it right now
    OutgoingMessage.objects.filter(pk=message.pk).update(
        lease_expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert deliver() == 1
    assert len(smtp_server.messages) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts, message.lease_expires_at) == ("sent", 2, None)


def test_a_message_that_keeps_killing_its_worker_fails_for_good(smtp_server, settings):
    settings.NATVERK_MAIL_ATTEMPTS = 2
    message = _queue("", "poison")
    # Claimed as often as a message may be tried, each time by a worker that died.
    OutgoingMessage.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENDING, attempts=2, lease_expires_at=timezone.now()
    )
    assert deliver_messages.call() == 0
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert "2" in message.last_error
    assert smtp_server.messages == []


def test_a_failed_message_can_be_tried_again_from_the_back_office(
    secretariat_client, mail_server_down, settings
):
    settings.NATVERK_MAIL_ATTEMPTS = 1
    message = _queue("", "again")
    deliver()
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    listing = secretariat_client.get(reverse("admin:core_outgoingmessage_changelist"))
    assert "nytt lösenord" in listing.content.decode()
    mail_server_down.start()
    response = secretariat_client.post(
        reverse("admin:core_outgoingmessage_changelist"),
        {"action": "resend", "_selected_action": [message.pk]},
        follow=True,
    )
    assert "1 meddelande skickas på nytt." in response.content.decode()
    assert deliver() == 1
    assert len(mail_server_down.messages) == 1
