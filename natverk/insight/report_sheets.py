"""The secretariat's reports as XLSX workbooks, one sheet per table, in the active
language."""

from django.utils.translation import gettext as _

from natverk.insight.exports import XLSX, sheets_xlsx
from natverk.insight.reports import ClosingCandidate, Engagement, OrganisationYear, Workload
from natverk.meetings.selectors import CadenceRow
from natverk.people.selectors import VacantSeat
from natverk.registry.enums import MembershipRole

__all__ = ["XLSX"]


def _day(value) -> str:
    return value.isoformat() if value else ""


def _engagement_rows(rows):
    return [
        [r.name, r.invited, r.answered, r.yes, r.came, r.meetings, r.meetings_attended]
        for r in rows
    ]


def engagement_xlsx(report: Engagement) -> bytes:
    header = [
        _("Invited"),
        _("Answered"),
        _("Said yes"),
        _("Came"),
        _("Meetings"),
        _("Meetings attended"),
    ]
    return sheets_xlsx(
        [
            (
                _("Organisations"),
                [_("Organisation"), *header],
                _engagement_rows(report.organisations),
            ),
            (_("Networks"), [_("Network"), *header], _engagement_rows(report.networks)),
        ]
    )


def cadence_xlsx(rows: list[CadenceRow], year: int) -> bytes:
    header = [
        _("Network"),
        _("Target"),
        _("Held"),
        _("Expected by now"),
        _("Planned"),
        _("Residential held"),
        _("Residential target"),
        _("Behind"),
    ]
    return sheets_xlsx(
        [
            (
                str(year),
                header,
                [
                    [
                        r.network.name,
                        r.target,
                        r.held,
                        r.expected_by_now,
                        r.planned,
                        r.residential_held,
                        r.residential_target,
                        _("yes") if r.behind or r.residential_behind else _("no"),
                    ]
                    for r in rows
                ],
            )
        ]
    )


def workload_xlsx(rows: list[Workload]) -> bytes:
    return sheets_xlsx(
        [
            (
                _("Workload"),
                [_("Person"), _("Employer"), _("Networks"), _("Sits in")],
                [[r.name, r.employer, r.seats, ", ".join(r.networks)] for r in rows],
            )
        ]
    )


def vacancies_xlsx(seats: list[VacantSeat]) -> bytes:
    return sheets_xlsx(
        [
            (
                _("Vacant seats"),
                [_("Network"), _("Organisation"), _("Role"), _("Member since")],
                [
                    [
                        s.network.name,
                        s.organisation.name,
                        s.membership.get_role_display(),
                        _day(s.membership.start_date),
                    ]
                    for s in seats
                ],
            )
        ]
    )


def closing_xlsx(candidates: list[ClosingCandidate]) -> bytes:
    def flag(value: bool) -> str:
        return _("yes") if value else _("no")

    return sheets_xlsx(
        [
            (
                _("To consider closing"),
                [
                    _("Network"),
                    _("Status"),
                    _("No meeting for a year"),
                    _("No convener"),
                    _("Nobody representing a member"),
                ],
                [
                    [
                        c.network.name,
                        c.network.get_status_display(),
                        flag(c.no_recent_meeting),
                        flag(c.no_convener),
                        flag(c.no_representatives),
                    ]
                    for c in candidates
                ],
            )
        ]
    )


def organisation_year_xlsx(report: OrganisationYear) -> bytes:
    return sheets_xlsx(
        [
            (
                _("Networks"),
                [_("Network"), _("Role"), _("From"), _("Until"), _("Meetings attended")],
                [
                    [
                        m.network.name,
                        str(MembershipRole(m.role).label),
                        _day(m.start),
                        _day(m.end),
                        m.meetings_attended,
                    ]
                    for m in report.memberships
                ],
            ),
            (
                _("Representatives"),
                [_("Person"), _("Network"), _("Role"), _("From"), _("Until")],
                [
                    [r.name, r.network, r.role, _day(r.start), _day(r.end)]
                    for r in report.representatives
                ],
            ),
            (
                _("Meetings attended"),
                [_("Day"), _("Meeting"), _("Networks"), _("People who came")],
                [
                    [
                        _day(a.meeting.start.date() if a.meeting.start else None),
                        a.meeting.title,
                        ", ".join(a.networks),
                        a.people,
                    ]
                    for a in report.attended
                ],
            ),
        ]
    )
