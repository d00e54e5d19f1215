"""A group's sessions: recording one with who was present, correcting it, deleting it.

A session is recorded once it took place: on or after the group's start, never in the
future. Only participants enrolled on its date can be present; a cancelled session has
nobody present and no headcount.
"""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from .. import audit
from ..desk.corrections import check_may_correct, check_open, check_version, save_correction
from ..errors import RuleError, checked
from ..extensions import db
from ..i18n import moment
from ..models import (
    MAX_EXTRA_ATTENDEES,
    Group,
    GroupAttendance,
    GroupSession,
    HelpType,
    User,
    Visitor,
)
from ..timeutil import utcnow
from .members import members_of


def check_session(group: Group, *, starts_at: datetime | None, present: list[str] | None,
                  extra_attendees: int | None, cancelled: bool, topic: str | None,
                  now: datetime, correcting: bool = False) -> tuple:
    """Every rule of a session (None: a value the form already found wrong), all at once.
    Returns the topic's help type and the present participants' visitors. A cancelled group
    takes no new session, but its sessions can still be corrected."""
    members = {member.visitor.code: member for member in members_of(group)}

    def open_group():
        check_open(group.location)
        if group.cancelled and not correcting:
            raise RuleError(None, _l("This group was cancelled."))

    def when():
        if starts_at is not None and starts_at.date() < group.starts_on:
            raise RuleError("starts_at", _l("A session cannot be before the group starts."))
        if starts_at is not None and starts_at > now:
            raise RuleError("starts_at", _l("A session is recorded once it took place: "
                                            "the date cannot be in the future."))

    def who():
        if present and cancelled:
            raise RuleError("present", _l("Nobody is present at a cancelled session."))
        if present is None or starts_at is None:
            return []
        typed = [code.strip().lower() for code in present]  # a script may post capitals
        strangers = [code for code in typed if code not in members
                     or not members[code].enrolled_on(starts_at.date())]
        if strangers:
            raise RuleError("present", _l("Not a participant on the session's date: %(codes)s.",
                                          codes=", ".join(code.upper() for code in strangers)))
        return [members[code].visitor for code in dict.fromkeys(typed)]

    def headcount():
        if extra_attendees is None:
            return
        if not 0 <= extra_attendees <= MAX_EXTRA_ATTENDEES:
            raise RuleError("extra_attendees", _l("Between 0 and %(most)d people.",
                                                  most=MAX_EXTRA_ATTENDEES))
        if cancelled and extra_attendees:
            raise RuleError("extra_attendees", _l("Nobody attends a cancelled session."))

    def known_topic():
        if not topic:
            return None
        found = db.session.scalar(select(HelpType).where(HelpType.code == topic))
        if found is None:
            raise RuleError("topic", _l("Choose a topic from the list."))
        return found

    results = checked(open_group, when, who, headcount, known_topic)
    return results[4], results[2]


def record_session(user: User, group: Group, *, starts_at: datetime,
                   duration_minutes: int | None, guided: bool, topic: str | None,
                   present: list[str], extra_attendees: int | None, cancelled: bool,
                   now: datetime) -> GroupSession:
    """A session that took place (or was cancelled), with the participants present."""
    help_type, visitors = check_session(
        group, starts_at=starts_at, present=present, extra_attendees=extra_attendees,
        cancelled=cancelled, topic=topic, now=now)
    session = GroupSession(group=group, starts_at=starts_at, duration_minutes=duration_minutes,
                           guided=guided, cancelled=cancelled, topic=help_type,
                           extra_attendees=extra_attendees or 0, created_by_id=user.id)
    db.session.add(session)
    db.session.flush()
    db.session.add_all(GroupAttendance(session_id=session.id, visitor_id=visitor.id)
                       for visitor in visitors)
    audit.record(user, "group_session_recorded", location_id=group.location_id,
                 object_type="group_session", object_id=session.id,
                 detail=_detail(session, visitors))
    db.session.commit()
    return session


def _detail(session: GroupSession, visitors) -> dict:
    return {"group": session.group_id, "title": session.group.title,
            "starts_at": session.starts_at.isoformat(),
            "present": len(visitors), "extra_attendees": session.extra_attendees,
            "cancelled": session.cancelled}


def visible_session(group: Group, session_id: str) -> GroupSession | None:
    """A session of this (already visible) group."""
    return db.session.scalar(select(GroupSession).where(
        GroupSession.id == session_id, GroupSession.group_id == group.id))


def present_codes(session: GroupSession) -> list[str]:
    """The codes of the participants present at the session, for its correction form."""
    return list(db.session.scalars(
        select(Visitor.code).join(GroupAttendance, GroupAttendance.visitor_id == Visitor.id)
        .where(GroupAttendance.session_id == session.id).order_by(Visitor.code)))


def update_session(user: User, session: GroupSession, *, starts_at: datetime,
                   duration_minutes: int | None, guided: bool, topic: str | None,
                   present: list[str], extra_attendees: int | None, cancelled: bool,
                   version: int | None, now: datetime) -> None:
    """Correct a session and who was present; refused when someone else saved it since the
    form was opened (attendance included: the session's version changes with it)."""
    check_may_correct(user, session)
    check_version(session, version)
    help_type, visitors = check_session(
        session.group, starts_at=starts_at, present=present, extra_attendees=extra_attendees,
        cancelled=cancelled, topic=topic, now=now, correcting=True)
    session.starts_at, session.duration_minutes, session.guided = (
        starts_at, duration_minutes, guided)
    session.topic, session.cancelled = help_type, cancelled
    session.extra_attendees = extra_attendees or 0
    session.updated_at = utcnow()  # always an UPDATE, so the version guards attendance too
    db.session.execute(delete(GroupAttendance).where(GroupAttendance.session_id == session.id))
    db.session.add_all(GroupAttendance(session_id=session.id, visitor_id=visitor.id)
                       for visitor in visitors)
    audit.record(user, "group_session_changed", location_id=session.group.location_id,
                 object_type="group_session", object_id=session.id,
                 detail=_detail(session, visitors))
    save_correction()


def session_summary(session: GroupSession, present: int) -> list[tuple[str, str]]:
    """What a volunteer sees of a session before deleting it."""
    held = _l("Cancelled") if session.cancelled else _l("Held")
    return [(_l("Group"), session.group.title), (_l("Date"), moment(session.starts_at)),
            (_l("Held"), held), (_l("Present"), str(present)),
            (_l("Others present without a card"), str(session.extra_attendees))]


def delete_session(user: User, session: GroupSession, *, version: int | None) -> None:
    """Delete a session entered by mistake, with its attendance."""
    check_may_correct(user, session)
    check_version(session, version)
    audit.record(user, "group_session_deleted", location_id=session.group.location_id,
                 object_type="group_session", object_id=session.id,
                 detail=_detail(session, present_codes(session)))
    db.session.execute(delete(GroupAttendance).where(GroupAttendance.session_id == session.id))
    db.session.delete(session)
    save_correction()
