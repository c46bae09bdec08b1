"""Reads about meetings: for a person, for a network, and how networks keep their plan."""

import datetime
import math
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from natverk.meetings.enums import (
    Answer,
    JoinOutcome,
    MeetingKind,
    MeetingStatus,
    Pace,
    QuestionKind,
    RegistrationStatus,
)
from natverk.meetings.models import (
    Invitation,
    JointMeetingRequest,
    Meeting,
    MeetingNetwork,
    Registration,
    RegistrationAnswer,
    RegistrationQuestion,
)
from natverk.people.models import Coordination, Person
from natverk.registry.models import Membership, Network, Organisation


def with_networks(meetings: QuerySet) -> QuerySet:
    return meetings.prefetch_related(
        Prefetch("meetingnetwork_set", queryset=MeetingNetwork.objects.select_related("network"))
    )


def first_coordinator(meeting: Meeting) -> Person | None:
    """The leading network's longest-serving coordinator with an address."""
    network = meeting.leading_network
    if network is None:
        return None
    coordination = (
        Coordination.objects.current()
        .filter(network=network, person__erased_at__isnull=True)
        .exclude(person__email="")
        .select_related("person")
        .order_by("start_date", "pk")
        .first()
    )
    return coordination.person if coordination else None


@dataclass(frozen=True)
class Contact:
    """Whom those invited ask about a meeting: a name and an address someone reads."""

    name: str
    email: str


def meeting_contact(meeting: Meeting) -> Contact:
    """The meeting's contact; without one (or erased), the leading network's
    coordinator; without one, the secretariat's mailbox."""
    person = meeting.contact
    if person is None or person.erased_at is not None or not person.email:
        person = first_coordinator(meeting)
    if person is not None:
        return Contact(name=person.full_name, email=person.email)
    return Contact(name=settings.NATVERK_ORGANIZER_NAME, email=settings.NATVERK_CONTACT_EMAIL)


def join_requests_to(network: Network) -> list[JointMeetingRequest]:
    """Other networks' meetings this network is asked to take part in, waiting."""
    return list(
        JointMeetingRequest.objects.filter(network=network, outcome=JoinOutcome.WAITING)
        .select_related("meeting")
        .prefetch_related(
            Prefetch(
                "meeting__meetingnetwork_set",
                queryset=MeetingNetwork.objects.select_related("network"),
            )
        )
        .order_by("meeting__start")
    )


def join_requests_waiting(meeting: Meeting) -> list[JointMeetingRequest]:
    """The networks a meeting's coordinator asked to take part, not yet answering."""
    return list(meeting.join_requests.filter(outcome=JoinOutcome.WAITING).select_related("network"))


def coming_meetings(network: Network, *, limit: int = 5) -> list[Meeting]:
    """The network's meetings from today on, for its members' page."""
    return list(
        Meeting.objects.filter(networks=network, start__date__gte=timezone.localdate())
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("start")[:limit]
    )


def network_meetings(network: Network) -> QuerySet[Meeting]:
    return with_networks(
        Meeting.objects.filter(networks=network).annotate(
            invited=Count("invitations", filter=Q(invitations__withdrawn_at__isnull=True)),
            coming=Count("invitations", filter=Q(invitations__answer="yes")),
        )
    )


@dataclass
class Attendance:
    people: int
    invited: int
    organisations: int


def attendance_summary(invitations: list[Invitation]) -> Attendance:
    """How many of those invited came, and from how many organisations."""
    came = [i for i in invitations if i.attended]
    return Attendance(
        people=len(came),
        invited=sum(1 for i in invitations if i.withdrawn_at is None),
        organisations=len({i.organisation_id for i in came}),
    )


@dataclass
class Answers:
    """Who answered what, of those invited and not withdrawn."""

    yes: int
    no: int
    maybe: int
    unanswered: list[Invitation]

    @property
    def waiting(self) -> int:
        return len(self.unanswered)


def answer_summary(invitations: list[Invitation]) -> Answers:
    standing = [i for i in invitations if i.withdrawn_at is None]
    return Answers(
        yes=sum(1 for i in standing if i.answer == Answer.YES),
        no=sum(1 for i in standing if i.answer == Answer.NO),
        maybe=sum(1 for i in standing if i.answer == Answer.MAYBE),
        unanswered=[i for i in standing if i.answer == Answer.NONE],
    )


def meeting_invitations(meeting: Meeting) -> list[Invitation]:
    """Everyone invited to the meeting, with their organisation and their messages'
    states: for its coordinators."""
    return list(
        meeting.invitations.select_related(
            "person", "organisation", "substitute_for__person"
        ).prefetch_related("messages")
    )


