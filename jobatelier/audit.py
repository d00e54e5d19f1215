"""Writing the audit log: every change a user makes adds one entry in the same transaction."""

from .extensions import db
from .models import AuditEntry, User


def record(
    user: User | None,
    action: str,
    *,
    location_id: int | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    detail: dict | None = None,
) -> None:
    """Add an entry to the session; it is committed with the change it describes."""
    db.session.add(
        AuditEntry(
            user_id=user.id if user else None,
            username=user.username if user else None,
            action=action,
            location_id=location_id,
            object_type=object_type,
            object_id=None if object_id is None else str(object_id),
            detail=detail,
        )
    )
