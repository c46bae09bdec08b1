"""Changes to meetings and invitations. Each is one transaction; the email it causes is
queued with the change and sent by a worker once the transaction has committed."""

import datetime
import math
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from natverk.core.audit import audit_log
from natverk.core.models import OutgoingMessage
from natverk.core.outbox import messages_queue
from natverk.core.tasks import run_later
from natverk.files.checks import validate_upload
from natverk.meetings.enums import Answer, MeetingKind, MeetingStatus, MessageKind
from natverk.meetings.messages import invitation_thread
from natverk.meetings.models import (
    AgendaItem,
    Invitation,
    Meeting,
    MeetingDocument,
    MeetingNetwork,
)
from natverk.meetings.selectors import year_bounds
from natverk.meetings.tasks import send_invitations, send_reminders
from natverk.people.models import Person, Representation
from natverk.people.services import PersonDetails, person_find_or_create
from natverk.registry.models import Membership, Network

# A change to any of these is news to the people invited: their calendars update.
CALENDAR_FIELDS = (
    "title",
    "start",
    "end",
    "place",
    "city",
    "country",
    "mode",
    "theme",
    "description",
)


def _queue(invitations, kind: str) -> int:
    """Queue one message per invitation in the outbox, to be made and delivered after
    commit. A person's messages about one meeting go out in the order queued."""
    return messages_queue(
        OutgoingMessage(
            kind=kind,
            to=invitation.person.email,
            language=invitation.person.preferred_language,
            thread=invitation_thread(invitation),
            about=invitation,
            details={"sequence": invitation.meeting.sequence},
        )
        for invitation in invitations
        if invitation.person.email
    )


def _check_times(start, end) -> None:
    if start and end and end <= start:
        raise ValidationError({"end": _("The meeting must end after it starts.")})
    if end and not start:
        raise ValidationError({"start": _("A meeting with an end needs a start.")})


@transaction.atomic
def meeting_create(
    *, networks: list[Network], leading: Network, agenda: Sequence[str] = (), by=None, **fields
) -> Meeting:
    """A meeting of the networks, `leading` organising it, with its agenda in order."""
    if leading not in networks:
        networks = [leading, *networks]
    _check_times(fields.get("start"), fields.get("end"))
    meeting = Meeting(**fields)
    meeting.full_clean()
    meeting.save()
    MeetingNetwork.objects.bulk_create(
        [
            MeetingNetwork(meeting=meeting, network=n, leading=n == leading)
            for n in dict.fromkeys(networks)
        ]
    )
    _agenda_set(meeting, agenda)
    audit_log(actor=by, action="meetings.meeting.created", subject=meeting)
    return meeting


def _networks_set(meeting: Meeting, networks: list[Network]) -> None:
    """The networks taking part besides the leading one, as given."""
    wanted = {*networks, meeting.organiser}
    MeetingNetwork.objects.filter(meeting=meeting).exclude(network__in=wanted).delete()
    present = set(
        MeetingNetwork.objects.filter(meeting=meeting).values_list("network_id", flat=True)
    )
    MeetingNetwork.objects.bulk_create(
        [MeetingNetwork(meeting=meeting, network=n) for n in wanted if n.pk not in present]
    )