def invitation_of(meeting: Meeting, person) -> Invitation | None:
    """The person's own invitation to the meeting, unless withdrawn."""
    return meeting.invitations.filter(person=person, withdrawn_at__isnull=True).first()


def invitations_by_organisation(invitations: list[Invitation]) -> dict[str, list[Invitation]]:
    grouped: dict[str, list[Invitation]] = {}
    for invitation in invitations:
        grouped.setdefault(invitation.organisation.name, []).append(invitation)
    return grouped


def public_meetings_of_network(network: Network) -> QuerySet[Meeting]:
    return with_networks(Meeting.objects.public().dated().filter(networks=network))


def public_meetings_of_organisation(organisation: Organisation) -> QuerySet[Meeting]:
    """The public meetings of the public networks the organisation sits in now."""
    networks = Network.objects.public().filter(
        memberships__in=Membership.objects.current().filter(organisation=organisation)
    )
    return with_networks(Meeting.objects.public().dated().filter(networks__in=networks).distinct())


def meetings_of_person(person) -> QuerySet[Meeting]:
    """The dated meetings the person is invited to (and not withdrawn from)."""
    return (
        Meeting.objects.dated()
        .filter(invitations__person=person, invitations__withdrawn_at__isnull=True)
        .exclude(status=MeetingStatus.PLANNED)
        .distinct()
    )


def coming_invitations_after(*, person, network: Network, day) -> list[Invitation]:
    """The person's invitations to the network's meetings after `day`: what ending their
    seat with `day` as the last would withdraw."""
    return list(
        Invitation.objects.filter(
            person=person,
            withdrawn_at__isnull=True,
            meeting__networks=network,
            meeting__start__date__gt=day,
            meeting__status=MeetingStatus.INVITED,
        )
        .select_related("meeting")
        .order_by("meeting__start")
        .distinct()
    )


def my_invitations(person, *, upcoming: bool = True) -> list[Invitation]:
    invitations = Invitation.objects.filter(
        person=person, withdrawn_at__isnull=True
    ).select_related("meeting", "organisation")
    if upcoming:
        invitations = invitations.filter(meeting__start__gte=timezone.now())
    return list(invitations.order_by("meeting__start"))


@dataclass
class CadenceRow:
    network: Network
    year: int
    target: float | None
    held: int  # said to be held by its coordinator, or with attendance recorded
    residential_target: int | None
    residential_held: int
    planned: int  # dated later this year, not cancelled
    unconfirmed: int = 0  # begun, not cancelled, but neither said to be held nor attended
    residential_planned: int = 0
    today: datetime.date | None = None  # the day the follow-up is made for

    @property
    def _today(self) -> datetime.date:
        return self.today or timezone.localdate()

    def _period(self) -> tuple[datetime.date, datetime.date]:
        """The part of the year the network existed: from its start (or the year's) to
        its closing (or the year's end)."""
        first, last = datetime.date(self.year, 1, 1), datetime.date(self.year, 12, 31)
        founded, closed = self.network.founded_on, self.network.closed_on
        return max(first, founded) if founded else first, min(last, closed) if closed else last

    @property
    def share_by_now(self) -> float:
        """How much of the year's plan is due by today: the days of the network's part
        of the year gone by, of the days of the whole year."""
        first, last = self._period()
        end = min(self._today, last)
        if end < first:
            return 0.0
        days = (datetime.date(self.year + 1, 1, 1) - datetime.date(self.year, 1, 1)).days
        return ((end - first).days + 1) / days

    @property
    def expected_by_now(self) -> int:
        """Whole meetings due by today, pro rata from the network's start or the year's."""
        if not self.target:
            return 0
        return math.floor(self.target * self.share_by_now + 1e-9)

    @property
    def pace(self) -> str:
        """Behind when fewer are held than are due; ahead when more are held than the
        pro rata share rounded up; otherwise on track. Empty without a target."""
        if not self.target:
            return ""
        if self.held < self.expected_by_now:
            return Pace.BEHIND
        if self.held > math.ceil(self.target * self.share_by_now - 1e-9):
            return Pace.AHEAD
        return Pace.ON_TRACK

    @property
    def pace_label(self) -> str:
        return str(Pace(self.pace).label) if self.pace else ""

    @property
    def behind(self) -> bool:
        return self.pace == Pace.BEHIND

    @property
    def year_over(self) -> bool:
        return self._today > self._period()[1]

    @property
    def residential_missing(self) -> int:
        """Residential meetings neither held nor dated later in the year: one still
        possible this year is planned, not missing; while the year lasts, the rest are
        still to be dated, and once it is over they are missing."""
        target = self.residential_target or 0
        if not target or self.share_by_now == 0:
            return 0
        planned = 0 if self.year_over else self.residential_planned
        return max(0, target - self.residential_held - planned)

    @property
    def residential_behind(self) -> bool:
        return self.residential_missing > 0


