"""Retention: visitor codes and notes older than the retention period are removed, after the
yearly figures of those years are frozen.

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
from ..models import FrozenFigures, Location, Outcome, Visit, Visitor
from ..reports.figures import yearly_figures
from ..reports.services import flatten_figures


@dataclass
class PurgePlan:
    before: date
    years: list[int]
    visitors: int
    notes: int


def purge(before: date, today: date, *, dry_run: bool = False) -> PurgePlan:
    """Freeze the figures of every year before `before`, then remove the codes of visitors
    whose last visit and outcome are older, and the notes of older visits."""
    limit = date(today.year - current_app.config["RETENTION_YEARS"], today.month,
                 min(today.day, 28))
    if before > limit:
        raise RuleError("before", _l("Only data older than the retention period can be purged "
                                     "(before %(limit)s).", limit=limit.isoformat()))
    cutoff = datetime.combine(before, datetime.min.time())
    last_seen = (select(Visit.visitor_id).where(Visit.visitor_id.is_not(None))
                 .group_by(Visit.visitor_id).having(func.max(Visit.arrived_at) >= cutoff))
    recent_outcome = select(Outcome.visitor_id).where(Outcome.recorded_on >= before)
    gone = select(Visitor.id).where(Visitor.id.not_in(last_seen),
                                    Visitor.id.not_in(recent_outcome),
                                    Visitor.code.not_like("purged-%"))
    old_notes = [Visit.arrived_at < cutoff, Visit.note.is_not(None)]
    first_year = db.session.scalar(select(func.min(Visit.arrived_at)))
    years = list(range(first_year.year, before.year + 1)) if first_year else []
    plan = PurgePlan(before, years,
                     db.session.scalar(select(func.count()).select_from(gone.subquery())),
                     db.session.scalar(select(func.count()).select_from(Visit).where(*old_notes)))
    if dry_run:
        return plan
    for year in years:
        freeze_year(year)
    for (visitor_id,) in db.session.execute(gone).all():
        db.session.execute(update(Visitor).where(Visitor.id == visitor_id).values(
            code=f"purged-{secrets.token_hex(12)}", postcode=None))
    db.session.execute(update(Visit).where(*old_notes).values(note=None))
    audit.record(None, "purge", detail={"before": before.isoformat(), "visitors": plan.visitors,
                                        "notes": plan.notes, "years": years})
    db.session.commit()
    return plan


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
