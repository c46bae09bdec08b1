"""Invitations: sending them to the holders of the seats on the meeting's day, following
the seats when they change hands, withdrawing, answering and reminding. Each is one
transaction; the email it causes is queued in the invitation's thread of the outbox
(`services.mail`) and sent by a worker once the transaction has committed."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from natverk.core.audit import audit_log
from natverk.core.outbox import email_queue
from natverk.core.selectors import link_base_url
from natverk.core.tasks import run_later
from natverk.meetings.enums import (
    SUBSTITUTE_NOTICE,
    Answer,
    InvitationOrigin,
    MeetingStatus,
    MessageKind,
    WithdrawalReason,
)
from natverk.meetings.models import Invitation, Meeting
from natverk.meetings.selectors import first_coordinator, meeting_contact
from natverk.meetings.services.mail import mail_queue
from natverk.meetings.services.registrations import (
    check_registration_open,
    registration_answer,
    registrations_release,
)
from natverk.meetings.tasks import send_invitations, send_reminders
from natverk.people.models import Person, Representation
from natverk.people.services import PersonDetails
from natverk.registry.models import Membership

ANSWERS = (Answer.YES, Answer.NO, Answer.MAYBE)
COMMENT_LENGTH = 1000


def meeting_day(meeting: Meeting) -> datetime.date:
    """The day of the meeting in Stockholm: whose seats it is."""
    if meeting.start is None:
        raise ValueError(f"Meeting {meeting.pk} has no date.")
    return timezone.localdate(meeting.start, timezone.get_default_timezone())


def _overlapping(meeting: Meeting) -> Meeting | None:
    """Another meeting of one of the same networks at the same time, not cancelled (a
    meeting without an end takes its first minute)."""
    start = meeting.start
    if start is None:
        return None
    end = meeting.end or start + datetime.timedelta(minutes=1)
    return (
        Meeting.objects.filter(networks__in=meeting.networks.all(), start__lt=end)
        .filter(Q(end__gt=start) | Q(end__isnull=True, start__gte=start))
        .exclude(pk=meeting.pk)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("start")
        .first()
    )


def check_invitable(meeting: Meeting) -> None:
    """Refuses, saying why, a meeting no invitation can go out for."""
    if meeting.start is None:
        raise ValidationError(_("Give the meeting a date before inviting."))
    if meeting.status in (MeetingStatus.CANCELLED, MeetingStatus.HELD):
        raise ValidationError(_("Only a coming meeting can be invited to."))
    if meeting.begun:
        raise ValidationError(
            _("The meeting began on %(start)s: invitations can no longer go out.")
            % {"start": date_format(timezone.localtime(meeting.start), "j F Y")}
        )
    other = _overlapping(meeting)
    if other is not None:
        raise ValidationError(
            _(
                "“%(other)s” (%(start)s) takes place at the same time, in one of the same "
                "networks: move one of them before inviting."
            )
            % {
                "other": other.title,
                "start": date_format(timezone.localtime(other.start), "j F Y, H.i"),
            }
        )


def seats_on_meeting_day(meeting: Meeting):
    """The seats in the meeting's networks held on its day, by people not erased, for
    organisations that are members on that day."""
    day = meeting_day(meeting)
    networks = meeting.networks.all()
    return (
        Representation.objects.current(day)
        .filter(network__in=networks, person__erased_at__isnull=True)
        .filter(
            organisation__in=Membership.objects.current(day)
            .filter(network__in=networks)
            .values("organisation")
        )
    )


def _seats_not_yet_invited(meeting: Meeting):
    return seats_on_meeting_day(meeting).exclude(person__in=meeting.invitations.values("person"))


def _contact_fix(meeting: Meeting) -> None:
    """The contact is fixed when the invitations go out: it is the organizer of every
    calendar file, which must not change from one to the next."""
    if meeting.contact_id is None:
        coordinator = first_coordinator(meeting)
        if coordinator is not None:
            meeting.contact = coordinator
            meeting.save(update_fields=["contact", "updated_at"])


@transaction.atomic
def meeting_invite(*, meeting: Meeting, by=None) -> int:
    """The send action: check that the meeting can be invited to, mark it invited, and
    leave the work to a background task (`invitations_create` there), so that this
    returns at once however many are invited. Returns how many will be."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    check_invitable(meeting)
    if meeting.status == MeetingStatus.PLANNED:
        meeting.status = MeetingStatus.INVITED
        meeting.save(update_fields=["status", "updated_at"])
    _contact_fix(meeting)
    coming = _seats_not_yet_invited(meeting).values("person").distinct().count()
    transaction.on_commit(lambda: send_invitations.enqueue(meeting.pk))
    audit_log(actor=by, action="meetings.meeting.invited", subject=meeting, invitations=coming)
    return coming


