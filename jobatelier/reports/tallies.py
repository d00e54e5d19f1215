"""The report's tallies kept current: help tallies (visits per year, location and help type)
and visitor years (visits per year, location and visitor).

Every visit the ORM adds, corrects or deletes changes its tallies in the same flush, so in
the same transaction: a report never sees a visit without its tallies. Bulk loads that write
visits with plain INSERTs (the import of a handover package, the demo data, the benchmark
data) count all tallies again once they are done.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from sqlalchemy import Integer, cast, delete, event, extract, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import attributes

from ..models import HelpTally, Visit, VisitorYear, visit_help_types
from ..progress import Progress, silent

UPSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


class VisitState(NamedTuple):
    """What the tallies need to know of a visit, as it is now or as it was."""

    year: int
    location_id: int
    visitor_id: int | None
    help_type_ids: list[int]


@dataclass(frozen=True)
class Tally:
    model: type  # a table of key columns and `visits`
    key: tuple[str, ...]
    keys_of: Callable[[VisitState], list[tuple]]  # the keys one visit counts in
    counted: Callable  # the tally counted from the visits: key columns and count


def _year():
    return cast(extract("year", Visit.arrived_at), Integer)


TALLIES = (
    Tally(HelpTally, ("year", "location_id", "help_type_id"),
          lambda visit: [(visit.year, visit.location_id, help_type_id)
                         for help_type_id in visit.help_type_ids],
          lambda: (select(_year(), Visit.location_id, visit_help_types.c.help_type_id,
                          func.count())
                   .join(visit_help_types, visit_help_types.c.visit_id == Visit.id)
                   .group_by(_year(), Visit.location_id, visit_help_types.c.help_type_id))),
    Tally(VisitorYear, ("year", "location_id", "visitor_id"),
          lambda visit: ([(visit.year, visit.location_id, visit.visitor_id)]
                         if visit.visitor_id is not None else []),
          lambda: (select(_year(), Visit.location_id, Visit.visitor_id, func.count())
                   .where(Visit.visitor_id.is_not(None))
                   .group_by(_year(), Visit.location_id, Visit.visitor_id))),
)


def keep_current(session) -> None:
    """Have every flush of `session` (the app's scoped session) update the tallies."""
    if not event.contains(session, "before_flush", _note_old_states):
        event.listen(session, "before_flush", _note_old_states)
        event.listen(session, "after_flush", _write_changes)


def count_again(session, progress: Progress = silent) -> None:
    """Replace every tally by a count of the visits (after rows were written without the ORM)."""
    for tally in TALLIES:
        session.execute(delete(tally.model))
        counted = session.execute(
            insert(tally.model).from_select([*tally.key, "visits"], tally.counted()))
        progress(tally.model.__tablename__, max(counted.rowcount, 0))


def _note_old_states(session, flush_context, _instances) -> None:
    """Before the flush, while they can still be read: the visits as they were, of those
    corrected or deleted (kept with this flush; a failed flush takes them along)."""
    changed = [visit for visit in session.dirty
               if isinstance(visit, Visit) and session.is_modified(visit)]
    deleted = [visit for visit in session.deleted if isinstance(visit, Visit)]
    flush_context.attributes["tallies"] = (
        [_old_state(visit) for visit in changed + deleted],
        [visit for visit in session.new if isinstance(visit, Visit)] + changed)


def _write_changes(session, flush_context) -> None:
    """After the flush, when new visits and visitors have their ids: for each tally, add what
    changed, in key order (two desks saving at once then lock the same rows in the same
    order), and drop the rows that reach nought."""
    old_states, now = flush_context.attributes.pop("tallies", ([], []))
    if not old_states and not now:
        return  # a flush without visits (a login, an outcome, an audit entry)
    _change(session.connection(), [_state_now(visit) for visit in now], old_states)


def count_new_visit(connection, visit: Visit) -> None:
    """Add a new visit to the tallies, in the visit's own transaction: for the desk's new visit,
    written with plain INSERTs rather than by a flush (jobatelier/desk/writing.py)."""
    _change(connection, [_state_now(visit)], [])


def _change(connection, new_states: list[VisitState], old_states: list[VisitState]) -> None:
    for tally in TALLIES:
        change = Counter()
        for state in new_states:
            change.update(tally.keys_of(state))
        for state in old_states:
            change.subtract(tally.keys_of(state))
        rows = [dict(zip((*tally.key, "visits"), (*key, n), strict=True))
                for key, n in sorted(change.items()) if n]
        if not rows:
            continue
        connection.execute(_upsert(tally, connection.dialect.name), rows)
        if any(row["visits"] < 0 for row in rows):
            table = tally.model.__table__
            connection.execute(delete(table).where(table.c.visits <= 0))


@cache
def _upsert(tally: Tally, dialect: str):
    """Add `visits` to a tally's row, or make it: built once (and so compiled once), since
    every new visit runs it."""
    table = tally.model.__table__
    upsert = UPSERTS[dialect](table)
    return upsert.on_conflict_do_update(
        index_elements=list(tally.key), set_={"visits": table.c.visits + upsert.excluded.visits})


def _state_now(visit) -> VisitState:
    return VisitState(visit.arrived_at.year, visit.location_id, visit.visitor_id,
                      [help_type.id for help_type in visit.help_types])


def _old_state(visit) -> VisitState:
    """The visit as it is in the database, before this flush."""
    visit.help_types  # noqa: B018 (loads them, if they were not, to know what they were)
    help_types = attributes.get_history(visit, "help_types")
    return VisitState(_before(visit, "arrived_at").year, _before(visit, "location_id"),
                      _before(visit, "visitor_id"),
                      [help_type.id for help_type in (*help_types.unchanged,
                                                      *help_types.deleted)])


def _before(visit, name):
    history = attributes.get_history(visit, name)
    return (history.deleted or history.unchanged or [getattr(visit, name)])[0]
