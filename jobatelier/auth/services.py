"""Personal accounts: argon2id password hashes, authentication, creating and changing users."""

import functools
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from .. import audit
from ..errors import RuleError
from ..extensions import db
from ..models import ROLES, Location, User

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


def load_user(user_id: str) -> User | None:
    """Flask-Login's loader: a disabled account is no longer logged in."""
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.active else None


def authenticate(username: str, password: str) -> User | None:
    """The active user with this username and password, or None; every attempt is audited."""
    user = db.session.scalar(select(User).where(func.lower(User.username) == username.lower()))
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
    return None


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
    exists = select(User.id).where(func.lower(User.username) == username.lower())
    if db.session.scalar(exists) is not None:
        raise RuleError("username", _l("This username is taken."))
    problem = password_problem(username, password)
    if problem:
        raise RuleError("password", problem)
    user = User(username=username, role=role, password_hash=hasher.hash(password))
    user.locations = _locations(location_codes)
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
    user.locations = _locations(location_codes)
    audit.record(actor, "user_changed", object_type="user", object_id=user.id,
                 detail={"role": role, "active": active, "locations": list(location_codes),
                         "password_changed": bool(password)})
    db.session.commit()


def _locations(codes) -> list[Location]:
    codes = list(dict.fromkeys(codes))
    found = list(db.session.scalars(select(Location).where(Location.code.in_(codes))))
    missing = set(codes) - {location.code for location in found}
    if missing:
        raise RuleError(
            "locations", _l("Unknown location: %(codes)s", codes=", ".join(sorted(missing)))
        )
    return found
