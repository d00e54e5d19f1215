"""Access control in one place: which role may do what, and which locations a user sees.

Every view is declared with `@require(action)` (or `@public`); services take the user and
scope their queries with `scope_to_user`. A test walks the URL map to hold every view to this.
"""

from datetime import timedelta
from functools import wraps

from flask import abort, current_app
from flask_login import current_user, login_required
from sqlalchemy import select

from . import reference
from .extensions import db
from .models import Location, User, user_locations
from .timeutil import utcnow

POLICY = {
    "stay_logged_in": {"volunteer", "coordinator", "admin", "coach"},  # the idle timeout's warning
    "desk": {"volunteer", "coordinator", "admin"},  # register and look up visits
    "correct": {"volunteer", "coordinator", "admin"},  # within the limits below
    # Without these, a volunteer enters a visit at most LATE_ENTRY_DAYS late and corrects
    # an entry for CORRECTION_DAYS after it was made.
    "groups": {"volunteer", "coordinator", "admin"},  # groups, participants, sessions
    "queue": {"volunteer", "coordinator", "admin"},  # the desk's walk-in queue and its screen
    # Land on the desk worked at last, across logins; a volunteer at a shared PC picks it.
    "return_to_last_location": {"coordinator", "admin"},
    # Trajectories: coordinators and admins start and manage those of their locations;
    # coaching is seeing trajectories and recording their meetings and the coachee's outcomes
    # (a role without "trajectories" sees only the ones it coaches).
    "trajectories": {"coordinator", "admin"},
    "coaching": {"coach", "coordinator", "admin"},
    "be_coach": {"coach"},  # the account may be a trajectory's coach (it needs no location)
    "enter_late": {"coordinator", "admin"},
    "correct_any_time": {"coordinator", "admin"},
    "reports": {"coordinator", "admin"},
    "raw_counts": {"coordinator", "admin"},  # reports without small-cell suppression
    "export": {"coordinator", "admin"},  # their own locations; admins all
    "import": {"admin"},
    "administer": {"admin"},
    "all_locations": {"admin"},  # every location, without being linked to it
}


def this_user():
    """The user of this request itself, not the `current_user` proxy: for code that asks
    about them more than once (each look-up through the proxy runs Flask-Login's again)."""
    return current_user._get_current_object()


def permitted(user, action: str) -> bool:
    """True when `user` is logged in and their role may do `action`."""
    return bool(getattr(user, "is_authenticated", False)) and user.role in POLICY[action]


def role_may(role: str, action: str) -> bool:
    """Whether a role may do `action` (for rules about accounts, before anyone logs in)."""
    return role in POLICY[action]


def can(action: str) -> bool:
    """`permitted` for the user of this request: templates ask this, never a role."""
    return permitted(this_user(), action)


def require(action: str):
    """Decorate a view: log in first, then the role must be allowed `action` (else 403)."""
    if action not in POLICY:
        raise ValueError(f"unknown action {action!r}")

    def decorate(view):
        @wraps(view)
        @login_required
        def guarded(*args, **kwargs):
            if not permitted(this_user(), action):
                abort(403)
            return view(*args, **kwargs)

        guarded.access = action
        return guarded

    return decorate


def public(view):
    """Mark a view that anyone may open (the login page, the language switch)."""
    view.access = "public"
    return view


def unattended(view):
    """Mark a view that a screen opens by itself (the waiting room's, reloading every few
    seconds): it does not count as activity, so the idle timeout still ends the session."""
    view.unattended = True
    return view


def is_unattended(view) -> bool:
    return getattr(view, "unattended", False)


def scope_to_user(stmt, location_column, user: User):
    """Restrict `stmt` to rows whose `location_column` is one of the user's locations."""
    if permitted(user, "all_locations"):
        return stmt
    mine = select(user_locations.c.location_id).where(user_locations.c.user_id == user.id)
    return stmt.where(location_column.in_(mine))


def visible_locations(user: User) -> list[Location]:
    """The active locations the user works at (all of them for an admin), by name."""
    if not permitted(user, "all_locations"):
        kept = reference.active_locations(user)
        if kept is not None:
            return kept
    stmt = select(Location).where(Location.active.is_(True)).order_by(Location.name)
    return list(db.session.scalars(scope_to_user(stmt, Location.id, user)))


def may_correct(user: User, row) -> bool:
    """A row at one of the user's locations, not handed over; roles that may not correct at
    any time correct what was entered in the last CORRECTION_DAYS. (A page may list rows of
    other locations, such as a coachee's outcomes recorded elsewhere: no link to correct them.)"""
    if row.location.handed_over_on is not None:
        return False
    if permitted(user, "desk") and not permitted(user, "all_locations") \
            and row.location not in user.locations:
        return False  # a coach's rows are scoped by the trajectories they coach
    if permitted(user, "correct_any_time"):
        return True
    limit = timedelta(days=current_app.config["CORRECTION_DAYS"])
    return utcnow() - row.created_at <= limit


def correctable(row):
    """A visit or outcome found at the user's locations (else a 404) that they may still
    correct (else a 403: not a form refused only when it is saved)."""
    if row is None:
        abort(404)
    if not may_correct(this_user(), row):
        abort(403)
    return row


def init_app(app) -> None:
    """Templates ask `can(action)` and `may_correct(row)`, never a role by name."""
    app.jinja_env.globals.update(
        can=can, may_correct=lambda row: may_correct(current_user, row))
