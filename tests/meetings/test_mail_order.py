"""Mail about one person's invitation arrives in the order of the changes, a newer message
takes the place of an older one not yet sent, and SEQUENCE never goes backwards in what a
person receives, whatever the mail server does meanwhile: tested with the worker and a
real SMTP server that goes down, refuses and recovers."""

import datetime
import random
import time

import pytest
from django.utils import timezone
from icalendar import Calendar

from natverk.core.enums import MessageStatus
from natverk.core.models import OutgoingMessage
from natverk.core.outbox import messages_retry
from natverk.meetings.enums import MessageKind
from natverk.meetings.models import Invitation, Meeting
from natverk.meetings.services import (
    invitation_withdraw,
    invitations_create,
    meeting_cancel,
    meeting_invite,
    meeting_update,
    reminders_queue,
)
from natverk.people.models import Representation
from natverk.people.services import seats_changed
from tests.conftest import CollectedMail
from tests.outbox import deliver, run_worker

PEOPLE = ("regionen", "kommunerna", "ersattaren", "representant")


def received(server, person: str) -> list[tuple[str, int, str, str]]:
    """What the person received about meetings, in order: (METHOD, SEQUENCE, STATUS,
    LOCATION) of each calendar file."""
    found = []
    for message in server.to(person if "@" in person else f"{person}@example.se"):
        for part in message.walk():
            if part.get_content_type() == "text/calendar":
                calendar = Calendar.from_ical(part.get_payload(decode=True))
                [event] = calendar.walk("VEVENT")
                found.append(
                    (
                        str(calendar["METHOD"]),
                        int(event["SEQUENCE"]),
                        str(event["STATUS"]),
                        str(event.get("LOCATION", "")),
                    )
                )
    return found


def subjects(server, person: str) -> list[str]:
    return [m["Subject"].strip() for m in server.to(f"{person}@example.se")]


@pytest.mark.django_db(transaction=True)
def test_a_cancellation_while_the_server_is_down_replaces_the_change_not_yet_sent(
    meeting, seats, flaky_mail_server, settings
):
    """The worker sends the invitations; the server goes down; the meeting changes and
    then is cancelled. When the server is back, each person gets the cancellation only:
    the change notice was never sent, and nothing arrives after the cancellation."""
    settings.NATVERK_MAIL_RETRY_SECONDS = 1
    meeting_invite(meeting=meeting)
    run_worker()  # makes the invitations, and sends them
    assert subjects(flaky_mail_server, "regionen") == ["Inbjudan: SKUR höstmöte"]
    flaky_mail_server.down()
    meeting_update(meeting=meeting, place="Stadshuset")
    run_worker()  # the server does not answer: the updates wait to be retried
    assert set(OutgoingMessage.objects.filter(kind=MessageKind.UPDATE).values_list(
        "status", flat=True)) == {MessageStatus.RETRYING}  # fmt: skip
    meeting_cancel(meeting=meeting)
    flaky_mail_server.up()
    time.sleep(1.1)  # the first retry is due after a second
    run_worker()
    for person in PEOPLE:
        assert subjects(flaky_mail_server, person)[-1] == "Inställt: SKUR höstmöte" or (
            subjects(flaky_mail_server, person)[-1] == "Cancelled: SKUR höstmöte"
        )
        assert [method for method, *_rest in received(flaky_mail_server, person)] == [
            "REQUEST",
            "CANCEL",
        ]
        sequences = [sequence for _method, sequence, *_rest in received(flaky_mail_server, person)]
        assert sequences == [0, 2]
    assert set(OutgoingMessage.objects.filter(kind=MessageKind.UPDATE).values_list(
        "status", flat=True)) == {MessageStatus.DROPPED}  # fmt: skip


@pytest.mark.django_db
def test_a_refused_change_is_merged_into_the_next_and_says_what_changed_since(
    meeting, seats, flaky_mail_server
):
    invitations_create(meeting=meeting)
    deliver()
    flaky_mail_server.refusing = 100  # every message is refused for now
    meeting_update(meeting=meeting, place="Stadshuset")
    deliver()
    meeting_update(meeting=meeting, place="Rådhuset", city="Lund")
    flaky_mail_server.refusing = 0
    deliver()
    [_invitation, update] = flaky_mail_server.to("regionen@example.se")
    text = CollectedMail.text(update)
    assert "Plats: Region Skåne, Dockplatsen 26 → Rådhuset" in text
    assert "Ort: Malmö → Lund" in text
    assert "Stadshuset" not in text
    assert received(flaky_mail_server, "regionen")[-1] == (
        "REQUEST",
        2,
        "CONFIRMED",
        "Rådhuset, Lund",
    )