def _agenda_set(meeting: Meeting, agenda: Sequence[str]) -> None:
    meeting.agenda_items.all().delete()
    AgendaItem.objects.bulk_create(
        [AgendaItem(meeting=meeting, position=i, title=line) for i, line in enumerate(agenda)]
    )


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    by=None,
    other_networks: list[Network] | None = None,
    agenda: list[str] | None = None,
    **fields,
) -> int:
    """Change the meeting (and, when given, the other networks taking part and the
    agenda). If its invitations have gone out and something calendars show changed, the
    revision goes up and everyone invited gets the update; returns how many updates were
    queued."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("A cancelled meeting cannot be changed."))
    if other_networks is not None:
        _networks_set(meeting, other_networks)
    if agenda is not None:
        _agenda_set(meeting, agenda)
    changed = {name for name, value in fields.items() if getattr(meeting, name) != value}
    for name, value in fields.items():
        setattr(meeting, name, value)
    _check_times(meeting.start, meeting.end)
    if not changed:
        return 0
    news = meeting.status == MeetingStatus.INVITED and bool(changed & set(CALENDAR_FIELDS))
    if news:
        meeting.sequence += 1
    meeting.full_clean()
    meeting.save()
    audit_log(actor=by, action="meetings.meeting.updated", subject=meeting, fields=sorted(changed))
    if not news:
        return 0
    invited = meeting.invitations.filter(withdrawn_at__isnull=True).select_related(
        "person", "meeting"
    )
    if "start" in changed:
        _schedule_reminders(meeting)
    return _queue(invited, MessageKind.UPDATE)


@transaction.atomic
def meetings_plan_year(*, network: Network, year: int, by=None) -> list[Meeting]:
    """Drafts, not yet dated, for the meetings the network's target asks for in the year
    beyond those it already has; residential ones as many as its target says."""
    target = network.meetings_per_year
    if target is None:
        raise ValidationError(
            _("%(network)s has no target for meetings per year.") % {"network": network.name}
        )
    start, end = year_bounds(year)
    existing = (
        Meeting.objects.filter(networks=network)
        .filter(Q(planned_year=year) | Q(start__gte=start, start__lt=end))
        .exclude(status=MeetingStatus.CANCELLED)
        .distinct()
    )
    if target < 1:  # once every few years: one in a year that follows one without
        every = round(1 / float(target))
        previous = (
            Meeting.objects.filter(
                networks=network, start__year__gt=year - every, start__year__lt=year
            )
            .exclude(status=MeetingStatus.CANCELLED)
            .exists()
        )
        wanted = 0 if previous else 1
    else:
        wanted = math.ceil(float(target))
    residential_wanted = min(network.residential_meetings_per_year or 0, wanted)
    have = list(existing)
    residential_have = sum(1 for m in have if m.kind == MeetingKind.RESIDENTIAL)
    drafts = []
    for number in range(len(have), wanted):
        residential = residential_have < residential_wanted
        residential_have += residential
        drafts.append(
            meeting_create(
                networks=[network],
                leading=network,
                by=by,
                title=(
                    _("%(network)s: residential meeting %(year)s")
                    if residential
                    else _("%(network)s: meeting %(number)d, %(year)s")
                )
                % {"network": network.name, "year": year, "number": number + 1},
                kind=MeetingKind.RESIDENTIAL if residential else MeetingKind.ORDINARY,
                planned_year=year,
            )
        )
    return drafts


def _check_invitable(meeting: Meeting) -> None:
    if meeting.start is None:
        raise ValidationError(_("Give the meeting a date before inviting."))
    if meeting.status in (MeetingStatus.CANCELLED, MeetingStatus.HELD):
        raise ValidationError(_("Only a coming meeting can be invited to."))


def _seats_not_yet_invited(meeting: Meeting):
    """The current seats in the meeting's networks whose holders are not yet invited."""
    on = timezone.localdate()
    networks = meeting.networks.all()
    return (
        Representation.objects.current(on)
        .filter(network__in=networks, person__erased_at__isnull=True)
        .filter(
            organisation__in=Membership.objects.current(on)
            .filter(network__in=networks)
            .values("organisation")
        )
        .exclude(person__in=meeting.invitations.values("person"))
    )


@transaction.atomic
def meeting_invite(*, meeting: Meeting, by=None) -> int:
    """The send action: check that the meeting can be invited to, mark it invited, and
    leave the work to a background task (`invitations_create` there), so that this
    returns at once however many are invited. Returns how many will be."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_invitable(meeting)
    if meeting.status == MeetingStatus.PLANNED:
        meeting.status = MeetingStatus.INVITED
        meeting.save(update_fields=["status", "updated_at"])
    coming = _seats_not_yet_invited(meeting).values("person").distinct().count()
    transaction.on_commit(lambda: send_invitations.enqueue(meeting.pk))
    audit_log(actor=by, action="meetings.meeting.invited", subject=meeting, invitations=coming)
    return coming


@transaction.atomic
def invitations_create(*, meeting: Meeting) -> int:
    """Invite the current representatives of the member organisations, now: one
    invitation each, and its email queued. Those already invited are not invited again;
    returns how many were."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_invitable(meeting)
    seats = _seats_not_yet_invited(meeting).select_related("person", "organisation").order_by("pk")
    invitees: dict[int, Invitation] = {}
    for seat in seats:
        invitees.setdefault(
            seat.person_id,
            Invitation(meeting=meeting, person=seat.person, organisation=seat.organisation),
        )
    invitations = Invitation.objects.bulk_create(invitees.values(), batch_size=500)
    queued = _queue(invitations, MessageKind.INVITATION)
    if meeting.status == MeetingStatus.PLANNED:
        meeting.status = MeetingStatus.INVITED
        meeting.save(update_fields=["status", "updated_at"])
    _schedule_reminders(meeting)
    return queued


