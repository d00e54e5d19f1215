"""Trajectories' rules and queries: starting one, the coordinators' and coaches' lists (silent
duos on top), a trajectory's page, ending, correcting and deleting it."""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select
from sqlalchemy.orm import selectinload

from .. import audit
from ..access import POLICY, permitted, scope_to_user
from ..desk.corrections import check_may_correct, check_open, check_version, save_correction
from ..errors import RuleError, checked
from ..extensions import db
from ..i18n import code_label, day
from ..models import Location, Outcome, Trajectory, TrajectoryMeeting, User, Visitor
from ..visitors.codes import display
from ..visitors.services import (
    find_visitor,
    first_seen_again,
    first_seen_no_later_than,
    issue_visitor,
)
from . import rules
from .rules import SILENT_DAYS, months_later


def scoped(stmt, user: User):
    """Those who manage trajectories see the ones at their locations; a coach sees the ones
    they coach, wherever they are run from."""
    if permitted(user, "trajectories"):
        return scope_to_user(stmt, Trajectory.location_id, user)
    return stmt.where(Trajectory.coach_id == user.id)


def visible_trajectory(user: User, trajectory_id: str) -> Trajectory | None:
    """The trajectory if the user may see it, else None (a 404)."""
    return db.session.scalar(scoped(select(Trajectory).where(Trajectory.id == trajectory_id),
                                    user))


@dataclass
class Line:
    """A trajectory in a list, with its meetings' count and last date."""

    trajectory: Trajectory
    meetings: int
    last_met: date | None
    today: date

    @property
    def planned_end(self) -> date:
        t = self.trajectory
        return months_later(t.starts_on, t.planned_months)

    @property
    def days_since_meeting(self) -> int | None:
        return None if self.last_met is None else (self.today - self.last_met).days

    @property
    def silent(self) -> bool:
        """Running, and no meeting in the last three weeks (counted from the start when it has
        had none yet)."""
        contact = self.last_met or self.trajectory.starts_on
        return self.trajectory.ended_on is None and (self.today - contact).days > SILENT_DAYS

    @property
    def past_planned_end(self) -> bool:
        return self.trajectory.ended_on is None and self.planned_end < self.today


@dataclass
class Lists:
    running: list[Line] = field(default_factory=list)
    ended: list[Line] = field(default_factory=list)


def trajectory_lists(user: User, today: date) -> Lists:
    """The running trajectories the user sees, silent duos first (longest silence first), then
    by start; and the ended ones, latest end first. Meetings are counted by the database."""
    met = (select(TrajectoryMeeting.trajectory_id, func.count().label("meetings"),
                  func.max(TrajectoryMeeting.met_on).label("last_met"))
           .group_by(TrajectoryMeeting.trajectory_id).subquery())
    stmt = scoped(
        select(Trajectory, met.c.meetings, met.c.last_met)
        .outerjoin(met, met.c.trajectory_id == Trajectory.id)
        .options(selectinload(Trajectory.visitor), selectinload(Trajectory.coach),
                 selectinload(Trajectory.location)), user)
    lists = Lists()
    for trajectory, meetings, last_met in db.session.execute(stmt):
        line = Line(trajectory, meetings or 0, last_met, today)
        (lists.ended if trajectory.ended_on else lists.running).append(line)
    lists.running.sort(key=lambda line: (
        not line.silent, line.last_met or line.trajectory.starts_on, line.trajectory.starts_on))
    lists.ended.sort(key=lambda line: line.trajectory.ended_on, reverse=True)
    return lists


def check_trajectory(trajectory: Trajectory | None, *, kind: str | None, coach: str | None,
                     starts_on: date | None, planned_months: int | None,
                     ended_on: date | None = None, end_reason: str | None = None,
                     today: date, **_visitor) -> list:
    """Every rule of a trajectory's fields at once (None: a value the form found wrong).
    The coach's account is the second result."""
    return checked(
        rules.known_kind(kind), lambda: rules.find_coach(coach) if coach is not None else None,
        rules.planned_length(planned_months), rules.start_before_meetings(trajectory, starts_on),
        *rules.fitting_end(trajectory, starts_on=starts_on, ended_on=ended_on,
                           end_reason=end_reason, today=today, required=False))


def check_new(*, visitor_code: str | None, new_visitor: bool, **fields) -> tuple:
    """The rules of a new trajectory, the coachee's code among them: (coach, visitor)."""
    results = checked(lambda: check_trajectory(None, **fields),
                      lambda: None if new_visitor else find_visitor(visitor_code or ""))
    return results[0][1], results[1]


def start_trajectory(user: User, location: Location, *, kind: str, visitor_code: str | None,
                     new_visitor: bool, coach: str, starts_on: date, planned_months: int,
                     today: date) -> Trajectory:
    """A new trajectory run from this desk; a coachee without a card gets a code of it."""
    check_open(location)
    coach_user, visitor = check_new(
        visitor_code=visitor_code, new_visitor=new_visitor, kind=kind, coach=coach,
        starts_on=starts_on, planned_months=planned_months, today=today)
    if visitor is None:
        visitor = issue_visitor(location, starts_on)
        db.session.flush()
    elif starts_on < visitor.registered_on:  # first seen: a visit, a group or a trajectory
        first_seen_no_later_than(visitor, starts_on)
    trajectory = Trajectory(location=location, visitor=visitor, coach=coach_user, kind=kind,
                            starts_on=starts_on, planned_months=planned_months,
                            created_by_id=user.id)
    db.session.add(trajectory)
    db.session.flush()
    audit.record(user, "trajectory_started", location_id=location.id, object_type="trajectory",
                 object_id=trajectory.id, detail={"visitor": visitor.code, "kind": kind,
                                                  "coach": coach_user.username,
                                                  "new": new_visitor})
    db.session.commit()
    return trajectory


