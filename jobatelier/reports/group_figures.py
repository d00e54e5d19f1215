"""The yearly figures of groups (docs/domain.md, "Groups and trajectories") as SQL aggregates,
per location and in total, and the cohort figures of one group for its page.

*Sessions held* and *cancelled*, *attendees without a code* (the sessions' headcounts),
*present marks* and *places* (the participants enrolled on each held session's date: the
attendance rate is marks over places) add up over locations. *Participants* (distinct codes
present at a held session of the year) and the *cohort* (the participants of the groups that
started in the year, not cancelled as a whole) count a visitor once, also in the total.
"""

from collections import Counter

from sqlalchemy import and_, case, distinct, exists, func, literal, select, union_all

from ..extensions import db
from ..models import (
    POSITIVE_OUTCOMES,
    Group,
    GroupAttendance,
    GroupMember,
    GroupSession,
    Outcome,
)
from ..sqlfunctions import day_after, days_between
from .periods import ALL_LOCATIONS, SIX_MONTHS_DAYS, year_bounds

# What a cohort's participant found within 6 months of the group's start, by outcome codes;
# "known" is anything at all, which makes the rest "unknown".
COHORT_FACTS = {"work": ("work",), "training": ("training",), "positive": POSITIVE_OUTCOMES}
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
    for key, participants, *facts in _cohort_counts(cohort):
        _count(counts, key, ("cohort", "participants"), participants)
        for name, count in zip((*COHORT_FACTS, "unknown"), facts, strict=True):
            _count(counts, key, ("cohort", name), count)
    return counts


def group_cohort(group: Group) -> dict:
    """{"participants", "work", "training", "positive", "unknown": count} of one group: its
    participants and what they found within 6 months of its start."""
    names = ("participants", *COHORT_FACTS, "unknown")
    found = dict.fromkeys(names, 0)
    for _key, *numbers in _cohort_counts(Group.id == group.id, by_location=False):
        found.update(zip(names, (int(number or 0) for number in numbers), strict=True))
    return found


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


def _cohort_counts(cohort, by_location: bool = True) -> list:
    """[(location id or ALL_LOCATIONS, participants, *COHORT_FACTS, unknown)] of the groups
    `cohort` selects. A visitor in two of them counts once, with what they found in the
    window of either."""
    found_after_start = {name: _found(codes) for name, codes in COHORT_FACTS.items()}
    found_after_start["known"] = _found(None)
    per_member = (select(Group.location_id.label("loc"), GroupMember.visitor_id,
                         *(case((condition, 1), else_=0).label(name)
                           for name, condition in found_after_start.items()))
                  .select_from(GroupMember).join(Group, Group.id == GroupMember.group_id)
                  .where(cohort).cte("members"))
    names = list(found_after_start)

    def per_visitor(*keys):
        return (select(*keys, *(func.max(per_member.c[name]).label(name) for name in names))
                .group_by(*keys).subquery())

    def counted(visitors, key):
        return select(key, func.count(), *(func.sum(visitors.c[name]) for name in COHORT_FACTS),
                      func.count() - func.coalesce(func.sum(visitors.c.known), 0))

    each_location = per_visitor(per_member.c.loc, per_member.c.visitor_id)
    everywhere = per_visitor(per_member.c.visitor_id)
    in_total = counted(everywhere, literal(ALL_LOCATIONS))
    if not by_location:
        return list(db.session.execute(in_total))
    by_loc = counted(each_location, each_location.c.loc).group_by(each_location.c.loc)
    return list(db.session.execute(union_all(by_loc, in_total)))


def _found(codes):
    """The member's outcome (one of `codes`; any when None) recorded on or after the group's
    start and at most SIX_MONTHS_DAYS after it."""
    days = days_between(Group.starts_on, Outcome.recorded_on)
    where = [Outcome.visitor_id == GroupMember.visitor_id, days >= 0, days <= SIX_MONTHS_DAYS]
    if codes is not None:
        where.append(Outcome.outcome.in_(codes))
    return exists().where(*where)
