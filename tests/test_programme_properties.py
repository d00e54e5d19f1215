"""The figures of groups, trajectories and everyone reached equal a plain reference
computation of docs/domain.md's definitions, for random data at two desks (hypothesis): groups
that start in or around the year, participants who join and leave, held and cancelled
sessions, trajectories that end on any day with any reason, outcomes on both sides of every
window and two on one day."""

from collections import Counter
from datetime import date, datetime, time, timedelta

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from programme_data import ENTERED
from sqlalchemy import delete, select
from test_report_protection import FAR, adds_up, assert_safe, published_report_constraints

from jobatelier.extensions import db
from jobatelier.models import (
    END_REASONS,
    OUTCOMES,
    POSITIVE_OUTCOMES,
    Group,
    GroupAttendance,
    GroupMember,
    GroupSession,
    HelpTally,
    HelpType,
    Outcome,
    Trajectory,
    TrajectoryMeeting,
    Visit,
    Visitor,
    VisitorYear,
)
from jobatelier.models import visit_help_types as links
from jobatelier.reports import services
from jobatelier.reports.figures import ALL_LOCATIONS, yearly_figures
from jobatelier.reports.programmes import BEYOND_VISITS as BEYOND
from jobatelier.reports.programmes import PROGRAMME_FIGURES

YEAR = 2022
START = date(2021, 7, 1)
DAYS = 600  # into 2023
PEOPLE = 6
WINDOW = 183


def day(number: int) -> date:
    return START + timedelta(days=number)


days = st.integers(0, DAYS)
people = st.integers(0, PEOPLE - 1)
groups_strategy = st.lists(st.fixed_dictionaries({
    "where": st.integers(0, 1), "start": days, "cancelled": st.booleans(),
    "members": st.dictionaries(people, st.tuples(st.integers(-10, 60),
                                                 st.one_of(st.none(), st.integers(0, 90))),
                               max_size=4),
    "sessions": st.lists(st.tuples(st.integers(0, 250), st.booleans(),
                                   st.sets(people, max_size=3), st.integers(0, 4)),
                         max_size=4),
}), max_size=3)
trajectories_strategy = st.lists(st.fixed_dictionaries({
    "where": st.integers(0, 1), "who": people, "start": days,
    "end": st.one_of(st.none(), st.tuples(st.integers(0, 400), st.sampled_from(END_REASONS))),
    "meetings": st.lists(st.integers(0, 300), max_size=3),
}), max_size=4)
visits_strategy = st.lists(st.tuples(st.one_of(st.none(), people), st.integers(0, 1), days),
                           max_size=8)
outcomes_strategy = st.lists(st.tuples(people, st.sampled_from(OUTCOMES), days), max_size=10)


def forget_everything():
    for table in (GroupAttendance, GroupSession, GroupMember, Group, TrajectoryMeeting,
                  Trajectory, links, HelpTally, VisitorYear, Outcome, Visit, Visitor):
        db.session.execute(delete(getattr(table, "__table__", table)))


def load(desks, groups, trajectories, visits, outcomes):
    """Write the drawn data; a cancelled session has nobody present and no headcount."""
    cv = db.session.scalar(select(HelpType).where(HelpType.code == "cv"))
    who = [Visitor(code=f"r{number}", first_location=desks[0], registered_on=START)
           for number in range(PEOPLE)]
    db.session.add_all(who)
    db.session.flush()
    for drawn in groups:
        group = Group(location=desks[drawn["where"]], kind="jobclub", title="Groep",
                      starts_on=day(drawn["start"]), cancelled=drawn["cancelled"])
        db.session.add(group)
        db.session.flush()
        for person, (joined, stayed) in drawn["members"].items():
            joined_on = day(drawn["start"] + joined)
            db.session.add(GroupMember(
                group_id=group.id, visitor_id=who[person].id, joined_on=joined_on,
                left_on=None if stayed is None else joined_on + timedelta(days=stayed)))
        for after, cancelled, present, extra in drawn["sessions"]:
            held = GroupSession(group_id=group.id, cancelled=cancelled,
                                starts_at=datetime.combine(day(drawn["start"] + after),
                                                           time(14, 30)),
                                extra_attendees=0 if cancelled else extra)
            db.session.add(held)
            db.session.flush()
            db.session.add_all(GroupAttendance(session_id=held.id, visitor_id=who[p].id)
                               for p in (() if cancelled else present))
    for drawn in trajectories:
        ended_on, reason = ((None, None) if drawn["end"] is None
                            else (day(drawn["start"] + drawn["end"][0]), drawn["end"][1]))
        trajectory = Trajectory(location=desks[drawn["where"]], visitor=who[drawn["who"]],
                                kind="mentoring", starts_on=day(drawn["start"]),
                                ended_on=ended_on, end_reason=reason)
        db.session.add(trajectory)
        db.session.flush()
        db.session.add_all(TrajectoryMeeting(trajectory_id=trajectory.id, place="desk",
                                             met_on=day(drawn["start"] + after))
                           for after in drawn["meetings"])
    for person, where, number in visits:
        db.session.add(Visit(location=desks[where], help_types=[cv],
                             visitor=None if person is None else who[person],
                             arrived_at=datetime.combine(day(number), time(10))))
    for order, (person, code, number) in enumerate(outcomes):
        db.session.add(Outcome(visitor=who[person], outcome=code, recorded_on=day(number),
                               location=desks[0], created_at=ENTERED + timedelta(seconds=order)))
    db.session.commit()


