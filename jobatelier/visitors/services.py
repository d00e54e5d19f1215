"""Visitors and their outcomes: look-up by code, issuing codes, the visitor's history."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, exists, func, or_, select, update
from sqlalchemy.orm import selectinload

from .. import audit
from ..access import scope_to_user
from ..desk.corrections import check_may_correct, check_open, check_version, save_correction
from ..errors import RuleError, checked
from ..extensions import db
from ..i18n import code_label, day
from ..models import (
    CONTRACT_TYPES,
    OUTCOMES,
    VISITOR_CODE,
    Group,
    GroupMember,
    Location,
    Outcome,
    Trajectory,
    User,
    Visit,
    Visitor,
)
from . import codes as visitor_codes

# Every new visit of a returning visitor runs it: built once, not for each code typed, and
# with the two forms a typed code may have (`_candidates`) as two plain parameters, the same
# one twice when they agree (an expanding IN was written out anew at each execution).
BY_CODE = select(Visitor).where(Visitor.code.in_([bindparam("one"), bindparam("other")]))


def find_visitor(typed: str) -> Visitor:
    """The visitor whose code was typed (valid at every desk); RuleError when there is none."""
    code = visitor_codes.normalise(typed)
    forms = sorted(_candidates(typed))
    visitor = db.session.scalar(BY_CODE, {"one": forms[0], "other": forms[-1]}) if forms \
        else None
    if visitor is not None:
        return visitor
    if not visitor_codes.is_well_formed(code):
        raise RuleError("visitor_code", _l("This code is not valid: check it for a typing error."))
    raise RuleError("visitor_code", _l("No visitor has this code. Check the card."))


def _candidates(typed: str) -> set[str]:
    """The stored forms a typed code may have: ours, or any code an import brought in; never
    the internal key of a purged visitor, which is on no card and finds nobody."""
    forms = {visitor_codes.normalise(typed), (typed or "").strip().lower()}
    return {code for code in forms
            if VISITOR_CODE.match(code) and not visitor_codes.is_purged(code)}


def first_seen_no_later_than(visitor: Visitor, day: date) -> None:
    """A visitor is first seen at their first visit, group enrolment or trajectory start: one
    entered for an earlier day moves `registered_on` back (in SQL: another desk may have moved
    it since it was read)."""
    db.session.execute(update(Visitor).where(Visitor.id == visitor.id,
                                             Visitor.registered_on > day)
                       .values(registered_on=day))


def first_seen_again(visitor: Visitor) -> None:
    """After a visit, enrolment or trajectory was corrected or deleted: `registered_on` is
    again the day of the visitor's first visit, group enrolment or trajectory start (kept as
    it was when none is left)."""
    db.session.flush()
    days = [db.session.scalar(select(func.min(column)).where(owner == visitor.id))
            for column, owner in ((Visit.arrived_at, Visit.visitor_id),
                                  (GroupMember.joined_on, GroupMember.visitor_id),
                                  (Trajectory.starts_on, Trajectory.visitor_id))]
    days = [day.date() if isinstance(day, datetime) else day for day in days if day]
    if days:
        visitor.registered_on = min(days)


def issue_visitor(location: Location, first_visit_on: date) -> Visitor:
    """A new visitor with a fresh random code of this desk (added to the session)."""
    while True:
        code = visitor_codes.new_code(location.visitor_prefix)
        if db.session.scalar(select(Visitor.id).where(Visitor.code == code)) is None:
            break
    visitor = Visitor(code=code, first_location=location, registered_on=first_visit_on)
    db.session.add(visitor)
    return visitor


def visible_visitor(user: User, code: str) -> Visitor | None:
    """The visitor with `code` if they came to one of the user's locations (a visit, their
    first desk, a group or a trajectory there), else None (404)."""
    came_here = scope_to_user(
        select(Visit.id).where(Visit.visitor_id == Visitor.id), Visit.location_id, user
    )
    first_here = scope_to_user(select(Visitor.id), Visitor.first_location_id, user)
    in_group_here = scope_to_user(
        select(GroupMember.group_id).join(Group)
        .where(GroupMember.visitor_id == Visitor.id), Group.location_id, user
    )
    coached_here = scope_to_user(
        select(Trajectory.id).where(Trajectory.visitor_id == Visitor.id),
        Trajectory.location_id, user
    )
    stmt = select(Visitor).where(
        Visitor.code.in_(_candidates(code)),
        or_(exists(came_here), Visitor.id.in_(first_here), exists(in_group_here),
            exists(coached_here)),
    )
    return db.session.scalar(stmt)


def look_up(user: User, typed: str) -> Visitor:
    """The visitor whose code was typed, if they came to one of the user's locations; a typing
    error or a code unknown here gets the same answer as on the new-visit form."""
    visitor = visible_visitor(user, typed)
    if visitor is not None:
        return visitor
    if not visitor_codes.is_well_formed(visitor_codes.normalise(typed)) \
            and not db.session.scalar(select(Visitor.id).where(
                Visitor.code.in_(_candidates(typed)))):
        raise RuleError("visitor_code", _l("This code is not valid: check it for a typing error."))
    raise RuleError("visitor_code", _l("No visitor has this code. Check the card."))


def visitor_history(user: User, visitor: Visitor) -> tuple[list[Visit], list[Outcome]]:
    """The visitor's visits and outcomes at the user's locations, newest first."""
    visits = scope_to_user(
        select(Visit)
        .where(Visit.visitor_id == visitor.id)
        .options(selectinload(Visit.help_types), selectinload(Visit.location))
        .order_by(Visit.arrived_at.desc()),
        Visit.location_id,
        user,
    )
    outcomes = scope_to_user(
        select(Outcome)
        .where(Outcome.visitor_id == visitor.id)
        .options(selectinload(Outcome.location))
        .order_by(Outcome.recorded_on.desc(), Outcome.created_at.desc()),
        Outcome.location_id,
        user,
    )
    return list(db.session.scalars(visits)), list(db.session.scalars(outcomes))


def latest_outcome(visitor: Visitor) -> Outcome | None:
    """The outcome that counts now: the latest date, and on one date the one entered last."""
    stmt = (
        select(Outcome)
        .where(Outcome.visitor_id == visitor.id)
        .order_by(Outcome.recorded_on.desc(), Outcome.created_at.desc())
        .limit(1)
    )
    return db.session.scalar(stmt)


def _check_outcome(outcome: str, contract_type: str | None, recorded_on: date, today: date):
    """Every rule of an outcome, all broken ones reported together."""
    def known_outcome():
        if outcome not in OUTCOMES:
            raise RuleError("outcome", _l("Choose an outcome from the list."))

    def contract_with_work():
        if contract_type and (outcome != "work" or contract_type not in CONTRACT_TYPES):
            raise RuleError("contract_type", _l("A contract type goes only with found work."))

    def not_in_future():
        if recorded_on > today:
            raise RuleError("recorded_on", _l("The date cannot be in the future."))

    checked(known_outcome, contract_with_work, not_in_future)


def record_outcome(
    user: User,
    location: Location,
    visitor: Visitor,
    *,
    outcome: str,
    contract_type: str | None,
    recorded_on: date,
    today: date,
) -> Outcome:
    """Record how the visitor's search ended, at this desk; the history is kept."""
    check_open(location)
    _check_outcome(outcome, contract_type, recorded_on, today)
    row = Outcome(visitor=visitor, outcome=outcome, contract_type=contract_type or None,
                  recorded_on=recorded_on, location=location, created_by_id=user.id)
    db.session.add(row)
    db.session.flush()
    audit.record(user, "outcome_recorded", location_id=location.id, object_type="outcome",
                 object_id=row.id, detail={"visitor": visitor.code, "outcome": outcome})
    db.session.commit()
    return row


