"""The walk-in queue: a ticket per person waiting at a desk, numbered per day."""

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .codes import TICKET_STATUSES, one_of
from .people import Location, User
from .visits import HelpType, Visit, Visitor, new_uuid

queue_ticket_help_types = Table(
    "queue_ticket_help_types",
    db.metadata,
    Column("ticket_id", ForeignKey("queue_tickets.id", ondelete="CASCADE"), primary_key=True),
    Column("help_type_id", ForeignKey("help_types.id"), primary_key=True, index=True),
)


class QueueTicket(db.Model):
    """One person in a desk's queue. `joined_at` and `called_at` are the desk's wall-clock
    time, like a visit's arrival. Only a ticket still on the list (waiting or called) may
    hold a visitor: once closed, it keeps only what the figures need."""

    __tablename__ = "queue_tickets"
    __table_args__ = (
        CheckConstraint(one_of("status", TICKET_STATUSES), name="status"),
        CheckConstraint("number >= 1", name="number"),
        CheckConstraint("status <> 'called' OR called_at IS NOT NULL", name="called_when"),
        CheckConstraint("called_at IS NULL OR called_at >= joined_at", name="called_after"),
        CheckConstraint("visitor_id IS NULL OR status IN ('waiting', 'called')",
                        name="no_visitor_when_closed"),
        CheckConstraint("visit_id IS NULL OR status = 'served'", name="visit_when_served"),
        UniqueConstraint("location_id", "day", "number"),  # one ticket number per day
        Index("ix_queue_tickets_status_day", "status", "day"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    day: Mapped[date] = mapped_column(Date)
    number: Mapped[int] = mapped_column(Integer)
    joined_at: Mapped[datetime]
    called_at: Mapped[datetime | None]
    called_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(8), default="waiting")
    visitor_id: Mapped[int | None] = mapped_column(ForeignKey("visitors.id"), index=True)
    visit_id: Mapped[str | None] = mapped_column(ForeignKey("visits.id", ondelete="SET NULL"),
                                                 index=True)

    location: Mapped[Location] = relationship()
    called_by: Mapped[User | None] = relationship()
    visitor: Mapped[Visitor | None] = relationship()
    visit: Mapped[Visit | None] = relationship()
    help_types: Mapped[list[HelpType]] = relationship(
        secondary=queue_ticket_help_types, order_by=HelpType.position)
