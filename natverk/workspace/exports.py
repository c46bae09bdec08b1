"""The contact list of a network's representatives as a spreadsheet: XLSX, and CSV
that Swedish Excel opens as it should (UTF-8 with a byte-order mark, semicolons)."""

import csv
import io
import re

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter


def _header() -> list[str]:
    return [
        _("Organisation"), _("Given name"), _("Family name"), _("Title"), _("Email"),
        _("Phone"), _("Role"), _("From"),
    ]  # fmt: skip


def _row(representation) -> list[str]:
    person = representation.person
    return [
        representation.organisation.name,
        person.given_name,
        person.family_name,
        person.title,
        person.email,
        person.phone,
        representation.get_role_display(),
        representation.start_date.isoformat() if representation.start_date else "",
    ]


# What a spreadsheet would run as a formula; a phone number ("+46 …") is just that.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PHONE_NUMBER = re.compile(r"^\+?[\d\s()-]+$")
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def contacts_xlsx(representations, *, sheet_title: str) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    sheet = workbook.create_sheet(SHEET_TITLE_FORBIDDEN.sub("-", sheet_title)[:31] or "Kontakter")
    sheet.append(_header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for representation in representations:
        sheet.append(_row(representation))
        for cell in sheet[sheet.max_row]:
            cell.data_type = "s"  # typed text stays text, never a formula
    for number, column in enumerate(sheet.columns, start=1):
        width = max(len(str(cell.value or "")) for cell in column)
        sheet.column_dimensions[get_column_letter(number)].width = min(max(width + 2, 10), 50)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def contacts_csv(representations) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(_header())
    for representation in representations:
        writer.writerow(_neutralised(value) for value in _row(representation))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _neutralised(value: str) -> str:
    """A cell Excel would run as a formula ("=…", "+…") is written as text."""
    if value.startswith(FORMULA_START) and not PHONE_NUMBER.match(value):
        return f"'{value}"
    return value