def invitation_seat(meeting: Meeting, person: Person) -> Representation:
    """The seat a person would be invited for; refuses anyone who is not a current
    representative of a member of the meeting's networks, or is invited already."""
    _check_invitable(meeting)
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
    """Invite one more person: only a current representative of a member organisation."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    seat = invitation_seat(meeting, person)
    invitation = Invitation.objects.create(
        meeting=meeting, person=person, organisation=seat.organisation
    )
    _queue([invitation], MessageKind.INVITATION)
    audit_log(actor=by, action="meetings.invitation.added", subject=invitation)
    return invitation


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by=None) -> int:
    """Cancel: everyone invited gets a cancellation their calendar understands."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == MeetingStatus.CANCELLED:
        return 0
    if meeting.status == MeetingStatus.HELD:
        raise ValidationError(_("A meeting that has been held cannot be cancelled."))
    was_invited = meeting.status == MeetingStatus.INVITED
    meeting.status = MeetingStatus.CANCELLED
    meeting.sequence += 1
    meeting.save()
    audit_log(actor=by, action="meetings.meeting.cancelled", subject=meeting)
    if not was_invited:
        return 0
    invited = meeting.invitations.filter(withdrawn_at__isnull=True).select_related(
        "person", "meeting"
    )
    return _queue(invited, MessageKind.CANCELLATION)


@transaction.atomic
def invitation_withdraw(*, invitation: Invitation, by=None) -> None:
    """Take back one invitation: its links stop working, and its calendar entry goes."""
    if invitation.withdrawn_at:
        return
    invitation.withdrawn_at = timezone.now()
    invitation.save(update_fields=["withdrawn_at"])
    _queue([invitation], MessageKind.CANCELLATION)
    audit_log(actor=by, action="meetings.invitation.withdrawn", subject=invitation)


@transaction.atomic
def invitation_answer(*, invitation: Invitation, answer: str) -> Invitation:
    if answer not in (Answer.YES, Answer.NO, Answer.MAYBE):
        raise ValidationError(_("Answer yes, no or maybe."))
    invitation = (
        Invitation.objects.select_for_update().select_related("meeting").get(pk=invitation.pk)
    )
    meeting = invitation.meeting
    if invitation.withdrawn_at is not None:
        raise ValidationError(_("The invitation was withdrawn."))
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("The meeting was cancelled."))
    finished = meeting.end or meeting.start
    if finished is not None and finished < timezone.now():
        raise ValidationError(_("The meeting is over."))
    invitation.answer = answer
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["answer", "answered_at"])
    return invitation


@transaction.atomic
def invitation_substitute(*, invitation: Invitation, substitute: PersonDetails) -> Invitation:
    """The organisation sends someone else in the invited person's place: they are
    invited for the same organisation, and the original invitation answers no."""
    person = person_find_or_create(details=substitute, employer=invitation.organisation)
    if person.pk == invitation.person_id:
        raise ValidationError(_("The substitute must be someone else."))
    if Invitation.objects.filter(meeting=invitation.meeting, person=person).exists():
        raise ValidationError(_("%(person)s is already invited.") % {"person": person})
    substitute_invitation = Invitation.objects.create(
        meeting=invitation.meeting,
        person=person,
        organisation=invitation.organisation,
        substitute_for=invitation,
    )
    invitation_answer(invitation=invitation, answer=Answer.NO)
    substitute_invitation.meeting = invitation.meeting
    _queue([substitute_invitation], MessageKind.INVITATION)
    return substitute_invitation


@transaction.atomic
def attendance_record(*, meeting: Meeting, attended: set[int], by=None) -> None:
    """Who came, by invitation; the meeting is then held."""
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("A cancelled meeting has no attendance."))
    if meeting.start and meeting.start > timezone.now():
        raise ValidationError(_("Attendance is recorded after the meeting has begun."))
    invitations = list(meeting.invitations.all())
    unknown = attended - {i.pk for i in invitations}
    if unknown:
        raise ValidationError(_("Those attending must be among those invited."))
    for invitation in invitations:
        invitation.attended = invitation.pk in attended
    Invitation.objects.bulk_update(invitations, ["attended"])
    meeting.status = MeetingStatus.HELD
    meeting.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=by, action="meetings.meeting.attendance", subject=meeting, attended=len(attended)
    )


@transaction.atomic
def meeting_document_add(*, meeting: Meeting, title: str, upload, visibility: str, by_person=None):
    document = MeetingDocument(
        meeting=meeting,
        title=title,
        visibility=visibility,
        uploaded_by=by_person,
        kind=validate_upload(upload),
        file=upload,
    )
    document.full_clean()
    document.save()
    return document


def _schedule_reminders(meeting: Meeting) -> None:
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
    queued = _queue(invitations, MessageKind.REMINDER)
    Invitation.objects.filter(pk__in=[i.pk for i in invitations]).update(reminded_at=now)
    return queued
