"""The yearly report of many locations as rows: one row per location with its key figures
beside last year's, sortable by any of them.

The rows show cells of the report's own tables, protected as those are (services._protect
hides the same cells as the downloads and the page of the next year), so a row publishes
nothing the downloads do not: a hidden count is "< k" here too, a change is shown only where
both years are published and a rate only where the report's `rate` allows it. Sorting by a
figure puts the rows whose figure is hidden (or not shown) together at the end, by name, in
either direction: their order says nothing about their values.
"""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from .services import TOTAL_COLUMN, YearlyReport

COUNTS = {"unique": ("unique",), "new": ("new",), "visits": ("visits",),
          "reached": ("reached",)}
RATE = "positive_rate"  # positive outcomes among the unique visitors
RATE_OF = (("positive",), ("unique",))
FIGURES = ("unique", "new", "visits", RATE, "reached")  # the columns, in this order
SORTS = ("location", *FIGURES)
HEADINGS = {"location": _l("Location"), "unique": _l("Unique visitors"),
            "new": _l("New visitors"), "visits": _l("Visits"),
            RATE: _l("Positive outcome rate"), "reached": _l("Reached")}


@dataclass(frozen=True)
class Sorting:
    """The column the rows are sorted by and the direction."""

    by: str = "location"
    descending: bool = False

    def next_for(self, column: str) -> "Sorting":
        """The sorting a click on `column`'s heading asks for: the other direction of the
        current column, else the column from the largest figure (from A for the names)."""
        if column == self.by:
            return Sorting(column, not self.descending)
        return Sorting(column, column != "location")

    def aria(self, column: str) -> str | None:
        """The heading's aria-sort: only the sorted column has one."""
        if column != self.by:
            return None
        return "descending" if self.descending else "ascending"

    def query(self) -> dict:
        return {"sort": self.by, "order": "desc" if self.descending else "asc"}


def sorting(sort: str | None, order: str | None) -> Sorting:
    """The sorting asked for in the address; an unknown one is the default (by name)."""
    if sort not in SORTS:
        return Sorting()
    return Sorting(sort, order == "desc" if order in ("asc", "desc") else sort != "location")


@dataclass
class LocationRow:
    """A location's (or the total's) key figures as published: per count (this year, last
    year, change), for the rate (this year, last year)."""

    code: str
    name: str
    cells: dict
    sort_values: dict  # figure -> the published value, None when hidden or not shown


@dataclass
class RowsTable:
    """What the page's table of locations as rows draws."""

    rows: tuple  # (the locations' rows in order, the total's row)
    sorting: Sorting
    columns: tuple = SORTS
    headings: dict = field(default_factory=lambda: HEADINGS)
    rate: str = RATE


def rows_table(report: YearlyReport, sort: str | None, order: str | None) -> RowsTable:
    """The table of locations as rows, sorted as the address asks."""
    chosen = sorting(sort, order)
    return RowsTable(location_rows(report, chosen), chosen)


def location_rows(report: YearlyReport, chosen: Sorting) -> tuple[list[LocationRow],
                                                                  LocationRow]:
    """(a row per location in the chosen order, the total's row)."""
    rows = [_row(report, location.code, location.name) for location in report.locations]
    rows.sort(key=lambda row: row.name.casefold())
    if chosen.by == "location":
        if chosen.descending:
            rows.reverse()
    else:
        shown_rows = [row for row in rows if row.sort_values[chosen.by] is not None]
        hidden_rows = [row for row in rows if row.sort_values[chosen.by] is None]
        shown_rows.sort(key=lambda row: row.sort_values[chosen.by], reverse=chosen.descending)
        rows = shown_rows + hidden_rows  # stable sorts: equal values stay by name
    return rows, _row(report, TOTAL_COLUMN, "")


def _row(report: YearlyReport, column: str, name: str) -> LocationRow:
    cells, sort_values = {}, {}
    for figure, key in COUNTS.items():
        cells[figure] = report.compared(column, *key)
        value, hidden = report.count(column, *key)
        sort_values[figure] = None if hidden else value
    now = report.rate(column, *RATE_OF)
    cells[RATE] = (now, report.rate(column, *RATE_OF, year=report.year - 1))
    sort_values[RATE] = now
    return LocationRow(column, name, cells, sort_values)
