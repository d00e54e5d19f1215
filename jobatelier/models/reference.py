"""A number the database moves whenever the reference data changes: the locations, the help
types or who works at which location. Every desk request reads it with its session's user;
each worker process keeps that data (jobatelier/reference.py) until the number moves.

Triggers move it, in the transaction of the change, whoever makes it: the admin's pages, the
command line, an import, a bulk load or a hand edit in SQL. A change committed by one worker
is therefore seen by every other at its next request, never later. A migration that rebuilds
one of the watched tables (SQLite's batch mode copies a table to change it) drops its triggers
and must make them again: tests/test_migrations.py checks that they exist."""

from sqlalchemy import Integer, event
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db

WATCHED = ("locations", "help_types", "user_locations")


class ReferenceVersion(db.Model):
    __tablename__ = "reference_version"

    id: Mapped[int] = mapped_column(primary_key=True)  # one row: 1
    version: Mapped[int] = mapped_column(Integer, default=0)


def trigger_statements(dialect: str) -> list[str]:
    """The row of the version and the triggers that move it, as SQL for `dialect`."""
    statements = ["INSERT INTO reference_version (id, version) VALUES (1, 0)"]
    if dialect == "postgresql":
        statements.append(
            "CREATE OR REPLACE FUNCTION reference_changed() RETURNS trigger LANGUAGE plpgsql "
            "AS $$ BEGIN UPDATE reference_version SET version = version + 1; RETURN NULL; "
            "END $$")
        statements += [f"CREATE TRIGGER reference_changed AFTER INSERT OR UPDATE OR DELETE OR "
                       f"TRUNCATE ON {table} FOR EACH STATEMENT "
                       f"EXECUTE FUNCTION reference_changed()" for table in WATCHED]
    else:
        statements += [f"CREATE TRIGGER reference_changed_{table}_{change.lower()} AFTER "
                       f"{change} ON {table} BEGIN UPDATE reference_version "
                       f"SET version = version + 1; END"
                       for table in WATCHED for change in ("INSERT", "UPDATE", "DELETE")]
    return statements


def drop_statements(dialect: str) -> list[str]:
    if dialect == "postgresql":
        return [*(f"DROP TRIGGER IF EXISTS reference_changed ON {table}" for table in WATCHED),
                "DROP FUNCTION IF EXISTS reference_changed()"]
    return [f"DROP TRIGGER IF EXISTS reference_changed_{table}_{change}"
            for table in WATCHED for change in ("insert", "update", "delete")]


def made_with_triggers(version_table: str, statements) -> None:
    """`create_all` (the tests, the benchmark data) makes a version's row and triggers, the
    SQL `statements(dialect)` gives, as its migration does; only when it made the version's
    table, not on a second call that made nothing."""

    @event.listens_for(db.metadata, "after_create")
    def _with_triggers(metadata, connection, tables=(), **_):
        if any(table.name == version_table for table in tables or ()):
            for statement in statements(connection.dialect.name):
                connection.exec_driver_sql(statement)


made_with_triggers(ReferenceVersion.__tablename__, trigger_statements)
