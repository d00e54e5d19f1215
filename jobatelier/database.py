"""Connection settings that keep every registered visit, whatever the database, and the
transactions that hold SQLite's write lock."""

from contextlib import contextmanager
from functools import wraps

from flask import Flask, g, has_app_context, has_request_context, request
from sqlalchemy import event

from .extensions import db

MMAP_BYTES = 1 << 30
# The reports count with aggregate FILTERs and window functions (reports/figures.py): older
# SQLite libraries (3.26, say, as on RHEL 8) fail at the first report with a syntax error.
OLDEST_SQLITE = (3, 30, 0)
UNMAPPED = "jobatelier.unmapped"  # a pooled connection's note: its map is off
CHANGES_AT_BEGIN = "jobatelier.changes_at_begin"  # a connection's note: its total_changes then


def tune_connections(app: Flask) -> None:
    """On SQLite: foreign keys enforced, WAL so readers never block the desk, a busy timeout,
    fsync on every commit, pages read through a memory map, and write transactions that take
    the write lock up front. On PostgreSQL: no JIT compilation."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "postgresql":
        _without_jit(engine)
        return
    if engine.dialect.name != "sqlite":
        return
    check_sqlite_version(engine.dialect.dbapi.sqlite_version_info)

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        # The app emits BEGIN itself (below), so pysqlite must not start transactions.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA synchronous=FULL")
        # Read pages straight from the operating system's cache rather than copying them into
        # each connection's small page cache: the reports on a million visits read a few
        # hundred megabytes of indexes (their figures took 40% less time). Address space only.
        cursor.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
        if ":memory:" not in app.config["SQLALCHEMY_DATABASE_URI"]:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "checkin")
    def on_checkin(dbapi_connection, record):
        if record.info.pop(UNMAPPED, False) and dbapi_connection is not None:
            dbapi_connection.execute(f"PRAGMA mmap_size={MMAP_BYTES}")

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        # A transaction that reads and then writes cannot wait for the lock once another
        # worker has written ("database is locked"); one that takes it first simply waits.
        connection.exec_driver_sql("BEGIN IMMEDIATE" if takes_write_lock() else "BEGIN")
        connection.info[CHANGES_AT_BEGIN] = connection.connection.driver_connection.total_changes


def check_sqlite_version(found: tuple) -> None:
    """At the start, not at the first report: the SQLite library Python was built with must be
    OLDEST_SQLITE or newer."""
    if tuple(found) < OLDEST_SQLITE:
        raise RuntimeError(
            f"SQLite {'.'.join(map(str, found))} is too old: Jobatelier desk needs "
            f"{'.'.join(map(str, OLDEST_SQLITE))} or newer (a Python 3.11 built with a newer "
            f"SQLite, or PostgreSQL).")


def has_written(connection) -> bool:
    """The SQLite `connection`'s transaction has written rows (which may yet be rolled back);
    PostgreSQL keeps no such count."""
    if connection.dialect.name != "sqlite":
        raise NotImplementedError("SQLite only")
    total = connection.connection.driver_connection.total_changes
    return total != connection.info.get(CHANGES_AT_BEGIN, total)


def _without_jit(engine) -> None:
    """The report's queries look costly to PostgreSQL's planner (a per-visitor subquery in a
    conditional count), so it compiles them, which takes longer than running them: half a
    second of each yearly-figures query on a million visits."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET jit = off")
        dbapi_connection.commit()


def takes_write_lock() -> bool:
    """Requests that change data (and the command line) write; GET requests only read, and
    so do the reads of a `reads_first` view before its `write_transaction` and a report's
    figures worked out in a thread of their own (reports/kept.py)."""
    if has_app_context() and g.get("writing"):
        return True
    if has_app_context() and g.get("only_reading"):
        return False
    return not has_request_context() or request.method not in ("GET", "HEAD", "OPTIONS")


def only_reading_from_now() -> None:
    """The rest of this request only reads (a long export after its audit entry): its
    transactions need not hold the write lock that the desk is waiting for."""
    g.only_reading = True


def reads_first(view):
    """Decorate a view whose service reads, then writes in one `write_transaction`: the
    request holds SQLite's write lock only for those writes, so desks registering at the same
    moment are served side by side instead of one whole request after the other."""

    @wraps(view)
    def reading(*args, **kwargs):
        only_reading_from_now()
        return view(*args, **kwargs)

    return reading


def without_memory_map(connection) -> None:
    """Read through SQLite's page cache, not the memory map, for the rest of one long pass
    over whole tables (the export): read once and in order, it gains nothing from the map,
    and every page it touched would stay mapped into the process, whose memory would then
    grow with the database instead of staying flat. The connection is mapped again when it
    goes back to the pool (`tune_connections`), however the pass ends: a download the client
    drops may be closed after its connection is gone."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("PRAGMA mmap_size=0")
        connection.info[UNMAPPED] = True


@contextmanager
def write_transaction():
    """End the reads so far (they wrote nothing) and write in a transaction of its own that
    takes the write lock up front and commits at the end, or writes nothing at all. A fact
    that another request may change in between is read again inside it, written as a
    conditional statement, or guarded by a constraint (a visitor's row, by its foreign key)."""
    db.session.commit()
    g.writing = True
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    finally:
        g.writing = False
