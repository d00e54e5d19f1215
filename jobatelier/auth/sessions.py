"""Server-side sessions: a login is a row; the signed cookie carries its token and the time
of the last request. The rules are here; views and the user loader only pass the cookie in."""

import secrets
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import bindparam, select, update

from .. import reference
from ..extensions import db
from ..models import ReferenceVersion, User, UserSession
from ..timeutil import utcnow

# Every request reads it, so it is built once; of the session only its start (one object
# to load, the user, not two). The reference version comes along (no statement of its own):
# what this worker keeps of the help types and locations serves the request if it was read
# at that version (jobatelier/reference.py).
LIVE_SESSION = select(
    UserSession.created_at, User,
    select(ReferenceVersion.version).where(ReferenceVersion.id == 1).scalar_subquery(),
).join(User).where(UserSession.id == bindparam("token"), UserSession.ended_at.is_(None))


def start_session(user: User) -> str:
    """A new session for `user`; its token goes into the cookie (a new one at every login)."""
    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(id=token, user_id=user.id))
    db.session.commit()
    return token


def session_user(token: str | None, last_seen: float | None, now: datetime) -> User | None:
    """The user of a live session, or None. An idle or too old session is ended for good."""
    if not token:
        return None
    found = db.session.execute(LIVE_SESSION, {"token": token}).first()
    if found is None:
        return None
    started, user, version = found
    reference.read_at(version)
    idle = timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])
    shift = timedelta(hours=current_app.config["SESSION_ABSOLUTE_HOURS"])
    seen = datetime.fromtimestamp(last_seen, UTC).replace(tzinfo=None) if last_seen \
        else started
    if now - seen > idle:
        end_session(token, "idle")
        return None
    if now - started > shift:
        end_session(token, "absolute")
        return None
    return user if user.active else None


def timed_out_owner(token: str | None) -> int | None:
    """The account whose session this was, if it ended by a timeout (not a logout, nor a
    disabled account or a changed password), else None."""
    if not token:
        return None
    return db.session.scalar(select(UserSession.user_id).where(
        UserSession.id == token, UserSession.ended_because.in_(("idle", "absolute"))))


def end_session(token: str | None, because: str) -> None:
    """End one session (logout, a timeout)."""
    if token:
        _end(UserSession.id == token, because)


def end_all_sessions(user: User, because: str) -> None:
    """End every open session of an account (it was disabled, or its password changed)."""
    _end(UserSession.user_id == user.id, because)


def _end(condition, because: str) -> None:
    # A fresh transaction that starts with its write: on SQLite it waits for the lock instead
    # of failing, as an upgrade from a read could.
    db.session.rollback()
    db.session.execute(update(UserSession).where(condition, UserSession.ended_at.is_(None))
                       .values(ended_at=utcnow(), ended_because=because))
    db.session.commit()
