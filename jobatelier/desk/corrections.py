"""Who may still correct a visit or an outcome, and refusing a save over someone else's."""

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError

from ..access import may_correct
from ..errors import RuleError
from ..extensions import db
from ..models import User

STALE_MESSAGE = _l(
    "Someone else changed this in the meantime. Look at their change and try again.")


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
