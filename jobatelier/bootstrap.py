"""First start and `jobatelier init`: the latest schema, the defaults, a first desk and admin."""

from dataclasses import dataclass

from flask_migrate import upgrade
from sqlalchemy import select

from .admin.services import create_location, ensure_default_help_types
from .auth.services import create_user, generate_password
from .extensions import db
from .models import Location, User


@dataclass
class Initialised:
    help_types_added: int
    location_created: Location | None
    admin_username: str | None
    admin_password: str | None  # shown once, never stored in clear


def initialise() -> Initialised:
    """Bring the database to the latest schema and add what a first start needs; running it
    again changes nothing."""
    upgrade()
    added = ensure_default_help_types()
    location = None
    if db.session.scalar(select(Location.id).limit(1)) is None:
        location = create_location("demo", "Jobatelier Demo", "Demo", organisation="Demo")
    username = password = None
    if db.session.scalar(select(User.id).limit(1)) is None:
        username, password = "admin", generate_password()
        create_user(username, "admin", password)
    return Initialised(added, location, username, password)
