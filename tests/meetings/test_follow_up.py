"""The follow-up tells the truth: only meetings that took place count as held, what is
due is counted pro rata from the network's start or the year's, a residential meeting
dated later in the year is planned rather than missing, the labels are plain Swedish, and
the secretariat sees, and exports, how often each organisation was invited, answered and
came."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from natverk.core.models import AuditEntry
from natverk.meetings.enums import MeetingKind, MeetingStatus, Pace
from natverk.meetings.models import Invitation, Meeting
from natverk.meetings.selectors import CadenceRow, cadence, engagement
from natverk.meetings.services import meeting_create
from natverk.registry.models import Network, Organisation
from tests.meetings.conftest import at

pytestmark = pytest.mark.django_db

YEAR = 2025  # not a leap year: 365 days


def dated(network, start, *, status=MeetingStatus.PLANNED, kind=MeetingKind.ORDINARY, title=""):
    meeting = meeting_create(
        networks=[network], leading=network, title=title or f"Möte {start:%d %b}",
        start=start, end=start + datetime.timedelta(hours=2), kind=kind,
    )  # fmt: skip
    Meeting.objects.filter(pk=meeting.pk).update(status=status)
    meeting.refresh_from_db()
    return meeting


def row_of(network, year, today) -> CadenceRow:
    [row] = cadence(Network.objects.filter(pk=network.pk), year, today=today)
    return row


@pytest.fixture
def skur(cast):
    Network.objects.filter(pk=cast.skur.pk).update(
        meetings_per_year=4, residential_meetings_per_year=1, founded_on=None
    )
    cast.skur.refresh_from_db()
    return cast.skur


def test_a_past_date_is_not_a_held_meeting_until_its_coordinator_says_so(as_role, skur):
    past = timezone.localtime() - datetime.timedelta(days=3)
    meeting = dated(skur, past, status=MeetingStatus.INVITED)
    year, today = past.year, past.date() + datetime.timedelta(days=1)
    row = row_of(skur, year, today)
    assert (row.held, row.unconfirmed, row.planned) == (0, 1, 0)
    page = as_role("coordinator").get(reverse("meetings:network", args=[skur.slug]))
    if past.year == timezone.localdate().year:
        assert "1 möte har börjat men är inte bekräftat som hållet" in " ".join(
            page.content.decode().split()
        )
    as_role("coordinator").post(reverse("meetings:mark_held", args=[meeting.pk]))
    row = row_of(skur, year, today)
    assert (row.held, row.unconfirmed) == (1, 0)


def test_a_meeting_with_attendance_recorded_took_place(cast, skur, seats):
    start = at(YEAR, 3, 4, 10, 0)
    meeting = dated(skur, start, status=MeetingStatus.INVITED)
    Invitation.objects.create(
        meeting=meeting, person=seats["regionen"],
        organisation=Organisation.objects.get(slug="region-skane"), attended=True,
    )  # fmt: skip
    assert row_of(skur, YEAR, datetime.date(YEAR, 6, 1)).held == 1


def test_a_cancelled_meeting_and_one_of_another_year_do_not_count(skur):
    dated(skur, at(YEAR, 3, 4, 10, 0), status=MeetingStatus.CANCELLED)
    dated(skur, at(YEAR - 1, 12, 30, 10, 0), status=MeetingStatus.HELD)
    row = row_of(skur, YEAR, datetime.date(YEAR, 6, 1))
    assert (row.held, row.unconfirmed, row.planned) == (0, 0, 0)


@pytest.mark.parametrize(
    ("founded", "today", "expected"),
    [
        (None, datetime.date(YEAR, 1, 1), 0),  # 4 × 1/365
        (None, datetime.date(YEAR, 7, 2), 2),  # 4 × 183/365
        (None, datetime.date(YEAR, 12, 31), 4),
        (None, datetime.date(YEAR + 1, 3, 1), 4),  # the year is over
        (None, datetime.date(YEAR - 1, 3, 1), 0),  # the year has not begun
        # Founded on the day: nothing is due yet, however late in the year.
        (datetime.date(YEAR, 11, 20), datetime.date(YEAR, 11, 20), 0),
        # Founded on 1 July: by the end of the year half the meetings are due.
        (datetime.date(YEAR, 7, 1), datetime.date(YEAR, 12, 31), 2),
        (datetime.date(YEAR - 3, 5, 1), datetime.date(YEAR, 7, 2), 2),  # founded long ago
    ],
)
def test_what_is_due_is_pro_rata_from_the_networks_start_or_the_years(
    skur, founded, today, expected
):
    Network.objects.filter(pk=skur.pk).update(founded_on=founded)
    skur.refresh_from_db()
    row = row_of(skur, YEAR, today)
    assert row.expected_by_now == expected
    assert row.behind == (expected > 0)


@pytest.mark.parametrize(
    ("held", "pace", "label"),
    [(0, Pace.BEHIND, "Ligger efter"), (1, Pace.ON_TRACK, "I fas"),
     (2, Pace.ON_TRACK, "I fas"), (3, Pace.AHEAD, "Före")],
)  # fmt: skip
def test_the_pace_is_told_in_plain_words(skur, held, pace, label):
    # 1 July: 4 × 182/365, nearly two meetings, are due; one is late, three are early.
    for month in range(1, held + 1):
        dated(skur, at(YEAR, month, 10, 10, 0), status=MeetingStatus.HELD)
    row = row_of(skur, YEAR, datetime.date(YEAR, 7, 1))
    assert row.expected_by_now == 1
    assert (row.pace, row.pace_label) == (pace, label)


def test_a_residential_meeting_dated_later_in_the_year_is_planned_not_missing(skur):
    today = datetime.date(YEAR, 5, 1)
    assert row_of(skur, YEAR, today).residential_missing == 1  # nothing dated: to be dated
    dated(skur, at(YEAR, 10, 7, 9, 0), kind=MeetingKind.RESIDENTIAL)
    row = row_of(skur, YEAR, today)
    assert (row.residential_planned, row.residential_missing, row.residential_behind) == (
        1,
        0,
        False,
    )
    # After the year, a residential meeting that never took place is missing.
    after = row_of(skur, YEAR, datetime.date(YEAR + 1, 1, 10))
    assert (after.residential_held, after.residential_missing, after.year_over) == (0, 1, True)


def test_the_report_shows_what_is_to_be_dated_and_what_is_missing(as_role, skur):
    this_year = timezone.localdate().year
    last = " ".join(
        as_role("secretariat").get(reverse("meetings:cadence") + f"?ar={this_year - 1}")
        .content.decode().split()
    )  # fmt: skip
    assert "SKUR-nätverket</a>: 0 hållna, 4 väntade hittills; 1 av 1 internat saknas" in last
    assert "<td>Ligger efter</td>" in last
    # A network with nothing dated this year: its residential meeting is still to be
    # dated; once one is dated later this year, it is not named among those behind.
    page = " ".join(
        as_role("secretariat").get(reverse("meetings:cadence")).content.decode().split()
    )
    assert "SKUR-nätverket</a>: " in page
    assert "1 internat har ännu inget datum" in skur_line(page)
    dated(skur, timezone.localtime() + datetime.timedelta(hours=2), kind=MeetingKind.RESIDENTIAL)
    page = " ".join(
        as_role("secretariat").get(reverse("meetings:cadence")).content.decode().split()
    )
    assert "SKUR-nätverket</a>: " not in page or "internat" not in skur_line(page)
    assert "(1 planerade)" in page


def skur_line(page: str) -> str:
    return page.split("SKUR-nätverket</a>: ")[1].split("</li>")[0]


@pytest.fixture
def last_year(cast, seats):
    """Last year's meetings of SKUR: one said to be held, one with attendance recorded,
    one cancelled, one past its date that nobody confirmed."""
    year = timezone.localdate().year - 1
    malmo, region, lund = (
        Organisation.objects.get(slug=s) for s in ("malmo", "region-skane", "lund")
    )
    meetings = [
        dated(cast.skur, at(year, 2, 1, 10, 0), status=MeetingStatus.HELD),
        dated(cast.skur, at(year, 5, 1, 10, 0), status=MeetingStatus.INVITED),
        dated(cast.skur, at(year, 8, 1, 10, 0), status=MeetingStatus.CANCELLED),
        dated(cast.skur, at(year, 10, 1, 10, 0), status=MeetingStatus.INVITED),
    ]
    now = timezone.now()
    for meeting in meetings:
        Invitation.objects.create(meeting=meeting, person=seats["representant"], organisation=malmo)
        Invitation.objects.create(meeting=meeting, person=seats["regionen"], organisation=region)
    held, attended = meetings[:2]
    # Malmö answered the first and came; Region Skåne answered both and came to the second.
    Invitation.objects.filter(meeting=held, organisation=malmo).update(
        answered_at=now, attended=True
    )
    Invitation.objects.filter(organisation=region, meeting__in=meetings[:2]).update(answered_at=now)
    Invitation.objects.filter(meeting=attended, organisation=region).update(attended=True)
    # Lund's invitation was withdrawn: it was not invited, after all.
    Invitation.objects.create(
        meeting=held, person=seats["kommunerna"], organisation=lund, withdrawn_at=now,
        withdrawn_reason="seat_ended",
    )  # fmt: skip
    return year


def test_how_often_each_organisation_was_invited_answered_and_came(last_year):
    rows = [(r.organisation.slug, r.invited, r.answered, r.came) for r in engagement(last_year)]
    assert rows == [("malmo", 2, 1, 1), ("region-skane", 2, 2, 1)]


def test_the_secretariat_reads_and_exports_the_engagement(as_role, cast, last_year):
    secretariat = as_role("secretariat")
    page = secretariat.get(reverse("meetings:cadence") + f"?ar={last_year}").content.decode()
    assert "<td>Malmö stad</td><td>2</td><td>1</td><td>1</td>" in page
    response = secretariat.get(reverse("meetings:engagement") + f"?ar={last_year}")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f'filename="organisationer-{last_year}.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert list(sheet.iter_rows(values_only=True)) == [
        ("Organisation", "Inbjudna", "Svarade", "Kom", "Kom, andel"),
        ("Malmö stad", 2, 1, 1, 0.5),
        ("Region Skåne", 2, 2, 1, 0.5),
    ]
    entry = AuditEntry.objects.get(action="meetings.engagement.exported")
    assert entry.details == {"year": last_year, "rows": 2}


@pytest.mark.parametrize("role", ["coordinator", "representative", "outsider"])
def test_only_the_secretariat_reads_the_engagement(as_role, role, last_year):
    assert as_role(role).get(reverse("meetings:engagement")).status_code == 403
    assert as_role("anonymous").get(reverse("meetings:engagement")).status_code == 302
