"""Backups of the embedded SQLite database, consistent while desks keep registering."""

import sqlite3
from pathlib import Path

from .extensions import db


class BackupError(RuntimeError):
    pass


def sqlite_path() -> Path:
    """The database file, or BackupError when the app runs on another database."""
    url = db.engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise BackupError(
            "This instance does not run on a SQLite file. For PostgreSQL use pg_dump, e.g. "
            "`pg_dump -Fc --no-owner DATABASE > jobatelier.dump`, and pg_restore to restore.")
    return Path(url.database)


def backup_sqlite(out: Path) -> int:
    """Copy the live database into `out` with SQLite's online backup API (a consistent
    snapshot, even under load), then check the copy; returns the number of visits in it."""
    out = Path(out)
    if out.exists():
        raise BackupError(f"{out} exists already; choose a new file.")
    source = sqlite3.connect(sqlite_path())
    target = sqlite3.connect(out)
    try:
        with target:
            source.backup(target)
        verdict = target.execute("PRAGMA integrity_check").fetchone()[0]
        if verdict != "ok":
            raise BackupError(f"the copy fails its integrity check: {verdict}")
        return target.execute("SELECT count(*) FROM visits").fetchone()[0]
    finally:
        source.close()
        target.close()
