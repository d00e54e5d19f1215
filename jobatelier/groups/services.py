"""Groups' rules: creating, changing and cancelling a group, its participants and choices,
and the group's page with its attendance rate (participants: members.py; sessions:
sessions.py)."""

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from .. import audit
from ..access import scope_to_user
from ..cohorts import group_cohort
from ..desk.corrections import check_open, check_version, save_correction
from ..desk.services import help_type_choices
from ..errors import RuleError, checked
from ..extensions import db
from ..i18n import day
from ..models import (
    GROUP_KINDS,
    GROUP_TITLE_MAX_LENGTH,
    Group,
    GroupAttendance,
    GroupMember,
    GroupSession,
    Location,
    User,
    Visitor,
)
from ..privacy import personal_data_problem
from ..visitors.codes import display
from .attendance import GroupPage, attendance_page, group_status
from .members import members_of


def groups_for(user: User, today: date) -> list[tuple[Group, str]]:
    """The groups at the user's locations (all for an admin), newest start first, each with
    its status (planned, running, finished or cancelled)."""
    stmt = scope_to_user(
        select(Group).options(selectinload(Group.location))
        .order_by(Group.starts_on.desc(), Group.title),
        Group.location_id, user)
    return [(group, group_status(group, today)) for group in db.session.scalars(stmt)]


def visible_group(user: User, group_id: str) -> Group | None:
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
                 object_id=group.id, detail={"kind": kind, "title": group.title})
    db.session.commit()
    return group


def update_group(user: User, group: Group, *, kind: str, title: str, starts_on: date,
                 guided_weeks: int | None, capacity: int | None, reopen: bool = False,
                 version: int | None) -> None:
    """Change a group (refused over someone else's newer save); `reopen` undoes a
    cancellation made by mistake."""
    check_open(group.location)
    check_version(group, version)
    check_group(group, kind=kind, title=title, starts_on=starts_on)
    group.kind, group.title, group.starts_on = kind, title.strip(), starts_on
    group.guided_weeks, group.capacity = guided_weeks, capacity
    reopened = bool(reopen and group.cancelled)
    if reopened:
        group.cancelled = False
    audit.record(user, "group_reopened" if reopened else "group_changed",
                 location_id=group.location_id, object_type="group", object_id=group.id,
                 detail={"kind": kind, "title": group.title})
    save_correction()


def group_summary(group: Group) -> list[tuple[str, str]]:
    """What a volunteer sees of a group before cancelling it."""
    return [(_l("Title"), group.title), (_l("Location"), group.location.name),
            (_l("Starts on"), day(group.starts_on))]


def cancel_group(user: User, group: Group, *, version: int | None) -> None:
    """Cancel a whole group: it takes no new participants or sessions; what was recorded
    stays (its sessions held so far still count)."""
    check_open(group.location)
    check_version(group, version)
    if group.cancelled:
        raise RuleError(None, _l("This group was cancelled."))
    group.cancelled = True
    audit.record(user, "group_cancelled", location_id=group.location_id, object_type="group",
                 object_id=group.id, detail={"kind": group.kind, "title": group.title})
    save_correction()


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
