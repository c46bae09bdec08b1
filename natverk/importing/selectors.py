"""What imports have noticed about the data, for the data-quality report."""

from django.db.models import Max, QuerySet

from natverk.importing.models import ImportFinding, ImportRun


def import_findings(*, code: str | None = None, run: ImportRun | None = None) -> QuerySet:
    """Findings of imports, newest import first, with the import and the organisation."""
    findings = ImportFinding.objects.select_related("run", "organisation").order_by(
        "-run__created_at", "pk"
    )
    if code:
        findings = findings.filter(code=code)
    if run is not None:
        findings = findings.filter(run=run)
    return findings


def latest_import_findings() -> QuerySet:
    """The findings of the latest applied import of each file: what the register's data
    looked like when each page was last imported."""
    latest = (
        ImportRun.objects.filter(status=ImportRun.Status.APPLIED)
        .values("filename")
        .annotate(latest=Max("pk"))
        .values_list("latest", flat=True)
    )
    return import_findings().filter(run_id__in=list(latest))
