"""The yearly figures equal a plain reference computation, for random data (hypothesis),
including a visitor at two locations, one-off visits, outcomes after year end, two outcomes on
one day, a retired help type, profiles with unknowns and work with or without a contract."""

import statistics
from collections import Counter
from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select, update

from jobatelier.extensions import db
from jobatelier.models import (
    CONTRACT_TYPES,
    POSITIVE_OUTCOMES,
    HelpTally,
    HelpType,
    Outcome,
    Visit,
    Visitor,
    VisitorYear,
)
from jobatelier.models import visit_help_types as links
from jobatelier.reports.figures import ALL_LOCATIONS, PROFILE_FIELDS, yearly_figures

YEAR = 2022
HELP = ["cv", "talk", "digital"]
START = date(2021, 10, 1)
DAYS = 500  # into 2023: visits and outcomes on both sides of the year

visits_strategy = st.lists(st.tuples(
    st.one_of(st.none(), st.integers(0, 5)),  # visitor, or a one-off visit
    st.integers(0, 1),  # location
    st.integers(0, DAYS),  # day
    st.sets(st.sampled_from(HELP), min_size=1),
), max_size=25)
outcomes_strategy = st.lists(st.tuples(
    st.integers(0, 5), st.sampled_from(["work", "training", "referral", "stopped", "other"]),
    st.integers(0, DAYS),
), max_size=10)


def profile(who: int) -> dict:
    """Visitor `who`'s profile: every field's values in turn, unknown for some."""
    return {name: values[(who + number) % len(values)] if (who + number) % 3 else None
            for number, (name, values) in enumerate(PROFILE_FIELDS.items())}


def contract(order: int, code: str) -> str | None:
    """The contract of the `order`th drawn outcome: work has one, or none was entered."""
    return CONTRACT_TYPES[order % len(CONTRACT_TYPES)] if code == "work" and order % 4 else None


def load(locations, visits, outcomes):
    """Write the drawn data; visitors exist only if they have a visit."""
    help_types = {help_type.code: help_type for help_type in db.session.scalars(select(HelpType))}
    first_day = {}
    for who, _, day, _ in visits:
        if who is not None:
            first_day[who] = min(first_day.get(who, day), day)
    visitors = {}
    for who, day in first_day.items():
        visitors[who] = Visitor(code=f"v{who}", first_location_id=locations[0].id,
                                registered_on=START + timedelta(days=day), **profile(who))
        db.session.add(visitors[who])
    db.session.flush()
    for who, where, day, helps in visits:
        visit = Visit(location_id=locations[where].id,
                      visitor_id=visitors[who].id if who is not None else None,
                      arrived_at=datetime.combine(START + timedelta(days=day),
                                                  datetime.min.time()) + timedelta(hours=10),
                      help_types=[help_types[code] for code in helps])
        db.session.add(visit)
    base = datetime(2030, 1, 1)
    for order, (who, code, day) in enumerate(outcomes):
        if who in visitors:
            db.session.add(Outcome(visitor_id=visitors[who].id, outcome=code,
                                   contract_type=contract(order, code),
                                   recorded_on=START + timedelta(days=day),
                                   location_id=locations[0].id,
                                   created_at=base + timedelta(seconds=order)))
    db.session.commit()


