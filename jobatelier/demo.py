"""Realistic demo data: four desks near Mechelen over several years, with the published 2022
figures (Lier 202 visitors, Heist-op-den-Berg 107, about 45% ending positively); and, in the
last months, a Jobclub, a cosearching group and a few coaching trajectories."""

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import insert, select

from .admin.services import create_location
from .errors import RuleError
from .extensions import db
from .models import (
    AGE_BANDS,
    CONTRACT_TYPES,
    DUTCH_LEVELS,
    EDUCATION_LEVELS,
    GENDERS,
    POSITIVE_OUTCOMES,
    UNEMPLOYMENT_DURATIONS,
    Group,
    GroupAttendance,
    GroupMember,
    GroupSession,
    HelpType,
    Outcome,
    Trajectory,
    TrajectoryMeeting,
    Visit,
    Visitor,
    visit_help_types,
)
from .models.visits import new_uuid
from .progress import Progress, silent
from .reports import tallies
from .visitors.codes import new_code

LOCATIONS = (
    ("lier", "Jobatelier Lier", "Lier", "jobatelier", "SAAMO"),
    ("heist-op-den-berg", "Jobatelier Heist-op-den-Berg", "Heist-op-den-Berg", "jobatelier",
     "SAAMO"),
    ("berlaar", "Infopunt Werk Berlaar", "Berlaar", "infopunt_werk", "OCMW Berlaar"),
    ("nijlen", "Infopunt Werk Nijlen", "Nijlen", "infopunt_werk", "OCMW Nijlen"),
)
# Unique visitors per year; 2022 holds the figures the reports of that year published.
VISITORS_PER_YEAR = {
    "lier": {2020: 131, 2021: 168, 2022: 202, 2023: 214, 2024: 197, 2025: 221, 2026: 188},
    "heist-op-den-berg": {2020: 64, 2021: 88, 2022: 107, 2023: 112, 2024: 98, 2025: 104,
                          2026: 91},
    "berlaar": {2020: 19, 2021: 24, 2022: 31, 2023: 28, 2024: 35, 2025: 30, 2026: 26},
    "nijlen": {2021: 17, 2022: 23, 2023: 29, 2024: 27, 2025: 33, 2026: 25},
}
POSITIVE_SHARE = 0.45
NEGATIVE_SHARE = 0.15
HELP_WEIGHTS = {"vacancy_search": 30, "cv": 22, "cover_letter": 10, "online_applying": 18,
                "interview": 8, "phone_dutch": 6, "digital": 20, "talk": 12,
                "info_referral": 9, "other": 3}
POSITIVE_WEIGHTS = {"work": 50, "training": 25, "referral": 15, "internship": 6, "study": 4}


def load_demo(seed: int, today: date, progress: Progress = silent) -> str:
    """Add the demo locations and their history up to `today`; refuses to load twice."""
    rng = random.Random(seed)
    locations = []
    for code, name, municipality, kind, organisation in LOCATIONS:
        try:
            locations.append(create_location(code, name, municipality, kind=kind,
                                             organisation=organisation))
        except RuleError as error:
            db.session.rollback()
            return f"Demo data not loaded: {error.message} ({code})"
    help_types = {ht.code: ht.id for ht in db.session.scalars(select(HelpType))}
    totals = [0, 0, 0]
    for location in locations:
        counts = _load_location(rng, location, VISITORS_PER_YEAR[location.code], help_types,
                                today)
        totals = [total + count for total, count in zip(totals, counts, strict=True)]
        progress("visits", counts[1])
    # A random stream of their own: the walk-ins above stay as they were without them.
    groups, trajectories = _load_groups_and_trajectories(
        random.Random(seed + 16), locations[0], locations[1], help_types, today)
    tallies.count_again(db.session)  # the visits and their help went in as plain INSERTs
    db.session.commit()
    return (f"Demo data loaded: {len(locations)} locations, {totals[0]} visitors, "
            f"{totals[1]} visits, {totals[2]} outcomes, {groups} groups, "
            f"{trajectories} trajectories.")