def in_year(on: date) -> bool:
    return on.year == YEAR


def reference(groups, trajectories, visits, outcomes, where_set, chosen=(0, 1)) -> dict:
    """docs/domain.md's figures, counted the plain way, for the desks in `where_set` of a
    report on the `chosen` desks."""
    found = Counter()
    ways = {}  # person -> the ways they were helped in the year at the desks, by desk
    last_day = date(YEAR, 12, 31)

    def helped(person, way, where):
        ways.setdefault(person, set()).add((way, where))

    def any_outcome(person, codes, first, last):
        return any(p == person and (codes is None or code in codes) and first <= day(n) <= last
                   for p, code, n in outcomes)

    cohort_facts = {}
    # Known: an outcome in the window of any of the person's cohort groups at the chosen desks.
    known_anywhere = {person for drawn in groups if drawn["where"] in chosen
                      and in_year(day(drawn["start"])) and not drawn["cancelled"]
                      for person in drawn["members"]
                      if any_outcome(person, None, day(drawn["start"]),
                                     day(drawn["start"]) + timedelta(days=WINDOW))}
    for drawn in groups:
        if drawn["where"] not in chosen:
            continue
        for after, cancelled, present, _ in drawn["sessions"]:
            if not cancelled and in_year(day(drawn["start"] + after)):
                for person in present:
                    helped(person, "group", drawn["where"])
        if drawn["where"] not in where_set:
            continue
        starts_on = day(drawn["start"])
        members = {p: (day(drawn["start"] + joined),
                       None if stayed is None else day(drawn["start"] + joined + stayed))
                   for p, (joined, stayed) in drawn["members"].items()}
        for after, cancelled, present, extra in drawn["sessions"]:
            on = day(drawn["start"] + after)
            if not in_year(on):
                continue
            found[("groups", "cancelled" if cancelled else "held")] += 1
            if cancelled:
                continue
            found[("groups", "extra")] += extra
            found[("groups", "present")] += len(present)
            found[("groups", "places")] += sum(
                1 for joined, left in members.values() if joined <= on and (left is None
                                                                             or left >= on))
        if in_year(starts_on) and not drawn["cancelled"]:
            found[("cohort", "groups")] += 1
            window = (starts_on, starts_on + timedelta(days=WINDOW))
            for person in members:
                facts = cohort_facts.setdefault(person, set())
                for name, codes in (("work", ("work",)), ("training", ("training",)),
                                    ("positive", POSITIVE_OUTCOMES)):
                    if any_outcome(person, codes, *window):
                        facts.add(name)
    found[("groups", "participants")] = sum(1 for w in ways.values()
                                            if {("group", where) for where in where_set} & w)
    found[("cohort", "participants")] = len(cohort_facts)
    for name in ("work", "training", "positive"):
        found[("cohort", name)] = sum(1 for facts in cohort_facts.values() if name in facts)
    found[("cohort", "unknown")] = sum(1 for person in cohort_facts
                                       if person not in known_anywhere)
    for drawn in trajectories:
        if drawn["where"] not in chosen:
            continue
        for after in drawn["meetings"]:
            if in_year(day(drawn["start"] + after)):
                helped(drawn["who"], "trajectory", drawn["where"])
        if drawn["where"] not in where_set:
            continue
        starts_on = day(drawn["start"])
        ended_on = None if drawn["end"] is None else day(drawn["start"] + drawn["end"][0])
        found[("trajectories", "started")] += in_year(starts_on)
        found[("trajectories", "running")] += starts_on <= last_day and (
            ended_on is None or ended_on > last_day)
        for after in drawn["meetings"]:
            if in_year(day(drawn["start"] + after)):
                found[("trajectories", "meetings")] += 1
        if ended_on is None or not in_year(ended_on):
            continue
        reason = drawn["end"][1]
        found[("trajectories", "ended")] += 1
        found[("trajectories", "ended", reason)] += 1
        window = [(day(n), order, code) for order, (p, code, n) in enumerate(outcomes)
                  if p == drawn["who"] and starts_on <= day(n)
                  and (day(n) - ended_on).days <= WINDOW]
        result = max(window)[2] if window else None
        for among in ("all", "completed") if reason == "completed" else ("all",):
            found[("result", among, "unknown")] += result is None
            found[("result", among, "work")] += result == "work"
            found[("result", among, "positive_strict")] += result in (
                "work", "internship", "training", "study")
            found[("result", among, "positive")] += result in POSITIVE_OUTCOMES
    for person, where, number in visits:
        if where in chosen and in_year(day(number)):
            if person is None:
                found[("reached",)] += where in where_set
            else:
                helped(person, "visit", where)
    # Reached at these desks; in more than one way at any of the chosen desks.
    here = [w for w in ways.values() if any(where in where_set for _, where in w)]
    found[("reached",)] += len(here) + found[("groups", "extra")]
    found[("reached", "several")] = sum(1 for w in here if len({way for way, _ in w}) > 1)
    found[BEYOND] = sum(1 for w in here if not {("visit", where) for where in where_set} & w)
    return {figure: count for figure, count in found.items() if count}


