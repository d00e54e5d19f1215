"""The desk's rules: registering a visit, today's list, and correcting or deleting a visit."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import audit, reference
from ..access import permitted, scope_to_user
from ..database import write_transaction
from ..errors import RuleError, checked
from ..extensions import db
from ..i18n import moment
from ..models import HelpType, Location, QueueTicket, User, Visit
from ..models.visits import new_uuid
from ..queue.tickets import serve, waited_minutes
from ..timeutil import utcnow
from ..visitors.codes import display
from ..visitors.services import (
    find_visitor,
    first_seen_again,
    first_seen_no_later_than,
    issue_visitor,
)
from .corrections import check_may_correct, check_open, check_version, save_correction
from .writing import add_new_visit, count_in_tallies


def help_type_choices(language: str, keep: list[HelpType] = ()) -> list[tuple[str, str]]:
    """(code, label) of the active help types in their order, plus any retired ones in `keep`
    (a visit being corrected keeps the retired types it already has)."""
    types = [help_type for help_type in reference.help_types() if help_type.active]
    types += [kept for kept in keep if not kept.active]
    return [(help_type.code, help_type.label(language)) for help_type in types]


@dataclass
class DeskDay:
    """The day the desk page shows, and the earlier days it offers (newest first)."""

    day: date
    today: date
    earlier: list[date]

    @property
    def is_today(self) -> bool:
        return self.day == self.today


def desk_day(asked: date | None, today: date) -> DeskDay:
    """The day asked for (never after today; today when none is asked) and the
    CORRECTION_DAYS before today, the days whose visits a volunteer may still correct."""
    day = asked if asked is not None and asked <= today else today
    days = current_app.config["CORRECTION_DAYS"]
    return DeskDay(day, today, [today - timedelta(days=n) for n in range(1, days + 1)])


def visits_on(location: Location, day: date) -> list[Visit]:
    """A day's visits at this desk, latest first, with what the list shows loaded up front."""
    start = datetime.combine(day, datetime.min.time())
    stmt = (
        select(Visit)
        .where(Visit.location_id == location.id, Visit.arrived_at >= start,
               Visit.arrived_at < start + timedelta(days=1))
        .options(selectinload(Visit.help_types), selectinload(Visit.visitor))
        .order_by(Visit.arrived_at.desc())
    )
    return list(db.session.scalars(stmt))


def count_visitors(visits: list[Visit]) -> int:
    """Distinct visitors among `visits`; a one-off visit without a code is a visitor of its own."""
    coded = {visit.visitor_id for visit in visits if visit.visitor_id is not None}
    return len(coded) + sum(1 for visit in visits if visit.visitor_id is None)


def _help_types(codes: list[str]) -> list[HelpType]:
    codes = list(dict.fromkeys(codes or []))
    if not codes:
        raise RuleError("help_types", _l("Tick at least one kind of help."))
    chosen = set(codes)
    found = [help_type for help_type in reference.help_types() if help_type.code in chosen]
    if len(found) != len(codes):
        raise RuleError("help_types", _l("Choose the kinds of help from the list."))
    return [reference.own_copy(help_type) for help_type in found]


def check_arrival(user: User, arrived_at: datetime, now: datetime) -> None:
    """Arrivals are never in the future; without `enter_late`, at most LATE_ENTRY_DAYS back."""
    if arrived_at > now + timedelta(minutes=1):
        raise RuleError("arrived_at", _l("The arrival time cannot be in the future."))
    days = current_app.config["LATE_ENTRY_DAYS"]
    if not permitted(user, "enter_late") and arrived_at < now - timedelta(days=days):
        raise RuleError(
            "arrived_at",
            _l("A visit can be entered at most %(days)d days late. Ask a coordinator.", days=days),
        )


def _new_visit_rules(user, location, *, visitor_code, new_visitor, help_type_codes, arrived_at,
                     now):
    """The rules of a new visit, each a check returning what it found; a value the form
    could not read (None) is left to the form's own message."""
    return (
        lambda: check_open(location),
        lambda: arrived_at is None or check_arrival(user, arrived_at, now),
        lambda: None if help_type_codes is None else _help_types(help_type_codes),
        lambda: _one_way_in(visitor_code, new_visitor),
        lambda: find_visitor(visitor_code) if visitor_code else None,
    )


def _one_way_in(visitor_code: str | None, new_visitor: bool) -> None:
    if new_visitor and visitor_code:
        raise RuleError("visitor_code", _l("Either type a code or issue a new one, not both."))


