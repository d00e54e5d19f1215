"""The yearly figures of DOMAIN.md as SQL aggregates, per location and in total.

Each query runs twice: grouped by location, and once over all the chosen locations together
(a visitor who came to two locations is one visitor in the total). The number of queries is
fixed; the database does the counting, whatever the number of visits.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import and_, case, distinct, extract, func, literal, select

from ..extensions import db
from ..models import (
    AGE_BANDS,
    DUTCH_LEVELS,
    EDUCATION_LEVELS,
    POSITIVE_OUTCOMES,
    UNEMPLOYMENT_DURATIONS,
    HelpType,
    Outcome,
    Visit,
    Visitor,
    visit_help_types,
)
from ..sqlfunctions import days_between

TOTAL = None  # the key of the figures over all chosen locations together
PROFILE_FIELDS = {
    "age_band": AGE_BANDS,
    "dutch_level": DUTCH_LEVELS,
    "education_level": EDUCATION_LEVELS,
    "unemployment_duration": UNEMPLOYMENT_DURATIONS,
}
SIX_MONTHS_DAYS = 183


@dataclass
class Figures:
    unique: int = 0
    new: int = 0
    one_off: int = 0
    visits: int = 0
    help: dict = field(default_factory=dict)  # help type code -> visits
    outcomes: dict = field(default_factory=dict)  # outcome code -> visitors (latest as of 31/12)
    contracts: dict = field(default_factory=dict)  # contract type -> visitors whose latest is work
    within_six_months: dict = field(default_factory=dict)  # "work"/"training" -> visitors
    median_visits: float | None = None
    median_days: float | None = None
    profile: dict = field(default_factory=dict)  # field -> value (None: unknown) -> visitors

    @property
    def returning(self) -> int:
        return self.unique - self.new

    @property
    def known(self) -> int:
        return sum(self.outcomes.values())

    @property
    def positive(self) -> int:
        return sum(self.outcomes.get(code, 0) for code in POSITIVE_OUTCOMES)

    @property
    def open(self) -> int:
        return self.unique - self.known


def year_bounds(year: int) -> tuple[datetime, datetime, date]:
    return datetime(year, 1, 1), datetime(year + 1, 1, 1), date(year, 12, 31)


def yearly_figures(location_ids: list[int], year: int) -> dict:
    """{location id: Figures, TOTAL: Figures} for `year` at `location_ids`."""
    start, end, last_day = year_bounds(year)
    in_year = and_(Visit.location_id.in_(location_ids), Visit.arrived_at >= start,
                   Visit.arrived_at < end)
    figures = defaultdict(Figures)
    for by_location in (True, False):
        loc = Visit.location_id if by_location else literal(TOTAL)
        _counts(figures, loc, in_year, by_location)
        visitors = (select(loc.label("loc"), Visit.visitor_id.label("visitor_id"))
                    .where(in_year, Visit.visitor_id.is_not(None)).distinct().subquery())
        _new(figures, visitors, start, end)
        _help(figures, loc, in_year, by_location)
        _outcomes(figures, visitors, last_day)
        _within_six_months(figures, visitors, last_day)
        _medians(figures, visitors, location_ids, last_day)
        _profile(figures, visitors)
    for each in figures.values():
        each.new += each.one_off  # a one-off visit is a visitor whose first visit is now
    return dict(figures)


def _counts(figures, loc, in_year, by_location):
    stmt = select(loc, func.count(), func.count(distinct(Visit.visitor_id)),
                  func.sum(case((Visit.visitor_id.is_(None), 1), else_=0))).where(in_year)
    for key, visits, coded, one_off in db.session.execute(
            stmt.group_by(loc) if by_location else stmt):
        if visits:
            figures[key].visits, figures[key].one_off = visits, int(one_off or 0)
            figures[key].unique = coded + int(one_off or 0)


def _new(figures, visitors, start, end):
    stmt = (select(visitors.c.loc, func.count())
            .join(Visitor, Visitor.id == visitors.c.visitor_id)
            .where(Visitor.registered_on >= start.date(), Visitor.registered_on < end.date())
            .group_by(visitors.c.loc))
    for key, count in db.session.execute(stmt):
        figures[key].new = count


def _help(figures, loc, in_year, by_location):
    stmt = (select(loc, HelpType.code, func.count())
            .select_from(Visit)
            .join(visit_help_types, visit_help_types.c.visit_id == Visit.id)
            .join(HelpType, HelpType.id == visit_help_types.c.help_type_id)
            .where(in_year))
    stmt = stmt.group_by(loc, HelpType.code) if by_location else stmt.group_by(HelpType.code)
    for key, code, count in db.session.execute(stmt):
        figures[key].help[code] = count


def latest_outcomes(last_day: date):
    """Each visitor's outcome that counts on `last_day`: the latest date, and on one date the
    one entered last."""
    ranked = select(
        Outcome.visitor_id, Outcome.outcome, Outcome.contract_type,
        func.row_number().over(
            partition_by=Outcome.visitor_id,
            order_by=(Outcome.recorded_on.desc(), Outcome.created_at.desc(), Outcome.id.desc()),
        ).label("rank"),
    ).where(Outcome.recorded_on <= last_day).subquery()
    return select(ranked.c.visitor_id, ranked.c.outcome, ranked.c.contract_type).where(
        ranked.c.rank == 1).subquery()


def _outcomes(figures, visitors, last_day):
    latest = latest_outcomes(last_day)
    stmt = (select(visitors.c.loc, latest.c.outcome, latest.c.contract_type, func.count())
            .join(latest, latest.c.visitor_id == visitors.c.visitor_id)
            .group_by(visitors.c.loc, latest.c.outcome, latest.c.contract_type))
    for key, outcome, contract, count in db.session.execute(stmt):
        target = figures[key]
        target.outcomes[outcome] = target.outcomes.get(outcome, 0) + count
        if outcome == "work" and contract:
            target.contracts[contract] = target.contracts.get(contract, 0) + count


def _within_six_months(figures, visitors, last_day):
    """Visitors who found work (or started a training) within 6 months of their first visit,
    as known on `last_day`."""
    days = days_between(Visitor.registered_on, Outcome.recorded_on)
    stmt = (select(visitors.c.loc, Outcome.outcome, func.count(distinct(Outcome.visitor_id)))
            .join(Visitor, Visitor.id == visitors.c.visitor_id)
            .join(Outcome, Outcome.visitor_id == visitors.c.visitor_id)
            .where(Outcome.outcome.in_(("work", "training")), Outcome.recorded_on <= last_day,
                   days >= 0, days <= SIX_MONTHS_DAYS)
            .group_by(visitors.c.loc, Outcome.outcome))
    for key, outcome, count in db.session.execute(stmt):
        figures[key].within_six_months[outcome] = count


def _medians(figures, visitors, location_ids, last_day):
    """Median visits and days from the first visit to the first outcome, over the visitors
    with an outcome; the database gives one row per such visitor, Python takes the median."""
    first = (select(Outcome.visitor_id, func.min(Outcome.recorded_on).label("first_on"))
             .where(Outcome.recorded_on <= last_day).group_by(Outcome.visitor_id).subquery())
    visits_until = (select(func.count()).where(
        Visit.visitor_id == first.c.visitor_id, Visit.location_id.in_(location_ids),
        func.date(Visit.arrived_at) <= first.c.first_on).scalar_subquery())
    stmt = (select(visitors.c.loc, days_between(Visitor.registered_on, first.c.first_on),
                   visits_until)
            .join(first, first.c.visitor_id == visitors.c.visitor_id)
            .join(Visitor, Visitor.id == visitors.c.visitor_id))
    days, visits = defaultdict(list), defaultdict(list)
    for key, day_count, visit_count in db.session.execute(stmt):
        days[key].append(max(day_count, 0))
        visits[key].append(visit_count)
    for key in days:
        figures[key].median_days = statistics.median(days[key])
        figures[key].median_visits = statistics.median(visits[key])


def _profile(figures, visitors):
    for name in PROFILE_FIELDS:
        column = getattr(Visitor, name)
        stmt = (select(visitors.c.loc, column, func.count())
                .join(Visitor, Visitor.id == visitors.c.visitor_id)
                .group_by(visitors.c.loc, column))
        for key, value, count in db.session.execute(stmt):
            figures[key].profile.setdefault(name, {})[value] = count


def unique_visitors_per_year(location_ids: list[int]) -> dict:
    """{(year, location id or TOTAL): unique visitors} for the overview."""
    year = extract("year", Visit.arrived_at)
    result = {}
    for by_location in (True, False):
        loc = Visit.location_id if by_location else literal(TOTAL)
        stmt = (select(year, loc, func.count(distinct(Visit.visitor_id)),
                       func.sum(case((Visit.visitor_id.is_(None), 1), else_=0)))
                .where(Visit.location_id.in_(location_ids)))
        stmt = stmt.group_by(year, loc) if by_location else stmt.group_by(year)
        for each_year, key, coded, one_off in db.session.execute(stmt):
            result[(int(each_year), key)] = coded + int(one_off or 0)
    return result


def visits_by_month(location_ids: list[int], year: int) -> dict[int, int]:
    start, end, _ = year_bounds(year)
    month = extract("month", Visit.arrived_at)
    stmt = (select(month, func.count())
            .where(Visit.location_id.in_(location_ids), Visit.arrived_at >= start,
                   Visit.arrived_at < end)
            .group_by(month))
    return {int(key): count for key, count in db.session.execute(stmt)}


def visits_by_weekday_and_hour(location_ids: list[int], year: int) -> dict[tuple, int]:
    """{(weekday 0=Monday, hour): visits}."""
    start, end, _ = year_bounds(year)
    weekday = extract("dow", Visit.arrived_at)  # 0 = Sunday on SQLite and PostgreSQL
    hour = extract("hour", Visit.arrived_at)
    stmt = (select(weekday, hour, func.count())
            .where(Visit.location_id.in_(location_ids), Visit.arrived_at >= start,
                   Visit.arrived_at < end)
            .group_by(weekday, hour))
    return {((int(day) + 6) % 7, int(at)): count for day, at, count in db.session.execute(stmt)}
