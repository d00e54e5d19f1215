"""Coordinators' reports: which locations a user may report on, and the yearly report with
its previous year and safe publication."""

from dataclasses import dataclass, field
from functools import cached_property

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..access import scope_to_user
from ..errors import RuleError
from ..extensions import db
from ..models import (
    CONTRACT_TYPES,
    OUTCOMES,
    HelpType,
    Location,
    User,
)
from . import figures as sql
from . import kept, tables
from .programmes import BEYOND_VISITS, PROGRAMME_FIGURES
from .protection import shown
from .queue import QueueSection, queue_section
from .reached import beyond_visits

TOTAL_COLUMN = "total"  # the column of all the chosen locations together
MOST_COLUMNS = 8  # locations that fit on a screen as columns; more are listed as rows
FIRST_YEAR = 2000


def report_locations(user: User) -> list[Location]:
    """The locations the user may report on, by name: theirs (all for an admin), handed over
    or closed ones too, since their past years still count."""
    stmt = scope_to_user(select(Location).order_by(Location.name), Location.id, user)
    return list(db.session.scalars(stmt))


def chosen_locations(locations: list[Location], codes: list[str]) -> list[Location]:
    """The ones of `locations` named by `codes` (a form's checked choices), all when none is."""
    return [location for location in locations if not codes or location.code in codes]


def check_year(year: int | None, this_year: int) -> int:
    """`year`, when the reports have it: from FIRST_YEAR to this year."""
    if year is None or not FIRST_YEAR <= year <= this_year:
        raise RuleError("year", _l("Choose a year from %(first)d to %(last)d.",
                                   first=FIRST_YEAR, last=this_year))
    return year


@dataclass
class Overview:
    locations: list[Location]
    years: list[int]
    counts: dict  # (year, location code or TOTAL_COLUMN) -> unique visitors
    hidden: set
    k: int
    reached: dict = field(default_factory=dict)  # the same keys -> everyone reached
    reached_hidden: set = field(default_factory=set)

    def show(self, year, code) -> str:
        key = (year, code)
        return shown(self.counts.get(key, 0), key in self.hidden, self.k)

    def show_reached(self, year, code) -> str:
        key = (year, code)
        return shown(self.reached.get(key, 0), key in self.reached_hidden, self.k)


def overview(locations: list[Location], k: int, raw: bool) -> Overview:
    """Unique visitors and everyone reached per year and location, with a total column,
    protected together (tables.overview_table)."""
    by_id = {location.id: location.code for location in locations}
    counts = {(year, by_id.get(key, TOTAL_COLUMN)): count for (year, key), count
              in sql.unique_visitors_per_year(list(by_id)).items()}
    reached = dict(counts)  # the unique visitors and the people beyond them
    for (year, key), (count, extra, _) in beyond_visits(list(by_id)).items():
        column = (year, by_id.get(key, TOTAL_COLUMN))
        reached[column] = reached.get(column, 0) + count + extra
    years = sorted({year for year, _ in (*counts, *reached)}, reverse=True)
    columns = [*by_id.values(), TOTAL_COLUMN]
    hidden = set() if raw else tables.protected(
        tables.overview_table(counts, years, columns, reached), k)
    return Overview(locations, years, counts, {(year, column) for (year, kind), column in hidden
                                               if kind == "unique"}, k, reached,
                    {(year, column) for (year, kind), column in hidden if kind == "reached"})


@dataclass
class YearlyReport:
    year: int
    locations: list[Location]
    help_types: list[HelpType]
    k: int
    raw: bool
    years: tuple = ()  # the years it holds: the year (and for the page, the one before)
    values: dict = field(default_factory=dict)  # (year, column, *figure) -> count
    hidden: set = field(default_factory=set)
    medians: dict = field(default_factory=dict)
    months: dict = field(default_factory=dict)
    heat: dict = field(default_factory=dict)
    charts_published: bool = True  # the months and hours, left out when they cannot be safe
    queue: QueueSection | None = None  # the walk-in queue's figures (reports/queue.py)

    @cached_property
    def columns(self) -> list[str]:
        return [location.code for location in self.locations] + [TOTAL_COLUMN]

    def count(self, column, *figure, year=None):
        """(value, hidden) of one published count."""
        key = (year or self.year, column, *figure)
        return self.values.get(key, 0), key in self.hidden

    def show(self, column, *figure, year=None) -> str:
        """One count as published: the number, or "< k"."""
        return shown(*self.count(column, *figure, year=year), self.k)

    @property
    def as_rows(self) -> bool:
        """More locations than fit on a screen: the page lists them as rows of key figures
        (location_rows.py) and its other tables show the total alone."""
        return len(self.locations) > MOST_COLUMNS

    @cached_property
    def table_columns(self) -> list[str]:
        """The columns the page's tables of every figure show: all, or the total alone."""
        return [TOTAL_COLUMN] if self.as_rows else self.columns

    @property
    def table_locations(self) -> list[Location]:  # those tables' columns of locations
        return [] if self.as_rows else self.locations

    def compared(self, column, *figure) -> tuple[str, str, str]:
        """A count, last year's and the change (where both are published), as published."""
        values, hidden = self.values, self.hidden  # looked up here: a call per cell of a page
        now_key, before_key = (self.year, column, *figure), (self.year - 1, column, *figure)
        now, before = values.get(now_key, 0), values.get(before_key, 0)
        now_hidden, before_hidden = now_key in hidden, before_key in hidden
        change = "" if now_hidden or before_hidden else f"{now - before:+d}"
        return shown(now, now_hidden, self.k), shown(before, before_hidden, self.k), change

    def row(self, *figure) -> list[tuple[str, str, str]]:
        """`compared` for each of the tables' columns: at most MOST_COLUMNS + 1."""
        return [self.compared(column, *figure) for column in self.table_columns]

    def rate_row(self, numerator, denominator) -> list[tuple]:
        """One table row of percentages: each column's (this year's, last year's)."""
        before = self.year - 1
        return [(self.rate(column, numerator, denominator),
                 self.rate(column, numerator, denominator, year=before))
                for column in self.table_columns]

    def median(self, column) -> tuple:
        """(median visits, median days) until an outcome, shown only over k or more visitors."""
        visits, days = self.medians.get((self.year, column), (None, None))
        known, hidden = self.count(column, "known")
        if hidden or (not self.raw and known < self.k):
            return None, None
        return visits, days

    def rate(self, column, numerator, denominator, year=None):
        """A percentage with one decimal, or None where it would show a small or hidden count."""
        top, top_hidden = self.count(column, *numerator, year=year)
        bottom, bottom_hidden = self.count(column, *denominator, year=year)
        if not bottom or top_hidden or bottom_hidden or (not self.raw and bottom < self.k):
            return None
        return round(100 * top / bottom, 1)


