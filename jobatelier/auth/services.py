"""Personal accounts: argon2id password hashes, authentication, creating and changing users."""

import functools
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from .. import audit
from ..access import role_may
from ..errors import RuleError
from ..extensions import db
from ..models import ROLES, AuditEntry, Location, User
from ..timeutil import utcnow
from .sessions import end_all_sessions

# argon2-cffi's defaults are argon2id with the RFC 9106 low-memory profile.
hasher = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """Checked when the username is unknown too, so the answer takes as long either way.
    Made on first use: an argon2 hash takes 64 MiB, which no other process needs to pay."""
    return hasher.hash(secrets.token_hex(16))

MIN_PASSWORD = 12
MAX_PASSWORD = 128


def password_problem(username: str, password: str):
    """Why `password` is not acceptable for `username`, or None when it is."""
    if len(password) < MIN_PASSWORD:
        return _l("A password has at least %(n)d characters.", n=MIN_PASSWORD)
    if len(password) > MAX_PASSWORD:
        return _l("A password has at most %(n)d characters.", n=MAX_PASSWORD)
    if username and username.strip().lower() in password.lower():
        return _l("A password may not contain the username.")
    return None


def generate_password() -> str:
    """A random password that is easy to type once: 4 groups of 4 characters."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


def authenticate(username: str, password: str) -> User:
    """The active user with this username and password; RuleError otherwise. Every attempt
    is audited (never the password), and the failures count towards the account's lock."""
    user = db.session.scalar(select(User).where(func.lower(User.username) == username.lower()))
    if user is not None and is_locked(user):
        audit.record(user, "login_locked")
        db.session.commit()
        minutes = current_app.config["LOGIN_LOCK_MINUTES"]
        raise RuleError("password", _l(
            "Too many failed attempts: this account is locked for %(minutes)d minutes.",
            minutes=minutes))
    stored = user.password_hash if user else _dummy_hash()
    try:
        valid = hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        valid = False
    if valid and user is not None and user.active:
        if hasher.check_needs_rehash(user.password_hash):
            user.password_hash = hasher.hash(password)
        audit.record(user, "login")
        db.session.commit()
        return user
    audit.record(user, "login_failed", detail={"username": username[:64]})
    db.session.commit()
    raise RuleError("password", _l("Unknown username or wrong password."))


def is_locked(user: User) -> bool:
    """Counted in the database, so every gunicorn worker sees the same failures."""
    since = utcnow() - timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"])
    failures = db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.user_id == user.id, AuditEntry.action == "login_failed",
        AuditEntry.at >= since))
    return failures >= current_app.config["LOGIN_MAX_FAILURES"]


def create_user(
    username: str,
    role: str,
    password: str,
    location_codes: list[str] = (),
    actor: User | None = None,
) -> User:
    """Create an account; raises RuleError naming the field when a rule is broken."""
    username = username.strip()
    if not username or len(username) > 64:
        raise RuleError("username", _l("A username has 1 to 64 characters."))
    if role not in ROLES:
        raise RuleError("role", _l("Unknown role."))
    if not password:
        raise RuleError("password", _l("Give the new account a password."))
    exists = select(User.id).where(func.lower(User.username) == username.lower())
    if db.session.scalar(exists) is not None:
        raise RuleError("username", _l("This username is taken."))
    problem = password_problem(username, password)
    if problem:
        raise RuleError("password", problem)
    user = User(username=username, role=role, password_hash=hasher.hash(password))
    user.locations = _locations_for(role, location_codes)
    db.session.add(user)
    db.session.flush()
    audit.record(actor, "user_created", object_type="user", object_id=user.id,
                 detail={"username": username, "role": role, "locations": list(location_codes)})
    db.session.commit()
    return user


def update_user(
    user: User,
    *,
    role: str,
    active: bool,
    location_codes: list[str],
    password: str | None,
    actor: User,
) -> None:
    """Change an account's role, locations, state or password, and audit it."""
    if role not in ROLES:
        raise RuleError("role", _l("Unknown role."))
    if password:
        problem = password_problem(user.username, password)
        if problem:
            raise RuleError("password", problem)
        user.password_hash = hasher.hash(password)
    user.role = role
    user.active = active
    user.locations = _locations_for(role, location_codes)
    audit.record(actor, "user_changed", object_type="user", object_id=user.id,
                 detail={"username": user.username, "role": role, "active": active,
                         "locations": list(location_codes),
                         "password_changed": bool(password)})
    db.session.commit()
    if not active or password:
        end_all_sessions(user, "disabled" if not active else "password")


def _locations_for(role: str, codes) -> list[Location]:
    """The locations of an account; a role that works at a desk and sees only its own
    locations needs one (a coach sees the trajectories they coach, wherever they are)."""
    if role_may(role, "desk") and not role_may(role, "all_locations") and not codes:
        raise RuleError("locations", _l("Tick at least one location for this role."))
    return _locations(codes)


def _locations(codes) -> list[Location]:
    codes = list(dict.fromkeys(codes))
    found = list(db.session.scalars(select(Location).where(Location.code.in_(codes))))
    missing = set(codes) - {location.code for location in found}
    if missing:
        raise RuleError(
            "locations", _l("Unknown location: %(codes)s", codes=", ".join(sorted(missing)))
        )
    return found


def save_language(user: User, language: str) -> None:
    """The account keeps the language its user picked, for their next login."""
    user.language = language
    db.session.commit()


def path_on_this_site(target: str) -> str | None:
    """`target` when it is a plain path on this site, else None: never an open redirect
    (`//host`, or `/\\host`, which browsers read as `//host`), never a header split by a
    line break or another control character."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(ord(char) < 32 or ord(char) == 127 for char in target):
        return None
    return target
