"""What the reports read instead of every visit: two tallies the app keeps current with
every visit it writes (jobatelier/reports/tallies.py), and the figures frozen by a purge."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow


class HelpTally(db.Model):
    """Visits per year, location and help type: the report's help figures, kept current with
    every visit written (jobatelier/reports/tallies.py), so that a year is read in a few
    thousand rows instead of joining every visit of the year to its help types."""

    __tablename__ = "help_tallies"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"), primary_key=True)
    help_type_id: Mapped[int] = mapped_column(ForeignKey("help_types.id"), primary_key=True)
    visits: Mapped[int] = mapped_column(Integer)


class VisitorYear(db.Model):
    """Visits per year, location and visitor (with a code): the visitors of a year at some
    locations, kept current like the help tallies, read in one row per visitor and location
    instead of picking them out of every visit of the year."""

    __tablename__ = "visitor_years"
    __table_args__ = (
        # A year's visitors in visitor order, whatever their location: the reports overview
        # counts each visitor of a year once from it without sorting them (0.29 -> 0.11 s
        # over 10 years at 300 locations), and "did this visitor come that year" (reached)
        # is one look-up instead of one per location.
        Index("ix_visitor_years_visitor", "year", "visitor_id", "location_id"),
    )

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"), primary_key=True)
    visitor_id: Mapped[int] = mapped_column(ForeignKey("visitors.id"), primary_key=True)
    visits: Mapped[int] = mapped_column(Integer)


class FrozenFigures(db.Model):
    """The yearly figures of a location (or of all locations: location_id NULL) as they were
    when a purge removed visitor codes and notes of that year: the record of what was
    reported, kept whatever happens to the rows behind it."""

    __tablename__ = "frozen_figures"
    __table_args__ = (UniqueConstraint("year", "location_id", name="year_location"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    figures: Mapped[dict] = mapped_column(JSON)
    frozen_at: Mapped[datetime] = mapped_column(default=utcnow)
