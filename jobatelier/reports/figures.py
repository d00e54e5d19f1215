"""The yearly figures of docs/domain.md as SQL aggregates, per location and in total.

Each figure is counted per location and over all the chosen locations together, where a
visitor who came to two locations is one visitor: counted apart, or added up from rows that
each visitor has one of (at the lowest location id of their year). The number of queries is
fixed; the database does the counting, whatever the number of visits.
"""

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, case, distinct, extract, func, literal, select, union_all
from sqlalchemy.orm import aliased

from ..extensions import db
from ..models import (
    AGE_BANDS,
    CONTRACT_TYPES,
    DUTCH_LEVELS,
    EDUCATION_LEVELS,
    OUTCOMES,
    POSITIVE_OUTCOMES,
    UNEMPLOYMENT_DURATIONS,
    HelpTally,
    HelpType,
    Outcome,
    Visit,
    Visitor,
    VisitorYear,
)
from ..sqlfunctions import day_after, days_between, hour_of
from .periods import ALL_LOCATIONS, SIX_MONTHS_DAYS, year_bounds
from .programmes import programme_figures, reached_in_total

SIX_MONTHS_CODES = ("work", "training")  # the outcomes counted "within six months"
PROFILE_FIELDS = {
    "age_band": AGE_BANDS,
    "dutch_level": DUTCH_LEVELS,
    "education_level": EDUCATION_LEVELS,
    "unemployment_duration": UNEMPLOYMENT_DURATIONS,
}


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
    more: dict = field(default_factory=dict)  # reached, groups, trajectories: programmes.py

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


def yearly_figures(location_ids: list[int], year: int, medians: bool = True,
                   location_medians: bool = True) -> dict:
    """{location id: Figures, ALL_LOCATIONS: Figures} for `year` at `location_ids`; the medians
    (a fifth of the time) only when asked for, the total's alone without `location_medians`."""
    start, end, last_day = year_bounds(year)
    in_year = and_(Visit.location_id.in_(location_ids), Visit.arrived_at >= start,
                   Visit.arrived_at < end)
    figures = defaultdict(Figures)
    _visit_counts(figures, in_year)
    _help(figures, location_ids, year)
    visitors_of_year = _visitors_of(location_ids, year)
    _visitor_facts(figures, visitors_of_year, start.date(), end.date(), last_day)
    if medians:
        _medians(figures, visitors_of_year, location_ids, last_day, location_medians)
    for key, more in programme_figures(location_ids, year).items():
        figures[key].more = more
    for each in figures.values():
        each.unique += each.one_off  # a one-off visit is a visitor of its own,
        each.new += each.one_off  # whose first visit is now
        reached_in_total(each.unique, each.more)
    return dict(figures)


def _visitors_of(location_ids, year):
    """The (location, visitor) pairs of the year, from the visitor years (tallies.py), in
    visitor order: the joins that follow then read the visitors and their outcomes in the
    order they are stored, not at random."""
    return (select(VisitorYear.visitor_id.label("visitor_id"),
                   VisitorYear.location_id.label("loc"))
            .where(VisitorYear.year == year, VisitorYear.location_id.in_(location_ids))
            .order_by(VisitorYear.visitor_id))


def _with_total(figures, key) -> tuple:
    """A location's figures and the total's: a visit is at one location, so whatever counts
    visits adds up over locations into the total (visitors, only over the one row each has
    that counts for the total: `_visitor_facts`)."""
    return figures[key], figures[ALL_LOCATIONS]


def _visit_counts(figures, in_year):
    stmt = (select(Visit.location_id, func.count(),
                   func.sum(case((Visit.visitor_id.is_(None), 1), else_=0)))
            .where(in_year).group_by(Visit.location_id))
    for key, visits, one_off in db.session.execute(stmt):
        for target in _with_total(figures, key):
            target.visits += visits
            target.one_off += int(one_off or 0)


def _help(figures, location_ids, year):
    """Visits per help type, from the tallies (tallies.py): joining a year's visits to their
    help types took half of the year's figures on a million visits."""
    stmt = (select(HelpTally.location_id, HelpType.code, HelpTally.visits)
            .join(HelpType, HelpType.id == HelpTally.help_type_id)
            .where(HelpTally.year == year, HelpTally.location_id.in_(location_ids)))
    for key, code, count in db.session.execute(stmt):
        for target in _with_total(figures, key):
            target.help[code] = target.help.get(code, 0) + count


