"""Groups, trajectories and outcomes written with the models directly, for the tests of the
figures beyond the walk-in (trajectories have no pages on this branch)."""

import itertools
from datetime import date, datetime, timedelta

from jobatelier.extensions import db
from jobatelier.models import (
    Group,
    GroupAttendance,
    GroupMember,
    GroupSession,
    Outcome,
    Trajectory,
    TrajectoryMeeting,
    Visitor,
)

SERIAL = itertools.count()
ENTERED = datetime(2030, 1, 1)  # outcomes' created_at, one second apart, in the order given


def visitor(location, registered_on=date(2022, 1, 3), code=None) -> Visitor:
    found = Visitor(code=code or f"p-{next(SERIAL)}", first_location=location,
                    registered_on=registered_on)
    db.session.add(found)
    db.session.flush()
    return found


def outcome(who: Visitor, code: str, on: date) -> Outcome:
    found = Outcome(visitor=who, outcome=code, recorded_on=on, location=who.first_location,
                    created_at=ENTERED + timedelta(seconds=next(SERIAL)))
    db.session.add(found)
    return found


def group(location, starts_on: date, members=(), cancelled=False, kind="jobclub") -> Group:
    """A group with `members`: visitors (joined on its start), or (visitor, joined, left)."""
    found = Group(location=location, kind=kind, title="Jobclub", starts_on=starts_on,
                  cancelled=cancelled)
    db.session.add(found)
    db.session.flush()
    for member in members:
        who, joined, left = member if isinstance(member, tuple) else (member, starts_on, None)
        db.session.add(GroupMember(group_id=found.id, visitor_id=who.id, joined_on=joined,
                                   left_on=left))
    db.session.flush()
    return found


def session(of: Group, at: datetime, present=(), extra=0, cancelled=False) -> GroupSession:
    found = GroupSession(group_id=of.id, starts_at=at, cancelled=cancelled,
                         extra_attendees=extra)
    db.session.add(found)
    db.session.flush()
    db.session.add_all(GroupAttendance(session_id=found.id, visitor_id=who.id)
                       for who in present)
    db.session.flush()
    return found


def trajectory(location, who: Visitor, starts_on: date, ended_on=None, end_reason=None,
               meetings=()) -> Trajectory:
    found = Trajectory(location=location, visitor=who, kind="mentoring", starts_on=starts_on,
                       ended_on=ended_on, end_reason=end_reason)
    db.session.add(found)
    db.session.flush()
    db.session.add_all(TrajectoryMeeting(trajectory_id=found.id, met_on=day, place="desk")
                       for day in meetings)
    db.session.flush()
    return found
