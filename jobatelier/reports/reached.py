"""*Reached* (docs/domain.md): everyone helped in a year at some locations, each once.

The distinct visitor codes with a visit, a presence at a held group session or a trajectory
meeting there in the year; plus each one-off visit and each attendee of a session without a
code as a person of their own. Of the visitors with a code, how many used more than one of
the three ways of help at any of the chosen locations (in a location's column: of those
reached there).

Reached is worked out as the unique visitors (figures.py), who are most of them, plus the
people *beyond the visitors* (the participants and coachees without a visit there that year)
and the attendees without a code. Only the few rows of groups and trajectories are read one
by one, each with a look-up in the visitor years (tallies.py); the year's visitors are never
gone through again, which took the overview of ten years at 300 locations eight times as long.
"""

from sqlalchemy import (
    Integer,
    and_,
    case,
    cast,
    distinct,
    exists,
    extract,
    func,
    literal,
    select,
    true,
    union_all,
)

from ..extensions import db
from ..models import (
    Group,
    GroupAttendance,
    GroupSession,
    Trajectory,
    TrajectoryMeeting,
    VisitorYear,
)
from .periods import ALL_LOCATIONS, year_bounds

WAYS = {"group": 2, "trajectory": 3}  # a visit is the first way


def beyond_visits(location_ids: list[int], year: int | None = None) -> dict:
    """{(year, location id or ALL_LOCATIONS): (visitors with a code reached beyond the unique
    visitors, attendees without a code, visitors reached in more than one way)} at
    `location_ids`, in `year` or in every year (None)."""
    others = _other_ways(location_ids, year).cte("others")
    places = select(others.c.year, others.c.loc, others.c.visitor_id).distinct().subquery()
    people = select(others.c.year, others.c.visitor_id).distinct().subquery()
    new_here = (select(places.c.year, places.c.loc, func.count())
                .where(~_visited(places, location_ids, at=places.c.loc))
                .group_by(places.c.year, places.c.loc))
    new_anywhere = (select(people.c.year, literal(ALL_LOCATIONS), func.count())
                    .where(~_visited(people, location_ids)).group_by(people.c.year))
    found = {}

    def add(each_year, key, *counts):
        before = found.get((int(each_year), key), (0, 0, 0))
        found[(int(each_year), key)] = tuple(
            was + int(count or 0) for was, count in zip(before, counts, strict=True))

    for each_year, key, count in db.session.execute(union_all(new_here, new_anywhere)):
        add(each_year, key, count, 0, 0)
    for each_year, key, count in db.session.execute(_attendees_without_a_code(location_ids,
                                                                              year)):
        add(each_year, key, 0, count, 0)
        add(each_year, ALL_LOCATIONS, 0, count, 0)
    for each_year, key, several in db.session.execute(_several(others, location_ids)):
        add(each_year, key, 0, 0, several)
    return found


def _visited(rows, location_ids, at=None):
    """The visitor of `rows` came to the desk in its year: at location `at`, or at any of
    `location_ids` (a look-up of the visitor years' key)."""
    where = at == VisitorYear.location_id if at is not None \
        else VisitorYear.location_id.in_(location_ids)
    return exists().where(VisitorYear.year == rows.c.year,
                          VisitorYear.visitor_id == rows.c.visitor_id, where)


def _several(others, location_ids):
    """(year, location or ALL_LOCATIONS, count) of the visitors who used more than one way at
    any of the locations: the ways of groups and trajectories, and a visit. Every one of them
    has one of the first two, so `others` holds them all; a location counts those of them it
    reached, in any way."""
    ways = (select(others.c.year, others.c.visitor_id)
            .group_by(others.c.year, others.c.visitor_id)
            .having(func.count(distinct(others.c.way))
                    + case((_visited(others, location_ids), 1), else_=0) > 1))
    several = ways.cte("several")
    by_ways = (select(others.c.year, others.c.loc, others.c.visitor_id)
               .join(several, and_(several.c.year == others.c.year,
                                   several.c.visitor_id == others.c.visitor_id)))
    by_visits = (select(VisitorYear.year, VisitorYear.location_id, VisitorYear.visitor_id)
                 .join(several, and_(several.c.year == VisitorYear.year,
                                     several.c.visitor_id == VisitorYear.visitor_id))
                 .where(VisitorYear.location_id.in_(location_ids)))
    where = union_all(by_ways, by_visits).subquery()  # UNION ALL: counted distinct below
    return union_all(
        select(where.c.year, where.c.loc, func.count(distinct(where.c.visitor_id)))
        .group_by(where.c.year, where.c.loc),
        select(several.c.year, literal(ALL_LOCATIONS), func.count())
        .group_by(several.c.year))


def _year_of(column, year: int | None, start, end) -> tuple:
    """(the year column, the condition, what to group by) for `column` in `year`, or in
    every year."""
    if year is None:
        of_year = cast(extract("year", column), Integer)
        return of_year, true(), (of_year,)
    return literal(year), and_(column >= start, column < end), ()


def _other_ways(location_ids: list[int], year: int | None):
    """(year, loc, visitor_id, way) of every presence at a held session and every trajectory
    meeting at `location_ids`."""
    start, end, _ = year_bounds(year or 2000)
    session_year, in_session_year, _ = _year_of(GroupSession.starts_at, year, start, end)
    meeting_year, in_meeting_year, _ = _year_of(TrajectoryMeeting.met_on, year, start.date(),
                                                end.date())
    groups = (select(session_year.label("year"), Group.location_id.label("loc"),
                     GroupAttendance.visitor_id.label("visitor_id"),
                     literal(WAYS["group"]).label("way"))
              .select_from(GroupAttendance)
              .join(GroupSession, GroupSession.id == GroupAttendance.session_id)
              .join(Group, Group.id == GroupSession.group_id)
              .where(Group.location_id.in_(location_ids), GroupSession.cancelled.is_(False),
                     in_session_year))
    meetings = (select(meeting_year, Trajectory.location_id, Trajectory.visitor_id,
                       literal(WAYS["trajectory"])).select_from(TrajectoryMeeting)
                .join(Trajectory, Trajectory.id == TrajectoryMeeting.trajectory_id)
                .where(Trajectory.location_id.in_(location_ids), in_meeting_year))
    return union_all(groups, meetings)


def _attendees_without_a_code(location_ids: list[int], year: int | None):
    """(year, location, count) of the attendees without a code of the held sessions."""
    start, end, _ = year_bounds(year or 2000)
    session_year, in_session_year, session_keys = _year_of(GroupSession.starts_at, year,
                                                           start, end)
    return (select(session_year, Group.location_id, func.sum(GroupSession.extra_attendees))
            .select_from(GroupSession).join(Group, Group.id == GroupSession.group_id)
            .where(Group.location_id.in_(location_ids), GroupSession.cancelled.is_(False),
                   GroupSession.extra_attendees > 0, in_session_year)
            .group_by(*session_keys, Group.location_id))