def visible_outcome(user: User, outcome_id: str) -> Outcome | None:
    stmt = scope_to_user(select(Outcome).where(Outcome.id == outcome_id), Outcome.location_id, user)
    return db.session.scalar(stmt)


def update_outcome(
    user: User,
    row: Outcome,
    *,
    outcome: str,
    contract_type: str | None,
    recorded_on: date,
    version: int,
    today: date,
) -> None:
    """Correct an outcome; refused when someone else saved it since the form was opened."""
    check_may_correct(user, row)
    check_version(row, version)
    _check_outcome(outcome, contract_type, recorded_on, today)
    row.outcome, row.contract_type, row.recorded_on = outcome, contract_type or None, recorded_on
    audit.record(user, "outcome_changed", location_id=row.location_id, object_type="outcome",
                 object_id=row.id, detail={"visitor": row.visitor.code, "outcome": outcome,
                                           "recorded_on": str(recorded_on)})
    save_correction()


def outcome_summary(row: Outcome) -> list[tuple[str, str]]:
    """What a volunteer sees of an outcome before deleting it: (label, value) lines."""
    outcome = code_label(row.outcome)
    if row.contract_type:
        outcome = f"{outcome} ({code_label(row.contract_type)})"
    return [(_l("Visitor"), visitor_codes.display(row.visitor.code)), (_l("Outcome"), outcome),
            (_l("Date"), day(row.recorded_on)), (_l("Location"), row.location.name)]


def delete_outcome(user: User, row: Outcome, *, version: int | None) -> None:
    """Delete an outcome; refused when someone saved it since it was shown."""
    check_may_correct(user, row)
    check_version(row, version)
    audit.record(user, "outcome_deleted", location_id=row.location_id, object_type="outcome",
                 object_id=row.id, detail={"visitor": row.visitor.code, "outcome": row.outcome})
    db.session.delete(row)
    save_correction()