def _outcome_facts(visitors, last_day: date):
    """Per visitor of `visitors` with an outcome by `last_day`, to outer-join: the outcome
    that counts on that day (the latest date, and on one date the one entered last) with its
    contract type, and 1 or 0 for each of SIX_MONTHS_CODES: found within six months of being
    first seen (`registered_on`). One pass over those visitors' outcomes (a third of the
    year's visitors have any), where every visitor's outcomes were probed three times (the
    latest, then an EXISTS for each of work and training): a year's figures of 300 locations
    0.70-0.78x on PostgreSQL, SQLite about as fast (0.88-1.09x). An earlier window ranking
    took SQLite 30 times as long as its probes; this one, over the outcomes of the year's
    visitors only, measured about as fast."""
    days = days_between(Visitor.registered_on, Outcome.recorded_on)
    ranked = (select(Outcome.visitor_id, Outcome.outcome, Outcome.contract_type,
                     func.row_number().over(
                         partition_by=Outcome.visitor_id,
                         order_by=(Outcome.recorded_on.desc(), Outcome.created_at.desc(),
                                   Outcome.id.desc())).label("rank"),
                     case((and_(days >= 0, days <= SIX_MONTHS_DAYS), Outcome.outcome))
                     .label("early"))
              .join(Visitor, Visitor.id == Outcome.visitor_id)
              .where(Outcome.visitor_id.in_(select(visitors.c.visitor_id)),
                     Outcome.recorded_on <= last_day)
              .subquery())
    counting = ranked.c.rank == 1  # the outcome that counts
    return (select(ranked.c.visitor_id,
                   func.max(case((counting, ranked.c.outcome))).label("outcome"),
                   func.max(case((counting, ranked.c.contract_type))).label("contract_type"),
                   *(func.max(case((ranked.c.early == code, 1), else_=0)).label(code)
                     for code in SIX_MONTHS_CODES))
            .group_by(ranked.c.visitor_id).subquery("latest"))


def _visitor_facts(figures, visitors_of_year, start, end, last_day):
    """Everything counted per visitor (new, latest outcome, within six months, profile): the
    yes/no facts of each pair of the year (a visitor at a location: one visitor year), in one
    statement grouped by location and by whether the visitor counts there for the total (at
    the lowest location id of their visitor years at the chosen locations: one row each, the
    visitor years' key being year, location and visitor). A location's figures add up its two
    rows; the total's, the counting rows of every location, so each visitor counts once.
    Where the facts were worked out per visitor, joined to the pairs and counted a second time
    over all locations, each count a sum of CASE 1/0 (a FILTER skips the rows a fact does
    not hold for): the facts of 300 locations, 39,000 visitors a year, 0.33-0.35 -> 0.22 s on
    SQLite and 0.23-0.25 -> 0.18 s on PostgreSQL; 8 locations 0.015-0.020 -> 0.011 s and
    0.045-0.054 -> 0.023 s."""
    of_year = visitors_of_year.order_by(None).subquery()
    first = of_year.c.loc == func.min(of_year.c.loc).over(partition_by=of_year.c.visitor_id)
    pairs = select(of_year.c.visitor_id, of_year.c.loc, first.label("first")).subquery()
    visitors = select(of_year.c.visitor_id).distinct().subquery()
    latest = _outcome_facts(visitors, last_day)
    facts = {("new",): and_(Visitor.registered_on >= start, Visitor.registered_on < end)}
    for code in OUTCOMES:
        facts[("outcomes", code)] = latest.c.outcome == code
    for contract in CONTRACT_TYPES:
        facts[("contracts", contract)] = latest.c.contract_type == contract
    for code in SIX_MONTHS_CODES:
        facts[("within_six_months", code)] = latest.c[code] == 1
    for name, values in PROFILE_FIELDS.items():
        column = getattr(Visitor, name)
        for value in values:
            facts[("profile", name, value)] = column == value
        facts[("profile", name, None)] = column.is_(None)
    stmt = (select(pairs.c.loc, pairs.c.first, func.count(),
                   *(func.count().filter(condition) for condition in facts.values()))
            .join(Visitor, Visitor.id == pairs.c.visitor_id)
            .outerjoin(latest, latest.c.visitor_id == pairs.c.visitor_id)
            .group_by(pairs.c.loc, pairs.c.first))
    for key, is_first, coded, *numbers in db.session.execute(stmt):
        for target in _with_total(figures, key) if is_first else (figures[key],):
            _add_facts(target, coded, zip(facts, numbers, strict=True))


