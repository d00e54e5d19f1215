"""Visitors, their visits with the help given, and how their search ended."""

import uuid
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import utcnow
from .codes import (
    AGE_BANDS,
    CONTRACT_TYPES,
    DUTCH_LEVELS,
    EDUCATION_LEVELS,
    GENDERS,
    MAX_MINUTES,
    NOTE_MAX_LENGTH,
    OUTCOMES,
    UNEMPLOYMENT_DURATIONS,
    one_of,
)
from .people import Location, User


def new_uuid() -> str:
    return str(uuid.uuid4())


class HelpType(db.Model):
    """What a visitor came for; retired types stay so that old visits keep their meaning."""

    __tablename__ = "help_types"
    __table_args__ = (CheckConstraint("length(code) BETWEEN 1 AND 32", name="code_length"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    label_nl: Mapped[str] = mapped_column(String(120))
    label_fr: Mapped[str | None] = mapped_column(String(120))
    label_en: Mapped[str | None] = mapped_column(String(120))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    def label(self, language: str) -> str:
        """The label in `language`, falling back to Dutch, the label every type has."""
        return getattr(self, f"label_{language}", None) or self.label_nl


visit_help_types = Table(
    "visit_help_types",
    db.metadata,
    Column("visit_id", ForeignKey("visits.id", ondelete="CASCADE"), primary_key=True),
    Column("help_type_id", ForeignKey("help_types.id"), primary_key=True, index=True),
)


class Visitor(db.Model):
    """An anonymous visitor, known only by the code on the card they keep."""

    __tablename__ = "visitors"
    __table_args__ = (
        CheckConstraint("length(code) BETWEEN 1 AND 32", name="code_length"),
        CheckConstraint(one_of("age_band", AGE_BANDS, nullable=True), name="age_band"),
        CheckConstraint(one_of("gender", GENDERS, nullable=True), name="gender"),
        CheckConstraint(one_of("dutch_level", DUTCH_LEVELS, nullable=True), name="dutch_level"),
        CheckConstraint(
            one_of("education_level", EDUCATION_LEVELS, nullable=True), name="education_level"
        ),
        CheckConstraint(
            one_of("unemployment_duration", UNEMPLOYMENT_DURATIONS, nullable=True),
            name="unemployment_duration",
        ),
        CheckConstraint("postcode IS NULL OR length(postcode) = 4", name="postcode"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    first_location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"), index=True)
    registered_on: Mapped[date] = mapped_column(Date)
    age_band: Mapped[str | None] = mapped_column(String(8))
    gender: Mapped[str | None] = mapped_column(String(1))
    dutch_level: Mapped[str | None] = mapped_column(String(8))
    education_level: Mapped[str | None] = mapped_column(String(8))
    unemployment_duration: Mapped[str | None] = mapped_column(String(8))
    postcode: Mapped[str | None] = mapped_column(String(4))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    first_location: Mapped[Location] = relationship()


class Visit(db.Model):
    """One walk-in at one location; `arrived_at` is the desk's local wall-clock time."""

    __tablename__ = "visits"
    __table_args__ = (
        CheckConstraint(
            f"duration_minutes IS NULL OR duration_minutes BETWEEN 0 AND {MAX_MINUTES}",
            name="duration",
        ),
        CheckConstraint(
            f"waited_minutes IS NULL OR waited_minutes BETWEEN 0 AND {MAX_MINUTES}",
            name="waited",
        ),
        # Covers the report's reads of a year at some locations: the counts, the visitors and
        # the help types (through the id) come from the index alone, not from scattered rows.
        Index("ix_visits_location_arrived", "location_id", "arrived_at", "visitor_id", "id"),
        # A visitor's visits in order; with the location, the report's visits until the first
        # outcome at some locations come from the index too.
        Index("ix_visits_visitor_arrived", "visitor_id", "arrived_at", "location_id"),
        # The queue's waiting minutes in the yearly report: only the visits through the queue,
        # so that a year at desks without a queue is an empty range, not a read of every
        # visit's row (0.12-0.18 s of the report of 300 locations on a million visits).
        Index("ix_visits_waited", "location_id", "arrived_at", "waited_minutes",
              sqlite_where=text("waited_minutes IS NOT NULL"),
              postgresql_where=text("waited_minutes IS NOT NULL")),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    visitor_id: Mapped[int | None] = mapped_column(ForeignKey("visitors.id"))
    arrived_at: Mapped[datetime]
    duration_minutes: Mapped[int | None]
    note: Mapped[str | None] = mapped_column(String(NOTE_MAX_LENGTH))
    # Minutes in the desk's queue, from joining to being called; None without the queue.
    waited_minutes: Mapped[int | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    location: Mapped[Location] = relationship()
    visitor: Mapped[Visitor | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    help_types: Mapped[list[HelpType]] = relationship(
        secondary=visit_help_types, order_by=HelpType.position
    )

    __mapper_args__ = {"version_id_col": version}


class Outcome(db.Model):
    """How a visitor's search ended, as known on `recorded_on`; a later one replaces it."""

    __tablename__ = "outcomes"
    __table_args__ = (
        CheckConstraint(one_of("outcome", OUTCOMES), name="outcome"),
        CheckConstraint(
            one_of("contract_type", CONTRACT_TYPES, nullable=True), name="contract_type"
        ),
        CheckConstraint("contract_type IS NULL OR outcome = 'work'", name="contract_only_work"),
        Index("ix_outcomes_visitor_recorded", "visitor_id", "recorded_on", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    visitor_id: Mapped[int] = mapped_column(ForeignKey("visitors.id"))
    outcome: Mapped[str] = mapped_column(String(16))
    contract_type: Mapped[str | None] = mapped_column(String(16))
    recorded_on: Mapped[date] = mapped_column(Date)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Orders two outcomes of one day: the one entered last counts.
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    visitor: Mapped[Visitor] = relationship()
    location: Mapped[Location] = relationship()
    created_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}
