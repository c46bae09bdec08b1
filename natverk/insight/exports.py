"""Insight as spreadsheets: XLSX, and CSV that Swedish Excel opens as it should (UTF-8
with a byte-order mark, semicolons). Typed text is never a formula."""

import csv
import io
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from natverk.insight.selectors import EMPTY, Cell, MatrixData
from natverk.registry.enums import MembershipRole
from natverk.workspace.exports import FORMULA_START, SHEET_TITLE_FORBIDDEN

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
# A matrix larger than this is not one to read in a spreadsheet, nor to make on request.
MAX_CELLS = 200_000

Value = str | int | float | None


def _text(value: Value) -> Value:
    """A text cell a spreadsheet would run as a formula ("=…", "+…") is written as text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return f"'{value}"
    return value


def sheets_xlsx(sheets: Sequence[tuple[str, list[str], Iterable[Sequence[Value]]]]) -> bytes:
    """Sheets of (title, header, rows), written as they stream: a large matrix fits."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(SHEET_TITLE_FORBIDDEN.sub("-", title)[:31] or "Blad")
        sheet.freeze_panes = "B2"
        heading = []
        for title_text in header:
            cell = WriteOnlyCell(sheet, value=_text(title_text))
            cell.font = bold
            heading.append(cell)
        sheet.append(heading)
        for row in rows:
            written = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text stays text, never a formula
                written.append(cell)
            sheet.append(written)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_csv(header: list[str], rows: Iterable[Sequence[Value]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(_text(value) for value in header)
    for row in rows:
        writer.writerow("" if value is None else _text(value) for value in row)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# The membership matrix -------------------------------------------------------------------


def cell_text(cell: Cell, grouped: bool) -> Value:
    if grouped:
        return cell.count or None
    if cell.role:
        return str(MembershipRole(cell.role).label)
    if cell.through is not None:
        return _("through %(group)s") % {"group": cell.through.name}
    return None


def _matrix(data: MatrixData) -> tuple[list[str], Iterable[list[Value]]]:
    first = {"county": _("County"), "kind": _("Kind")}.get(data.group_by, _("Organisation"))
    header = [first, _("Networks"), *(n.name for n in data.networks)]

    def rows():
        for label, _node, cells in data.rows:
            yield [
                label,
                len(cells),
                *(cell_text(cells.get(n.id, EMPTY), data.grouped) for n in data.networks),
            ]

    return header, rows()


def matrix_xlsx(data: MatrixData) -> bytes:
    header, rows = _matrix(data)
    return sheets_xlsx([(_("Matrix %(day)s") % {"day": data.on.isoformat()}, header, rows)])


def matrix_csv(data: MatrixData) -> bytes:
    header, rows = _matrix(data)
    return table_csv(header, rows)
