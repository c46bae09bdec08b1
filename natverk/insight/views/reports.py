"""The secretariat's reports, on screen and as XLSX: not public, for those the rules let
see them (`insight.view_reports`)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from natverk.access.checks import require
from natverk.core.audit import audit_log
from natverk.insight import report_sheets, reports
from natverk.insight.forms import OrganisationYearForm, PeriodForm, WorkloadForm, YearForm
from natverk.registry.models import Organisation


def _report(view):
    """Logged in, and allowed: everything else is refused before anything is read."""

    @login_required
    def wrapped(request, *args, **kwargs):
        require(request.user, "insight.view_reports")
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _xlsx(name: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=report_sheets.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def _wants_xlsx(request) -> bool:
    return request.GET.get("format") == "xlsx"


def _page(request, template: str, context: dict):
    return render(request, f"insight/reports/{template}", {"section": "member", **context})


@_report
def index(request):
    return _page(request, "index.html", {"organisation_form": OrganisationYearForm()})


@_report
def engagement(request):
    form = PeriodForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return _page(request, "engagement.html", {"form": form, "report": None})
    start, end = form.period(timezone.localdate())
    report = reports.engagement(start, end)
    if _wants_xlsx(request):
        return _xlsx(f"engagemang-{start}-{end}", report_sheets.engagement_xlsx(report))
    return _page(request, "engagement.html", {"form": form, "report": report})


@_report
def cadence(request):
    form = YearForm(request.GET or None)
    year = timezone.localdate().year
    if form.is_bound and not form.is_valid():
        return _page(request, "cadence.html", {"form": form, "rows": None, "year": year})
    year = form.year(year)
    rows = reports.cadence(year)
    if _wants_xlsx(request):
        return _xlsx(f"motesplan-{year}", report_sheets.cadence_xlsx(rows, year))
    return _page(request, "cadence.html", {"form": form, "rows": rows, "year": year})


@_report
def workload(request):
    form = WorkloadForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return _page(request, "workload.html", {"form": form, "rows": None})
    minimum = (form.cleaned_data.get("minst") if form.is_bound else None) or reports.WORKLOAD_FROM
    rows = reports.workload(minimum)
    if _wants_xlsx(request):
        audit_log(actor=request.user, action="insight.workload.exported", people=len(rows))
        return _xlsx("arbetsbelastning", report_sheets.workload_xlsx(rows))
    return _page(request, "workload.html", {"form": form, "rows": rows, "minimum": minimum})


@_report
def vacancies(request):
    seats = reports.vacancies()
    if _wants_xlsx(request):
        return _xlsx("vakanta-platser", report_sheets.vacancies_xlsx(seats))
    return _page(request, "vacancies.html", {"seats": seats})


@_report
def closing(request):
    candidates = reports.closing_candidates()
    if _wants_xlsx(request):
        return _xlsx("natverk-att-se-over", report_sheets.closing_xlsx(candidates))
    return _page(request, "closing.html", {"candidates": candidates, "days": reports.QUIET_DAYS})


@_report
def organisation_year(request):
    form = OrganisationYearForm(request.GET or None)
    context: dict = {"form": form, "report": None, "unknown": False}
    if not form.is_bound or not form.is_valid() or not form.cleaned_data.get("organisation"):
        return _page(request, "organisation_year.html", context)
    organisation = Organisation.objects.filter(slug=form.cleaned_data["organisation"]).first()
    if organisation is None:
        context["unknown"] = True
        return _page(request, "organisation_year.html", context)
    year = form.year(timezone.localdate().year - 1)
    report = reports.organisation_year(organisation, year)
    if _wants_xlsx(request):
        audit_log(
            actor=request.user,
            action="insight.organisation_year.exported",
            subject=organisation,
            year=year,
        )
        return _xlsx(f"{organisation.slug}-{year}", report_sheets.organisation_year_xlsx(report))
    context["report"] = report
    return _page(request, "organisation_year.html", context)
