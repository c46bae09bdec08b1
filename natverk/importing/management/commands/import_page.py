from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from natverk.importing.errors import ImportProblem
from natverk.importing.presenting import describe_changes, describe_reading
from natverk.importing.report import quality_report
from natverk.importing.services import import_run_record, page_import
from natverk.registry.models import Organisation


class Command(BaseCommand):
    help = (
        "Import a networks page (text or HTML) into the register: prints what the page says, "
        "what would change and a data-quality report, then applies it as one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--html", action="store_true", help="Read the file as HTML.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; write nothing."
        )
        parser.add_argument(
            "--create-unknown",
            action="store_true",
            help="Create organisations for names not in the register, marked for review.",
        )

    def handle(self, *args, file, html, dry_run, create_unknown, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error.strerror}
            ) from None
        try:
            result = page_import(
                data,
                html=True if html else None,
                create_unknown=create_unknown,
                apply=not dry_run,
                reason=f"import_page: {file.name}",
            )
        except ImportProblem as problem:
            raise CommandError(
                _("%(file)s: %(problem)s Nothing was written.")
                % {"file": file.name, "problem": problem}
            ) from None
        if not dry_run:
            import_run_record(
                data=data, filename=file.name, result=result, html=True if html else None
            )
        names = dict(Organisation.objects.values_list("slug", "name"))
        self.stdout.write(describe_reading(result.page, names))
        self.stdout.write("")
        self.stdout.write(describe_changes(result.report))
        findings = quality_report(result.page, names)
        if findings:
            self.stdout.write("")
            self.stdout.write(_("Data quality:"))
            for finding in findings:
                where = f"{finding.network}: " if finding.network else ""
                self.stdout.write(f"  - {where}{finding.text}")
        self.stdout.write("")
        if dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
        elif result.report.changed_anything:
            self.stdout.write(self.style.SUCCESS(_("The register was updated.")))
        else:
            self.stdout.write(_("The register already says what the page says; nothing changed."))
