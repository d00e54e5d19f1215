"""The queue's yearly figures (docs/domain.md, "The queue"), per location and in total: visits
through the queue, the median and 90th percentile of their waiting minutes, and the people
who left without help, by help type and by weekday and hour; published under the same
small-cell suppression as the rest of the report.

Each is an SQL aggregate: the waiting minutes come back counted per location and minute (at
most a few hundred rows, whatever the number of visits), and the percentiles are read from
those counts.
"""

from collections import Counter
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..extensions import db
from ..models import HelpType, Location, QueueTicket, Visit, queue_ticket_help_types
from ..queue.waiting import median, percentile
from ..sqlfunctions import hour_of
from . import charts
from .periods import ALL_LOCATIONS, year_bounds
from .protection import Sum, Table, shown
from .tables import chart_table, protected

CSV_COLUMNS = ["queued_visits", "waited_minutes_median", "waited_minutes_p90",
               "left_without_help"]
P90 = 0.9


def definitions() -> list[tuple[str, str]]:
    """What the queue's figures mean, for the page and the workbook."""
    return [
        (_("Visits through the queue"), _(
            "Visits registered from a queue ticket (with their waiting minutes: from joining "
            "the queue to being called).")),
        (_("Waiting minutes"), _(
            "The median and the 90th percentile (nine in ten waited at most this long) of the "
            "waiting minutes of the visits through the queue.")),
        (_("Left without help"), _(
            "People who joined the queue and were marked as gone before they were helped, by "
            "the help they came for, and by the weekday and hour they joined. Tickets still on "
            "the list at the end of the day are closed as not helped, without counting here. "
            "These counts stay with this instance: they are not in the handover package.")),
    ]


@dataclass
class QueueFigures:
    """The raw figures, keyed by location id, and ALL_LOCATIONS for the chosen ones together
    (a visit and a ticket are at one location, so the total is their sum)."""

    waited: dict = field(default_factory=dict)  # key -> Counter {minutes: visits}
    left: Counter = field(default_factory=Counter)  # key -> people who left without help
    left_help: Counter = field(default_factory=Counter)  # (key, help code) -> those people
    left_heat: Counter = field(default_factory=Counter)  # (weekday 0=Monday, hour) -> people


def queue_figures(location_ids: list[int], year: int, hours: bool = True) -> QueueFigures:
    """The queue's figures of `year` at `location_ids`; the weekdays and hours of who left
    only when asked for (the page's heat map)."""
    start, end, _ = year_bounds(year)
    found = QueueFigures()
    waited = (select(Visit.location_id, Visit.waited_minutes, func.count())
              .where(Visit.location_id.in_(location_ids), Visit.arrived_at >= start,
                     Visit.arrived_at < end, Visit.waited_minutes.is_not(None))
              .group_by(Visit.location_id, Visit.waited_minutes))
    for key, minutes, count in db.session.execute(waited):
        for each in (key, ALL_LOCATIONS):
            found.waited.setdefault(each, Counter())[minutes] += count
    left = (QueueTicket.location_id.in_(location_ids), QueueTicket.status == "left",
            QueueTicket.joined_at >= start, QueueTicket.joined_at < end)
    for key, count in db.session.execute(select(QueueTicket.location_id, func.count())
                                         .where(*left).group_by(QueueTicket.location_id)):
        found.left[key] += count
        found.left[ALL_LOCATIONS] += count
    by_help = (select(QueueTicket.location_id, HelpType.code, func.count())
               .join(queue_ticket_help_types,
                     queue_ticket_help_types.c.ticket_id == QueueTicket.id)
               .join(HelpType, HelpType.id == queue_ticket_help_types.c.help_type_id)
               .where(*left).group_by(QueueTicket.location_id, HelpType.code))
    for key, code, count in db.session.execute(by_help):
        found.left_help[(key, code)] += count
        found.left_help[(ALL_LOCATIONS, code)] += count
    if hours:
        hour = hour_of(QueueTicket.joined_at)
        for each_hour, count in db.session.execute(select(hour, func.count())
                                                   .where(*left).group_by(hour)):
            found.left_heat[(each_hour.weekday(), each_hour.hour)] += count
    return found


