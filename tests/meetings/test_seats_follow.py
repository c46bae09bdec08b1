"""Invitations follow the seats: they go to whoever holds a seat on the meeting's day, and
when a seat is handed over, ends or its holder is erased, the coming meetings follow (the
new holder gets the meeting into their calendar, the old one a cancellation for their
copy), touching only that seat's invitations."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from natverk.core.models import AuditEntry, OutgoingMessage
from natverk.meetings.enums import Answer, InvitationOrigin, MessageKind, WithdrawalReason
from natverk.meetings.models import Invitation
from natverk.meetings.services import (
    invitation_answer,
    invitation_substitute,
    invitations_create,
    meeting_create,
    reminders_queue,
)
from natverk.people.models import Person, Representation
from natverk.people.privacy import person_erase
from natverk.people.services import (
    PersonDetails,
    representation_appoint,
    representation_end,
    representation_hand_over,
    seats_changed,
)
from natverk.registry.models import Organisation
from tests.meetings.test_calendar_files import calendar_parts, only_event
from tests.meetings.test_mail_order import received
from tests.outbox import deliver
from tests.workspace.test_safe_seats import appoint, text

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def in_days(cast, days: int, title: str):
    start = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    start += datetime.timedelta(days=days)
    return meeting_create(
        networks=[cast.skur],
        leading=cast.skur,
        title=title,
        start=start,
        end=start + datetime.timedelta(hours=2),
        place="Dockplatsen 26",
    )


def malmo_seat(cast) -> Representation:
    return Representation.objects.get(person=cast.people["representative"])


def uids(server, address: str, method: str) -> list[str]:
    found = []
    for message in server.to(address):
        cal = calendar_parts(message)[1]
        if cal["METHOD"] == method:
            found.append(str(only_event(cal)["UID"]).split("@")[0])
    return found


def test_a_hand_over_between_two_meetings_moves_only_the_later_one(
    cast, seats, smtp_server, as_role
):
    """Malmö's seat passes from the representative to Nora on a day between two invited
    meetings: the first stays with the representative, the second moves to Nora, who
    gets it into her calendar, while the representative gets a cancellation for it."""
    first = in_days(cast, 10, "Vintermöte")
    second = in_days(cast, 40, "Vårmöte")
    invitations_create(meeting=first)
    invitations_create(meeting=second)
    deliver()
    untouched = {
        i.pk: i.history.count() for i in Invitation.objects.exclude(person=seats["representant"])
    }
    successor = representation_hand_over(
        representation=malmo_seat(cast),
        successor=PersonDetails(email="nora@malmo.example.se", given_name="Nora", family_name="Ny"),
        on=TODAY + datetime.timedelta(days=20),
        by=cast.users["coordinator"],
    )
    deliver()
    assert uids(smtp_server, "representant@example.se", "CANCEL") == [str(second.uid)]
    assert uids(smtp_server, "nora@malmo.example.se", "REQUEST") == [str(second.uid)]
    [(method, sequence, status, _place)] = received(smtp_server, "nora@malmo.example.se")
    assert (method, sequence, status) == ("REQUEST", 0, "CONFIRMED")
    # The first meeting is the representative's still; nobody else's invitation changed.
    assert Invitation.objects.get(meeting=first, person=seats["representant"]).active
    assert not Invitation.objects.filter(meeting=first, person=successor.person).exists()
    for pk, count in untouched.items():
        assert Invitation.objects.get(pk=pk).history.count() == count
    old = Invitation.objects.get(meeting=second, person=seats["representant"])
    new = Invitation.objects.get(meeting=second, person=successor.person)
    assert (old.withdrawn_reason, old.sequence) == (WithdrawalReason.SEAT, 1)
    assert (new.origin, new.organisation.slug) == (InvitationOrigin.SEAT, "malmo")
    # The coordinator sees what changed.
    page = " ".join(as_role("coordinator").get(second.get_absolute_url()).content.decode().split())
    assert "Nora Ny <small>(inbjuden efter ett platsbyte)</small>" in page
    assert "platsen lämnades över eller avslutades" in page
    assert AuditEntry.objects.filter(
        action="meetings.invitations.followed_seats", subject_id=str(second.pk)
    ).exists()
    text = smtp_server.text(smtp_server.to("representant@example.se")[-1])
    assert "you no longer hold the seat of Malmö stad on the day of the meeting" in text


def test_invitations_go_to_the_holders_on_the_meetings_day(cast, seats):
    meeting = in_days(cast, 30, "Höstmöte")
    malmo_university = Organisation.objects.get(slug="malmo-universitet")
    coming = Person.objects.create(given_name="Ny", family_name="Nysson", email="ny@example.se")
    Representation.objects.create(
        person=coming,
        network=cast.skur,
        organisation=malmo_university,
        start_date=TODAY + datetime.timedelta(days=5),
    )
    Representation.objects.filter(person=seats["regionen"]).update(
        end_date=TODAY + datetime.timedelta(days=5)
    )
    invitations_create(meeting=meeting)
    invited = set(meeting.invitations.values_list("person__email", flat=True))
    assert "ny@example.se" in invited  # holds a seat on the day, not yet today
    assert "regionen@example.se" not in invited  # holds one today, not on the day


def test_a_seat_that_ends_withdraws_its_holder_who_is_reminded_of_nothing(
    cast, seats, meeting, smtp_server, settings
):
    invitations_create(meeting=meeting)
    deliver()
    seat = Representation.objects.get(person=seats["regionen"])
    representation_end(representation=seat, on=TODAY, by=cast.users["coordinator"])
    deliver()
    invitation = Invitation.objects.get(meeting=meeting, person=seats["regionen"])
    assert invitation.withdrawn_reason == WithdrawalReason.SEAT
    assert [m for m, *_rest in received(smtp_server, "regionen")] == ["REQUEST", "CANCEL"]
    settings.NATVERK_REMINDER_DAYS = 40
    reminders_queue()
    deliver()
    assert len(smtp_server.to("regionen@example.se")) == 2


def test_an_appointment_invites_the_new_holder_to_coming_meetings(cast, seats, meeting):
    invitations_create(meeting=meeting)
    representation_appoint(
        network=cast.skur,
        organisation=Organisation.objects.get(slug="malmo-universitet"),
        person=PersonDetails(email="forskare@mau.example.se", given_name="Fo", family_name="Rsk"),
        by=cast.users["coordinator"],
    )
    invitation = Invitation.objects.get(meeting=meeting, person__email="forskare@mau.example.se")
    assert invitation.origin == InvitationOrigin.SEAT
    assert OutgoingMessage.objects.filter(
        invitation=invitation, kind=MessageKind.INVITATION
    ).exists()


def test_an_erased_person_is_withdrawn_and_nothing_is_sent_to_them(cast, seats, meeting):
    invitations_create(meeting=meeting)
    deliver()
    invitation = Invitation.objects.get(meeting=meeting, person=seats["kommunerna"])
    invitation_answer(invitation=invitation, answer=Answer.YES, comment="Vegetarisk kost")
    person_erase(person=seats["kommunerna"], by=None)
    invitation.refresh_from_db()
    assert not invitation.active
    assert invitation.comment == ""
    assert not invitation.history.filter(comment="Vegetarisk kost").exists()
    assert (
        not OutgoingMessage.objects.filter(invitation=invitation, kind=MessageKind.CANCELLATION)
        .exclude(status="dropped")
        .exists()
    )
    assert invitation.answer == Answer.YES  # the answer still counts, without a name


def test_a_substitute_stays_with_the_seat_when_it_is_handed_over(cast, seats, meeting):
    invitations_create(meeting=meeting)
    deliver()
    kommunerna = Invitation.objects.get(meeting=meeting, person=seats["kommunerna"])
    substitute = invitation_substitute(
        invitation=kommunerna,
        substitute=PersonDetails(email="vera@example.se", given_name="Vera", family_name="V"),
    )
    successor = representation_hand_over(
        representation=Representation.objects.get(person=seats["kommunerna"]),
        successor=PersonDetails(email="efter@example.se", given_name="Efter", family_name="F"),
        on=TODAY,
    )
    substitute.refresh_from_db()
    new = Invitation.objects.get(meeting=meeting, person=successor.person)
    assert substitute.active
    assert substitute.substitute_for == new
    assert new.answer == Answer.NO  # the organisation already sends Vera in the seat's place


def test_a_seat_ended_by_mistake_and_given_back_renews_the_same_invitation(
    cast, seats, meeting, smtp_server
):
    invitations_create(meeting=meeting)
    deliver()
    seat = Representation.objects.get(person=seats["regionen"])
    representation_end(representation=seat, on=TODAY)
    deliver()
    # Given back: the end taken away again.
    seat.refresh_from_db()
    seat.end_date = None
    seat.save()
    seats_changed(people=[seat.person_id], networks=[seat.network_id])
    deliver()
    invitation = Invitation.objects.get(meeting=meeting, person=seats["regionen"])
    assert invitation.active
    assert [(m, s) for m, s, *_rest in received(smtp_server, "regionen")] == [
        ("REQUEST", 0),
        ("CANCEL", 1),
        ("REQUEST", 2),
    ]


def test_a_change_of_seat_in_the_back_office_is_followed(cast, seats, meeting, secretariat_client):
    invitations_create(meeting=meeting)
    seat = Representation.objects.get(person=seats["ersattaren"])
    response = secretariat_client.post(
        reverse("admin:people_representation_change", args=[seat.pk]),
        {
            "person": seat.person_id,
            "network": seat.network_id,
            "organisation": seat.organisation_id,
            "role": seat.role,
            "start_date": seat.start_date.isoformat(),
            "end_date": TODAY.isoformat(),
        },
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(meeting=meeting, person=seats["ersattaren"])
    assert invitation.withdrawn_reason == WithdrawalReason.SEAT


def test_a_mistaken_appointment_is_removed_the_same_day(client, cast, meeting, seats):
    invitations_create(meeting=meeting)
    coordinator = client
    coordinator.force_login(cast.users["coordinator"])
    appoint(coordinator, cast, "fel@example.se")
    seat = Representation.objects.get(person__email="fel@example.se")
    invitation = Invitation.objects.get(meeting=meeting, person=seat.person)
    page = text(coordinator.get(reverse("workspace:representatives", args=[cast.skur.slug])))
    assert "Ta bort: utsedd av misstag i dag" in page
    response = coordinator.post(
        reverse("workspace:representative_remove", args=[cast.skur.slug]),
        {"representation": seat.pk},
        follow=True,
    )
    assert "Utnämningen har tagits bort" in text(response)
    assert not Representation.objects.filter(pk=seat.pk).exists()
    assert Representation.history.filter(id=seat.pk, history_type="-").exists()
    invitation.refresh_from_db()
    assert not invitation.active
    # Its invitation had not gone out: nothing goes to the mistaken address.
    assert (
        not OutgoingMessage.objects.filter(to="fel@example.se").exclude(status="dropped").exists()
    )
