"""What every desk request reads and an admin seldom changes, kept per worker process: the
help types, the active locations and who works at which one.

Each request reads the database's reference version with its session's user (one number,
in the same statement: jobatelier/auth/sessions.py); what is kept serves while it was read at
that version, and is read again as soon as the version moved (jobatelier/models/reference.py:
triggers move it in the transaction of any change). Out of a request, or when this request
changed reference data itself, everything is read from the database as before.

Kept rows are detached copies, never part of a session: a request gets its own copy of one
that it may link to what it writes (`session.merge(..., load=False)`, without a query).
"""

from dataclasses import dataclass, field

from flask import current_app, g, has_request_context
from sqlalchemy import event, inspect, select
from sqlalchemy.orm import make_transient_to_detached

from .extensions import db
from .models import HelpType, Location, User, user_locations

VERSION = "reference_version"  # in `g`: the version this request read
KEPT = "jobatelier.reference"  # in the app's extensions: what this process keeps


@dataclass
class Kept:
    version: int
    help_types: list[HelpType]  # all of them, in their order
    locations: list[Location]  # the active ones, by name (as the database sorts)
    links: dict[int, set[int]] = field(default_factory=dict)  # user id: location ids


def read_at(version: int | None) -> None:
    """This request read the reference version `version` (None: the database has none)."""
    g.setdefault(VERSION, version)


def help_types() -> list[HelpType]:
    """Every help type, in their order (retired ones too: old visits keep theirs)."""
    kept = _kept()
    if kept is None:
        return list(db.session.scalars(select(HelpType).order_by(HelpType.position)))
    return kept.help_types


def own_copy(row):
    """`row` (a help type or location from here) as this request's session's own object,
    without a query: a copy, or the session's own if it holds one it changed (unsaved)."""
    if not _is_kept(row):
        return row
    held = db.session.identity_map.get(inspect(row).key)
    if held is not None and inspect(held).modified:
        return held
    return db.session.merge(row, load=False)


def active_locations(user: User) -> list[Location] | None:
    """The active locations linked to `user`, by name, as this request's own objects; None
    when nothing is kept (out of a request): the caller asks the database."""
    kept = _kept()
    if kept is None:
        return None
    if user.id not in kept.links:
        kept.links[user.id] = set(db.session.scalars(
            select(user_locations.c.location_id).where(user_locations.c.user_id == user.id)))
    mine = kept.links[user.id]
    return [own_copy(location) for location in kept.locations if location.id in mine]


def _kept() -> Kept | None:
    if not has_request_context() or g.get(VERSION) is None:
        return None
    version = g.get(VERSION)
    kept = current_app.extensions.get(KEPT)
    if kept is None or kept.version != version:
        kept = Kept(version, _detached(HelpType, select(HelpType.__table__)
                                       .order_by(HelpType.position)),
                    _detached(Location, select(Location.__table__)
                              .where(Location.active.is_(True)).order_by(Location.name)))
        current_app.extensions[KEPT] = kept
    return kept


def _detached(model, stmt) -> list:
    """Rows as objects of no session, loaded as if by a query (read in this request's
    transaction, so never older than the version it read)."""
    rows = []
    for found in db.session.execute(stmt).mappings():
        row = model(**found)
        make_transient_to_detached(row)
        row._jobatelier_kept = True
        rows.append(row)
    return rows


def _is_kept(row) -> bool:
    return getattr(row, "_jobatelier_kept", False)


def forget_for_this_request(session, _flush_context, _instances) -> None:
    """A flush that changes reference data: the rest of this request reads it from the
    database (its own change is not in what is kept; the next request sees the new version)."""
    if has_request_context() and any(
            isinstance(row, (Location, HelpType, User))
            for row in (*session.new, *session.dirty, *session.deleted)):
        setattr(g, VERSION, None)


def init_app(session) -> None:
    if not event.contains(session, "before_flush", forget_for_this_request):
        event.listen(session, "before_flush", forget_for_this_request)
