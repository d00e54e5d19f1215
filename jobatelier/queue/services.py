"""The queue's rules: joining it, calling, marking who left or was not there, the list the
desk sees, the waiting-room screen, the desk's day summary, and closing earlier days."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from .. import audit
from ..access import scope_to_user
from ..database import write_transaction
from ..desk.corrections import check_open
from ..errors import RuleError, checked
from ..extensions import db
from ..models import HelpType, Location, QueueTicket, User
from ..visitors.services import find_visitor
from .waiting import median, minutes_between, percentile

ON_THE_LIST = ("waiting", "called")
JUST_CALLED = 5  # the screen shows the last five tickets called
HINT_FROM = 5  # the screen's "usually 10-20 min" needs this many of today's waits
NUMBER_TRIES = 3  # two PCs taking the same next number: the second tries again


def close_earlier_days(today: date) -> int:
    """Close every ticket still on the list from a day before `today` as not helped; a
    closed ticket keeps no visitor. Runs at the first queue action of a day (and from
    `jobatelier close-queues`); returns how many tickets it closed."""
    stale = (QueueTicket.day < today, QueueTicket.status.in_(ON_THE_LIST))
    if not db.session.scalar(select(exists().where(*stale))):
        return 0
    with write_transaction():
        closed = db.session.execute(
            update(QueueTicket).where(*stale).values(status="closed", visitor_id=None)
            .execution_options(synchronize_session=False)).rowcount
        audit.record(None, "queue_closed", object_type="queue", detail={"tickets": closed})
    return closed


def visible_ticket(user: User, ticket_id: str) -> QueueTicket | None:
    """The ticket if it is in the queue of one of the user's locations, else None (a 404)."""
    stmt = select(QueueTicket).where(QueueTicket.id == ticket_id)
    return db.session.scalar(scope_to_user(stmt, QueueTicket.location_id, user))


@dataclass
class Queue:
    """The desk's list: who waits, in order of arrival, and who is being helped by whom."""

    waiting: list[QueueTicket]
    called: list[QueueTicket]
    now: datetime

    def minutes(self, since: datetime) -> int:
        return minutes_between(since, self.now)


def queue_at(location: Location, now: datetime) -> Queue:
    """Today's queue at this desk, after closing earlier days."""
    close_earlier_days(now.date())
    stmt = (select(QueueTicket)
            .where(QueueTicket.location_id == location.id, QueueTicket.day == now.date(),
                   QueueTicket.status.in_(ON_THE_LIST))
            .options(selectinload(QueueTicket.help_types), selectinload(QueueTicket.visitor),
                     selectinload(QueueTicket.called_by))
            .order_by(QueueTicket.joined_at, QueueTicket.number))
    tickets = list(db.session.scalars(stmt))
    return Queue([ticket for ticket in tickets if ticket.status == "waiting"],
                 sorted((ticket for ticket in tickets if ticket.status == "called"),
                        key=lambda ticket: ticket.called_at), now)


def _help_wanted(codes: list[str] | None) -> list[HelpType]:
    codes = list(dict.fromkeys(codes or []))
    found = list(db.session.scalars(select(HelpType).where(
        HelpType.code.in_(codes), HelpType.active.is_(True))))
    if len(found) != len(codes):
        raise RuleError("help_types", _l("Choose the kinds of help from the list."))
    return found


def check_join(location: Location, *, visitor_code: str | None,
               help_type_codes: list[str] | None) -> tuple:
    """Every rule of joining the queue at once (None: a value the form already found
    wrong); returns the visitor (None without a card) and the help types wanted."""

    def the_visitor():
        if not (visitor_code or "").strip():
            return None
        visitor = find_visitor(visitor_code)
        if db.session.scalar(select(QueueTicket.number).where(
                QueueTicket.visitor_id == visitor.id, QueueTicket.location_id == location.id,
                QueueTicket.status.in_(ON_THE_LIST))) is not None:
            raise RuleError("visitor_code", _l("This visitor is already in the queue."))
        return visitor

    _, visitor, help_types = checked(
        lambda: check_open(location), the_visitor,
        lambda: None if help_type_codes is None else _help_wanted(help_type_codes))
    return visitor, help_types


def join(user: User, location: Location, *, visitor_code: str | None,
         help_type_codes: list[str] | None, now: datetime) -> QueueTicket:
    """A new ticket: the next number of the day at this desk, for a visitor with a card (the
    code checked as on the new-visit form) or without one."""
    close_earlier_days(now.date())
    visitor, help_types = check_join(location, visitor_code=visitor_code,
                                     help_type_codes=help_type_codes or [])
    for attempt in range(NUMBER_TRIES):
        number = 1 + (db.session.scalar(select(func.max(QueueTicket.number)).where(
            QueueTicket.location_id == location.id, QueueTicket.day == now.date())) or 0)
        ticket = QueueTicket(location_id=location.id, day=now.date(), number=number,
                             joined_at=now, status="waiting", visitor=visitor,
                             help_types=help_types)
        try:
            with db.session.begin_nested():
                db.session.add(ticket)
        except IntegrityError:
            if attempt == NUMBER_TRIES - 1:
                raise
            continue
        break
    audit.record(user, "queue_joined", location_id=location.id, object_type="queue",
                 object_id=ticket.id, detail={"number": number})
    db.session.commit()
    return ticket