@transaction.atomic
def invitations_create(*, meeting: Meeting) -> int:
    """Invite the holders of the seats on the meeting's day, now: one invitation each,
    and its email queued. Those already invited are not invited again; returns how many
    were."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    check_invitable(meeting)
    _contact_fix(meeting)
    seats = _seats_not_yet_invited(meeting).select_related("person", "organisation").order_by("pk")
    invitees: dict[int, Invitation] = {}
    for seat in seats:
        invitees.setdefault(
            seat.person_id,
            Invitation(meeting=meeting, person=seat.person, organisation=seat.organisation),
        )
    invitations = bulk_create_with_history(list(invitees.values()), Invitation, batch_size=500)
    queued = mail_queue(invitations, MessageKind.INVITATION)
    if meeting.status == MeetingStatus.PLANNED:
        meeting.status = MeetingStatus.INVITED
        meeting.save(update_fields=["status", "updated_at"])
    schedule_reminders(meeting)
    return queued


def invitation_seat(meeting: Meeting, person: Person) -> Representation:
    """The seat a person would be invited for; refuses anyone who does not hold a seat
    of a member of the meeting's networks on its day, or is invited already."""
    check_invitable(meeting)
    if meeting.invitations.filter(person=person).exists():
        raise ValidationError(_("%(person)s is already invited.") % {"person": person})
    seat = (
        _seats_not_yet_invited(meeting)
        .filter(person=person)
        .select_related("organisation")
        .order_by("pk")
        .first()
    )
    if seat is None:
        raise ValidationError(
            _(
                "%(person)s does not represent a member of the meeting's networks, so "
                "cannot be invited."
            )
            % {"person": person}
        )
    return seat


