"""A form typed into a session that timed out, kept until its own user logs in again.

A conversation at the desk lasts 20 to 90 minutes; the idle timeout is 15. When Save arrives
after the timeout, what was typed is kept in the signed session cookie (a few hundred bytes:
the form's fields, never a password), the login page says why, and after the same user logs
in again the same form comes back filled, to be saved with one key. It is dropped when
another user logs in, at logout, once shown, and after KEEP_SECONDS in any case.
"""

import time

from flask import session
from flask_login import current_user
from werkzeug.datastructures import MultiDict

KEY = "pending_form"
KEEP_SECONDS = 60 * 60
NEVER_KEPT = {"csrf_token", "password"}


def keep(user_id: int, path: str, form: MultiDict) -> None:
    """Keep what was posted to `path` by `user_id`, whose session just timed out."""
    typed = [(name, value) for name, value in form.items(multi=True) if name not in NEVER_KEPT]
    session[KEY] = {"user": user_id, "path": path, "form": typed, "at": time.time()}


def waiting_for(user_id: int) -> str | None:
    """The path of the form kept for `user_id` (to go back to after logging in), or None;
    a form kept for another user, or for too long, is dropped here."""
    kept = session.get(KEY)
    if not _fresh_for(kept, user_id):
        session.pop(KEY, None)
        return None
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