def _change(user: User, ticket: QueueTicket, action: str, *, was: tuple, **values):
    """Change a ticket only if it is still in one of the states `was` (another PC may have
    changed it since this one showed it): one conditional UPDATE, which holds on every
    database; otherwise the user is told what became of it. A handed-over desk's queue is
    closed like the rest of its data."""
    check_open(ticket.location)
    done = db.session.execute(
        update(QueueTicket).where(QueueTicket.id == ticket.id, QueueTicket.status.in_(was))
        .values(**values).execution_options(synchronize_session=False))
    if done.rowcount != 1:
        now = db.session.scalar(select(QueueTicket.status).where(QueueTicket.id == ticket.id))
        db.session.rollback()
        raise RuleError(None, _refused(now, ticket.number))
    audit.record(user, action, location_id=ticket.location_id, object_type="queue",
                 object_id=ticket.id, detail={"number": ticket.number})
    db.session.commit()


def _refused(status: str, number: int):
    """Why a ticket's button did nothing: what became of the ticket in the meantime."""
    if status == "called":
        return _l("Ticket %(number)d was already called by someone else.", number=number)
    if status == "waiting":
        return _l("Ticket %(number)d is not being helped.", number=number)
    return _l("Ticket %(number)d is no longer in the queue.", number=number)


def call(user: User, ticket: QueueTicket, now: datetime) -> None:
    """Take a waiting ticket: it is being helped by `user` from now on."""
    close_earlier_days(now.date())
    _change(user, ticket, "queue_called", was=("waiting",),
            status="called", called_at=now, called_by_id=user.id)


def leave(user: User, ticket: QueueTicket, now: datetime) -> None:
    """The person left without help; the ticket keeps only what the figures need."""
    close_earlier_days(now.date())
    _change(user, ticket, "queue_left", was=ON_THE_LIST,
            status="left", visitor_id=None)


def requeue(user: User, ticket: QueueTicket, now: datetime) -> None:
    """Called but not there: back in the queue, in their place by arrival."""
    close_earlier_days(now.date())
    _change(user, ticket, "queue_requeued", was=("called",),
            status="waiting", called_at=None, called_by_id=None)


def being_helped(ticket: QueueTicket, now: datetime) -> bool:
    """Whether the ticket whose visit is being registered is still being helped (not
    finished on another PC, nor closed with its day)."""
    close_earlier_days(now.date())
    db.session.refresh(ticket)
    return ticket.status == "called"


@dataclass
class Screen:
    """The waiting-room screen: ticket numbers only, never codes or help types."""

    waiting: list[int]
    called: list[int]
    usually: tuple[int, int] | None  # today's waits, a quarter to three quarters


@dataclass
class DaySummary:
    """The desk page's line on the queue: now, and today so far."""

    waiting: int
    longest: int | None  # minutes, of the first one waiting
    served: int
    median_wait: float | None
    left: int


def _todays_waits(location: Location, today: date) -> Counter:
    """{waiting minutes: tickets} of today's tickets that were called (being helped or
    served). A day's tickets at one desk: a few dozen rows."""
    stmt = select(QueueTicket.joined_at, QueueTicket.called_at).where(
        QueueTicket.location_id == location.id, QueueTicket.day == today,
        QueueTicket.called_at.is_not(None))
    return Counter(minutes_between(joined_at, called_at)
                   for joined_at, called_at in db.session.execute(stmt))


def screen(location: Location, now: datetime) -> Screen:
    """What the waiting room sees, with a hint of the usual wait when today has enough."""
    queue = queue_at(location, now)
    waits = _todays_waits(location, now.date())
    usually = None
    if sum(waits.values()) >= HINT_FROM:
        usually = (percentile(waits, 0.25), percentile(waits, 0.75))
    called = sorted(queue.called, key=lambda ticket: ticket.called_at, reverse=True)
    return Screen([ticket.number for ticket in queue.waiting],
                  [ticket.number for ticket in called[:JUST_CALLED]], usually)


def day_summary(location: Location, now: datetime) -> DaySummary:
    """Waiting now and the longest wait; today's served, their median wait, and who left.
    One read of today's tickets at this desk (a few dozen rows); earlier days do not count
    here, so the desk page leaves closing them to the queue's own pages."""
    stmt = select(QueueTicket.status, QueueTicket.joined_at, QueueTicket.called_at).where(
        QueueTicket.location_id == location.id, QueueTicket.day == now.date())
    statuses, waiting_since, served = Counter(), [], Counter()
    for status, joined_at, called_at in db.session.execute(stmt):
        statuses[status] += 1
        if status == "waiting":
            waiting_since.append(joined_at)
        elif status == "served":
            served[minutes_between(joined_at, called_at)] += 1
    longest = minutes_between(min(waiting_since), now) if waiting_since else None
    return DaySummary(statuses["waiting"], longest, statuses["served"], median(served),
                      statuses["left"])
