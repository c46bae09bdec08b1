"""For the secretariat: how every network keeps its meeting plan, and how often each
organisation was invited, answered and came."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from natverk.access.checks import require
from natverk.core.audit import audit_log
from natverk.meetings import selectors
from natverk.meetings.exports import engagement_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(request) -> int:
    """The year asked for (`ar`), or this one if none or nonsense is given."""
    try:
        year = int(request.GET.get("ar", timezone.localdate().year))
    except ValueError:
        year = timezone.localdate().year
    if not 2000 <= year <= 2100:
        year = timezone.localdate().year
    return year


@login_required
def cadence_report(request):
    require(request.user, "meetings.follow_cadence")
    year = _year(request)
    rows = selectors.cadence_of_planned_networks(year)
    return render(
        request,
        "meetings/cadence.html",
        {
            "rows": rows,
            "behind": [r for r in rows if r.behind or r.residential_behind],
            "engagement": selectors.engagement(year),
            "year": year,
            "section": "member",
        },
    )


@login_required
def engagement_export(request):
    require(request.user, "meetings.follow_cadence")
    year = _year(request)
    rows = selectors.engagement(year)
    audit_log(actor=request.user, action="meetings.engagement.exported", subject=None,
              year=year, rows=len(rows))  # fmt: skip
    response = HttpResponse(engagement_xlsx(rows, year=year), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="organisationer-{year}.xlsx"'
    return response
