"""The yearly report as a table for machines (CSV, columns by code) and for people (XLSX,
columns by name)."""

import csv
import io

from flask import Response
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from ..freetext import neutralise
from ..i18n import current_language
from ..models import OUTCOMES
from ..sheets import lay_out_filled
from .columns import column_names
from .definitions import definitions, result_rows, result_tables
from .programmes import PROGRAMME_FIGURES
from .queue import CSV_COLUMNS as QUEUE_COLUMNS
from .services import YearlyReport

COLUMNS = ["location_code", "location_name", "year", "unique_visitors", "new_visitors",
           "returning_visitors", "visits", "positive_visitors", "positive_rate",
           "known_outcome_visitors", "positive_rate_known"]
# After the help types and outcomes: everyone reached, the groups and the trajectories.
PROGRAMME_COLUMNS = {
    "reached": ("reached",), "reached_more_than_one_way": ("reached", "several"),
    "group_sessions_held": ("groups", "held"), "group_sessions_cancelled": ("groups", "cancelled"),
    "group_participants": ("groups", "participants"),
    "group_extra_attendees": ("groups", "extra"),
    "trajectories_started": ("trajectories", "started"),
    "trajectories_ended": ("trajectories", "ended"),
    "trajectories_running": ("trajectories", "running"),
    "trajectory_meetings": ("trajectories", "meetings"),
}


def table(report: YearlyReport) -> tuple[list[str], list[list[str]]]:
    """One row per location, then the total; counts as published (raw or suppressed)."""
    codes = [help_type.code for help_type in report.help_types]
    header = (COLUMNS + [f"help_{code}" for code in codes]
              + [f"outcome_{code}" for code in OUTCOMES] + list(PROGRAMME_COLUMNS))
    header += QUEUE_COLUMNS
    rows = []
    for column in report.columns:
        show = report.show
        rows.append([
            *_where(report, column),
            show(column, "unique"), show(column, "new"), show(column, "returning"),
            show(column, "visits"), show(column, "positive"),
            _rate(report, column, ("positive",), ("unique",)), show(column, "known"),
            _rate(report, column, ("positive",), ("known",)),
            *[show(column, "help", code) for code in codes],
            *[show(column, "outcome", code) for code in OUTCOMES],
            *[show(column, *figure) for figure in PROGRAMME_COLUMNS.values()],
            *report.queue.csv_cells(column),
        ])
    return header, rows


def programme_table(report: YearlyReport) -> tuple[list[str], list[list[str]]]:
    """The workbook's sheet of groups and trajectories: their figures the first table leaves
    out (the cohort, the end reasons, the results) and their rates, one row per location."""
    figures = [figure for figure in PROGRAMME_FIGURES
               if figure not in PROGRAMME_COLUMNS.values()]
    rates = {"attendance_rate": (("groups", "present"), ("groups", "places"))}
    for among, denominator, *_words in result_tables():
        rates.update({f"result_{among}_{name}_rate": (("result", among, name), denominator)
                      for name, _label in result_rows() if name != "unknown"})
    header = COLUMNS[:3] + ["_".join(figure) for figure in figures] + list(rates)
    rows = [[*_where(report, column), *[report.show(column, *figure) for figure in figures],
             *[_rate(report, column, *pair) for pair in rates.values()]]
            for column in report.columns]
    return header, rows


def _where(report: YearlyReport, column: str) -> list[str]:
    """A row's first cells: the location's code and name (or the total's), and the year."""
    names = {location.code: location.name for location in report.locations}
    return [column, names.get(column, _("All chosen locations")), str(report.year)]


def _rate(report: YearlyReport, column: str, numerator, denominator) -> str:
    rate = report.rate(column, numerator, denominator)
    return "" if rate is None else f"{rate:.1f}"


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
    """The same table as a workbook for people: columns named in the user's language, a sheet
    that defines every figure, one of the groups' and trajectories' other figures, and a
    codebook that gives each column's code (the CSV's)."""
    language = current_language()
    help_labels = {help_type.code: help_type.label(language) for help_type in report.help_types}
    book = Workbook()
    sheet = book.active
    sheet.title = str(report.year)
    notes = book.create_sheet(_("Definitions"))
    notes.append([_("Figure"), _("Definition")])
    for term, definition in definitions():
        notes.append([str(term), str(definition)])
    programmes = book.create_sheet(_("Groups and trajectories"))
    codebook = book.create_sheet(_("Codebook"))
    codebook.append([_("Sheet"), _("Column"), _("Code in the CSV file")])
    for each, (codes, rows) in ((sheet, table(report)), (programmes, programme_table(report))):
        names = column_names(codes, help_labels)
        each.append(names)
        _fill(each, report, rows)
        for name, code in zip(names, codes, strict=True):
            codebook.append([each.title, name, code])
    for each in (sheet, notes, programmes, codebook):
        lay_out_filled(each)
    buffer = io.BytesIO()
    book.save(buffer)
    return Response(buffer.getvalue(), headers={
        "Content-Disposition": f'attachment; filename="{_filename(report, "xlsx")}"'},
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _fill(sheet, report: YearlyReport, rows) -> None:
    """The rows under the header (in bold); raw counts say so in a row above the header."""
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        # Numbers as numbers, so people can sum and chart them; "< 5" stays text.
        sheet.append([_number(neutralise(value)) for value in row])
    if report.raw:  # the first row, above the table, where nobody can miss it
        sheet.insert_rows(1)
        sheet["A1"] = internal_warning()
        sheet["A1"].font = Font(bold=True, color="C00000")


def _number(value: str):
    try:
        return float(value) if "." in value else int(value)
    except ValueError:
        return value
