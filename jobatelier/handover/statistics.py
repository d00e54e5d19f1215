"""After a bulk write, the planner's statistics brought up to date, so that the first report
after an import is as fast as on an instance filled by the app itself: without them SQLite
took 90-102 s for a yearly CSV it serves in 0.7 s once analysed (issue 18)."""

from flask import current_app
from sqlalchemy import text

from ..extensions import db


def analyse(tables) -> None:
    """In the import's transaction: the statistics of the tables it wrote (SQLite's
    `sqlite_stat1`, PostgreSQL's `pg_statistic`), which take effect with its commit."""
    connection = db.session.connection()
    quote = connection.dialect.identifier_preparer.quote
    for table in tables:
        connection.execute(text(f"ANALYZE {quote(table)}"))
    if connection.dialect.name == "sqlite" and tables:
        # Once sqlite_stat1 exists, ANALYZE changes no schema, and the other connections (a
        # running gunicorn's pool) would go on planning with the statistics they loaded with
        # it. Any change of the schema makes each of them load it again, statistics included.
        connection.execute(text("CREATE TABLE statistics_renewed (renewed INTEGER)"))
        connection.execute(text("DROP TABLE statistics_renewed"))


def after_commit(tables) -> None:
    """Once the import is committed: SQLite's write-ahead log, which holds every page the
    import wrote (590 MB for a million visits), is written back and emptied, so that readers
    do not search it; PostgreSQL's new rows are marked visible to all (VACUUM), so that the
    reports' index-only scans need not visit the table, which VACUUM cannot do inside a
    transaction."""
    try:
        _write_back(tables)
    except Exception:  # the import is in: a busy log or a refused VACUUM must not undo that
        current_app.logger.warning("After the import: the write-back or VACUUM failed; the "
                                   "next checkpoint or autovacuum does it", exc_info=True)


def _write_back(tables) -> None:
    engine = db.engine
    # The driver's own connection: no transaction of the app's around these two statements.
    connection = engine.raw_connection()
    try:
        driver = connection.driver_connection
        if engine.dialect.name == "sqlite":
            driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        elif engine.dialect.name == "postgresql" and tables:  # none: not the whole database
            quote = engine.dialect.identifier_preparer.quote
            driver.autocommit = True
            try:
                driver.execute(f"VACUUM {', '.join(quote(table) for table in tables)}")
            finally:
                driver.autocommit = False
    finally:
        connection.close()