def year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The first moment of the year and of the next, in Stockholm."""
    zone = timezone.get_default_timezone()
    return datetime.datetime(year, 1, 1, tzinfo=zone), datetime.datetime(
        year + 1, 1, 1, tzinfo=zone
    )


def held_meetings() -> Q:
    """A meeting took place when its coordinator says so, or attendance was recorded
    for it; a date that has passed is not enough."""
    return Q(status=MeetingStatus.HELD) | Q(
        pk__in=Invitation.objects.filter(attended=True).values("meeting")
    )


def cadence(
    networks: QuerySet[Network], year: int, *, today: datetime.date | None = None
) -> list[CadenceRow]:
    """Meetings each network took part in against its target for the year (a joint
    meeting counts for every network in it), in one query. Held is what took place
    (`held_meetings`); a meeting that has begun without being said to be held is
    unconfirmed, and one dated later this year is planned."""
    start, end = year_bounds(year)
    now = (
        timezone.now()
        if today is None
        else timezone.make_aware(datetime.datetime.combine(today, datetime.time.max))
    )
    in_year = Q(
        meetingnetwork__meeting__start__gte=start, meetingnetwork__meeting__start__lt=end
    ) & ~Q(meetingnetwork__meeting__status=MeetingStatus.CANCELLED)
    held = Q(meetingnetwork__meeting__in=Meeting.objects.filter(held_meetings()).values("pk"))
    begun = Q(meetingnetwork__meeting__start__lte=now)
    residential = Q(meetingnetwork__meeting__kind=MeetingKind.RESIDENTIAL)
    rows = networks.annotate(
        held_count=Count("meetingnetwork", filter=in_year & held),
        residential_count=Count("meetingnetwork", filter=in_year & held & residential),
        planned_count=Count("meetingnetwork", filter=in_year & ~held & ~begun),
        residential_planned_count=Count(
            "meetingnetwork", filter=in_year & ~held & ~begun & residential
        ),
        unconfirmed_count=Count("meetingnetwork", filter=in_year & ~held & begun),
    ).order_by("name")
    return [
        CadenceRow(
            network=network,
            year=year,
            target=float(network.meetings_per_year)
            if network.meetings_per_year is not None
            else None,
            held=network.held_count,
            residential_target=network.residential_meetings_per_year,
            residential_held=network.residential_count,
            planned=network.planned_count,
            unconfirmed=network.unconfirmed_count,
            residential_planned=network.residential_planned_count,
            today=today,
        )
        for network in rows
    ]


def behind_plan(networks: QuerySet[Network], year: int) -> list[CadenceRow]:
    return [row for row in cadence(networks, year) if row.behind or row.residential_behind]


def cadence_of_planned_networks(year: int) -> list[CadenceRow]:
    """Every network with a target, against it."""
    return cadence(Network.objects.filter(meetings_per_year__isnull=False), year)


@dataclass
class Engagement:
    """How often an organisation was invited to the meetings that took place in a year,
    answered, and came: counted in meetings, whoever of its people was invited."""

    organisation: Organisation
    invited: int
    answered: int
    came: int

    @property
    def came_share(self) -> float | None:
        return self.came / self.invited if self.invited else None


def engagement(year: int) -> list[Engagement]:
    """Every organisation invited to a meeting of the year that took place, in one query.
    Withdrawn invitations do not count; an organisation came if one of its people did."""
    start, end = year_bounds(year)
    meetings = Meeting.objects.filter(held_meetings(), start__gte=start, start__lt=end)
    invited = Q(
        invitations__meeting__in=meetings.values("pk"), invitations__withdrawn_at__isnull=True
    )
    rows = (
        Organisation.objects.filter(
            pk__in=Invitation.objects.filter(
                meeting__in=meetings.values("pk"), withdrawn_at__isnull=True
            ).values("organisation")
        )
        .annotate(
            invited_count=Count("invitations__meeting", filter=invited, distinct=True),
            answered_count=Count(
                "invitations__meeting",
                filter=invited & Q(invitations__answered_at__isnull=False),
                distinct=True,
            ),
            came_count=Count(
                "invitations__meeting",
                filter=invited & Q(invitations__attended=True),
                distinct=True,
            ),
        )
        .only("pk", "name", "slug")
        .order_by("name")
    )
    return [
        Engagement(
            organisation=organisation,
            invited=organisation.invited_count,
            answered=organisation.answered_count,
            came=organisation.came_count,
        )
        for organisation in rows
    ]


# Registration ----------------------------------------------------------------------------


def meeting_days(meeting: Meeting) -> list[datetime.date]:
    """The days of the meeting in Stockholm, from the first to the last."""
    if meeting.start is None:
        return []
    zone = timezone.get_default_timezone()
    first = timezone.localdate(meeting.start, zone)
    last = timezone.localdate(meeting.end, zone) if meeting.end else first
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


def waiting_place(registration: Registration | None) -> int | None:
    """The place in the waiting list (1 is next), or None when not waiting."""
    if registration is None or registration.status != RegistrationStatus.WAITING:
        return None
    ahead = Registration.objects.filter(
        meeting_id=registration.meeting_id, status=RegistrationStatus.WAITING
    ).filter(
        Q(queued_at__lt=registration.queued_at)
        | Q(queued_at=registration.queued_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def registration_of(invitation: Invitation | None) -> Registration | None:
    if invitation is None:
        return None
    return Registration.objects.filter(invitation=invitation).first()


def answer_display(question: RegistrationQuestion, answer) -> str:
    """An answer as people read it; empty when not given."""
    if answer is None:
        return ""
    if question.kind == QuestionKind.OVERNIGHT:
        return "" if answer.yes is None else (_("yes") if answer.yes else _("no"))
    if question.kind == QuestionKind.DAYS:
        return ", ".join(
            date_format(datetime.date.fromisoformat(day), "l j F") for day in answer.days
        )
    return answer.text


@dataclass
class RegistrationRow:
    invitation: Invitation
    status: str  # registered, waiting, declined
    place: int | None  # in the waiting list
    answers: list[str]

    @property
    def status_label(self) -> str:
        if self.status == RegistrationStatus.REGISTERED:
            return _("registered")
        if self.status == RegistrationStatus.WAITING:
            return _("waiting list, place %(place)d") % {"place": self.place}
        return _("declined")


@dataclass
class RegistrationOverview:
    """Who is registered, who waits (in order) and who said no, with their answers: for
    the meeting's coordinators and the secretariat only."""

    meeting: Meeting
    questions: list[RegistrationQuestion]
    registered: list[RegistrationRow]
    waiting: list[RegistrationRow]
    declined: list[RegistrationRow]

    @property
    def rows(self) -> list[RegistrationRow]:
        return [*self.registered, *self.waiting, *self.declined]

    @property
    def free(self) -> int | None:
        if self.meeting.capacity is None:
            return None
        return max(0, self.meeting.capacity - len(self.registered))


