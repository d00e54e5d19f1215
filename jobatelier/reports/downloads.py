"""The yearly report as a table for machines (CSV) and for people (XLSX), and the series the
charts draw."""

import csv
import io

from flask import Response
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from ..freetext import neutralise
from ..models import OUTCOMES
from ..sheets import lay_out_filled
from .services import TOTAL, YearlyReport

OPENING = range(9, 18)
COLUMNS = ["location_code", "location_name", "year", "unique_visitors", "new_visitors",
           "returning_visitors", "visits", "positive_visitors", "positive_rate",
           "known_outcome_visitors", "positive_rate_known"]


def table(report: YearlyReport) -> tuple[list[str], list[list[str]]]:
    """One row per location, then the total; counts as published (raw or suppressed)."""
    codes = [help_type.code for help_type in report.help_types]
    header = COLUMNS + [f"help_{code}" for code in codes] + [f"outcome_{code}" for code in OUTCOMES]
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
        ])
    return header, rows


def _filename(report: YearlyReport, extension: str) -> str:
    scope = "-".join(location.code for location in report.locations)[:80] or "none"
    return f"jobatelier-{report.year}-{scope}.{extension}"


def csv_response(report: YearlyReport) -> Response:
    header, rows = table(report)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
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


def definitions():
    """The definitions of DOMAIN.md, as the page and the workbook print them."""
    return [
        (_("Unique visitors"), _("Distinct visitor codes with at least one visit at these "
                                 "locations in the year; a one-off visit without a code counts "
                                 "as one visitor of its own.")),
        (_("New visitors"), _("Visitors whose first visit ever falls in the year.")),
        (_("Returning visitors"), _("Unique visitors who had come before the year.")),
        (_("Visits"), _("Visits at these locations in the year.")),
        (_("Positive outcome rate"), _("Among the unique visitors of the year, the share whose "
                                       "latest outcome recorded on or before 31 December is "
                                       "positive (work, internship, training, study or "
                                       "referral). Later outcomes do not change a past year.")),
        (_("Positive rate of known outcomes"), _("The same, among the visitors with an outcome "
                                                 "recorded on or before 31 December.")),
        (_("Within 6 months"), _("Visitors of the year who found work (or started a training) "
                                 "at most 183 days after their first visit.")),
        (_("Small counts"), _("Counts from 1 to k-1 are shown as \"< k\", and so is any count "
                              "that would let a hidden one be worked out from the totals.")),
    ]


def month_points(report: YearlyReport):
    return [(str(month), *_published(report, "month", month)) for month in range(1, 13)]


def heat_hours(report: YearlyReport) -> range:
    """The desk's opening hours as the visits show them, at least 9 to 17."""
    hours = [key[-1] for key in report.heat] + [OPENING[0], OPENING[-1]]
    return range(min(hours), max(hours) + 1)


def heat_points(report: YearlyReport):
    return {(day, hour): _published(report, "heat", day, hour)
            for day in range(7) for hour in heat_hours(report)}


def _published(report, *figure):
    value, hidden = report.count(TOTAL, *figure)
    return value, report.show(TOTAL, *figure) if hidden else str(value)
