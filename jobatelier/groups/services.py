"""Groups' rules: creating and changing a group, enrolling participants by visitor code,
recording sessions with who was present, and the group's page with its attendance rate."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from .. import audit
from ..access import scope_to_user
from ..cohorts import group_cohort
from ..desk.corrections import check_open
from ..desk.services import help_type_choices
from ..errors import RuleError, checked
from ..extensions import db
from ..i18n import day
from ..models import (
    GROUP_KINDS,
    GROUP_TITLE_MAX_LENGTH,
    MAX_EXTRA_ATTENDEES,
    Group,
    GroupAttendance,
    GroupMember,
    GroupSession,
    HelpType,
    Location,
    User,
    Visitor,
)
from ..privacy import personal_data_problem
from ..visitors.codes import display
from ..visitors.services import find_visitor, issue_visitor
from .attendance import GroupPage, attendance_page, group_status

__all__ = ["GroupPage", "group_status"]


def groups_for(user: User, today: date) -> list[tuple[Group, str]]:
    """The groups at the user's locations (all for an admin), newest start first, each with
    its status (planned, running, finished or cancelled)."""
    stmt = scope_to_user(
        select(Group).options(selectinload(Group.location))
        .order_by(Group.starts_on.desc(), Group.title),
        Group.location_id, user)
    return [(group, group_status(group, today)) for group in db.session.scalars(stmt)]


def visible_group(user: User, group_id: int) -> Group | None:
    """The group if it is at one of the user's locations, else None (a 404)."""
    stmt = scope_to_user(select(Group).where(Group.id == group_id), Group.location_id, user)
    return db.session.scalar(stmt)


def check_group(group: Group | None, *, kind: str | None, title: str | None,
                starts_on: date | None, **_numbers) -> None:
    """Every rule of a group's fields, all at once (None: a value the form found wrong)."""
    def known_kind():
        if kind is not None and kind not in GROUP_KINDS:
            raise RuleError("kind", _l("Choose a kind of group from the list."))

    def fitting_title():
        if title is None:
            return
        if not title.strip() or len(title) > GROUP_TITLE_MAX_LENGTH:
            raise RuleError("title", _l("Give the group a title of at most %(most)d characters.",
                                        most=GROUP_TITLE_MAX_LENGTH))
        if problem := personal_data_problem(title):
            raise RuleError("title", problem)

    def before_its_sessions():
        if group is None or starts_on is None:
            return
        first = db.session.scalar(select(func.min(GroupSession.starts_at))
                                  .where(GroupSession.group_id == group.id))
        if first is not None and starts_on > first.date():
            raise RuleError("starts_on", _l("The group cannot start after its first session "
                                            "(%(date)s).", date=day(first)))

    checked(known_kind, fitting_title, before_its_sessions)


def create_group(user: User, location: Location, *, kind: str, title: str, starts_on: date,
                 guided_weeks: int | None, capacity: int | None) -> Group:
    """A new group at this desk."""
    check_open(location)
    check_group(None, kind=kind, title=title, starts_on=starts_on)
    group = Group(location=location, kind=kind, title=title.strip(), starts_on=starts_on,
                  guided_weeks=guided_weeks, capacity=capacity, created_by_id=user.id)
    db.session.add(group)
    db.session.flush()
    audit.record(user, "group_created", location_id=location.id, object_type="group",
                 object_id=group.id, detail={"kind": kind})
    db.session.commit()
    return group


def update_group(user: User, group: Group, *, kind: str, title: str, starts_on: date,
                 guided_weeks: int | None, capacity: int | None, cancelled: bool) -> None:
    """Change a group; cancelling it keeps its participants and sessions."""
    check_open(group.location)
    check_group(group, kind=kind, title=title, starts_on=starts_on)
    group.kind, group.title, group.starts_on = kind, title.strip(), starts_on
    group.guided_weeks, group.capacity, group.cancelled = guided_weeks, capacity, cancelled
    audit.record(user, "group_changed", location_id=group.location_id, object_type="group",
                 object_id=group.id, detail={"kind": kind, "cancelled": cancelled})
    db.session.commit()


def members_of(group: Group) -> list[GroupMember]:
    """The group's participants, in the order they joined."""
    stmt = (select(GroupMember).where(GroupMember.group_id == group.id)
            .options(selectinload(GroupMember.visitor))
            .order_by(GroupMember.joined_on, GroupMember.visitor_id))
    return list(db.session.scalars(stmt))


def participant_choices(group: Group) -> list[tuple[str, str]]:
    """(code, label) of every participant, one checkbox each on the session form: those
    who left are still there for a session of before they left."""
    choices = []
    for member in members_of(group):
        label = display(member.visitor.code)
        if member.left_on is not None:
            label = _l("%(code)s (left %(day)s)", code=label, day=day(member.left_on))
        choices.append((member.visitor.code, label))
    return choices


