"""A form typed into a session that timed out, kept until its own user logs in again.

A conversation at the desk lasts 20 to 90 minutes; the idle timeout is 15. When Save arrives
after the timeout on a form that opted in (`@keeps_typed_form`: the visit and outcome forms),
what was typed is kept in the signed session cookie (a few hundred bytes, with the desk it
was typed at), the login page says why, and after the same user logs in again the same form
comes back filled, at the same desk, to be saved with one key. Never kept: the CSRF token, a
password, text the privacy guard refuses. Dropped when another user logs in, at logout, once
shown, and when found older than KEEP_SECONDS.
"""

import time

from flask import current_app, request, session
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from .privacy import personal_data_problem

KEY = "pending_form"
KEEP_SECONDS = 60 * 60
NEVER_KEPT = {"csrf_token", "password"}


def keeps_typed_form(view):
    """Mark a view whose form is kept over a timeout (it must also answer GET)."""
    view.keeps_typed_form = True
    return view


def keep_if_wanted(user_id: int) -> bool:
    """Keep what this POST carried for `user_id`, whose session just timed out, if its view
    opted in; True when it was kept."""
    view = current_app.view_functions.get(request.endpoint)
    if request.method != "POST" or not getattr(view, "keeps_typed_form", False):
        return False
    typed = [(name, value) for name, value in request.form.items(multi=True)
             if name not in NEVER_KEPT and not personal_data_problem(value)]
    session[KEY] = {"user": user_id, "path": request.path, "form": typed,
                    "location": session.get("location_id"), "at": time.time()}
    return True


def carry_over(old: dict, user_id: int) -> str | None:
    """After `session.clear()` at login: put back the form kept in `old` (the session before
    the login) for this same user, with the desk it was typed at; the path to go back to."""
    kept = old.get(KEY)
    if not _fresh_for(kept, user_id):
        return None
    session[KEY] = kept
    if kept.get("location") is not None:
        session["location_id"] = kept["location"]
    return kept["path"]


def take(path: str) -> MultiDict | None:
    """The form kept for this page and the logged-in user, once; None when there is none."""
    kept = session.get(KEY)
    if not kept or kept["path"] != path or not current_user.is_authenticated:
        return None
    session.pop(KEY)
    return MultiDict(kept["form"]) if _fresh_for(kept, current_user.id) else None


def _fresh_for(kept: dict | None, user_id: int) -> bool:
    return bool(kept) and kept["user"] == user_id and time.time() - kept["at"] <= KEEP_SECONDS
