"""The help tallies (visits per year, location and help type) kept current.

Every visit the ORM adds, corrects or deletes changes its tallies in the same flush, so in
the same transaction: a report never sees a visit without its tallies. Bulk loads that write
visits with plain INSERTs (the import of a handover package, the demo data, the benchmark
data) count all tallies again once they are done.
"""

from collections import Counter

from sqlalchemy import Integer, cast, delete, event, extract, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import attributes

from ..models import HelpTally, Visit, visit_help_types

KEY = ("year", "location_id", "help_type_id")
UPSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


def keep_current(session) -> None:
    """Have every flush of `session` (the app's scoped session) update the tallies."""
    if not event.contains(session, "before_flush", _note_changes):
        event.listen(session, "before_flush", _note_changes)
        event.listen(session, "after_flush", _write_changes)


def counted():
    """The tallies counted from the visits: (year, location id, help type id, visits) rows."""
    year = cast(extract("year", Visit.arrived_at), Integer)
    return (select(year, Visit.location_id, visit_help_types.c.help_type_id, func.count())
            .join(visit_help_types, visit_help_types.c.visit_id == Visit.id)
            .group_by(year, Visit.location_id, visit_help_types.c.help_type_id))


def count_again(session) -> None:
    """Replace every tally by a count of the visits (after rows were written without the ORM)."""
    session.execute(delete(HelpTally))
    session.execute(insert(HelpTally).from_select([*KEY, "visits"], counted()))


def _note_changes(session, flush_context, _instances) -> None:
    """Before the flush, while the visits' old values are still known: the change of each
    tally, kept with this flush (a failed flush takes it along)."""
    change = Counter()
    for visit in session.new:
        if isinstance(visit, Visit):
            change.update(_keys(visit.arrived_at, _location_now(visit),
                                visit.help_types))
    for visit in session.dirty:
        if isinstance(visit, Visit) and session.is_modified(visit):
            old_types, new_types = _help_types_before_and_now(visit)
            change.subtract(_keys(_before(visit, "arrived_at"), _before(visit, "location_id"),
                                  old_types))
            change.update(_keys(visit.arrived_at, _location_now(visit), new_types))
    for visit in session.deleted:
        if isinstance(visit, Visit):
            change.subtract(_keys(_before(visit, "arrived_at"), _before(visit, "location_id"),
                                  _help_types_before_and_now(visit)[0]))
    flush_context.attributes["help_tallies"] = change


def _write_changes(session, flush_context) -> None:
    """After the flush: add each change in one statement, in key order (two desks saving at
    once lock the same tallies in the same order), and drop tallies that reach nought."""
    change = {key: n for key, n in flush_context.attributes.pop("help_tallies", {}).items() if n}
    if not change:
        return
    connection = session.connection()
    table = HelpTally.__table__
    upsert = UPSERTS[connection.dialect.name](table).values(
        [dict(zip((*KEY, "visits"), (*key, n), strict=True)) for key, n in sorted(change.items())])
    connection.execute(upsert.on_conflict_do_update(
        index_elements=list(KEY), set_={"visits": table.c.visits + upsert.excluded.visits}))
    if any(n < 0 for n in change.values()):
        connection.execute(delete(table).where(table.c.visits <= 0))


def _keys(arrived_at, location_id, help_types) -> list[tuple]:
    return [(arrived_at.year, location_id, help_type.id) for help_type in help_types]


def _location_now(visit):
    # A visit may be given its location by the relationship: its id follows at the flush.
    history = attributes.get_history(visit, "location")
    return history.added[0].id if history.added and history.added[0] else visit.location_id


def _before(visit, name):
    """The value as it is in the database (the one before this change)."""
    history = attributes.get_history(visit, name)
    return (history.deleted or history.unchanged or [getattr(visit, name)])[0]


def _help_types_before_and_now(visit) -> tuple[list, list]:
    visit.help_types  # noqa: B018 (loads them, if they were not, to know what they were)
    history = attributes.get_history(visit, "help_types")
    return ([*history.unchanged, *history.deleted], [*history.unchanged, *history.added])