def yearly_report(locations: list[Location], year: int, k: int, raw: bool,
                  table_only: bool = False) -> YearlyReport:
    """The year's figures per location and in total, with the previous year's beside them and
    the visits per month and hour for the page; `table_only` leaves out what the downloads'
    table does not hold (the previous year, the months and hours, the medians). Each year's
    table is protected on its own and the charts after it, so a year hides the same cells in
    the downloads, on its own page and as the previous year on the next year's page."""
    ids = [location.id for location in locations]
    years = (year,) if table_only else (year, year - 1)
    report = YearlyReport(year, locations, _help_types(), k, raw, years)
    # Only the page shows medians, and only the year's: the downloads' table has none, and a
    # page of locations as rows shows the total's alone.
    options = {each_year: {"medians": not table_only and each_year == year,
                           "location_medians": not report.as_rows} for each_year in years}
    # The closed years worked out apart read a moment later than this transaction: a late
    # entry committed in between may show in the year's figures and not yet in its months
    # (as on PostgreSQL, where each statement reads afresh); the next view agrees again.
    with kept.worked_out_meanwhile(ids, options):
        if not table_only:
            months, heat = sql.visits_by_month_and_hour(ids, year)
            report.months = {(year, TOTAL_COLUMN, "month", month): n
                             for month, n in months.items()}
            report.heat = {(year, TOTAL_COLUMN, "heat", *slot): n for slot, n in heat.items()}
        report.queue = queue_section(locations, year, k, raw,
                                     [each.code for each in report.help_types], TOTAL_COLUMN,
                                     hours=not table_only)
    for each_year in years:
        medians = options[each_year]["medians"]
        by_id = kept.yearly_figures(ids, each_year, **options[each_year])
        for location in [*locations, None]:
            column = location.code if location else TOTAL_COLUMN
            found = by_id.get(location.id if location else sql.ALL_LOCATIONS, sql.Figures())
            report.values.update(flatten_figures(each_year, column, found))
            if medians:
                report.medians[(each_year, column)] = (found.median_visits, found.median_days)
    report.values.update(report.months)
    report.values.update(report.heat)
    if not raw:
        _protect(report)
    return report


def _protect(report: YearlyReport) -> None:
    """Hide what the published report may not show (protection.py): each year's table, then
    the charts, whose counts add up to the year's visits; a chart that cannot be protected
    while those visits are shown is left out."""
    codes = [help_type.code for help_type in report.help_types]
    for year in report.years:
        table = tables.year_table(report.values, year, report.columns, codes)
        report.hidden |= {(year, column, *row)
                          for row, column in tables.protected(table, report.k)}
    if not report.months and not report.heat:
        return
    visits = (report.year, TOTAL_COLUMN, "visits")
    charts_hidden = []
    for counts in (report.months, report.heat):  # keyed (year, column, chart, *slot)
        chart = tables.chart_table(report.values.get(visits, 0),
                                   {key[3:]: count for key, count in counts.items()})
        charts_hidden.append(None if visits in report.hidden
                             else tables.protected(chart, report.k))
    if None in charts_hidden:
        report.charts_published = False
        return
    for counts, hidden in zip((report.months, report.heat), charts_hidden, strict=True):
        report.hidden |= {key for key in counts if (key[3:], "all") in hidden}


def _help_types() -> list[HelpType]:
    return list(db.session.scalars(select(HelpType).order_by(HelpType.position)))


def flatten_figures(year, column, found: sql.Figures) -> dict:
    key = (year, column)
    values = {
        (*key, "unique"): found.unique, (*key, "new"): found.new,
        (*key, "returning"): found.returning, (*key, "visits"): found.visits,
        (*key, "coded"): found.unique - found.one_off, (*key, "known"): found.known,
        (*key, "positive"): found.positive, (*key, "open"): found.open,
        (*key, "contract", None): found.outcomes.get("work", 0) - sum(found.contracts.values()),
    }
    values.update({(*key, "help", code): n for code, n in found.help.items()})
    values.update({(*key, "outcome", code): found.outcomes.get(code, 0) for code in OUTCOMES})
    values.update({(*key, "contract", code): found.contracts.get(code, 0)
                   for code in CONTRACT_TYPES})
    values.update({(*key, "six", code): found.within_six_months.get(code, 0)
                   for code in sql.SIX_MONTHS_CODES})
    for name, counts in found.profile.items():
        values.update({(*key, "profile", name, value): n for value, n in counts.items()})
    values.update({(*key, *figure): found.more.get(figure, 0)
                   for figure in (*PROGRAMME_FIGURES, BEYOND_VISITS)})
    return values
