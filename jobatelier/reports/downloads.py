"""The yearly report as a table for machines (CSV) and for people (XLSX)."""

import csv
import io

from flask import Response
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from ..freetext import neutralise
from ..models import OUTCOMES
from ..sheets import lay_out_filled
from .definitions import definitions
from .queue import CSV_COLUMNS as QUEUE_COLUMNS
from .services import YearlyReport

COLUMNS = ["location_code", "location_name", "year", "unique_visitors", "new_visitors",
           "returning_visitors", "visits", "positive_visitors", "positive_rate",
           "known_outcome_visitors", "positive_rate_known"]


def table(report: YearlyReport) -> tuple[list[str], list[list[str]]]:
    """One row per location, then the total; counts as published (raw or suppressed)."""
    codes = [help_type.code for help_type in report.help_types]
    header = COLUMNS + [f"help_{code}" for code in codes] + [f"outcome_{code}" for code in OUTCOMES]
    header += QUEUE_COLUMNS
    rows = []
    names = {location.code: location.name for location in report.locations}
    for column in report.columns:
        show = report.show
        rate = report.rate(column, ("positive",), ("unique",))
        rate_known = report.rate(column, ("positive",), ("known",))
        rows.append([
            column, names.get(column, _("All chosen locations")), str(report.year),
            show(column, "unique"), show(column, "new"), show(column, "returning"),
            show(column, "visits"), show(column, "positive"),
            "" if rate is None else f"{rate:.1f}", show(column, "known"),
            "" if rate_known is None else f"{rate_known:.1f}",
            *[show(column, "help", code) for code in codes],
            *[show(column, "outcome", code) for code in OUTCOMES],
            *report.queue.csv_cells(column),
        ])
    return header, rows


def _filename(report: YearlyReport, extension: str) -> str:
    scope = "-".join(location.code for location in report.locations)[:80] or "none"
    # Raw counts say so in the name too: a file travels without the page that warned.
    internal = "-" + _("internal") if report.raw else ""
    return f"jobatelier-{report.year}-{scope}{internal}.{extension}"


def internal_warning() -> str:
    """The first line of a download with raw counts."""
    return _("internal: do not publish (small counts are shown)")


def csv_response(report: YearlyReport) -> Response:
    header, rows = table(report)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if report.raw:  # a line before the header: machines reading it must be told to skip it
        writer.writerow([internal_warning()])
    writer.writerow(header)
    writer.writerows([neutralise(value) for value in row] for row in rows)
    # RFC 4180 for tools: commas, CRLF, decimal points, no BOM; people get the workbook. The
    # charset is named once (a mimetype with one gets a second from Werkzeug).
    return Response(buffer.getvalue(), content_type="text/csv; charset=utf-8; header=present",
                    headers={"Content-Disposition":
                             f'attachment; filename="{_filename(report, "csv")}"'})


def xlsx_response(report: YearlyReport) -> Response:
    """The same table as a workbook, with a second sheet that defines every figure."""
    header, rows = table(report)
    book = Workbook()
    sheet = book.active
    sheet.title = str(report.year)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        # Numbers as numbers, so people can sum and chart them; "< 5" stays text.
        sheet.append([_number(neutralise(value)) for value in row])
    if report.raw:  # the first row, above the table, where nobody can miss it
        sheet.insert_rows(1)
        sheet["A1"] = internal_warning()
        sheet["A1"].font = Font(bold=True, color="C00000")
    notes = book.create_sheet(_("Definitions"))
    notes.append([_("Figure"), _("Definition")])
    for term, definition in definitions():
        notes.append([str(term), str(definition)])
    lay_out_filled(sheet)
    lay_out_filled(notes)
    buffer = io.BytesIO()
    book.save(buffer)
    return Response(buffer.getvalue(), headers={
        "Content-Disposition": f'attachment; filename="{_filename(report, "xlsx")}"'},
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _number(value: str):
    try:
        return float(value) if "." in value else int(value)
    except ValueError:
        return value
