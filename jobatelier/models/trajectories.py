"""Coaching trajectories (a mentoring duo, volunteer jobcoaching): one coach with one job
seeker for a planned number of months, and their meetings."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import utcnow
from .codes import (
    DEFAULT_PLANNED_MONTHS,
    END_REASONS,
    MAX_MINUTES,
    MAX_PLANNED_MONTHS,
    MEETING_PLACES,
    NOTE_MAX_LENGTH,
    TRAJECTORY_KINDS,
    one_of,
)
from .people import Location, User
from .visits import Visitor, new_uuid


class Trajectory(db.Model):
    """One coach with one coachee, run from a location; how it ended is not its result (the
    result is the coachee's outcome)."""

    __tablename__ = "trajectories"
    __table_args__ = (
        CheckConstraint(one_of("kind", TRAJECTORY_KINDS), name="kind"),
        CheckConstraint(f"planned_months BETWEEN 1 AND {MAX_PLANNED_MONTHS}",
                        name="planned_months"),
        CheckConstraint(one_of("end_reason", END_REASONS, nullable=True), name="end_reason"),
        CheckConstraint("(ended_on IS NULL) = (end_reason IS NULL)", name="ended_with_reason"),
        CheckConstraint("ended_on IS NULL OR ended_on >= starts_on", name="ended_after_start"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"), index=True)
    visitor_id: Mapped[int] = mapped_column(ForeignKey("visitors.id"), index=True)
    # No coach after a handover: accounts are never in the package.
    coach_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    starts_on: Mapped[date] = mapped_column(Date)
    planned_months: Mapped[int] = mapped_column(Integer, default=DEFAULT_PLANNED_MONTHS)
    ended_on: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(String(24))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    location: Mapped[Location] = relationship()
    visitor: Mapped[Visitor] = relationship()
    coach: Mapped[User | None] = relationship(foreign_keys=[coach_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])

    __mapper_args__ = {"version_id_col": version}


class TrajectoryMeeting(db.Model):
    """One meeting of a coach and their coachee."""

    __tablename__ = "trajectory_meetings"
    __table_args__ = (
        CheckConstraint(
            f"duration_minutes IS NULL OR duration_minutes BETWEEN 0 AND {MAX_MINUTES}",
            name="duration"),
        CheckConstraint(one_of("place", MEETING_PLACES), name="place"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    trajectory_id: Mapped[str] = mapped_column(
        ForeignKey("trajectories.id", ondelete="CASCADE"), index=True)
    met_on: Mapped[date] = mapped_column(Date)
    duration_minutes: Mapped[int | None]
    place: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(String(NOTE_MAX_LENGTH))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    trajectory: Mapped[Trajectory] = relationship()
    created_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def location(self) -> Location:
        """Where the trajectory is run from: access rules (scope, corrections) read it."""
        return self.trajectory.location
