"""Locations (desks) and the personal accounts that work at them."""

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Column, Date, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import utcnow
from .codes import LOCATION_KINDS, ROLES, one_of

user_locations = Table(
    "user_locations",
    db.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("location_id", ForeignKey("locations.id", ondelete="CASCADE"), primary_key=True),
)


class Location(db.Model):
    """One desk: a Jobatelier, an Infopunt Werk or a Jobclub in a municipality."""

    __tablename__ = "locations"
    __table_args__ = (
        CheckConstraint(one_of("kind", LOCATION_KINDS), name="kind"),
        CheckConstraint("length(code) BETWEEN 2 AND 32", name="code_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    municipality: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(20), default="jobatelier")
    organisation: Mapped[str | None] = mapped_column(String(120))
    # The first characters of every visitor code issued here: codes of two desks never clash.
    visitor_prefix: Mapped[str] = mapped_column(String(4), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    handed_over_on: Mapped[date | None] = mapped_column(Date)
    handed_over_to: Mapped[str | None] = mapped_column(String(120))

    def __repr__(self) -> str:
        return f"<Location {self.code}>"


class User(db.Model):
    """A personal account: volunteers and coordinators serve locations, admins see all."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint(one_of("role", ROLES), name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="volunteer")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    language: Mapped[str | None] = mapped_column(String(5))
    # Where a coordinator or admin worked last: they land there, not on a picker.
    last_location_id: Mapped[int | None] = mapped_column(
        ForeignKey("locations.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    locations: Mapped[list[Location]] = relationship(
        secondary=user_locations, order_by=Location.name
    )

    # Flask-Login's protocol, kept explicit rather than inherited from UserMixin.
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return str(self.id)

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role}>"


class UserSession(db.Model):
    """A login, tracked on the server: the cookie only names it. Logging out, the timeouts and
    disabling the account end it for good; a copied cookie then opens nothing."""

    __tablename__ = "user_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # random token
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
    ended_because: Mapped[str | None] = mapped_column(String(16))
