"""Writing the audit log: every change a user makes adds one entry in the same transaction."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import insert

from .extensions import db
from .models import AuditEntry, User

# i18n: what an entry of the audit log says was done, for the administrators' page.
ACTIONS = {
    "login": _l("Logged in"),
    "login_failed": _l("Login failed"),
    "login_locked": _l("Account locked after failed logins"),
    "visit_registered": _l("Visit registered"),
    "visit_changed": _l("Visit corrected"),
    "visit_deleted": _l("Visit deleted"),
    "outcome_recorded": _l("Outcome recorded"),
    "outcome_changed": _l("Outcome corrected"),
    "outcome_deleted": _l("Outcome deleted"),
    "group_created": _l("Group created"),
    "group_changed": _l("Group changed"),
    "group_cancelled": _l("Group cancelled"),
    "group_reopened": _l("Cancelled group reopened"),
    "group_member_added": _l("Participant enrolled in a group"),
    "group_member_left": _l("Participant left a group"),
    "group_member_changed": _l("Group participant corrected"),
    "group_member_removed": _l("Group participant removed"),
    "group_session_recorded": _l("Group session recorded"),
    "group_session_changed": _l("Group session corrected"),
    "group_session_deleted": _l("Group session deleted"),
    "trajectory_started": _l("Trajectory started"),
    "trajectory_changed": _l("Trajectory corrected"),
    "trajectory_coach_changed": _l("Trajectory's coach changed"),
    "trajectory_ended": _l("Trajectory ended"),
    "trajectory_deleted": _l("Trajectory deleted"),
    "trajectory_meeting_recorded": _l("Trajectory meeting recorded"),
    "trajectory_meeting_changed": _l("Trajectory meeting corrected"),
    "trajectory_meeting_deleted": _l("Trajectory meeting deleted"),
    "queue_joined": _l("Joined the queue"),
    "queue_called": _l("Called from the queue"),
    "queue_left": _l("Left the queue without help"),
    "queue_requeued": _l("Back in the queue"),
    "queue_closed": _l("Queues of earlier days closed"),
    "location_created": _l("Location added"),
    "location_changed": _l("Location changed"),
    "help_type_created": _l("Help type added"),
    "help_type_changed": _l("Help type changed"),
    "help_type_moved": _l("Help type moved"),
    "user_created": _l("Account created"),
    "user_changed": _l("Account changed"),
    "export": _l("Export"),
    "import": _l("Import"),
    "handover": _l("Handover"),
    "purge": _l("Purge (retention)"),
}
# i18n: the kind of thing an audit log entry is about.
OBJECT_TYPES = {
    "visit": _l("Visit"),
    "outcome": _l("Outcome"),
    "group": _l("Group"),
    "group_member": _l("Group participant"),
    "group_session": _l("Group session"),
    "trajectory": _l("Trajectory"),
    "trajectory_meeting": _l("Trajectory meeting"),
    "queue": _l("Queue ticket"),
    "location": _l("Location"),
    "help_type": _l("Help type"),
    "user": _l("Account"),
    "export": _l("Export"),
    "import": _l("Import"),
}

INSERT = insert(AuditEntry.__table__)


def action_label(action: str) -> str:
    """The translated name of an audit action (the code itself for one we do not know)."""
    return str(ACTIONS.get(action, action))


def object_label(object_type: str | None) -> str:
    return str(OBJECT_TYPES.get(object_type, object_type or ""))


def subject(entry: AuditEntry) -> str:
    """What an entry is about, as a person reads it: a visitor's code or an account's name,
    a location's or help type's code, a queue ticket's number; never a visit's or outcome's
    internal id."""
    detail = entry.detail or {}
    if detail.get("visitor"):
        return detail["visitor"].upper()
    if detail.get("username"):
        return detail["username"]
    if entry.object_type in ("location", "help_type"):
        return entry.object_id or ""
    if entry.object_type == "queue" and detail.get("number"):
        return str(detail["number"])  # the ticket's number of its day
    if detail.get("title"):  # a group's title, never a person's name (the title's guard)
        return detail["title"]
    return ""


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
    db.session.add(AuditEntry(**_entry(user, action, location_id=location_id,
                                       object_type=object_type, object_id=object_id,
                                       detail=detail)))


def write(user: User | None, action: str, **fields) -> None:
    """Insert an entry at once, in the transaction of the change it describes, as `record`
    would at the next flush: for a change written without one (the desk's new visit)."""
    db.session.connection().execute(INSERT, _entry(user, action, **fields))


def _entry(user: User | None, action: str, *, location_id: int | None = None,
           object_type: str | None = None, object_id: str | int | None = None,
           detail: dict | None = None) -> dict:
    return {"user_id": user.id if user else None, "username": user.username if user else None,
            "action": action, "location_id": location_id, "object_type": object_type,
            "object_id": None if object_id is None else str(object_id), "detail": detail}
