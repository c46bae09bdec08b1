"""Spreadsheets (XLSX): the engagement of organisations, for the secretariat's reports to
its board, and a meeting's participants with their registration answers, for its
coordinators."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from natverk.meetings.selectors import Engagement, RegistrationOverview


def _finish(sheet) -> bytes:
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, column in enumerate(sheet.columns, start=1):
        width = max(len(str(cell.value or "")) for cell in column)
        sheet.column_dimensions[get_column_letter(number)].width = min(max(width + 2, 10), 50)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    return buffer.getvalue()


def participants_xlsx(overview: RegistrationOverview) -> bytes:
    """Registered, then the waiting list in order, then those who said no: name,
    organisation, status and every question's answer. All of it text, never a formula."""
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = _("Participants")
    sheet.append([_("Name"), _("Organisation"), _("Status"), *[q.text for q in overview.questions]])
    for row in overview.rows:
        invitation = row.invitation
        values = [
            invitation.person.full_name,
            invitation.organisation.name,
            row.status_label,
            *row.answers,
        ]
        sheet.append(values)
        for column in range(1, len(values) + 1):
            sheet.cell(row=sheet.max_row, column=column).data_type = "s"
    return _finish(sheet)


def engagement_xlsx(rows: list[Engagement], *, year: int) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    sheet = workbook.create_sheet(str(year))
    sheet.append([_("Organisation"), _("Invited"), _("Answered"), _("Came"), _("Came, share")])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([row.organisation.name, row.invited, row.answered, row.came, row.came_share])
        name = sheet.cell(row=sheet.max_row, column=1)
        name.data_type = "s"  # a name is text, never a formula
        sheet.cell(row=sheet.max_row, column=5).number_format = "0%"
    for number, column in enumerate(sheet.columns, start=1):
        width = max(len(str(cell.value or "")) for cell in column)
        sheet.column_dimensions[get_column_letter(number)].width = min(max(width + 2, 10), 50)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
