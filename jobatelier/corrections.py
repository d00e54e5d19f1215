"""Who may still correct a visit or an outcome, and refusing a save over someone else's."""

from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError

from .errors import RuleError
from .extensions import db
from .models import User
from .timeutil import utcnow

STALE_MESSAGE = _l(
    "Someone else changed this in the meantime. Look at their change and try again.")


def may_correct(user: User, row) -> bool:
    """Volunteers correct what was entered in the last CORRECTION_DAYS; others, always.
    The row is already scoped to the user's locations by the look-up that found it."""
    if row.location.handed_over_on is not None:
        return False
    if user.role != "volunteer":
        return True
    limit = timedelta(days=current_app.config["CORRECTION_DAYS"])
    return utcnow() - row.created_at <= limit


def check_may_correct(user: User, row) -> None:
    if not may_correct(user, row):
        raise RuleError(
            None,
            _l("This can no longer be changed here. Ask a coordinator to correct it."),
        )


def check_open(location) -> None:
    """A location that was handed over keeps its history here, read-only."""
    if location.handed_over_on is not None:
        raise RuleError(None, _l("This location has been handed over; its data is read-only."))


def save_correction() -> None:
    """Commit a correction; when another worker saved the same row after we read it, the
    version column makes the UPDATE match nothing, and the change is refused, not lost."""
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise RuleError(None, STALE_MESSAGE) from None


def check_version(row, version: int | None) -> None:
    """The form carries the version it was opened at; a newer one means someone else saved."""
    if version != row.version:
        raise RuleError(None, STALE_MESSAGE)
