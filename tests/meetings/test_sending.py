"""Sending in the background, as it runs in production: the database task backend and
its `db_worker`, against a real SMTP server that is down for a while."""

import time

import pytest
from django_tasks_db.models import DBTaskResult

from natverk.core.enums import MessageStatus
from natverk.core.models import OutgoingMessage
from natverk.core.tasks import deliver_messages
from natverk.meetings.services import invitations_create, meeting_cancel, meeting_invite
from natverk.people.models import Person
from tests.outbox import deliver, run_worker


@pytest.mark.django_db(transaction=True)
def test_every_message_arrives_exactly_once_after_the_server_was_down(
    meeting, seats, mail_server_down
):
    assert meeting_invite(meeting=meeting) == 4  # the send action: it only queues
    assert DBTaskResult.objects.ready().count() == 1
    assert not OutgoingMessage.objects.exists()
    run_worker()
    waiting = OutgoingMessage.objects.all()
    assert {m.status for m in waiting} == {MessageStatus.RETRYING}
    assert all(m.attempts == 1 and "Connection refused" in m.last_error for m in waiting)
    assert mail_server_down.messages == []

    mail_server_down.start()
    run_worker()  # the retry is not due yet: nothing is sent early
    assert mail_server_down.messages == []
    time.sleep(1.1)
    run_worker()
    assert sorted(r for m in mail_server_down.messages for r in m.recipients) == [
        "ersattaren@example.se",
        "kommunerna@example.se",
        "regionen@example.se",
        "representant@example.se",
    ]
    assert set(OutgoingMessage.objects.values_list("status", flat=True)) == {MessageStatus.SENT}

    # More work later, and a worker running again, sends each new message once.
    meeting_cancel(meeting=meeting)
    run_worker()
    run_worker()
    assert len(mail_server_down.messages) == 8
    assert all(len(mail_server_down.to(f"{p}@example.se")) == 2 for p in (
        "regionen", "kommunerna", "ersattaren", "representant"))  # fmt: skip


@pytest.mark.django_db
def test_a_message_that_never_goes_through_fails_after_the_last_attempt(
    meeting, seats, mail_server_down, settings
):
    settings.NATVERK_MAIL_RETRY_SECONDS = 0
    settings.NATVERK_MAIL_ATTEMPTS = 3
    invitations_create(meeting=meeting)
    for _attempt in range(5):
        deliver()
    statuses = set(OutgoingMessage.objects.values_list("status", "attempts"))
    assert statuses == {(MessageStatus.FAILED, 3)}


@pytest.mark.django_db
def test_sending_only_queues_and_the_coordinator_sees_each_message(
    meeting, seats, mail_server_down, as_role
):
    invitations_create(meeting=meeting)
    assert set(OutgoingMessage.objects.values_list("status", flat=True)) == {"queued"}
    deliver()
    page = as_role("coordinator").get(meeting.get_absolute_url()).content.decode()
    assert page.count("inbjudan: väntar på nytt försök") == 4
    assert "ConnectionRefusedError" in page
    mail_server_down.start()
    OutgoingMessage.objects.update(next_attempt_at=None)
    assert deliver_messages.call() == 4
    page = as_role("coordinator").get(meeting.get_absolute_url()).content.decode()
    assert page.count("inbjudan: skickat") == 4
    # A representative sees the meeting, not who else was written to.
    page = as_role("representative").get(meeting.get_absolute_url()).content.decode()
    assert "regionen@example.se" not in page
    assert "skickat" not in page


@pytest.mark.django_db
def test_a_message_that_cannot_be_made_is_marked_and_the_others_go(meeting, seats, smtp_server):
    # An address with a line break, as a careless import might leave it: no header can
    # carry it.
    Person.objects.filter(pk=seats["regionen"].pk).update(email="regionen@example.se\nBcc: x@y.se")
    invitations_create(meeting=meeting)
    assert deliver() == 3
    broken = OutgoingMessage.objects.get(invitation__person=seats["regionen"])
    assert broken.status == MessageStatus.RETRYING
    assert "may not contain CR or LF" in broken.last_error
    assert len(smtp_server.messages) == 3


@pytest.mark.django_db(transaction=True)
def test_a_meeting_cancelled_before_the_worker_comes_invites_nobody(meeting, seats):
    meeting_invite(meeting=meeting)
    meeting_cancel(meeting=meeting)
    run_worker()
    assert not OutgoingMessage.objects.exists()
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 1