@example(  # a participant who left, a cohort outcome on the 183rd day, a trajectory ended
    groups=[{"where": 0, "start": 200, "cancelled": False,  # on 31 December with a result
             "members": {0: (0, None), 1: (5, 10)},  # from two outcomes on one day
             "sessions": [(3, False, {0}, 2), (20, False, {0, 1}, 0), (30, True, set(), 0)]}],
    trajectories=[{"where": 1, "who": 1, "start": 300, "end": (248, "completed"),
                   "meetings": [10]}],
    visits=[(0, 0, 250), (None, 1, 260), (1, 1, 270)],
    outcomes=[(0, "work", 383), (1, "stopped", 500), (1, "referral", 500)],
)
@example(  # work in the window of Lier's group only: known at Heist too, as in the total
    groups=[{"where": 0, "start": 188, "cancelled": False, "members": {0: (0, None)},
             "sessions": []},
            {"where": 1, "start": 229, "cancelled": False, "members": {0: (0, None)},
             "sessions": []}],
    trajectories=[], visits=[], outcomes=[(0, "work", 228)],
)
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(groups=groups_strategy, trajectories=trajectories_strategy, visits=visits_strategy,
       outcomes=outcomes_strategy)
def test_the_programme_figures_match_the_definitions(app, lier, heist, groups, trajectories,
                                                     visits, outcomes):
    forget_everything()
    load([lier, heist], groups, trajectories, visits, outcomes)
    computed = yearly_figures([lier.id, heist.id], YEAR)
    for key, where_set in ((lier.id, {0}), (heist.id, {1}), (ALL_LOCATIONS, {0, 1})):
        expected = reference(groups, trajectories, visits, outcomes, where_set)
        got = computed[key].more if key in computed else {}
        assert {figure: count for figure, count in got.items() if count} == expected, key


def programme_constraints(page, truth) -> tuple[dict, list]:
    """What the published page tells a reader of the groups, trajectories and reached: the
    counts ({key: value, or None when hidden}), the sums between them (ended = its reasons;
    reached = unique visitors + those beyond them, unpublished, + attendees without a code;
    the total = the desks, with the true overlap) and the rounded rates it shows."""
    seen, constraints = {}, []
    rates = [(("groups", "present"), ("groups", "places"))]
    for among, denominator in (("all", ("trajectories", "ended")),
                               ("completed", ("trajectories", "ended", "completed"))):
        rates += [(("result", among, name), denominator)
                  for name in ("work", "positive_strict", "positive")]
    for year in page.years:
        for column in page.columns:
            for figure in PROGRAMME_FIGURES:
                text = page.show(column, *figure, year=year)
                seen[(year, column, *figure)] = None if text.startswith("<") else int(text)
            constraints.append(adds_up((year, column, "trajectories", "ended"),
                                       [(year, column, "trajectories", "ended", reason)
                                        for reason in END_REASONS]))
            constraints.append(adds_up((year, column, "reached"),
                                       [(year, column, "unique"), (year, column, *BEYOND),
                                        (year, column, "groups", "extra")]))
            for top, bottom in rates:
                rate = page.rate(column, top, bottom, year=year)
                if rate is not None:
                    top_key, bottom_key = (year, column, *top), (year, column, *bottom)
                    tenths = round(rate * 10)
                    constraints += [({top_key: 2000, bottom_key: -2 * tenths - 1}, -FAR, 0),
                                    ({top_key: 2000, bottom_key: -2 * tenths + 1}, 0, FAR)]
        *desks, total = page.columns
        for figure in (*PROGRAMME_FIGURES, BEYOND):
            parts = [(year, desk, *figure) for desk in desks]
            overlap = (sum(truth.get(part, 0) for part in parts)
                       - truth.get((year, total, *figure), 0))
            constraints.append(adds_up((year, total, *figure), parts, overlap))
    return seen, constraints