@dataclass
class QueueSection:
    """The queue's part of the yearly report, as published."""

    columns: list  # location codes, then the total's
    k: int
    raw: bool
    values: dict  # (figure..., column) -> count
    waits: dict  # column -> Counter {minutes: visits}
    hidden: set = field(default_factory=set)
    heat: list = field(default_factory=list)  # charts.HeatCell of who left; none: nobody
    hours: range = charts.OPENING
    heat_published: bool = True

    @property
    def used(self) -> bool:
        """Whether anyone queued at the chosen locations in the year."""
        total = self.columns[-1]
        return bool(self.values.get((("queued",), total)) or self.values.get((("left",), total)))

    def count(self, column, *figure) -> tuple[int, bool]:
        key = (figure, column)
        return self.values.get(key, 0), key in self.hidden

    def show(self, column, *figure) -> str:
        return shown(*self.count(column, *figure), self.k)

    def waited(self, column) -> tuple:
        """(median, 90th percentile) of the waiting minutes, shown only where the visits
        through the queue are published and at least k (always in the internal view)."""
        visits, hidden = self.count(column, "queued")
        if not visits or hidden or (not self.raw and visits < self.k):
            return None, None
        waits = self.waits.get(column, {})
        return median(waits), percentile(waits, P90)

    def csv_cells(self, column) -> list[str]:
        """This column's values of CSV_COLUMNS, as published."""
        middle, high = self.waited(column)
        return [self.show(column, "queued"), "" if middle is None else f"{middle:g}",
                "" if high is None else str(high), self.show(column, "left")]


def queue_section(locations: list[Location], year: int, k: int, raw: bool,
                  help_codes: list[str], total: str, hours: bool = True) -> QueueSection:
    """The queue's figures per location and in the `total` column, protected as one table
    (the total is the sum of the locations), and the heat map of who left without help."""
    found = queue_figures([location.id for location in locations], year, hours)
    keys = {location.code: location.id for location in locations}
    keys[total] = ALL_LOCATIONS
    rows = [("queued",), ("left",), *(("left_help", code) for code in help_codes)]
    values = {}
    for column, key in keys.items():
        values[(("queued",), column)] = sum(found.waited.get(key, {}).values())
        values[(("left",), column)] = found.left[key]
        for code in help_codes:
            values[(("left_help", code), column)] = found.left_help[(key, code)]
    section = QueueSection(list(keys), k, raw, values,
                           {column: found.waited.get(key, Counter())
                            for column, key in keys.items()})
    if not raw:
        table = Table({(row, column): value for (row, column), value in values.items()},
                      tuple(rows), tuple(keys),
                      column_sums=(Sum(total, tuple(keys)[:-1]),))
        section.hidden = protected(table, k)
    if hours and found.left[ALL_LOCATIONS]:
        _heat(section, found.left_heat, total)
    return section


def _heat(section: QueueSection, heat: Counter, total: str) -> None:
    """The heat map of who left, shaded like the visits' one; hidden counts drawn grey, and
    none at all when the total who left is hidden or the map cannot be protected."""
    left, left_hidden = section.count(total, "left")
    hidden = set()
    if not section.raw:
        hidden = None if left_hidden else protected(chart_table(left, dict(heat)), section.k)
    if hidden is None:
        section.heat_published = False
        return
    hours = [hour for _, hour in heat] + [charts.OPENING[0], charts.OPENING[-1]]
    section.hours = range(min(hours), max(hours) + 1)
    cells = {slot: (heat.get(slot, 0),
                    shown(heat.get(slot, 0), (slot, "all") in hidden, section.k))
             for slot in ((day, hour) for day in range(7) for hour in section.hours)}
    section.heat = charts.heat_map(cells, section.hours)