@transaction.atomic
def invitation_add(*, meeting: Meeting, person: Person, by=None) -> Invitation:
    """Invite one more person: only the holder of a seat of a member organisation."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    seat = invitation_seat(meeting, person)
    invitation = Invitation.objects.create(
        meeting=meeting,
        person=person,
        organisation=seat.organisation,
        origin=InvitationOrigin.ADDED,
    )
    mail_queue([invitation], MessageKind.INVITATION)
    audit_log(actor=by, action="meetings.invitation.added", subject=invitation)
    return invitation


def _withdraw(invitations: list[Invitation], reason: WithdrawalReason) -> int:
    """Withdraw the invitations: their links stop working, and those whose calendar has
    the meeting get a cancellation."""
    now = timezone.now()
    for invitation in invitations:
        invitation.withdrawn_at = now
        invitation.withdrawn_reason = reason
        invitation.sequence += 1
    bulk_update_with_history(
        invitations, Invitation, ["withdrawn_at", "withdrawn_reason", "sequence"]
    )
    registrations_release(invitations)
    return mail_queue(invitations, MessageKind.CANCELLATION)


@transaction.atomic
def invitation_withdraw(*, invitation: Invitation, by=None) -> int:
    """Take back one invitation: its links stop working, and its calendar entry goes.
    Returns whether a cancellation goes out (not if the invitation had not gone yet)."""
    _lock_meeting(invitation.meeting_id)
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("meeting", "person")
        .get(pk=invitation.pk)
    )
    if invitation.withdrawn_at:
        return 0
    queued = _withdraw([invitation], WithdrawalReason.COORDINATOR)
    audit_log(actor=by, action="meetings.invitation.withdrawn", subject=invitation)
    return queued


def check_answerable(invitation: Invitation) -> None:
    """Refuses, saying why, an answer that can no longer be given."""
    meeting = invitation.meeting
    if invitation.withdrawn_at is not None:
        raise ValidationError(_("The invitation was withdrawn."))
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("The meeting was cancelled."))
    if meeting.begun:
        raise ValidationError(_("The meeting has begun: answers can no longer be changed."))
    check_registration_open(meeting)


def _lock_meeting(pk: int) -> None:
    """The meeting's row is locked before any of its invitations' (always in that order,
    so that two changes never wait for each other): registering counts its places."""
    list(Meeting.objects.select_for_update().filter(pk=pk).values_list("pk", flat=True))


@transaction.atomic
def invitation_answer(
    *,
    invitation: Invitation,
    answer: str,
    comment: str | None = None,
    replies: dict | None = None,
) -> Invitation:
    """Answer, or change the answer, until the meeting begins; with a comment, if given
    (None keeps the one there). For a meeting with registration a yes registers, with
    the answers to its questions (`replies`, by question), and a no gives the place up
    (`services.registrations`)."""
    if answer not in ANSWERS:
        raise ValidationError(_("Answer yes, no or maybe."))
    _lock_meeting(invitation.meeting_id)
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("meeting", "person", "organisation")
        .get(pk=invitation.pk)
    )
    check_answerable(invitation)
    if comment is not None and len(comment.strip()) > COMMENT_LENGTH:
        raise ValidationError(
            _("Keep the comment to %(limit)d characters.") % {"limit": COMMENT_LENGTH}
        )
    invitation.answer = answer
    invitation.answered_at = timezone.now()
    if comment is not None:
        invitation.comment = comment.strip()
    invitation.full_clean(exclude=["meeting", "person", "organisation", "substitute_for"])
    if invitation.meeting.registration:
        if answer == Answer.MAYBE:
            raise ValidationError(_("Answer yes or no: the meeting needs registration."))
        registration_answer(invitation=invitation, answer=answer, replies=replies or {})
    invitation.save(update_fields=["answer", "answered_at", "comment"])
    return invitation


@transaction.atomic
def meeting_remind_unanswered(*, meeting: Meeting, by=None) -> int:
    """Remind everyone invited who has not answered; returns how many were reminded."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != MeetingStatus.INVITED or meeting.begun:
        raise ValidationError(_("Reminders go out for a coming meeting that has been invited to."))
    unanswered = list(
        meeting.invitations.filter(withdrawn_at__isnull=True, answer=Answer.NONE).select_related(
            "person", "meeting"
        )
    )
    queued = mail_queue(unanswered, MessageKind.REMINDER)
    Invitation.objects.filter(pk__in=[i.pk for i in unanswered]).update(reminded_at=timezone.now())
    audit_log(actor=by, action="meetings.meeting.reminded", subject=meeting, reminded=queued)
    return queued


def schedule_reminders(meeting: Meeting) -> None:
    if meeting.start is None:
        return
    when = meeting.start - datetime.timedelta(days=settings.NATVERK_REMINDER_DAYS)
    if when > timezone.now():
        transaction.on_commit(lambda: run_later(send_reminders, when))


@transaction.atomic
def reminders_queue() -> int:
    """Remind those who said yes or maybe, or have not answered, of the meetings that
    begin within the reminder period; each invitation is reminded once."""
    now = timezone.now()
    due = (
        Invitation.objects.filter(
            meeting__status=MeetingStatus.INVITED,
            meeting__start__gt=now,
            meeting__start__lte=now + datetime.timedelta(days=settings.NATVERK_REMINDER_DAYS),
            withdrawn_at__isnull=True,
            reminded_at__isnull=True,
            answer__in=[Answer.NONE, Answer.YES, Answer.MAYBE],
        )
        .select_related("person", "meeting")
        .select_for_update()
    )
    invitations = list(due)
    queued = mail_queue(invitations, MessageKind.REMINDER)
    Invitation.objects.filter(pk__in=[i.pk for i in invitations]).update(reminded_at=now)
    return queued


# Following the seats -------------------------------------------------------------------


@dataclass
class SeatFollowing:
    """What following a change of seats did to the coming meetings' invitations."""

    invited: list[Invitation] = field(default_factory=list)
    withdrawn: list[Invitation] = field(default_factory=list)