def registration_overview(meeting: Meeting) -> RegistrationOverview:
    """In four queries, however many registered: the questions, the registrations with
    their invitations, their answers, and those who declined."""
    questions = list(meeting.questions.all())
    registrations = list(
        meeting.registrations.filter(invitation__withdrawn_at__isnull=True)
        .select_related("invitation__person", "invitation__organisation")
        # Only what the lists show: hundreds of rows are read at once.
        .only(
            "status",
            "queued_at",
            "meeting_id",
            "invitation__person__given_name",
            "invitation__person__family_name",
            "invitation__organisation__name",
        )
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=RegistrationAnswer.objects.only(
                    "registration_id", "question_id", "text", "yes", "days"
                ),
            )
        )
        .order_by("queued_at", "pk")
    )

    def row(registration: Registration, place: int | None) -> RegistrationRow:
        given = {a.question_id: a for a in registration.answers.all()}
        return RegistrationRow(
            invitation=registration.invitation,
            status=registration.status,
            place=place,
            answers=[answer_display(q, given.get(q.pk)) for q in questions],
        )

    registered = [row(r, None) for r in registrations if r.status == RegistrationStatus.REGISTERED]
    waiting = [
        row(r, n)
        for n, r in enumerate(
            (r for r in registrations if r.status == RegistrationStatus.WAITING), start=1
        )
    ]
    declined = [
        RegistrationRow(
            invitation=i, status="declined", place=None, answers=["" for _q in questions]
        )
        for i in meeting.invitations.filter(withdrawn_at__isnull=True, answer=Answer.NO)
        .select_related("person", "organisation")
        .only("person__given_name", "person__family_name", "organisation__name")
        .order_by("organisation__name", "person__family_name")
    ]
    return RegistrationOverview(
        meeting=meeting,
        questions=questions,
        registered=registered,
        waiting=waiting,
        declined=declined,
    )
