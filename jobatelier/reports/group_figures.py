"""The yearly figures of groups (docs/domain.md, "Groups and trajectories") as SQL aggregates,
per location and in total.

*Sessions held* and *cancelled*, *attendees without a code* (the sessions' headcounts),
*present marks* and *places* (the participants enrolled on each held session's date: the
attendance rate is marks over places) add up over locations. *Participants* (distinct codes
present at a held session of the year) and the *cohort* (the participants of the groups that
started in the year, not cancelled as a whole: cohorts.py) count a visitor once, also in the
total.
"""

from collections import Counter

from sqlalchemy import and_, case, distinct, func, literal, select, union_all

from ..cohorts import COHORT_FACTS, cohort_counts
from ..extensions import db
from ..models import Group, GroupAttendance, GroupMember, GroupSession
from ..sqlfunctions import day_after
from .periods import ALL_LOCATIONS, year_bounds

GROUP_FIGURES = (
    ("groups", "held"), ("groups", "cancelled"), ("groups", "participants"),
    ("groups", "extra"), ("groups", "present"), ("groups", "places"),
    ("cohort", "groups"), ("cohort", "participants"),
    *(("cohort", fact) for fact in COHORT_FACTS), ("cohort", "unknown"),
)


def group_figures(location_ids: list[int], year: int) -> Counter:
    """{(location id or ALL_LOCATIONS, *figure): count} of the groups at `location_ids` in
    `year`, for every figure of GROUP_FIGURES that is not zero."""
    start, end, _ = year_bounds(year)
    at_locations = Group.location_id.in_(location_ids)
    of_year = and_(at_locations, GroupSession.starts_at >= start, GroupSession.starts_at < end)
    counts = Counter()
    _sessions(counts, of_year)
    _presence(counts, of_year)
    _places(counts, of_year)
    cohort = and_(at_locations, Group.starts_on >= start.date(), Group.starts_on < end.date(),
                  Group.cancelled.is_(False))
    _cohort_groups(counts, cohort)
    for key, participants, *facts in cohort_counts(cohort):
        _count(counts, key, ("cohort", "participants"), participants)
        for name, count in zip((*COHORT_FACTS, "unknown"), facts, strict=True):
            _count(counts, key, ("cohort", name), count)
    return counts


def _count(counts: Counter, key, figure: tuple, count) -> None:
    if count:
        counts[(key, *figure)] += int(count)


def _add_up(counts: Counter, key, figure: tuple, count) -> None:
    """A count of the location that adds up into the total (a session is at one location)."""
    for each in (key, ALL_LOCATIONS):
        _count(counts, each, figure, count)


def _sessions(counts: Counter, of_year) -> None:
    held = case((GroupSession.cancelled, 0), else_=1)
    stmt = (select(Group.location_id, func.sum(held), func.sum(1 - held),
                   func.sum(GroupSession.extra_attendees))
            .select_from(GroupSession).join(Group, Group.id == GroupSession.group_id)
            .where(of_year)
            .group_by(Group.location_id))
    for key, held_count, cancelled, extra in db.session.execute(stmt):
        _add_up(counts, key, ("groups", "held"), held_count)
        _add_up(counts, key, ("groups", "cancelled"), cancelled)
        _add_up(counts, key, ("groups", "extra"), extra)


def _presence(counts: Counter, of_year) -> None:
    """Present marks (add up) and the distinct participants present (counted apart)."""
    marks = (select(Group.location_id.label("loc"), GroupAttendance.visitor_id)
             .select_from(GroupAttendance)
             .join(GroupSession, GroupSession.id == GroupAttendance.session_id)
             .join(Group, Group.id == GroupSession.group_id)
             .where(of_year, GroupSession.cancelled.is_(False)).subquery())
    by_location = (select(marks.c.loc, func.count(), func.count(distinct(marks.c.visitor_id)))
                   .group_by(marks.c.loc))
    in_total = select(literal(ALL_LOCATIONS), func.count(),
                      func.count(distinct(marks.c.visitor_id)))
    for key, present, participants in db.session.execute(union_all(by_location, in_total)):
        _count(counts, key, ("groups", "present"), present)
        _count(counts, key, ("groups", "participants"), participants)


def _places(counts: Counter, of_year) -> None:
    """The participants enrolled on each held session's date (joined on or before it, not
    left before it), summed over the sessions."""
    stmt = (select(Group.location_id, func.count())
            .select_from(GroupSession).join(Group, Group.id == GroupSession.group_id)
            .join(GroupMember, and_(GroupMember.group_id == GroupSession.group_id,
                                    GroupMember.joined_on < day_after(GroupSession.starts_at)))
            .where(of_year, GroupSession.cancelled.is_(False),
                   (GroupMember.left_on.is_(None))
                   | (GroupSession.starts_at < day_after(GroupMember.left_on)))
            .group_by(Group.location_id))
    for key, places in db.session.execute(stmt):
        _add_up(counts, key, ("groups", "places"), places)


def _cohort_groups(counts: Counter, cohort) -> None:
    stmt = select(Group.location_id, func.count()).where(cohort).group_by(Group.location_id)
    for key, groups in db.session.execute(stmt):
        _add_up(counts, key, ("cohort", "groups"), groups)