def _follow_in(meeting: Meeting, people: set[int], outcome: SeatFollowing, by) -> None:
    entitled: dict[int, Representation] = {}
    for seat in (
        seats_on_meeting_day(meeting)
        .filter(person__in=people)
        .select_related("person", "organisation")
        .order_by("pk")
    ):
        entitled.setdefault(seat.person_id, seat)
    existing = {
        invitation.person_id: invitation
        for invitation in meeting.invitations.filter(person__in=people)
        .select_related("person", "meeting")
        .prefetch_related("substitutes")
    }
    withdrawn = [
        invitation
        for person_id, invitation in existing.items()
        if invitation.active
        and person_id not in entitled
        and invitation.origin != InvitationOrigin.SUBSTITUTE
    ]
    new, renewed = [], []
    for person_id, seat in entitled.items():
        invitation = existing.get(person_id)
        if invitation is None:
            new.append(
                Invitation(
                    meeting=meeting,
                    person=seat.person,
                    organisation=seat.organisation,
                    origin=InvitationOrigin.SEAT,
                )
            )
        elif invitation.withdrawn_reason == WithdrawalReason.SEAT:
            # The seat came back (a mistaken end undone): the same invitation, renewed.
            invitation.withdrawn_at = None
            invitation.withdrawn_reason = ""
            invitation.sequence += 1
            invitation.organisation = seat.organisation
            renewed.append(invitation)
    new = bulk_create_with_history(new, Invitation)
    bulk_update_with_history(
        renewed, Invitation, ["withdrawn_at", "withdrawn_reason", "sequence", "organisation"]
    )
    if withdrawn:
        _withdraw(withdrawn, WithdrawalReason.SEAT)
    _substitutes_follow(withdrawn, [*new, *renewed, *existing.values()])
    mail_queue([*new, *renewed], MessageKind.INVITATION)
    if new or renewed or withdrawn:
        audit_log(
            actor=by,
            action="meetings.invitations.followed_seats",
            subject=meeting,
            invited=[i.pk for i in [*new, *renewed]],
            withdrawn=[i.pk for i in withdrawn],
        )
    outcome.invited += [*new, *renewed]
    outcome.withdrawn += withdrawn


def _substitutes_follow(withdrawn: list[Invitation], holders: list[Invitation]) -> None:
    """A substitute the organisation sent in place of the seat's former holder keeps
    coming, now in place of the new holder, whose answer is therefore no until they
    change it: what the organisation arranged stays with its seat."""
    successors = {i.organisation_id: i for i in holders if i.active}
    for old in withdrawn:
        successor = successors.get(old.organisation_id)
        substitutes = [s for s in old.substitutes.all() if s.active]
        if successor is None or not substitutes:
            continue
        Invitation.objects.filter(pk__in=[s.pk for s in substitutes]).update(
            substitute_for=successor
        )
        if successor.answer == Answer.NONE:
            successor.answer = Answer.NO
            successor.answered_at = timezone.now()
            successor.save(update_fields=["answer", "answered_at"])