def _add_facts(target: Figures, coded: int, counted) -> None:
    """Add one row of `_visitor_facts` to `target`: its visitors, and each (fact, count)."""
    target.unique += coded
    for (attribute, *where), count in counted:
        if not where:
            setattr(target, attribute, getattr(target, attribute) + count)
        elif count:  # like the reference: a code nobody has is absent, not zero
            *path, last = where
            bucket = getattr(target, attribute)
            for step in path:
                bucket = bucket.setdefault(step, {})
            bucket[last] = bucket.get(last, 0) + count


def _medians(figures, visitors_of_year, location_ids, last_day, per_location=True):
    """Median visits and days from the first visit to the first outcome, over the visitors
    with an outcome: a row per such visitor and location (per visitor, the total's alone,
    without `per_location`); a visitor's numbers do not depend on the location."""
    pairs = visitors_of_year.subquery()
    if not per_location:
        everyone = literal(ALL_LOCATIONS).label("loc")
        pairs = select(pairs.c.visitor_id, everyone).distinct().subquery()
    # Joins and groups rather than per-visitor subqueries: the year's visitors reach their
    # outcomes and visits through the indexes, and the location list is read once. The
    # visits until the first outcome are a range of the (visitor, arrival, location) index,
    # counted from the index alone.
    firsts = (select(pairs.c.loc, pairs.c.visitor_id,
                     func.min(Outcome.recorded_on).label("first_on"))
              .join(Outcome, and_(Outcome.visitor_id == pairs.c.visitor_id,
                                  Outcome.recorded_on <= last_day))
              .group_by(pairs.c.loc, pairs.c.visitor_id).subquery())
    until = aliased(Visit)
    stmt = (select(firsts.c.loc, firsts.c.visitor_id,
                   days_between(Visitor.registered_on, firsts.c.first_on),
                   func.count(until.location_id))
            .join(Visitor, Visitor.id == firsts.c.visitor_id)
            .outerjoin(until, and_(until.visitor_id == firsts.c.visitor_id,
                                   until.location_id.in_(location_ids),
                                   until.arrived_at < day_after(firsts.c.first_on)))
            .group_by(firsts.c.loc, firsts.c.visitor_id, Visitor.registered_on,
                      firsts.c.first_on))
    days, visits, seen = defaultdict(list), defaultdict(list), set()
    for key, visitor_id, day_count, visit_count in db.session.execute(stmt):
        for each in {key} if visitor_id in seen else {key, ALL_LOCATIONS}:
            days[each].append(max(day_count, 0))
            visits[each].append(visit_count)
        seen.add(visitor_id)
    for key in days:
        figures[key].median_days = statistics.median(days[key])
        figures[key].median_visits = statistics.median(visits[key])


def unique_visitors_per_year(location_ids: list[int]) -> dict:
    """{(year, location id or ALL_LOCATIONS): unique visitors} for the overview: the visitors
    with a code from the visitor years, and each one-off visit (found by the visitor index) as
    one."""
    mine = VisitorYear.location_id.in_(location_ids)
    coded = (select(VisitorYear.year, VisitorYear.location_id, func.count())
             .where(mine).group_by(VisitorYear.year, VisitorYear.location_id))
    coded_in_total = (select(VisitorYear.year, literal(ALL_LOCATIONS),
                             func.count(distinct(VisitorYear.visitor_id)))
                      .where(mine).group_by(VisitorYear.year))
    year = extract("year", Visit.arrived_at)
    one_off = (select(year, Visit.location_id, func.count())
               .where(Visit.visitor_id.is_(None), Visit.location_id.in_(location_ids))
               .group_by(year, Visit.location_id))
    result = Counter()
    for each_year, key, count in db.session.execute(union_all(coded, coded_in_total)):
        result[(int(each_year), key)] += count
    for each_year, key, count in db.session.execute(one_off):
        result[(int(each_year), key)] += count
        result[(int(each_year), ALL_LOCATIONS)] += count
    return dict(result)


def visits_by_month_and_hour(location_ids: list[int], year: int) -> tuple[dict, dict]:
    """({month: visits}, {(weekday 0=Monday, hour): visits}) of the year, from one scan of
    its visits counted per hour (a few thousand rows): the month and weekday of an hour are
    then cheap, where SQLite's date functions on every visit were not."""
    start, end, _ = year_bounds(year)
    hour = hour_of(Visit.arrived_at)
    stmt = (select(hour, func.count())
            .where(Visit.location_id.in_(location_ids), Visit.arrived_at >= start,
                   Visit.arrived_at < end)
            .group_by(hour))
    months, heat = Counter(), Counter()
    for each_hour, count in db.session.execute(stmt):
        months[each_hour.month] += count
        heat[(each_hour.weekday(), each_hour.hour)] += count
    return dict(months), dict(heat)
