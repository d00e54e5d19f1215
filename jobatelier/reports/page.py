"""What the yearly page draws and lists besides the report's tables: the charts of its months
and hours as published, the definitions and the codes it lists."""

from dataclasses import dataclass, field
from datetime import date

from ..models import CONTRACT_TYPES, END_REASONS, OUTCOMES
from . import charts
from . import figures as sql
from .definitions import cohort_rows, definitions, result_rows, result_tables
from .services import TOTAL_COLUMN, YearlyReport


@dataclass
class YearlyPage:
    """What the yearly page draws and lists besides the report's tables."""

    month_bars: list[charts.Bar]
    heat: list[charts.HeatCell]
    heat_hours: range
    definitions: list[tuple[str, str]]
    outcome_codes: tuple = OUTCOMES
    contract_codes: tuple = (*CONTRACT_TYPES, None)
    profile_fields: dict = field(default_factory=lambda: sql.PROFILE_FIELDS)
    heat_colours: dict = field(default_factory=lambda: charts.HEAT_COLOURS)
    weekdays: tuple = charts.WEEKDAYS
    up_to: date | None = None  # the year is not over yet: its figures run to this day
    end_reasons: tuple = END_REASONS
    cohort_rows: list = field(default_factory=cohort_rows)
    result_tables: list = field(default_factory=result_tables)
    result_rows: list = field(default_factory=result_rows)


def yearly_page(report: YearlyReport, today: date) -> YearlyPage:
    """The charts of the report's months and hours, the definitions and the codes the page
    lists, as published (hidden counts drawn as hidden); a year not over yet says so."""
    hours = _heat_hours(report)
    months = [(str(month), *_published(report, "month", month)) for month in range(1, 13)]
    heat = {(day, hour): _published(report, "heat", day, hour)
            for day in range(7) for hour in hours}
    return YearlyPage(charts.bar_chart(months), charts.heat_map(heat, hours), hours,
                      definitions(), up_to=today if report.year == today.year else None)


def _heat_hours(report: YearlyReport) -> range:
    """The desk's opening hours as the visits show them, at least 9 to 17."""
    hours = [key[-1] for key in report.heat] + [charts.OPENING[0], charts.OPENING[-1]]
    return range(min(hours), max(hours) + 1)


def _published(report: YearlyReport, *figure) -> tuple[int, str]:
    """(value, text as published) of one count of all the chosen locations together."""
    value, hidden = report.count(TOTAL_COLUMN, *figure)
    return value, report.show(TOTAL_COLUMN, *figure) if hidden else str(value)