@transaction.atomic
def invitations_follow_seats(
    *, people: Iterable[int], networks: Iterable[int], by=None
) -> SeatFollowing:
    """After a change to the seats of `people` in `networks`: in every coming meeting of
    those networks that has been invited to, whoever now holds a seat on the meeting's
    day is invited (with the calendar file), and whoever no longer does is withdrawn (a
    cancellation for their copy). Only those people's invitations are touched."""
    people, networks = set(people), set(networks)
    outcome = SeatFollowing()
    if not people or not networks:
        return outcome
    ids = (
        Meeting.objects.filter(
            status=MeetingStatus.INVITED,
            start__gt=timezone.now(),
            meetingnetwork__network__in=networks,
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    for meeting in Meeting.objects.filter(pk__in=list(ids)).select_for_update().order_by("pk"):
        _follow_in(meeting, people, outcome, by)
    return outcome


@transaction.atomic
def invitations_forget(*, person: Person) -> int:
    """Erasure: the person is withdrawn from every meeting not yet over (nothing is sent:
    their address is gone), and what they wrote with their answers is removed, here and
    in the history. Their answers and attendance stay, without a name, for the counts."""
    coming = list(
        Invitation.objects.filter(person=person, withdrawn_at__isnull=True)
        .exclude(meeting__status__in=[MeetingStatus.HELD, MeetingStatus.CANCELLED])
        .select_related("meeting", "person")
    )
    coming = [i for i in coming if not i.meeting.finished]
    _withdraw(coming, WithdrawalReason.ERASED)
    Invitation.objects.filter(person=person).update(comment="")
    Invitation.history.filter(person_id=person.pk).update(comment="")
    return len(coming)


# Substitutes -----------------------------------------------------------------------------


def _substitute_person(invitation: Invitation, details: PersonDetails) -> Person | None:
    """Who the substitute is: the person of the organisation with the address, or a new
    one with the details given; None when the address is someone's who works elsewhere."""
    existing = Person.objects.filter(email__iexact=details.email, erased_at__isnull=True).first()
    if existing is not None:
        return existing if existing.employer_id == invitation.organisation_id else None
    person = Person(
        given_name=details.given_name,
        family_name=details.family_name,
        email=details.email,
        employer=invitation.organisation,
        preferred_language=invitation.person.preferred_language,
    )
    person.full_clean()
    person.save()
    return person


def _substitute_invite(invitation: Invitation, person: Person) -> Invitation | None:
    """The substitute's own invitation, for the same organisation; None if they are
    invited already."""
    mine = Invitation.objects.filter(meeting=invitation.meeting, person=person).first()
    if mine is not None and mine.active:
        return None
    if mine is None:
        mine = Invitation(meeting=invitation.meeting, person=person)
    else:  # withdrawn before: the same invitation, renewed
        mine.withdrawn_at = None
        mine.withdrawn_reason = ""
        mine.sequence += 1
    mine.organisation = invitation.organisation
    mine.origin = InvitationOrigin.SUBSTITUTE
    mine.substitute_for = invitation
    mine.save()
    mail_queue([mine], MessageKind.INVITATION)
    return mine


def _tell_the_contact(
    invitation: Invitation, details: PersonDetails, substitute: Invitation | None
) -> None:
    meeting = invitation.meeting
    contact = meeting_contact(meeting)
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("meetings:meeting", kwargs={"pk": meeting.pk})
    email_queue(
        to=contact.email,
        kind=SUBSTITUTE_NOTICE,
        template="meetings/email/substitute_notice",
        context={
            "meeting": meeting,
            "invitation": invitation,
            "details": details,
            "invited": substitute is not None,
            "link": link_base_url() + path,
        },
        language=settings.LANGUAGE_CODE,
    )


@transaction.atomic
def invitation_substitute(
    *, invitation: Invitation, substitute: PersonDetails, by=None
) -> Invitation | None:
    """The organisation sends someone else in the invited person's place: a colleague
    (found by address) or someone new to the register, invited for the same organisation;
    the original invitation answers no. An address that belongs to someone who works
    for another organisation invites nobody. Whatever happens, the one naming the
    substitute is told the same (so that the form reveals nothing about the register),
    and the meeting's contact is told what happened; it is in the audit trail. Returns
    the substitute's invitation, if one was made."""
    _lock_meeting(invitation.meeting_id)
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("meeting", "person", "organisation")
        .get(pk=invitation.pk)
    )
    check_answerable(invitation)
    if substitute.email.casefold() == invitation.person.email.casefold():
        raise ValidationError(_("The substitute must be someone else."))
    if not (substitute.given_name.strip() and substitute.family_name.strip()):
        raise ValidationError(_("Give the substitute's given name and family name."))
    person = _substitute_person(invitation, substitute)
    made = _substitute_invite(invitation, person) if person is not None else None
    if person is not None:
        invitation.answer = Answer.NO
        invitation.answered_at = timezone.now()
        invitation.save(update_fields=["answer", "answered_at"])
        # The place, if any, is given up: the substitute registers for their own.
        registrations_release([invitation])
    _tell_the_contact(invitation, substitute, made)
    audit_log(
        actor=by,
        action="meetings.invitation.substitute_named",
        subject=invitation,
        substitute=made.pk if made else None,
        invited=made is not None,
    )
    return made
