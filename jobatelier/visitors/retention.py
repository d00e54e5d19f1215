"""Retention: visitor codes and notes older than the retention period are removed, after the
yearly figures of those years are frozen. A visitor's last activity is their last visit,
outcome, group membership or attendance, or trajectory or meeting; the notes of old visits
and of old trajectory meetings go.

A purged visitor keeps an internal row under a random key that is on no card, so nobody can
be found by their code any more, while every count of the old years (unique visitors, the
latest outcome per visitor) stays exactly what it was; the frozen figures record it.
"""

import secrets
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from .. import audit
from ..errors import RuleError
from ..extensions import db
from ..models import (
    FrozenFigures,
    GroupAttendance,
    GroupMember,
    GroupSession,
    Location,
    Outcome,
    Trajectory,
    TrajectoryMeeting,
    Visit,
    Visitor,
)
from ..progress import Progress, counted, silent
from ..reports.figures import yearly_figures
from ..reports.services import flatten_figures
from .codes import PURGED_PREFIX


@dataclass
class PurgePlan:
    before: date
    years: list[int]
    visitors: int
    notes: int


def purge(before: date, today: date, *, dry_run: bool = False,
          progress: Progress = silent) -> PurgePlan:
    """Freeze the figures of every year before `before`, then remove the codes of visitors
    whose last activity is older, and the notes of older visits and meetings. Their internal
    rows stay, so group attendance and trajectories keep counting in the old years."""
    limit = date(today.year - current_app.config["RETENTION_YEARS"], today.month,
                 min(today.day, 28))
    if before > limit:
        raise RuleError("before", _l("Only data older than the retention period can be purged "
                                     "(before %(limit)s).", limit=limit.isoformat()))
    cutoff = datetime.combine(before, datetime.min.time())
    gone = select(Visitor.id).where(*(Visitor.id.not_in(recent) for recent in
                                      recently_active(before, cutoff)),
                                    Visitor.code.not_like(f"{PURGED_PREFIX}%"))
    old_notes = [Visit.arrived_at < cutoff, Visit.note.is_not(None)]
    old_meeting_notes = [TrajectoryMeeting.met_on < before, TrajectoryMeeting.note.is_not(None)]
    first_year = db.session.scalar(select(func.min(Visit.arrived_at)))
    years = list(range(first_year.year, before.year + 1)) if first_year else []
    plan = PurgePlan(before, years,
                     db.session.scalar(select(func.count()).select_from(gone.subquery())),
                     db.session.scalar(select(func.count()).select_from(Visit).where(*old_notes))
                     + db.session.scalar(select(func.count()).select_from(TrajectoryMeeting)
                                         .where(*old_meeting_notes)))
    if dry_run:
        return plan
    for year in years:
        freeze_year(year)
    for (visitor_id,) in counted(db.session.execute(gone).all(), "visitor codes", progress):
        db.session.execute(update(Visitor).where(Visitor.id == visitor_id).values(
            code=f"{PURGED_PREFIX}{secrets.token_hex(12)}", postcode=None))
    db.session.execute(update(Visit).where(*old_notes).values(note=None))
    db.session.execute(update(TrajectoryMeeting).where(*old_meeting_notes).values(note=None))
    audit.record(None, "purge", detail={"before": before.isoformat(), "visitors": plan.visitors,
                                        "notes": plan.notes, "years": years})
    db.session.commit()
    return plan


def recently_active(before: date, cutoff: datetime) -> list:
    """The visitors with any activity on or after `before`, one query per way of help: a
    visit, an outcome; a group they joined or left, a session they were present at, a
    membership still open in a group that met since; a trajectory that started, ended or
    still runs, or one of its meetings. Their codes stay."""
    return [
        select(Visit.visitor_id).where(Visit.visitor_id.is_not(None),
                                       Visit.arrived_at >= cutoff),
        select(Outcome.visitor_id).where(Outcome.recorded_on >= before),
        select(GroupMember.visitor_id).where(
            (GroupMember.joined_on >= before) | (GroupMember.left_on >= before)),
        select(GroupAttendance.visitor_id).join(GroupSession)
        .where(GroupSession.starts_at >= cutoff),
        select(GroupMember.visitor_id).join(
            GroupSession, GroupSession.group_id == GroupMember.group_id)
        .where(GroupMember.left_on.is_(None), GroupSession.starts_at >= cutoff),
        select(Trajectory.visitor_id).where(
            (Trajectory.starts_on >= before) | (Trajectory.ended_on >= before)
            | Trajectory.ended_on.is_(None)),
        select(Trajectory.visitor_id).join(TrajectoryMeeting)
        .where(TrajectoryMeeting.met_on >= before),
    ]


def freeze_year(year: int) -> None:
    """Store the year's figures per location and for all locations (once per year)."""
    ids = list(db.session.scalars(select(Location.id)))
    figures = yearly_figures(ids, year)
    for key, found in figures.items():
        if frozen(year, key) is None:
            values = {"|".join(map(str, name[2:])): count
                      for name, count in flatten_figures(year, key, found).items()}
            db.session.add(FrozenFigures(year=year, location_id=key, figures=values))


def frozen(year: int, location_id: int | None) -> dict | None:
    """The frozen figures of a year for a location (None: all locations), if any."""
    where = (FrozenFigures.location_id.is_(None) if location_id is None
             else FrozenFigures.location_id == location_id)
    row = db.session.scalar(select(FrozenFigures).where(FrozenFigures.year == year, where))
    return row.figures if row else None
