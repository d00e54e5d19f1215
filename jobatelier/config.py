"""Configuration layers: these defaults, then the instance `config.py`, then `JOBATELIER_*`
environment variables, then the mapping a test passes to `create_app`."""

import os
import secrets
from pathlib import Path

DEFAULTS = {
    "SQLALCHEMY_DATABASE_URI": None,  # filled in with the instance folder's SQLite file
    "TIMEZONE": "Europe/Brussels",
    "BABEL_DEFAULT_LOCALE": "nl",
    "BABEL_DEFAULT_TIMEZONE": "Europe/Brussels",
    "BABEL_TRANSLATION_DIRECTORIES": "../translations",
    "LANGUAGES": ["nl", "fr", "en"],
    # Volunteers may enter a visit late, but not from long ago, and correct it for two weeks.
    "LATE_ENTRY_DAYS": 90,
    "CORRECTION_DAYS": 14,
    "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    # Published report tables show counts from 1 to k-1 as "< k" (access.py says who may
    # switch that off for internal use).
    "REPORT_MIN_CELL": 5,
    # Visitor codes and notes older than this may be purged (jobatelier purge).
    "RETENTION_YEARS": 5,
    # The handover import refuses larger files, and larger uploads on its page.
    "HANDOVER_MAX_FILE_BYTES": 2 * 1024**3,
    "HANDOVER_MAX_UPLOAD_BYTES": 512 * 1024**2,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session; a desk shift is long
    # A session ends after this long without a request, and after one desk shift in any case.
    "SESSION_IDLE_MINUTES": 15,
    "SESSION_ABSOLUTE_HOURS": 8,
    # Per account (the whole desk shares one IP): this many failures lock it for a while.
    "LOGIN_MAX_FAILURES": 10,
    "LOGIN_LOCK_MINUTES": 15,
}


def load_environment(app):
    """Apply `JOBATELIER_*` variables; DATABASE_URL is the one name people expect."""
    app.config.from_prefixed_env("JOBATELIER")
    if app.config.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = app.config["DATABASE_URL"]


def finish(app):
    """Fill in what the layers left open: the SQLite file, the secret key, the psycopg driver."""
    instance = Path(app.instance_path)
    uri = app.config.get("SQLALCHEMY_DATABASE_URI")
    if not uri:
        instance.mkdir(parents=True, exist_ok=True)
        uri = f"sqlite:///{instance / 'jobatelier.sqlite3'}"
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(uri)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(instance)


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL whatever spelling the operator used."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def instance_secret_key(instance: Path) -> str:
    """Read the instance's secret key, generating it on first run (never a hard-coded key)."""
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        # Written aside and linked into place, so that workers starting together agree on one key.
        draft = instance / f".secret_key.{os.getpid()}"
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()
