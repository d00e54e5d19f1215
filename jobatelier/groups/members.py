"""A group's participants: enrolling a visitor by code (or a new one), recording that one
left, correcting the dates of a membership and removing one entered by mistake.

Attendance binds a membership: a participant is present only at sessions while enrolled, so
neither leaving nor a correction may put a session they were present at outside their dates.
"""

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from .. import audit
from ..desk.corrections import check_may_correct, check_open, check_version, save_correction
from ..errors import RuleError, checked
from ..extensions import db
from ..i18n import day
from ..models import Group, GroupAttendance, GroupMember, GroupSession, User, Visitor
from ..visitors.codes import display
from ..visitors.services import (
    find_visitor,
    first_seen_again,
    first_seen_no_later_than,
    issue_visitor,
)


def members_of(group: Group) -> list[GroupMember]:
    """The group's participants, in the order they joined."""
    stmt = (select(GroupMember).where(GroupMember.group_id == group.id)
            .options(selectinload(GroupMember.visitor))
            .order_by(GroupMember.joined_on, GroupMember.visitor_id))
    return list(db.session.scalars(stmt))


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
    db.session.add(GroupMember(group=group, visitor=visitor, joined_on=joined_on,
                               created_by_id=user.id))
    first_seen_no_later_than(visitor, joined_on)
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


def _present_outside(member: GroupMember, joined_on: date | None, left_on: date | None):
    """Rules that keep every session the participant was present at within their dates."""
    stmt = (select(func.min(GroupSession.starts_at), func.max(GroupSession.starts_at))
            .join(GroupAttendance, GroupAttendance.session_id == GroupSession.id)
            .where(GroupSession.group_id == member.group_id,
                   GroupAttendance.visitor_id == member.visitor_id))
    first, last = db.session.execute(stmt).one()

    def joined_before_first():
        if joined_on is not None and first is not None and first.date() < joined_on:
            raise RuleError("joined_on", _l(
                "Present at a session on %(date)s, before this date. Correct that session "
                "first.", date=day(first)))

    def left_after_last():
        if left_on is not None and last is not None and last.date() > left_on:
            raise RuleError("left_on", _l(
                "Present at a session on %(date)s, after this date. Correct that session "
                "first.", date=day(last)))

    return joined_before_first, left_after_last


def _left_after_joined(joined_on: date | None, left_on: date | None):
    def rule():
        if joined_on is not None and left_on is not None and left_on < joined_on:
            raise RuleError("left_on", _l("A participant cannot leave before they joined."))
    return rule


def leave(user: User, member: GroupMember, *, left_on: date) -> None:
    """Record that a participant left the group (their last day in it)."""
    check_open(member.group.location)

    def still_there():
        if member.left_on is not None:
            raise RuleError(None, _l("This participant already left on %(date)s: correct the "
                                     "participant to change it.", date=day(member.left_on)))

    checked(still_there, _left_after_joined(member.joined_on, left_on),
            _present_outside(member, None, left_on)[1])
    member.left_on = left_on
    audit.record(user, "group_member_left", location_id=member.group.location_id,
                 object_type="group", object_id=member.group_id,
                 detail={"visitor": member.visitor.code, "left_on": str(left_on)})
    save_correction()


def check_member(member: GroupMember, *, joined_on: date | None, left_on: date | None) -> None:
    """Every rule of a membership's dates at once (None: a date the form found wrong)."""
    checked(_left_after_joined(joined_on, left_on), *_present_outside(member, joined_on, left_on))


def update_member(user: User, member: GroupMember, *, joined_on: date, left_on: date | None,
                  version: int | None) -> None:
    """Correct the day a participant joined, and left (empty: still a participant)."""
    check_may_correct(user, member)
    check_version(member, version)
    check_member(member, joined_on=joined_on, left_on=left_on)
    member.joined_on, member.left_on = joined_on, left_on
    first_seen_again(member.visitor)  # the day joined may have moved
    audit.record(user, "group_member_changed", location_id=member.group.location_id,
                 object_type="group_member", object_id=member.group_id,
                 detail={"visitor": member.visitor.code, "joined_on": str(joined_on),
                         "left_on": str(left_on) if left_on else None})
    save_correction()


def times_present(member: GroupMember) -> int:
    return db.session.scalar(
        select(func.count()).select_from(GroupAttendance).join(GroupSession)
        .where(GroupSession.group_id == member.group_id,
               GroupAttendance.visitor_id == member.visitor_id))


def member_summary(member: GroupMember) -> list[tuple[str, str]]:
    """What a volunteer sees of a membership before removing it."""
    lines = [(_l("Visitor"), display(member.visitor.code)), (_l("Group"), member.group.title),
             (_l("Joined on"), day(member.joined_on))]
    if member.left_on is not None:
        lines.append((_l("Left on"), day(member.left_on)))
    return lines


def remove_member(user: User, member: GroupMember, *, version: int | None) -> None:
    """Remove a membership entered by mistake. Only one without attendance: a participant
    who was present at a session left a trace in the figures, so they leave the group
    instead (or that session is corrected first). The visitor and their code stay."""
    check_may_correct(user, member)
    check_version(member, version)
    present = times_present(member)
    if present:
        raise RuleError(None, _l(
            "This participant was present at %(count)d sessions, so the enrolment was no "
            "mistake: record that they left, or correct those sessions first.", count=present))
    audit.record(user, "group_member_removed", location_id=member.group.location_id,
                 object_type="group_member", object_id=member.group_id,
                 detail={"visitor": member.visitor.code,
                         "joined_on": str(member.joined_on)})
    visitor = member.visitor
    db.session.delete(member)  # a newer save since it was read: the version refuses it
    first_seen_again(visitor)
    save_correction()
