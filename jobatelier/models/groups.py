"""Groups (a Jobclub, cosearching, a workshop...): their participants by visitor code, their
sessions and who was present at each."""

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import utcnow
from .codes import (
    GROUP_KINDS,
    GROUP_TITLE_MAX_LENGTH,
    MAX_EXTRA_ATTENDEES,
    MAX_GROUP_CAPACITY,
    MAX_GUIDED_WEEKS,
    MAX_MINUTES,
    one_of,
)
from .people import Location, User
from .visits import HelpType, Visitor, new_uuid


class Group(db.Model):
    """A series of group sessions at one location."""

    __tablename__ = "groups"
    __table_args__ = (
        CheckConstraint(one_of("kind", GROUP_KINDS), name="kind"),
        CheckConstraint(f"length(title) BETWEEN 1 AND {GROUP_TITLE_MAX_LENGTH}", name="title"),
        CheckConstraint(f"guided_weeks IS NULL OR guided_weeks BETWEEN 0 AND {MAX_GUIDED_WEEKS}",
                        name="guided_weeks"),
        CheckConstraint(f"capacity IS NULL OR capacity BETWEEN 1 AND {MAX_GROUP_CAPACITY}",
                        name="capacity"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    title: Mapped[str] = mapped_column(String(GROUP_TITLE_MAX_LENGTH))
    starts_on: Mapped[date] = mapped_column(Date)
    guided_weeks: Mapped[int | None]
    capacity: Mapped[int | None]
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    location: Mapped[Location] = relationship()
    created_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}


class GroupMember(db.Model):
    """A participant of a group, from `joined_on` until `left_on` (both days included)."""

    __tablename__ = "group_members"
    __table_args__ = (
        CheckConstraint("left_on IS NULL OR left_on >= joined_on", name="left_after_joined"),
    )

    group_id: Mapped[str] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True)
    visitor_id: Mapped[int] = mapped_column(ForeignKey("visitors.id"), primary_key=True,
                                            index=True)
    joined_on: Mapped[date] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    group: Mapped[Group] = relationship()
    visitor: Mapped[Visitor] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def location(self) -> Location:
        """Where the group meets: access rules (scope, corrections) read it."""
        return self.group.location

    def enrolled_on(self, day: date) -> bool:
        return self.joined_on <= day and (self.left_on is None or self.left_on >= day)


class GroupSession(db.Model):
    """One meeting of a group; `starts_at` is the desk's wall-clock time, like a visit's."""

    __tablename__ = "group_sessions"
    __table_args__ = (
        CheckConstraint(
            f"duration_minutes IS NULL OR duration_minutes BETWEEN 0 AND {MAX_MINUTES}",
            name="duration"),
        CheckConstraint(f"extra_attendees BETWEEN 0 AND {MAX_EXTRA_ATTENDEES}",
                        name="extra_attendees"),
        CheckConstraint("NOT cancelled OR extra_attendees = 0", name="cancelled_empty"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    group_id: Mapped[str] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"),
                                          index=True)
    starts_at: Mapped[datetime]
    duration_minutes: Mapped[int | None]
    guided: Mapped[bool] = mapped_column(Boolean, default=True)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("help_types.id"))
    extra_attendees: Mapped[int] = mapped_column(Integer, default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    group: Mapped[Group] = relationship()
    topic: Mapped[HelpType | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def location(self) -> Location:
        """Where the group meets: access rules (scope, corrections) read it."""
        return self.group.location


class GroupAttendance(db.Model):
    """A participant present at a held session."""

    __tablename__ = "group_attendance"

    session_id: Mapped[str] = mapped_column(
        ForeignKey("group_sessions.id", ondelete="CASCADE"), primary_key=True)
    visitor_id: Mapped[int] = mapped_column(ForeignKey("visitors.id"), primary_key=True,
                                            index=True)

    session: Mapped[GroupSession] = relationship()
    visitor: Mapped[Visitor] = relationship()