@example(  # work found in the window of Lier's group, the day before the Heist group started:
    groups=[{"where": 0, "start": 188, "cancelled": False, "members": {0: (0, None)},  # known
             "sessions": []},  # in total, so no location may count them unknown
            {"where": 1, "start": 229, "cancelled": False, "members": {0: (0, None)},
             "sessions": []}],
    trajectories=[], visits=[], outcomes=[(0, "work", 228)], k=3,
)
@example(  # visitor 0 came to Heist and to a group at Lier: several in total, at neither desk
    groups=[{"where": 0, "start": 104, "cancelled": False, "members": {},
             "sessions": [(43, False, {0, 1, 2}, 0)]}],
    trajectories=[], visits=[(None, 0, 0), (None, 0, 0), (None, 0, 0), (0, 1, 0)], outcomes=[],
    k=3,
)
@example(  # no groups, no trajectories: reached is the unique visitors, hidden with them
    groups=[], trajectories=[], outcomes=[(0, "work", 400)],
    visits=[(0, 0, 300), (1, 0, 300), (2, 0, 300), (3, 0, 300), (4, 0, 300), (5, 1, 300)],
    k=5,
)
@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(groups=groups_strategy, trajectories=trajectories_strategy, visits=visits_strategy,
       outcomes=outcomes_strategy, k=st.sampled_from([3, 5]))
def test_no_hidden_count_of_groups_or_trajectories_can_be_worked_out(
        app, lier, heist, groups, trajectories, visits, outcomes, k):
    """The whole published page is attacked: the visitors' figures (test_report_protection.py)
    and these, which reached ties to the unique visitors."""
    forget_everything()
    load([lier, heist], groups, trajectories, visits, outcomes)
    truth = services.yearly_report([heist, lier], YEAR, k, raw=True).values
    page = services.yearly_report([heist, lier], YEAR, k, raw=False)
    seen, constraints = published_report_constraints(page, truth)
    more_seen, more_constraints = programme_constraints(page, truth)
    seen |= more_seen
    assert all(truth.get(key, 0) == value for key, value in seen.items() if value is not None)
    assert not [value for value in seen.values() if value is not None and 0 < value < k]
    unpublished = {(year, column, *figure) for year in page.years for column in page.columns
                   for figure in (("coded",), BEYOND)}
    assert_safe({key: truth.get(key, 0) for key in (*seen, *unpublished)},
                {key for key, value in seen.items() if value is None},
                constraints + more_constraints, k, unpublished)
    attack_the_overview([heist, lier], k)


def attack_the_overview(desks, k):
    """The overview's unique visitors and reached per year, with reached = unique + those
    beyond them (unpublished) in every cell and the totals = the desks, with the overlap."""
    overview = services.overview(desks, k, raw=False)
    raw = services.overview(desks, k, raw=True)
    truth, seen, constraints = {}, {}, []
    columns = [desk.code for desk in desks] + ["total"]
    for year in overview.years:
        for column in columns:
            unique, reached = raw.counts.get((year, column), 0), raw.reached.get((year, column), 0)
            truth.update({(year, column, "unique"): unique, (year, column, "reached"): reached,
                          (year, column, "beyond"): reached - unique})
            for kind, text in (("unique", overview.show(year, column)),
                               ("reached", overview.show_reached(year, column))):
                seen[(year, column, kind)] = None if text.startswith("<") else int(text)
            constraints.append(adds_up((year, column, "reached"),
                                       [(year, column, "unique"), (year, column, "beyond")]))
        for kind in ("unique", "reached", "beyond"):
            parts = [(year, column, kind) for column in columns[:-1]]
            overlap = sum(truth[part] for part in parts) - truth[(year, "total", kind)]
            constraints.append(adds_up((year, "total", kind), parts, overlap))
    assert not [value for value in seen.values() if value is not None and 0 < value < k]
    unpublished = {key for key in truth if key[2] == "beyond"}
    assert_safe(truth, {key for key, value in seen.items() if value is None}, constraints, k,
                unpublished)