def topic_choices(language: str) -> list[tuple[str, str]]:
    """A session's topic: none, or one of the active help types."""
    return [("", _l("No particular topic")), *help_type_choices(language)]


def enrol(user: User, group: Group, *, visitor_code: str | None, new_visitor: bool,
          joined_on: date) -> Visitor:
    """Enrol a visitor with a card, or a new visitor who gets a code of this desk."""
    check_open(group.location)
    members = members_of(group)

    def open_group():
        if group.cancelled:
            raise RuleError(None, _l("This group was cancelled."))

    def the_visitor():
        if new_visitor:
            return None
        visitor = find_visitor(visitor_code or "")
        if any(member.visitor_id == visitor.id for member in members):
            raise RuleError("visitor_code", _l("This visitor is already in the group."))
        return visitor

    def room_left():
        current = [member for member in members if member.left_on is None]
        if group.capacity is not None and len(current) >= group.capacity:
            raise RuleError(None, _l("The group is full (%(most)d participants).",
                                     most=group.capacity))

    visitor = checked(open_group, the_visitor, room_left)[1]
    if visitor is None:
        visitor = issue_visitor(group.location, joined_on)
        db.session.flush()
    db.session.add(GroupMember(group=group, visitor=visitor, joined_on=joined_on))
    audit.record(user, "group_member_added", location_id=group.location_id,
                 object_type="group", object_id=group.id,
                 detail={"visitor": visitor.code, "new": new_visitor})
    db.session.commit()
    return visitor


def visible_member(group: Group, code: str) -> GroupMember | None:
    """A participant of this (already visible) group by their code."""
    stmt = (select(GroupMember).join(Visitor)
            .where(GroupMember.group_id == group.id, Visitor.code == (code or "").lower()))
    return db.session.scalar(stmt)


def leave(user: User, member: GroupMember, *, left_on: date) -> None:
    """Record that a participant left the group (their last day in it)."""
    check_open(member.group.location)
    if left_on < member.joined_on:
        raise RuleError("left_on", _l("A participant cannot leave before they joined."))
    member.left_on = left_on
    audit.record(user, "group_member_left", location_id=member.group.location_id,
                 object_type="group", object_id=member.group_id,
                 detail={"visitor": member.visitor.code, "left_on": str(left_on)})
    db.session.commit()


def check_session(group: Group, *, starts_at: datetime | None, present: list[str] | None,
                  extra_attendees: int | None, cancelled: bool, topic: str | None,
                  now: datetime) -> tuple:
    """Every rule of a session (None: a value the form already found wrong), all at once.
    Returns the topic's help type and the present participants' visitors."""
    members = {member.visitor.code: member for member in members_of(group)}

    def open_group():
        check_open(group.location)
        if group.cancelled:
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
        strangers = [code for code in present if code not in members
                     or not members[code].enrolled_on(starts_at.date())]
        if strangers:
            raise RuleError("present", _l("Not a participant on the session's date: %(codes)s.",
                                          codes=", ".join(code.upper() for code in strangers)))
        return [members[code].visitor for code in present]

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
                 detail={"group": group.id, "present": len(visitors),
                         "extra_attendees": session.extra_attendees, "cancelled": cancelled})
    db.session.commit()
    return session


def group_page(group: Group) -> GroupPage:
    """Participants, sessions, the attendance grid, the attendance rate and the cohort
    figures of one group."""
    sessions = list(db.session.scalars(
        select(GroupSession).where(GroupSession.group_id == group.id)
        .options(selectinload(GroupSession.topic)).order_by(GroupSession.starts_at)))
    marks = db.session.execute(
        select(GroupAttendance.session_id, GroupAttendance.visitor_id)
        .join(GroupSession).where(GroupSession.group_id == group.id))
    page = attendance_page(members_of(group), sessions, {tuple(row) for row in marks})
    page.cohort = group_cohort(group)
    return page


def visitor_groups(user: User, visitor: Visitor) -> list[dict]:
    """The visitor's groups at the user's locations, each with the sessions they were present
    at out of those held while they were a participant."""
    stmt = scope_to_user(
        select(GroupMember).join(Group).where(GroupMember.visitor_id == visitor.id)
        .options(selectinload(GroupMember.group)).order_by(GroupMember.joined_on.desc()),
        Group.location_id, user)
    rows = []
    for member in db.session.scalars(stmt):
        page = group_page(member.group)
        held = [session for session in page.held if member.enrolled_on(session.starts_at.date())]
        present = sum((session.id, visitor.id) in page.marks for session in held)
        rows.append({"group": member.group, "member": member, "present": present,
                     "held": len(held)})
    return rows