def check_new_visit(user: User, location: Location, **fields) -> None:
    """The rules of a new visit over what a form with mistakes of its own could read, so that
    the volunteer sees every mistake at once, not one per submit."""
    checked(*_new_visit_rules(user, location, **fields))


def register_visit(
    user: User,
    location: Location,
    *,
    visitor_code: str | None,
    new_visitor: bool,
    help_type_codes: list[str],
    arrived_at: datetime,
    duration_minutes: int | None,
    note: str | None,
    now: datetime,
    ticket: QueueTicket | None = None,
) -> Visit:
    """Register one walk-in: a returning visitor (by code), a new one, or a one-off visit;
    from the queue, it closes the `ticket` being helped and keeps its waiting minutes.
    Every rule is checked first (all broken ones are reported together); then the visit, its
    help types, a new visitor and the audit entry commit together or not at all, in a write
    transaction that holds only these writes."""
    _, _, help_types, _, visitor = checked(*_new_visit_rules(
        user, location, visitor_code=visitor_code, new_visitor=new_visitor,
        help_type_codes=help_type_codes, arrived_at=arrived_at, now=now))
    with write_transaction():
        if new_visitor:
            visitor = issue_visitor(location, arrived_at.date())
            db.session.flush()  # the new visitor's id, for the visit's row
        created = utcnow()
        visit = Visit(id=new_uuid(), location_id=location.id, location=location,
                      visitor_id=visitor.id if visitor else None, visitor=visitor,
                      arrived_at=arrived_at, duration_minutes=duration_minutes,
                      note=(note or "").strip() or None, created_by_id=user.id,
                      help_types=help_types, created_at=created, updated_at=created, version=1,
                      waited_minutes=waited_minutes(ticket) if ticket else None)
        add_new_visit(visit)
        if ticket is not None:
            serve(ticket, visit)
        if visitor is not None and arrived_at.date() < visitor.registered_on:
            first_seen_no_later_than(visitor, arrived_at.date())
        audit.write(user, "visit_registered", location_id=location.id, object_type="visit",
                    object_id=visit.id,
                    detail={"visitor": visitor.code if visitor else None,
                            "new": bool(new_visitor),
                            "help_types": [help_type.code for help_type in help_types]})
        count_in_tallies(visit)
    return visit



def visible_visit(user: User, visit_id: str) -> Visit | None:
    """The visit if it took place at one of the user's locations, else None (a 404)."""
    stmt = select(Visit).where(Visit.id == visit_id).options(selectinload(Visit.help_types))
    return db.session.scalar(scope_to_user(stmt, Visit.location_id, user))


def update_visit(
    user: User,
    visit: Visit,
    *,
    help_type_codes: list[str],
    arrived_at: datetime,
    duration_minutes: int | None,
    note: str | None,
    version: int | None,
    now: datetime,
) -> None:
    """Correct a visit; refused when someone else saved it since the form was opened."""
    check_may_correct(user, visit)
    check_version(visit, version)
    _, help_types = checked(lambda: check_arrival(user, arrived_at, now),
                            lambda: _help_types(help_type_codes))
    visit.help_types = help_types
    visit.arrived_at = arrived_at
    visit.duration_minutes = duration_minutes
    visit.note = (note or "").strip() or None
    if visit.visitor is not None:
        first_seen_again(visit.visitor)
    audit.record(user, "visit_changed", location_id=visit.location_id, object_type="visit",
                 object_id=visit.id,
                 detail={"visitor": visit.visitor.code if visit.visitor else None,
                         "arrived_at": arrived_at.isoformat(),
                         "help_types": sorted(help_type_codes)})
    save_correction()


def visit_summary(visit: Visit, language: str) -> list[tuple[str, str]]:
    """What a volunteer sees of a visit before deleting it: (label, value) lines."""
    visitor = display(visit.visitor.code) if visit.visitor else _l("one-off visit")
    return [
        (_l("Visitor"), visitor),
        (_l("Arrived at"), moment(visit.arrived_at)),
        (_l("Location"), visit.location.name),
        (_l("Help given"), ", ".join(each.label(language) for each in visit.help_types)),
    ]


def delete_visit(user: User, visit: Visit, *, version: int | None) -> None:
    """Delete a visit; refused, like a correction, when someone saved it since it was shown."""
    check_may_correct(user, visit)
    check_version(visit, version)
    visitor = visit.visitor
    audit.record(user, "visit_deleted", location_id=visit.location_id, object_type="visit",
                 object_id=visit.id, detail={"visitor": visitor.code if visitor else None,
                                             "arrived_at": visit.arrived_at.isoformat()})
    db.session.delete(visit)
    db.session.flush()
    if visitor is not None:
        first_seen_again(visitor)
    save_correction()

