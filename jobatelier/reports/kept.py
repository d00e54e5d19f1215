"""The yearly figures of closed years, kept per worker process: a year that is over changes
only when someone enters or corrects something of it after the fact, and working it out
again for every page is most of what a report of a few hundred locations costs (a year's
figures of 300 locations: about a quarter of a second on a million visits).

Kept figures of a year serve while the changes the database counted up to that year and its
reference version are what they were when the figures were worked out: triggers count a
change in the transaction that makes it, in the first year it may touch
(jobatelier/models/figure_changes.py), and move the reference version with any change to the
locations or help types. Both are read before the figures, so that what is kept is never
older than what it is kept under. The current year, and the first days of the next one, are
always worked out afresh; so is what a transaction works out after it counted a change of its
own (SQLite: after it wrote anything), which may yet be rolled back.
"""

import threading
from collections import OrderedDict
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import func, literal, select

from ..database import has_written
from ..extensions import db
from ..models import FigureChanges, ReferenceVersion
from ..models.figure_changes import COUNTED_FROM, MARGIN_DAYS
from . import figures as sql

KEPT = "jobatelier.kept_figures"  # in the app's extensions: what this process keeps
# At most this many figures of a location (or of a total) are kept per process, the least
# recently used going first: a year of 300 locations holds 3 MB (tracemalloc, a million
# visits), so this is about 24 MB per worker.
LOCATIONS_KEPT = 2_400


def yearly_figures(location_ids: list[int], year: int, **options) -> dict:
    """sql.yearly_figures(location_ids, year, **options), kept when the year is closed. The
    figures returned may be shared with later reports: read them, do not change them."""
    if not is_closed(year):
        return sql.yearly_figures(location_ids, year, **options)
    on_postgresql = db.session.get_bind().dialect.name == "postgresql"
    *versions, counted_here = db.session.execute(select(
        select(func.coalesce(func.sum(FigureChanges.changes), 0))
        .where(FigureChanges.year <= year).scalar_subquery(),
        select(ReferenceVersion.version).scalar_subquery(),
        # PostgreSQL: the triggers' setting says this transaction counted a change; SQLite
        # has no such setting, and any write of the transaction stands in for it.
        func.coalesce(func.current_setting(COUNTED_FROM, True), "") != "" if on_postgresql
        else literal(False))).one()
    if counted_here or (not on_postgresql and has_written(db.session.connection())):
        return sql.yearly_figures(location_ids, year, **options)
    key = (year, tuple(sorted(location_ids)), tuple(sorted(options.items())))
    versions = tuple(versions)
    kept = _kept()
    with kept.lock:
        found = kept.figures.get(key)
        if found is not None and found[0] == versions:
            kept.figures.move_to_end(key)
            return found[1]
    figures = sql.yearly_figures(location_ids, year, **options)
    with kept.lock:
        kept.figures[key] = (versions, figures)
        _forget_beyond(kept.figures)
    return figures


def is_closed(year: int, now: datetime | None = None) -> bool:
    """`year` has been over for longer than the triggers' margin (models/figure_changes.py):
    from then on, any change that touches it is counted."""
    now = now or datetime.now(UTC)
    return year < (now - timedelta(days=MARGIN_DAYS)).year


class Kept:
    """What one process keeps, and a lock for a worker that serves with threads."""

    def __init__(self):
        self.figures = OrderedDict()  # key -> (versions, figures), least recently used first
        self.lock = threading.Lock()


def _kept() -> Kept:
    return current_app.extensions.setdefault(KEPT, Kept())


def _forget_beyond(kept: OrderedDict) -> None:
    """The least recently used first, until what is kept fits LOCATIONS_KEPT."""
    while len(kept) > 1 and sum(len(figures) for _, figures in kept.values()) > LOCATIONS_KEPT:
        kept.popitem(last=False)