def reference(visits, outcomes, where_set, chosen):
    """The definitions of docs/domain.md, computed the plain way, for the visitors at `where_set`
    (one location or all) of a report on the `chosen` locations."""
    first_day = {}
    for who, _, day, _ in visits:
        if who is not None:
            first_day[who] = min(first_day.get(who, day), day)
    in_year = [v for v in visits
               if v[1] in where_set and (START + timedelta(days=v[2])).year == YEAR]
    coded = {who for who, _, _, _ in in_year if who is not None}
    one_off = sum(1 for who, *_ in in_year if who is None)
    year_end = date(YEAR, 12, 31)
    latest = {}
    for order, (who, code, day) in enumerate(outcomes):
        on = START + timedelta(days=day)
        if who in coded and on <= year_end and (who not in latest or (on, order) >= latest[who][0]):
            latest[who] = ((on, order), code, contract(order, code))
    six = Counter()
    for code in ("work", "training"):
        six[code] = len({who for who, c, day in outcomes if who in coded and c == code
                         and START + timedelta(days=day) <= year_end
                         and 0 <= day - first_day[who] <= 183})
    # Until the first outcome known at year end: the days since the first visit, and the
    # visits at the chosen locations on or before that day.
    first_outcome = {}
    for who, _, day in outcomes:
        if who in coded and START + timedelta(days=day) <= year_end:
            first_outcome[who] = min(first_outcome.get(who, day), day)
    days = [max(day - first_day[who], 0) for who, day in first_outcome.items()]
    until = [sum(1 for visitor, where, day, _ in visits
                 if visitor == who and where in chosen and day <= first_outcome[who])
             for who in first_outcome]
    return {
        "median_days": statistics.median(days) if days else None,
        "median_visits": statistics.median(until) if until else None,
        "visits": len(in_year),
        "unique": len(coded) + one_off,
        "new": sum(1 for who in coded if (START + timedelta(days=first_day[who])).year == YEAR)
        + one_off,
        "help": dict(Counter(h for v in in_year for h in v[3])),
        "outcomes": dict(Counter(code for _, code, _ in latest.values())),
        "contracts": dict(Counter(kind for _, code, kind in latest.values()
                                  if code == "work" and kind)),
        "positive": sum(1 for _, code, _ in latest.values() if code in POSITIVE_OUTCOMES),
        "profile": {name: dict(Counter(profile(who)[name] for who in coded))
                    for name in PROFILE_FIELDS if coded},
        "six": {code: n for code, n in six.items() if n},
    }


@example(  # a visitor at both desks, a one-off visit, two outcomes on one day, one after 2022
    visits=[(0, 0, 100, {"cv"}), (0, 1, 120, {"talk"}), (None, 1, 130, {"digital"}),
            (1, 0, 400, {"cv", "talk"})],
    outcomes=[(0, "work", 200), (0, "stopped", 200), (1, "training", 460)],
    retire=True,
)
@example(  # a visit on the day of the first outcome counts as one until it
    visits=[(0, 0, 100, {"cv"}), (0, 1, 200, {"talk"}), (0, 0, 210, {"cv"})],
    outcomes=[(0, "work", 200), (0, "referral", 300)],
    retire=False,
)
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(visits=visits_strategy, outcomes=outcomes_strategy, retire=st.booleans())
def test_the_figures_match_the_definitions(app, lier, heist, visits, outcomes, retire):
    for table in (links, HelpTally.__table__, VisitorYear.__table__, Outcome.__table__,
                  Visit.__table__, Visitor.__table__):
        db.session.execute(delete(table))
    db.session.execute(update(HelpType).where(HelpType.code == "talk").values(active=not retire))
    load([lier, heist], visits, outcomes)
    computed = yearly_figures([lier.id, heist.id], YEAR)
    for key, where_set in ((lier.id, {0}), (heist.id, {1}), (ALL_LOCATIONS, {0, 1})):
        expected = reference(visits, outcomes, where_set, chosen={0, 1})
        got = computed.get(key)
        if expected["visits"] == 0:
            assert got is None or got.visits == 0
            continue
        assert (got.visits, got.unique, got.new) == (
            expected["visits"], expected["unique"], expected["new"])
        assert got.help == expected["help"]
        assert got.outcomes == expected["outcomes"]
        assert got.contracts == expected["contracts"]
        assert got.positive == expected["positive"]
        assert got.profile == expected["profile"]
        assert got.within_six_months == expected["six"]
        assert (got.median_days, got.median_visits) == (
            expected["median_days"], expected["median_visits"])
