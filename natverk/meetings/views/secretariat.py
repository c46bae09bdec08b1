"""For the secretariat: how every network keeps its meeting plan."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from natverk.access.checks import require
from natverk.meetings import selectors


@login_required
def cadence_report(request):
    require(request.user, "meetings.follow_cadence")
    try:
        year = int(request.GET.get("ar", timezone.localdate().year))
    except ValueError:
        year = timezone.localdate().year
    if not 2000 <= year <= 2100:
        year = timezone.localdate().year
    rows = selectors.cadence_of_planned_networks(year)
    return render(
        request,
        "meetings/cadence.html",
        {
            "rows": rows,
            "behind": [r for r in rows if r.behind or r.residential_behind],
            "year": year,
            "section": "member",
        },
    )
