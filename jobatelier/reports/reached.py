"""*Reached* (docs/domain.md): everyone helped in a year at some locations, each once.

The distinct visitor codes with a visit, a presence at a held group session or a trajectory
meeting there in the year; plus each one-off visit and each attendee of a session without a
code as a person of their own. Of the visitors with a code, how many used more than one of
the three ways of help at any of the chosen locations (in a location's column: of those
reached there).
"""

from sqlalchemy import (
    Integer,
    and_,
    case,
    cast,
    distinct,
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
    Visit,
    VisitorYear,
)
from .periods import ALL_LOCATIONS, year_bounds

WAYS = {"visit": 1, "group": 2, "trajectory": 3}


def reached(location_ids: list[int], year: int | None = None) -> dict:
    """{(year, location id or ALL_LOCATIONS): (reached, reached in more than one way)} at
    `location_ids`, in `year` or in every year (None)."""
    people = _coded_people(location_ids, year).cte("people")
    per_visitor = (select(people.c.year, people.c.visitor_id,
                          case((func.count(distinct(people.c.way)) > 1, 1), else_=0)
                          .label("several"))
                   .group_by(people.c.year, people.c.visitor_id).subquery())
    # A location counts the visitors reached there, and of them those who used more than one
    # way at any of the locations: like unique visitors, the total is then never more than
    # the sum of the locations, which safe publication (protection.py) relies on.
    where = (select(people.c.year, people.c.loc, people.c.visitor_id).distinct()
             .subquery())
    by_location = (select(where.c.year, where.c.loc, func.count(),
                          func.sum(per_visitor.c.several))
                   .join(per_visitor, and_(per_visitor.c.year == where.c.year,
                                           per_visitor.c.visitor_id == where.c.visitor_id))
                   .group_by(where.c.year, where.c.loc))
    in_total = (select(per_visitor.c.year, literal(ALL_LOCATIONS), func.count(),
                       func.sum(per_visitor.c.several))
                .group_by(per_visitor.c.year))
    found = {}
    for each_year, key, count, several in db.session.execute(union_all(by_location, in_total)):
        found[(int(each_year), key)] = (count, int(several or 0))
    for each_year, key, count in db.session.execute(_people_without_a_code(location_ids, year)):
        for each in (key, ALL_LOCATIONS):  # each of them is at one location only
            before, several = found.get((int(each_year), each), (0, 0))
            found[(int(each_year), each)] = (before + int(count), several)
    return found


def _year_of(column, year: int | None, start, end) -> tuple:
    """(the year column, the condition, what to group by) for `column` in `year`, or in
    every year."""
    if year is None:
        of_year = cast(extract("year", column), Integer)
        return of_year, true(), (of_year,)
    return literal(year), and_(column >= start, column < end), ()


def _coded_people(location_ids: list[int], year: int | None):
    """(year, loc, visitor_id, way) for every visitor with a code helped at `location_ids`,
    once per way, location and year (visits from the visitor years: tallies.py)."""
    start, end, _ = year_bounds(year or 2000)
    visit_year = ((literal(year), VisitorYear.year == year) if year
                  else (VisitorYear.year, true()))
    session_year, in_session_year, _ = _year_of(GroupSession.starts_at, year, start, end)
    meeting_year, in_meeting_year, _ = _year_of(TrajectoryMeeting.met_on, year, start.date(),
                                                end.date())
    visits = (select(visit_year[0].label("year"), VisitorYear.location_id.label("loc"),
                     VisitorYear.visitor_id.label("visitor_id"),
                     literal(WAYS["visit"]).label("way"))
              .where(VisitorYear.location_id.in_(location_ids), visit_year[1]))
    groups = (select(session_year, Group.location_id, GroupAttendance.visitor_id,
                     literal(WAYS["group"])).select_from(GroupAttendance)
              .join(GroupSession, GroupSession.id == GroupAttendance.session_id)
              .join(Group, Group.id == GroupSession.group_id)
              .where(Group.location_id.in_(location_ids), GroupSession.cancelled.is_(False),
                     in_session_year))
    meetings = (select(meeting_year, Trajectory.location_id, Trajectory.visitor_id,
                       literal(WAYS["trajectory"])).select_from(TrajectoryMeeting)
                .join(Trajectory, Trajectory.id == TrajectoryMeeting.trajectory_id)
                .where(Trajectory.location_id.in_(location_ids), in_meeting_year))
    return union_all(visits, groups, meetings)


def _people_without_a_code(location_ids: list[int], year: int | None):
    """(year, location, count) of the one-off visits and the attendees without a code of
    the held sessions."""
    start, end, _ = year_bounds(year or 2000)
    visit_year, in_visit_year, visit_keys = _year_of(Visit.arrived_at, year, start, end)
    session_year, in_session_year, session_keys = _year_of(GroupSession.starts_at, year,
                                                           start, end)
    one_off = (select(visit_year.label("year"), Visit.location_id.label("loc"),
                      func.count().label("people"))
               .where(Visit.visitor_id.is_(None), Visit.location_id.in_(location_ids),
                      in_visit_year)
               .group_by(*visit_keys, Visit.location_id))
    attendees = (select(session_year, Group.location_id, func.sum(GroupSession.extra_attendees))
                 .select_from(GroupSession).join(Group, Group.id == GroupSession.group_id)
                 .where(Group.location_id.in_(location_ids), GroupSession.cancelled.is_(False),
                        GroupSession.extra_attendees > 0, in_session_year)
                 .group_by(*session_keys, Group.location_id))
    return union_all(one_off, attendees)
