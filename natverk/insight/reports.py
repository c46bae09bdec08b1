"""The secretariat's reports: engagement, meetings against plan, workload, vacant seats,
networks to consider closing, and each organisation's year. They read people and
meetings, so they are for those `access/rules.py` lets see them
(`insight.view_reports`), never for the public pages.

Each report costs a fixed number of queries, whatever the size of the register."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from natverk.meetings.enums import Answer, MeetingStatus
from natverk.meetings.models import Invitation, Meeting, MeetingNetwork
from natverk.meetings.selectors import CadenceRow, cadence_of_planned_networks
from natverk.people.models import Representation
from natverk.people.selectors import VacantSeat, vacant_seats
from natverk.publishing.collation import swedish_key
from natverk.registry.enums import CONVENING_ROLES, NetworkStatus
from natverk.registry.models import Membership, Network, Organisation

WORKLOAD_FROM = 3  # seats from which a person's load is worth a look
QUIET_DAYS = 365  # a network without a meeting this long is worth a look


def _moments(
    start: datetime.date, end: datetime.date
) -> tuple[datetime.datetime, datetime.datetime]:
    """From the first moment of `start` to the first moment after `end`, in Stockholm."""
    zone = timezone.get_default_timezone()
    first = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    after = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    return first, after


def _invitations_in(start: datetime.date, end: datetime.date):
    """Invitations to meetings that began in the period and were not cancelled."""
    first, after = _moments(start, end)
    return Invitation.objects.filter(
        withdrawn_at__isnull=True, meeting__start__gte=first, meeting__start__lt=after
    ).exclude(meeting__status=MeetingStatus.CANCELLED)


ENGAGEMENT = {
    "invited": Count("id", distinct=True),
    "answered": Count("id", filter=~Q(answer=Answer.NONE), distinct=True),
    "yes": Count("id", filter=Q(answer=Answer.YES), distinct=True),
    "came": Count("id", filter=Q(attended=True), distinct=True),
    "meetings": Count("meeting", distinct=True),
    "meetings_attended": Count("meeting", filter=Q(attended=True), distinct=True),
}


@dataclass
class EngagementRow:
    name: str
    key: str  # the organisation's or network's slug
    invited: int
    answered: int
    yes: int
    came: int
    meetings: int
    meetings_attended: int

    @property
    def answer_rate(self) -> float:
        return self.answered / self.invited if self.invited else 0.0

    @property
    def attendance_rate(self) -> float:
        return self.came / self.invited if self.invited else 0.0


@dataclass
class Engagement:
    start: datetime.date
    end: datetime.date
    organisations: list[EngagementRow]
    networks: list[EngagementRow]


def engagement(start: datetime.date, end: datetime.date) -> Engagement:
    """Per organisation and per network: how many were invited, answered, said yes and
    came, to how many meetings, over the period (a joint meeting counts for each of its
    networks). Two queries."""
    invitations = _invitations_in(start, end)
    organisations = [
        EngagementRow(name=row.pop("organisation__name"), key=row.pop("organisation__slug"), **row)
        for row in invitations.values("organisation__name", "organisation__slug")
        .annotate(**ENGAGEMENT)
        .order_by()
    ]
    networks = [
        EngagementRow(name=row.pop("network__name"), key=row.pop("network__slug"), **row)
        for row in MeetingNetwork.objects.filter(meeting__invitations__in=invitations)
        .values("network__name", "network__slug")
        .annotate(
            invited=Count("meeting__invitations", distinct=True),
            answered=Count(
                "meeting__invitations",
                filter=~Q(meeting__invitations__answer=Answer.NONE),
                distinct=True,
            ),
            yes=Count(
                "meeting__invitations",
                filter=Q(meeting__invitations__answer=Answer.YES),
                distinct=True,
            ),
            came=Count(
                "meeting__invitations", filter=Q(meeting__invitations__attended=True), distinct=True
            ),
            meetings=Count("meeting", distinct=True),
            meetings_attended=Count(
                "meeting", filter=Q(meeting__invitations__attended=True), distinct=True
            ),
        )
        .order_by()
    ]
    return Engagement(
        start=start,
        end=end,
        organisations=sorted(organisations, key=lambda r: swedish_key(r.name)),
        networks=sorted(networks, key=lambda r: swedish_key(r.name)),
    )


def cadence(year: int) -> list[CadenceRow]:
    return cadence_of_planned_networks(year)


@dataclass
class Workload:
    person_id: int
    name: str
    employer: str
    seats: int
    networks: list[str]


def workload(minimum: int = WORKLOAD_FROM) -> list[Workload]:
    """People who sit in at least `minimum` networks now, the most first. Two queries."""
    current = Representation.objects.current().filter(person__erased_at__isnull=True)
    rows = list(
        current.values("person_id", "person__given_name", "person__family_name")
        .annotate(seats=Count("network", distinct=True))
        .filter(seats__gte=minimum)
        .order_by("-seats", "person__family_name", "person__given_name")
    )
    names: dict[int, set[str]] = {}
    employers: dict[int, str] = {}
    for person_id, network, employer in current.filter(
        person_id__in=[r["person_id"] for r in rows]
    ).values_list("person_id", "network__name", "person__employer__name"):
        names.setdefault(person_id, set()).add(network)
        employers[person_id] = employer or ""
    return [
        Workload(
            person_id=row["person_id"],
            name=f"{row['person__given_name']} {row['person__family_name']}",
            employer=employers.get(row["person_id"], ""),
            seats=row["seats"],
            networks=sorted(names.get(row["person_id"], ()), key=swedish_key),
        )
        for row in rows
    ]


def vacancies() -> list[VacantSeat]:
    """Member organisations of open networks that nobody represents now."""
    return vacant_seats(Network.objects.exclude(status=NetworkStatus.CLOSED))


@dataclass
class ClosingCandidate:
    network: Network
    no_recent_meeting: bool
    no_convener: bool
    no_representatives: bool


def closing_candidates(today: datetime.date | None = None) -> list[ClosingCandidate]:
    """Networks not closed that have had no meeting for a year, have no convener or have
    nobody representing any member: worth asking whether they should close. One query."""
    today = today or timezone.localdate()
    since, after = _moments(today - datetime.timedelta(days=QUIET_DAYS), today)
    recent = Meeting.objects.filter(
        meetingnetwork__network=OuterRef("pk"), start__gte=since, start__lt=after
    ).exclude(status=MeetingStatus.CANCELLED)
    convener = Membership.objects.current(today).filter(
        network=OuterRef("pk"), role__in=CONVENING_ROLES
    )
    seated = Representation.objects.current(today).filter(network=OuterRef("pk"))
    networks = (
        Network.objects.exclude(status=NetworkStatus.CLOSED)
        .annotate(recent=Exists(recent), convener=Exists(convener), seated=Exists(seated))
        .filter(Q(recent=False) | Q(convener=False) | Q(seated=False))
    )
    return sorted(
        (ClosingCandidate(n, not n.recent, not n.convener, not n.seated) for n in networks),
        key=lambda c: (
            -(c.no_recent_meeting + c.no_convener + c.no_representatives),
            swedish_key(c.network.name),
        ),
    )


@dataclass
class YearMembership:
    network: Network
    role: str
    start: datetime.date | None
    end: datetime.date | None
    meetings_attended: int


@dataclass
class YearRepresentative:
    name: str
    network: str
    role: str
    start: datetime.date | None
    end: datetime.date | None


@dataclass
class AttendedMeeting:
    meeting: Meeting
    networks: list[str]
    people: int  # how many of the organisation came


@dataclass
class OrganisationYear:
    organisation: Organisation
    year: int
    memberships: list[YearMembership]
    representatives: list[YearRepresentative]
    attended: list[AttendedMeeting]
    invited_to: int  # meetings the organisation was invited to

    @property
    def meetings_attended(self) -> int:
        return len(self.attended)


def _overlapping_year(year: int) -> tuple[Q, Q]:
    """A period that shares at least one day with the year."""
    return (
        Q(start_date__isnull=True) | Q(start_date__lte=datetime.date(year, 12, 31)),
        Q(end_date__isnull=True) | Q(end_date__gte=datetime.date(year, 1, 1)),
    )


def organisation_year(organisation: Organisation, year: int) -> OrganisationYear:
    """An organisation's year for its annual report: the networks it sat in, who sat for
    it, and the meetings its people came to. Four queries."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    invitations = _invitations_in(start, end).filter(organisation=organisation)
    attended_rows: dict[int, AttendedMeeting] = {}
    invited_to: set[int] = set()
    for invitation in invitations.select_related("meeting").prefetch_related(
        "meeting__meetingnetwork_set__network"
    ):
        invited_to.add(invitation.meeting_id)
        if invitation.attended:
            row = attended_rows.setdefault(
                invitation.meeting_id,
                AttendedMeeting(
                    invitation.meeting,
                    sorted(
                        link.network.name for link in invitation.meeting.meetingnetwork_set.all()
                    ),
                    0,
                ),
            )
            row.people += 1
    attended = sorted(attended_rows.values(), key=lambda a: a.meeting.start)  # type: ignore[arg-type, return-value]
    per_network: dict[str, int] = {}
    for row in attended:
        for name in row.networks:
            per_network[name] = per_network.get(name, 0) + 1
    memberships = [
        YearMembership(
            m.network, m.role, m.start_date, m.end_date, per_network.get(m.network.name, 0)
        )
        for m in Membership.objects.filter(organisation=organisation)
        .filter(*_overlapping_year(year))
        .select_related("network")
    ]
    representatives = [
        YearRepresentative(
            r.person.full_name,
            r.network.name,
            r.get_role_display(),
            r.start_date,
            r.end_date,
        )
        for r in Representation.objects.filter(
            organisation=organisation, person__erased_at__isnull=True
        )
        .filter(*_overlapping_year(year))
        .select_related("person", "network")
    ]
    return OrganisationYear(
        organisation=organisation,
        year=year,
        memberships=sorted(memberships, key=lambda m: swedish_key(m.network.name)),
        representatives=sorted(
            representatives, key=lambda r: (swedish_key(r.network), swedish_key(r.name))
        ),
        attended=attended,
        invited_to=len(invited_to),
    )
