"""Access control in one place: which role may do what, and which locations a user sees.

Every view is declared with `@require(action)` (or `@public`); services take the user and
scope their queries with `scope_to_user`. A test walks the URL map to hold every view to this.
"""

from functools import wraps

from flask import abort, session
from flask_login import current_user, login_required
from sqlalchemy import select

from .extensions import db
from .models import Location, User, user_locations

POLICY = {
    "desk": {"volunteer", "coordinator", "admin"},  # register and look up visits
    "correct": {"volunteer", "coordinator", "admin"},  # time limits for volunteers: services
    "reports": {"coordinator", "admin"},
    "export": {"coordinator", "admin"},  # their own locations; admins all
    "admin": {"admin"},
}


def permitted(user, action: str) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.role in POLICY[action]


def require(action: str):
    """Decorate a view: log in first, then the role must be allowed `action` (else 403)."""
    if action not in POLICY:
        raise ValueError(f"unknown action {action!r}")

    def decorate(view):
        @wraps(view)
        @login_required
        def guarded(*args, **kwargs):
            if not permitted(current_user, action):
                abort(403)
            return view(*args, **kwargs)

        guarded.access = action
        return guarded

    return decorate


def public(view):
    """Mark a view that anyone may open (the login page, the language switch)."""
    view.access = "public"
    return view


def scope_to_user(stmt, location_column, user: User):
    """Restrict `stmt` to rows whose `location_column` is one of the user's locations."""
    if user.role == "admin":
        return stmt
    mine = select(user_locations.c.location_id).where(user_locations.c.user_id == user.id)
    return stmt.where(location_column.in_(mine))


def visible_locations(user: User) -> list[Location]:
    """The active locations the user works at (all of them for an admin), by name."""
    stmt = select(Location).where(Location.active.is_(True)).order_by(Location.name)
    return list(db.session.scalars(scope_to_user(stmt, Location.id, user)))


def current_location() -> Location | None:
    """The desk this session works at: the one picked (remembered), or the only one there is."""
    locations = visible_locations(current_user)
    by_id = {location.id: location for location in locations}
    picked = by_id.get(session.get("location_id"))
    if picked is None and len(locations) == 1:
        picked = locations[0]
    return picked


def remember_location(location_id: int) -> bool:
    """Pick a desk for this session, if the user may work there."""
    if location_id in {location.id for location in visible_locations(current_user)}:
        session["location_id"] = location_id
        return True
    return False
