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
own (SQLite: after it wrote anything), which may yet be rolled back. Closed years that are to
be worked out for one page are worked out side by side (`worked_out_meanwhile`).
"""

import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import func, literal, select

from ..database import has_written, only_reading_from_now
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
    versions = _keepable_under(year)
    if versions is None:
        return sql.yearly_figures(location_ids, year, **options)
    key = _key(location_ids, year, options)
    found = _found(key, versions)
    if found is not None:
        return found
    return _keep(key, versions, sql.yearly_figures(location_ids, year, **options))


@contextmanager
def worked_out_meanwhile(location_ids: list[int], years: dict[int, dict]):
    """While the block runs, work out the figures of the closed years of `years` ({year:
    options}) that are not kept yet, each in a thread and on a connection of its own, and keep
    them for `yearly_figures` when it ends. The first view of a yearly page after a late entry
    works out two years (a quarter of a second each for 300 locations, nearly all of it in the
    database, which answers each connection on a core of its own) while the page reads its
    other figures, in about the time of one. Only figures that would be kept are worked out
    apart, since another connection does not see what this transaction wrote; the block's
    own reads stay in this transaction. A request then holds up to three connections:
    well within SQLAlchemy's pool (5 + 10) for gunicorn's sync workers, one request each."""
    missing = {}
    for year, options in years.items():
        versions = _keepable_under(year)
        key = _key(location_ids, year, options)
        if versions is not None and _found(key, versions) is None:
            missing[key] = (versions, year, options)
    if not missing or not _apart_sees_the_same():
        yield
        return
    app = current_app._get_current_object()
    with ThreadPoolExecutor(len(missing)) as pool:
        apart = {key: (versions, pool.submit(_worked_out_apart, app, location_ids, year, options))
                 for key, (versions, year, options) in missing.items()}
        yield
        for key, (versions, future) in apart.items():
            _keep(key, versions, future.result())


def _worked_out_apart(app, location_ids: list[int], year: int, options: dict) -> dict:
    with app.app_context():  # a session and connection of its own, returned when it ends
        only_reading_from_now()  # on SQLite: no write lock for a read
        return sql.yearly_figures(location_ids, year, **options)


def _apart_sees_the_same() -> bool:
    """Another connection reads the same database: not so for SQLite in memory."""
    url = db.session.get_bind().url
    return url.get_backend_name() != "sqlite" or url.database not in (None, "", ":memory:")


def _keepable_under(year: int) -> tuple | None:
    """The versions the figures of `year` are kept under, read now; None when they are not
    to be kept (the year is open, or this transaction counted a change of its own)."""
    if not is_closed(year):
        return None
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
        return None
    return tuple(versions)


def _key(location_ids: list[int], year: int, options: dict) -> tuple:
    return year, tuple(sorted(location_ids)), tuple(sorted(options.items()))


def _found(key: tuple, versions: tuple) -> dict | None:
    kept = _kept()
    with kept.lock:
        found = kept.figures.get(key)
        if found is not None and found[0] == versions:
            kept.figures.move_to_end(key)
            return found[1]
    return None


def _keep(key: tuple, versions: tuple, figures: dict) -> dict:
    kept = _kept()
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