def check_end(trajectory: Trajectory, *, ended_on: date | None, end_reason: str | None,
              today: date) -> None:
    """The rules of ending a running trajectory, all at once."""
    def running():
        check_open(trajectory.location)
        if trajectory.ended_on is not None:
            raise RuleError(None, _l("This trajectory has already ended: correct it instead."))

    checked(running, *rules.fitting_end(trajectory, starts_on=trajectory.starts_on,
                                        ended_on=ended_on, end_reason=end_reason, today=today,
                                        required=True))


def end_trajectory(user: User, trajectory: Trajectory, *, ended_on: date, end_reason: str,
                   today: date) -> None:
    """End a running trajectory with a date and a reason."""
    check_end(trajectory, ended_on=ended_on, end_reason=end_reason, today=today)
    trajectory.ended_on, trajectory.end_reason = ended_on, end_reason
    audit.record(user, "trajectory_ended", location_id=trajectory.location_id,
                 object_type="trajectory", object_id=trajectory.id,
                 detail={"visitor": trajectory.visitor.code, "end_reason": end_reason})
    save_correction()


def update_trajectory(user: User, trajectory: Trajectory, *, kind: str, coach: str,
                      starts_on: date, planned_months: int, ended_on: date | None,
                      end_reason: str | None, version: int | None, today: date) -> None:
    """Correct a trajectory or change its coach; refused over someone else's newer save."""
    check_may_correct(user, trajectory)
    check_version(trajectory, version)
    coach_user = check_trajectory(
        trajectory, kind=kind, coach=coach, starts_on=starts_on, planned_months=planned_months,
        ended_on=ended_on, end_reason=end_reason or None, today=today)[1]
    new_coach = coach_user.id != trajectory.coach_id
    trajectory.kind, trajectory.coach, trajectory.starts_on = kind, coach_user, starts_on
    trajectory.planned_months = planned_months
    trajectory.ended_on, trajectory.end_reason = ended_on, end_reason or None
    first_seen_again(trajectory.visitor)  # the start may have moved
    audit.record(user, "trajectory_coach_changed" if new_coach else "trajectory_changed",
                 location_id=trajectory.location_id, object_type="trajectory",
                 object_id=trajectory.id, detail={"visitor": trajectory.visitor.code,
                                                  "coach": coach_user.username})
    save_correction()


def summary(trajectory: Trajectory) -> list[tuple[str, str]]:
    """What is shown of a trajectory before it is deleted: (label, value) lines."""
    return [(_l("Coachee"), display(trajectory.visitor.code)),
            (_l("Kind of trajectory"), code_label(trajectory.kind)),
            (_l("Coach"), trajectory.coach.username if trajectory.coach else "–"),
            (_l("Starts on"), day(trajectory.starts_on)),
            (_l("Meetings"), str(len(meetings_of(trajectory)))),
            (_l("Location"), trajectory.location.name)]


def delete_trajectory(user: User, trajectory: Trajectory, *, version: int | None) -> None:
    """Delete a trajectory and its meetings (the coachee and their outcomes stay)."""
    check_may_correct(user, trajectory)
    check_version(trajectory, version)
    audit.record(user, "trajectory_deleted", location_id=trajectory.location_id,
                 object_type="trajectory", object_id=trajectory.id,
                 detail={"visitor": trajectory.visitor.code, "kind": trajectory.kind})
    db.session.execute(delete(TrajectoryMeeting)
                       .where(TrajectoryMeeting.trajectory_id == trajectory.id))
    visitor = trajectory.visitor
    db.session.delete(trajectory)
    first_seen_again(visitor)
    save_correction()


def meetings_of(trajectory: Trajectory) -> list[TrajectoryMeeting]:
    """The trajectory's meetings, latest first."""
    return list(db.session.scalars(
        select(TrajectoryMeeting).where(TrajectoryMeeting.trajectory_id == trajectory.id)
        .order_by(TrajectoryMeeting.met_on.desc(), TrajectoryMeeting.created_at.desc())))


def coachee_outcomes(trajectory: Trajectory) -> list[Outcome]:
    """The coachee's outcomes since the trajectory started, wherever they were recorded
    (the trajectory's result is the coachee's outcome), latest first."""
    return list(db.session.scalars(
        select(Outcome).where(Outcome.visitor_id == trajectory.visitor_id,
                              Outcome.recorded_on >= trajectory.starts_on)
        .options(selectinload(Outcome.location))
        .order_by(Outcome.recorded_on.desc(), Outcome.created_at.desc())))


def visitor_trajectories(user: User, visitor: Visitor) -> list[Trajectory]:
    """The visitor's trajectories the user may see, latest start first."""
    if not permitted(user, "coaching"):
        return []
    return list(db.session.scalars(scoped(
        select(Trajectory).where(Trajectory.visitor_id == visitor.id)
        .options(selectinload(Trajectory.coach), selectinload(Trajectory.location))
        .order_by(Trajectory.starts_on.desc()), user)))


def coach_choices() -> list[tuple[str, str]]:
    """Every active coach account, by username: the coach field's list."""
    names = db.session.scalars(select(User.username).where(
        User.active.is_(True), User.role.in_(POLICY["be_coach"])).order_by(User.username))
    return [(name, name) for name in names]
