"""A trajectory's meetings: recording one, correcting and deleting it, and how long since the
last one."""

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import audit
from ..desk.corrections import check_may_correct, check_open, check_version, save_correction
from ..errors import RuleError, checked
from ..extensions import db
from ..i18n import code_label, day
from ..models import MEETING_PLACES, Trajectory, TrajectoryMeeting, User
from ..privacy import personal_data_problem
from ..visitors.codes import display
from .services import scoped


def visible_meeting(user: User, meeting_id: str) -> TrajectoryMeeting | None:
    """A meeting of a trajectory the user may see, else None (a 404)."""
    stmt = scoped(select(TrajectoryMeeting).join(Trajectory)
                  .where(TrajectoryMeeting.id == meeting_id), user)
    return db.session.scalar(stmt)


def check_meeting(trajectory: Trajectory, *, met_on: date | None, place: str | None,
                  note: str | None, today: date) -> None:
    """Every rule of a meeting at once (None: a value the form found wrong): within the
    trajectory's dates and not in the future, a known place, no personal data in the note."""
    def open_location():
        check_open(trajectory.location)

    def when():
        if met_on is None:
            return
        if met_on < trajectory.starts_on:
            raise RuleError("met_on", _l("A meeting cannot be before the trajectory started "
                                         "(%(date)s).", date=day(trajectory.starts_on)))
        if trajectory.ended_on is not None and met_on > trajectory.ended_on:
            raise RuleError("met_on", _l("A meeting cannot be after the trajectory ended "
                                         "(%(date)s).", date=day(trajectory.ended_on)))
        if met_on > today:
            raise RuleError("met_on", _l("A meeting is recorded once it took place: the date "
                                         "cannot be in the future."))

    def where():
        if place is not None and place not in MEETING_PLACES:
            raise RuleError("place", _l("Choose where you met from the list."))

    def private():
        if note and (problem := personal_data_problem(note)):
            raise RuleError("note", problem)

    checked(open_location, when, where, private)


def record_meeting(user: User, trajectory: Trajectory, *, met_on: date,
                   duration_minutes: int | None, place: str, note: str | None,
                   today: date) -> TrajectoryMeeting:
    """A meeting of the coach and the coachee that took place."""
    check_meeting(trajectory, met_on=met_on, place=place, note=note, today=today)
    meeting = TrajectoryMeeting(trajectory=trajectory, met_on=met_on,
                                duration_minutes=duration_minutes, place=place,
                                note=(note or "").strip() or None, created_by_id=user.id)
    db.session.add(meeting)
    db.session.flush()
    audit.record(user, "trajectory_meeting_recorded", location_id=trajectory.location_id,
                 object_type="trajectory_meeting", object_id=meeting.id,
                 detail={"visitor": trajectory.visitor.code, "met_on": str(met_on)})
    db.session.commit()
    return meeting


def update_meeting(user: User, meeting: TrajectoryMeeting, *, met_on: date,
                   duration_minutes: int | None, place: str, note: str | None,
                   version: int | None, today: date) -> None:
    """Correct a meeting (coaches within the correction days, coordinators any time)."""
    check_may_correct(user, meeting)
    check_version(meeting, version)
    check_meeting(meeting.trajectory, met_on=met_on, place=place, note=note, today=today)
    meeting.met_on, meeting.duration_minutes, meeting.place = met_on, duration_minutes, place
    meeting.note = (note or "").strip() or None
    audit.record(user, "trajectory_meeting_changed", location_id=meeting.location.id,
                 object_type="trajectory_meeting", object_id=meeting.id,
                 detail={"visitor": meeting.trajectory.visitor.code, "met_on": str(met_on)})
    save_correction()


def meeting_summary(meeting: TrajectoryMeeting) -> list[tuple[str, str]]:
    """What is shown of a meeting before it is deleted."""
    lines = [(_l("Coachee"), display(meeting.trajectory.visitor.code)),
             (_l("Met on"), day(meeting.met_on)), (_l("Place"), code_label(meeting.place))]
    if meeting.duration_minutes is not None:
        lines.append((_l("Duration (minutes)"), str(meeting.duration_minutes)))
    return lines


def delete_meeting(user: User, meeting: TrajectoryMeeting, *, version: int | None) -> None:
    check_may_correct(user, meeting)
    check_version(meeting, version)
    audit.record(user, "trajectory_meeting_deleted", location_id=meeting.location.id,
                 object_type="trajectory_meeting", object_id=meeting.id,
                 detail={"visitor": meeting.trajectory.visitor.code,
                         "met_on": str(meeting.met_on)})
    db.session.delete(meeting)
    save_correction()

