"""Time at the desk: the database keeps the desk's wall-clock time for visits, UTC elsewhere."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app


def utcnow() -> datetime:
    """Naive UTC now, the form every created_at/updated_at column stores."""
    return datetime.now(UTC).replace(tzinfo=None)


def desk_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["TIMEZONE"])


def local_now() -> datetime:
    """Naive wall-clock time at the desk, to the minute (how volunteers think of arrivals)."""
    return datetime.now(desk_zone()).replace(tzinfo=None, second=0, microsecond=0)


def local_today() -> date:
    return local_now().date()
