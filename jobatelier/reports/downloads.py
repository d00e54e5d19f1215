"""The yearly report as a table for machines (CSV, columns by code), and the tables the
workbook for people holds too (workbook.py)."""

import csv
import io

from flask import Response
from flask_babel import gettext as _

from ..freetext import neutralise
from ..models import OUTCOMES
from .definitions import result_rows, result_tables
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


def filename(report: YearlyReport, extension: str) -> str:
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
                             f'attachment; filename="{filename(report, "csv")}"'})
