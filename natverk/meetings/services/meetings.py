"""Changes to meetings: adding, planning a year, changing, cancelling, saying it was held.
Each is one transaction; the email it causes is queued with the change and sent by a
worker once the transaction has committed."""

import datetime
import math
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from natverk.access.roles import person_of
from natverk.core.audit import audit_log
from natverk.meetings.enums import MeetingKind, MeetingStatus, MessageKind
from natverk.meetings.models import AgendaItem, Invitation, Meeting, MeetingNetwork
from natverk.meetings.selectors import year_bounds
from natverk.meetings.services.invitations import schedule_reminders
from natverk.meetings.services.joining import join_requests_set
from natverk.meetings.services.mail import mail_queue
from natverk.registry.models import Network

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
AGENDA = "agenda"


def _check_times(start, end) -> None:
    if start and end and end <= start:
        raise ValidationError({"end": _("The meeting must end after it starts.")})
    if end and not start:
        raise ValidationError({"start": _("A meeting with an end needs a start.")})


@transaction.atomic
def meeting_create(
    *,
    networks: list[Network],
    leading: Network,
    agenda: Sequence[str] = (),
    asked: Sequence[Network] = (),
    by=None,
    **fields,
) -> Meeting:
    """A meeting of the networks, `leading` organising it, with its agenda in order; the
    networks `asked` take part once their coordinators say yes. The one who adds it is
    its contact, unless another is given."""
    if leading not in networks:
        networks = [leading, *networks]
    _check_times(fields.get("start"), fields.get("end"))
    meeting = Meeting(**fields)
    if meeting.contact_id is None:
        meeting.contact = person_of(by)
    meeting.full_clean()
    meeting.save()
    MeetingNetwork.objects.bulk_create(
        [
            MeetingNetwork(meeting=meeting, network=n, leading=n == leading)
            for n in dict.fromkeys(networks)
        ]
    )
    _agenda_set(meeting, agenda)
    join_requests_set(meeting=meeting, networks=list(asked), by=by)
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


def _agenda_set(meeting: Meeting, agenda: Sequence[str]) -> bool:
    """The agenda as given; True if it changed."""
    before = list(meeting.agenda_items.values_list("title", flat=True))
    if before == list(agenda):
        return False
    meeting.agenda_items.all().delete()
    AgendaItem.objects.bulk_create(
        [AgendaItem(meeting=meeting, position=i, title=line) for i, line in enumerate(agenda)]
    )
    return True


def _plain(value) -> object:
    """A field's value as it is kept with an update: moments as ISO text."""
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return value


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    by=None,
    other_networks: list[Network] | None = None,
    asked: list[Network] | None = None,
    agenda: list[str] | None = None,
    **fields,
) -> int:
    """Change the meeting (and, when given, the other networks taking part, those asked
    to, and the agenda). If its invitations have gone out and something calendars or emails show
    changed, the revision goes up and everyone invited gets the update, saying what was
    what before; returns how many updates were queued."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("A cancelled meeting cannot be changed."))
    changed = {name for name, value in fields.items() if getattr(meeting, name) != value}
    old = {name: _plain(getattr(meeting, name)) for name in changed}
    for name, value in fields.items():
        setattr(meeting, name, value)
    _check_times(meeting.start, meeting.end)
    if other_networks is not None:
        _networks_set(meeting, other_networks)
    if asked is not None:
        join_requests_set(meeting=meeting, networks=asked, by=by)
    if agenda is not None:
        old_agenda = list(meeting.agenda_items.values_list("title", flat=True))
        if _agenda_set(meeting, agenda):
            changed.add(AGENDA)
            old[AGENDA] = old_agenda
    if not changed:
        return 0
    news = meeting.status == MeetingStatus.INVITED and bool(changed & {*CALENDAR_FIELDS, AGENDA})
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
        schedule_reminders(meeting)
    return mail_queue(
        invited,
        MessageKind.UPDATE,
        changes={name: old[name] for name in changed if name in {*CALENDAR_FIELDS, AGENDA}},
    )


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


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by=None) -> int:
    """Cancel: everyone whose calendar has the meeting gets a cancellation it
    understands; what was still waiting to go to them is not sent."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == MeetingStatus.CANCELLED:
        return 0
    if meeting.status == MeetingStatus.HELD:
        raise ValidationError(_("A meeting that has been held cannot be cancelled."))
    if meeting.finished:
        raise ValidationError(_("A meeting that is over cannot be cancelled."))
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
    return mail_queue(invited, MessageKind.CANCELLATION)


def _check_begun(meeting: Meeting, *, cancelled: str, early: str) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(cancelled)
    if meeting.start is None or meeting.start > timezone.now():
        raise ValidationError(early)


@transaction.atomic
def meeting_mark_held(*, meeting: Meeting, by=None) -> None:
    """The coordinator says the meeting took place: it counts as held from now on."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_begun(
        meeting,
        cancelled=_("A cancelled meeting was not held."),
        early=_("A meeting can be marked as held once it has begun."),
    )
    if meeting.status == MeetingStatus.HELD:
        return
    meeting.status = MeetingStatus.HELD
    meeting.save(update_fields=["status", "updated_at"])
    audit_log(actor=by, action="meetings.meeting.held", subject=meeting)


@transaction.atomic
def attendance_record(*, meeting: Meeting, attended: set[int], by=None) -> None:
    """Who came, by invitation; the meeting is then held."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_begun(
        meeting,
        cancelled=_("A cancelled meeting has no attendance."),
        early=_("Attendance is recorded after the meeting has begun."),
    )
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
