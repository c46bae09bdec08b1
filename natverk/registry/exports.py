"""The data-quality report as a spreadsheet (XLSX): a sheet per kind of finding."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from natverk.registry.quality import Finding


def quality_xlsx(findings: list[Finding]) -> bytes:
    workbook = Workbook()
    summary = workbook.worksheets[0]
    summary.title = _("Summary")
    summary.append([_("Finding"), _("Number")])
    for finding in findings:
        summary.append([finding.title, finding.count])
        sheet = workbook.create_sheet(finding.sheet[:31])
        sheet.append([*finding.columns, _("Address in the back office")])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in finding.rows:
            sheet.append([*row.cells, row.url])
            for cell in sheet[sheet.max_row]:
                cell.data_type = "s"  # names and text are text, never a formula
        sheet.freeze_panes = "A2"
    for sheet in workbook.worksheets:
        sheet["A1"].font = Font(bold=True)
        for number, column in enumerate(sheet.columns, start=1):
            width = max(len(str(cell.value or "")) for cell in column)
            sheet.column_dimensions[get_column_letter(number)].width = min(max(width + 2, 10), 60)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