def _load_location(rng, location, per_year, help_types, today):
    still_searching: list[int] = []  # visitor ids without an outcome, who may come back
    n_visitors = n_visits = n_outcomes = 0
    for year, target in sorted(per_year.items()):
        if date(year, 1, 1) >= today:
            break
        # Up to yesterday: a demo never shows visits that have not happened yet.
        last_day = min(date(year, 12, 31), today - timedelta(days=1))
        returning = rng.sample(still_searching, min(len(still_searching), target // 4))
        new_dates = [_weekday(rng, date(year, 1, 1), last_day)
                     for _ in range(target - len(returning))]
        new_ids = _add_visitors(rng, location, new_dates)
        n_visitors += len(new_ids)
        visitors = [(vid, None) for vid in returning] + list(zip(new_ids, new_dates, strict=True))
        first_visits = {}
        visit_rows, link_rows = [], []
        for visitor_id, first_day in visitors:
            first = first_day or _weekday(rng, date(year, 1, 1), last_day)
            # People come back over the weeks after their first visit, not all in December.
            until = min(last_day, first + timedelta(days=120))
            days = sorted({first} | {_weekday(rng, first, until)
                                     for _ in range(min(int(rng.expovariate(0.5)), 12))})
            first_visits[visitor_id] = days[0]
            for day in days:
                visit_id = new_uuid()
                arrived = datetime.combine(
                    day, time(rng.randint(9, 15), rng.choice((0, 15, 30, 45))))
                visit_rows.append({"id": visit_id, "location_id": location.id,
                                   "visitor_id": visitor_id, "arrived_at": arrived,
                                   "duration_minutes": rng.choice((15, 20, 30, 45, 60, 90, None))})
                for code in _pick_help(rng):
                    link_rows.append({"visit_id": visit_id, "help_type_id": help_types[code]})
        db.session.execute(insert(Visit), visit_rows)
        db.session.execute(insert(visit_help_types), link_rows)
        n_visits += len(visit_rows)
        outcome_rows = _outcomes(rng, location, visitors, first_visits, last_day)
        if outcome_rows:
            db.session.execute(insert(Outcome), outcome_rows)
        n_outcomes += len(outcome_rows)
        with_outcome = {row["visitor_id"] for row in outcome_rows}
        still_searching = [vid for vid, _ in visitors if vid not in with_outcome]
    return n_visitors, n_visits, n_outcomes


def _add_visitors(rng, location, first_days):
    taken = set(db.session.scalars(select(Visitor.code).where(
        Visitor.first_location_id == location.id)))
    codes = []
    while len(codes) < len(first_days):  # random codes can meet: draw again, as the desk does
        code = new_code(location.visitor_prefix)
        if code not in taken:
            taken.add(code)
            codes.append(code)
    rows = [{
        "code": code, "first_location_id": location.id,
        "registered_on": day,
        "age_band": _maybe(rng, AGE_BANDS), "gender": _maybe(rng, GENDERS),
        "dutch_level": _maybe(rng, DUTCH_LEVELS), "education_level": _maybe(rng, EDUCATION_LEVELS),
        "unemployment_duration": _maybe(rng, UNEMPLOYMENT_DURATIONS),
        "postcode": None,
    } for code, day in zip(codes, first_days, strict=True)]
    if not rows:
        return []
    db.session.execute(insert(Visitor), rows)
    codes = [row["code"] for row in rows]
    stmt = select(Visitor.code, Visitor.id).where(Visitor.code.in_(codes))
    by_code = dict(db.session.execute(stmt).all())
    return [by_code[code] for code in codes]


def _outcomes(rng, location, visitors, first_visits, last_day):
    order = [vid for vid, _ in visitors]
    rng.shuffle(order)
    n_positive = round(POSITIVE_SHARE * len(order))
    n_negative = round(NEGATIVE_SHARE * len(order))
    rows = []
    for index, visitor_id in enumerate(order[: n_positive + n_negative]):
        first = first_visits[visitor_id]
        recorded = first + timedelta(days=rng.randint(0, max(0, (last_day - first).days)))
        if index < n_positive:
            outcome = rng.choices(list(POSITIVE_WEIGHTS), list(POSITIVE_WEIGHTS.values()))[0]
        else:
            outcome = rng.choice(("stopped", "lost_contact", "other"))
        contract = rng.choice(CONTRACT_TYPES) if outcome == "work" and rng.random() < 0.8 else None
        rows.append({"id": new_uuid(), "visitor_id": visitor_id, "outcome": outcome,
                     "contract_type": contract, "recorded_on": recorded,
                     "location_id": location.id})
    assert n_positive == sum(row["outcome"] in POSITIVE_OUTCOMES for row in rows)
    return rows


def _pick_help(rng):
    count = rng.choices((1, 2, 3), (55, 35, 10))[0]
    return set(rng.choices(list(HELP_WEIGHTS), list(HELP_WEIGHTS.values()), k=count))


def _weekday(rng, start: date, end: date) -> date:
    """A random working day between `start` and `end` (the desks close at the weekend)."""
    for _ in range(20):
        day = start + timedelta(days=rng.randint(0, max(0, (end - start).days)))
        if day.weekday() < 5:
            return day
    return start


def _maybe(rng, values):
    """A coarse profile category, or unknown (None) as often as volunteers leave it open."""
    return rng.choice(values) if rng.random() < 0.7 else None


# (kind, title, weeks before today it started, guided weeks, the week whose session was off)
GROUPS = (("jobclub", "Jobclub dinsdag", 12, None, None),
          ("cosearching", "Cosearching", 9, 5, 7))
# (location index, kind, months before today it started, planned months, how it stands,
#  the coachee's outcome): a completed duo, a running one, a silent one, one past its end.
TRAJECTORIES = ((0, "mentoring", 8, 6, "completed", "work"),
                (0, "mentoring", 4, 6, "running", None),
                (0, "mentoring", 3, 6, "silent", None),
                (0, "mentoring", 8, 6, "late", "training"),
                (1, "jobcoaching", 2, 6, "running", None))
MEETING_NOTES = ("CV overlopen", "Vacatures besproken", "Sollicitatiegesprek voorbereid", None)


def _load_groups_and_trajectories(rng, lier, heist, help_types, today):
    """Two groups of ten at Lier (four of them earlier walk-ins) with their weekly sessions
    up to yesterday, and five trajectories with their meetings and the coachees' outcomes."""
    for kind, title, weeks, guided, off in GROUPS:
        start = today - timedelta(weeks=weeks)
        group = Group(location_id=lier.id, kind=kind, title=title, starts_on=start,
                      guided_weeks=guided, capacity=12)
        db.session.add(group)
        earlier = list(db.session.scalars(select(Visitor.id).where(
            Visitor.first_location_id == lier.id, Visitor.registered_on < start)
            .order_by(Visitor.code)))
        members = [GroupMember(group=group, visitor_id=vid, joined_on=start)
                   for vid in rng.sample(earlier, min(4, len(earlier)))
                   + _add_visitors(rng, lier, [start] * 6)]
        members[-1].left_on = start + timedelta(weeks=weeks - 3)  # one found work and left
        db.session.add_all(members)
        for week in range(weeks):
            starts_at = datetime.combine(start + timedelta(weeks=week), time(13, 30))
            held = week != off
            session = GroupSession(
                group=group, starts_at=starts_at, duration_minutes=120, cancelled=not held,
                guided=guided is None or week < guided, extra_attendees=rng.randint(0, 2) * held,
                topic_id=help_types[rng.choice(("vacancy_search", "cv", "interview"))])
            db.session.add(session)
            db.session.add_all(GroupAttendance(session=session, visitor_id=member.visitor_id)
                               for member in members if held and rng.random() < 0.8
                               and member.enrolled_on(starts_at.date()))
        db.session.add(_outcome(members[-1].visitor_id, "work", members[-1].left_on, lier))
    for where, kind, months, planned, state, outcome in TRAJECTORIES:
        location = (lier, heist)[where]
        start = _weekday(rng, today - timedelta(days=30 * months + 6), today - timedelta(
            days=30 * months))
        last = {"completed": today - timedelta(weeks=6), "silent": today - timedelta(weeks=5)
                }.get(state, today - timedelta(days=3))
        (coachee,) = _add_visitors(rng, location, [start])
        trajectory = Trajectory(location_id=location.id, visitor_id=coachee, kind=kind,
                                starts_on=start, planned_months=planned)
        if state == "completed":
            trajectory.ended_on, trajectory.end_reason = last, "completed"
        db.session.add(trajectory)
        day = start
        while day <= last:
            db.session.add(TrajectoryMeeting(
                trajectory=trajectory, met_on=day, duration_minutes=rng.choice((45, 60, 90)),
                place=rng.choice(("desk", "workplace", "remote", "elsewhere")),
                note=rng.choice(MEETING_NOTES)))
            day += timedelta(days=rng.randint(7, 14))
        if outcome:
            db.session.add(_outcome(coachee, outcome, last - timedelta(days=10), location))
    db.session.flush()
    return len(GROUPS), len(TRAJECTORIES)


def _outcome(visitor_id, outcome, on, location):
    return Outcome(visitor_id=visitor_id, outcome=outcome, recorded_on=on,
                   location_id=location.id)
