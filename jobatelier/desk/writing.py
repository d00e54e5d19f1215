"""Writing a new visit in plain INSERTs: the desk's busiest write, kept out of the ORM's
unit of work, which took a quarter of the request (and on SQLite held the write lock that
the other desks wait for meanwhile). The rows are the ones a flush would write."""

from sqlalchemy import insert, inspect
from sqlalchemy.orm import make_transient_to_detached

from ..extensions import db
from ..models import Visit, visit_help_types
from ..reports import tallies

# Straight on the session's connection: the session's own execute adds the ORM's handling
# for statements that need none.
INSERT_VISIT = insert(Visit.__table__)
INSERT_HELP_TYPES = insert(visit_help_types)


def add_new_visit(visit: Visit) -> None:
    """Insert `visit` (built with every column set, not added to the session) and its
    help-type links; then it is the session's, as if loaded: later reads and corrections in
    the same session see it without a query. Its tallies are `count_in_tallies`."""
    row = {column.columns[0].key: getattr(visit, column.key)
           for column in inspect(Visit).column_attrs}
    connection = db.session.connection()
    connection.execute(INSERT_VISIT, row)
    connection.execute(INSERT_HELP_TYPES, [
        {"visit_id": visit.id, "help_type_id": help_type.id} for help_type in visit.help_types])
    make_transient_to_detached(visit)
    db.session.add(visit)


def count_in_tallies(visit: Visit) -> None:
    """Add the new `visit` to the report's tallies: the last writes of its transaction. Every
    desk of a location adds to the same tally rows, which PostgreSQL keeps locked from these
    writes to the commit, so the desks registering at the same moment wait only for that."""
    tallies.count_new_visit(db.session.connection(), visit)
