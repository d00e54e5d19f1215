"""The rules a trajectory's fields keep (docs/domain.md, "Coaching trajectories"), each
broken one reported with the others: the coach, the dates, the planned length, the ending."""

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..access import role_may
from ..errors import RuleError
from ..extensions import db
from ..i18n import day
from ..models import (
    END_REASONS,
    MAX_PLANNED_MONTHS,
    TRAJECTORY_KINDS,
    Trajectory,
    TrajectoryMeeting,
    User,
)

SILENT_DAYS = 21  # a running duo without a meeting in the last three weeks is "silent"


def months_later(start: date, months: int) -> date:
    """The same day `months` later (the month's last day when it has no such day)."""
    year, month = divmod(start.month - 1 + months, 12)
    year, month = start.year + year, month + 1
    for last in (31, 30, 29, 28):
        try:
            return start.replace(year=year, month=month, day=min(start.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def find_coach(username: str | None) -> User:
    """The active coach account with this username; RuleError on the `coach` field else."""
    typed = (username or "").strip().lower()
    user = db.session.scalar(select(User).where(func.lower(User.username) == typed))
    if user is None:
        raise RuleError("coach", _l("No account has this username."))
    if not role_may(user.role, "be_coach"):
        raise RuleError("coach", _l("This account is not a coach's: choose a coach."))
    if not user.active:
        raise RuleError("coach", _l("This coach's account is disabled."))
    return user


def meeting_dates(trajectory: Trajectory | None) -> tuple[date | None, date | None]:
    """The first and the last meeting's dates of a trajectory (None, None without any)."""
    if trajectory is None or trajectory.id is None:
        return None, None
    row = db.session.execute(
        select(func.min(TrajectoryMeeting.met_on), func.max(TrajectoryMeeting.met_on))
        .where(TrajectoryMeeting.trajectory_id == trajectory.id)).one()
    return row[0], row[1]


def known_kind(kind: str | None):
    def check():
        if kind is not None and kind not in TRAJECTORY_KINDS:
            raise RuleError("kind", _l("Choose a kind of trajectory from the list."))
    return check


def planned_length(planned_months: int | None):
    def check():
        if planned_months is not None and not 1 <= planned_months <= MAX_PLANNED_MONTHS:
            raise RuleError("planned_months", _l("Between 1 and %(most)d months.",
                                                 most=MAX_PLANNED_MONTHS))
    return check


def start_before_meetings(trajectory: Trajectory | None, starts_on: date | None):
    def check():
        first, _last = meeting_dates(trajectory)
        if starts_on is not None and first is not None and starts_on > first:
            raise RuleError("starts_on", _l("The trajectory cannot start after its first "
                                            "meeting (%(date)s).", date=day(first)))
    return check


def fitting_end(trajectory: Trajectory | None, *, starts_on: date | None,
                ended_on: date | None, end_reason: str | None, today: date, required: bool):
    """The end date and reason: both or neither (both when `required`), not before the start
    nor the last meeting, not in the future."""
    def check_date():
        if ended_on is None:
            if required or end_reason:
                raise RuleError("ended_on", _l("Give the date the trajectory ended."))
            return
        if starts_on is not None and ended_on < starts_on:
            raise RuleError("ended_on", _l("A trajectory cannot end before it started (%(date)s).",
                                           date=day(starts_on)))
        if ended_on > today:
            raise RuleError("ended_on", _l("The date cannot be in the future."))
        _first, last = meeting_dates(trajectory)
        if last is not None and ended_on < last:
            raise RuleError("ended_on", _l("The trajectory cannot end before its last meeting "
                                           "(%(date)s).", date=day(last)))

    def check_reason():
        if end_reason and end_reason not in END_REASONS:
            raise RuleError("end_reason", _l("Choose an end reason from the list."))
        if not end_reason and (required or ended_on is not None):
            raise RuleError("end_reason", _l("Choose why the trajectory ended."))

    return check_date, check_reason