@pytest.mark.django_db
def test_a_message_that_failed_is_never_sent_after_a_later_one(
    meeting, seats, flaky_mail_server, settings
):
    """An update fails for good; the cancellation after it goes; trying the update once
    more sends nothing: the later message carries the news."""
    invitations_create(meeting=meeting)
    deliver()
    settings.NATVERK_MAIL_ATTEMPTS = 1
    flaky_mail_server.refusing = 100
    meeting_update(meeting=meeting, place="Stadshuset")
    deliver()
    assert set(OutgoingMessage.objects.filter(kind=MessageKind.UPDATE).values_list(
        "status", flat=True)) == {MessageStatus.FAILED}  # fmt: skip
    flaky_mail_server.refusing = 0
    meeting_cancel(meeting=meeting)
    deliver()
    assert messages_retry(OutgoingMessage.objects.filter(kind=MessageKind.UPDATE)) == 4
    deliver()
    for person in PEOPLE:
        assert [m for m, *_rest in received(flaky_mail_server, person)] == ["REQUEST", "CANCEL"]
    assert set(OutgoingMessage.objects.filter(kind=MessageKind.UPDATE).values_list(
        "status", flat=True)) == {MessageStatus.DROPPED}  # fmt: skip


@pytest.mark.django_db
def test_no_invitation_goes_for_a_meeting_that_is_over_when_the_worker_comes(
    meeting, seats, smtp_server
):
    invitations_create(meeting=meeting)
    Meeting.objects.filter(pk=meeting.pk).update(
        start=timezone.now() - datetime.timedelta(hours=3),
        end=timezone.now() - datetime.timedelta(hours=1),
    )
    deliver()
    assert smtp_server.messages == []
    assert set(OutgoingMessage.objects.values_list("status", flat=True)) == {MessageStatus.DROPPED}


def _random_story(rng: random.Random, meeting, seats, server) -> None:
    """Changes, withdrawals, seats ended and given back, reminders and a cancellation,
    while the worker runs now and then and the server goes down, refuses and recovers."""
    places = ["Stadshuset", "Rådhuset", "Dockplatsen", "Gasverket", "Bryssel"]
    for _step in range(14):
        meeting.refresh_from_db()
        action = rng.choice(
            ["update", "update", "deliver", "deliver", "down", "up", "refuse", "withdraw",
             "seat_end", "seat_back", "remind", "cancel"]
        )  # fmt: skip
        if meeting.status == "cancelled" and action in (
            "update", "withdraw", "seat_end", "seat_back", "cancel"
        ):  # fmt: skip
            action = "deliver"
        person = seats[rng.choice(PEOPLE)]
        if action == "update":
            meeting_update(meeting=meeting, place=rng.choice(places))
        elif action == "deliver":
            deliver()
        elif action == "down":
            server.down()
        elif action == "up":
            server.up()
        elif action == "refuse":
            server.refusing = rng.randint(1, 3)
        elif action == "withdraw":
            invitation = Invitation.objects.get(meeting=meeting, person=person)
            invitation_withdraw(invitation=invitation)
        elif action == "seat_end":
            Representation.objects.filter(person=person).update(
                end_date=timezone.localdate() + datetime.timedelta(days=2)
            )
            seats_changed(people=[person.pk], networks=[meeting.organiser.pk])
        elif action == "seat_back":
            Representation.objects.filter(person=person).update(end_date=None)
            seats_changed(people=[person.pk], networks=[meeting.organiser.pk])
        elif action == "remind":
            Invitation.objects.filter(meeting=meeting).update(reminded_at=None)
            reminders_queue()
        elif action == "cancel":
            meeting_cancel(meeting=meeting)
    server.refusing = 0
    server.up()
    for _round in range(10):
        deliver()


@pytest.mark.django_db
@pytest.mark.parametrize("seed", range(8))
def test_no_story_makes_a_persons_last_message_older_than_an_earlier_one(
    meeting, seats, flaky_mail_server, settings, seed
):
    settings.NATVERK_REMINDER_DAYS = 40  # the meeting, a month ahead, is due a reminder
    invitations_create(meeting=meeting)
    story = random.Random(seed)  # noqa: S311 - a repeatable story, not a secret
    _random_story(story, meeting, seats, flaky_mail_server)
    assert not OutgoingMessage.objects.exclude(
        status__in=[MessageStatus.SENT, MessageStatus.DROPPED]
    ).exists()
    meeting.refresh_from_db()
    for key in PEOPLE:
        invitation = Invitation.objects.select_related("meeting").get(
            meeting=meeting, person=seats[key]
        )
        got = received(flaky_mail_server, key)
        sequences = [sequence for _method, sequence, *_rest in got]
        assert sequences == sorted(sequences), (seed, key, got)
        methods = [method for method, *_rest in got]
        assert "CANCEL" not in methods or methods[0] == "REQUEST", (seed, key, got)
        assert ["CANCEL", "CANCEL"] not in [methods[i : i + 2] for i in range(len(methods))]
        if invitation.active and meeting.status != "cancelled":
            # The last message is the meeting as it is now. (Its revision may be below
            # the newest: a change changed back before it went is not sent.)
            method, sequence, status, place = got[-1]
            assert (method, status, place) == ("REQUEST", "CONFIRMED", meeting.where), (
                seed,
                key,
                got,
            )
            assert sequence <= invitation.calendar_sequence
        elif got:
            # Whoever had it in their calendar has it cancelled, last.
            assert got[-1][0] == "CANCEL", (seed, key, got)
