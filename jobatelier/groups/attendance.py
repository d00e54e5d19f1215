"""A group's status and its attendance: the grid of sessions by participants and the rate.

A group is *cancelled* when it was cancelled; *planned* while it starts after today;
*finished* once its guided weeks (when given) have passed since it started; otherwise
*running*. The attendance rate is the present marks divided by the places there were: for
every held (not cancelled) session, the participants enrolled on its date (joined on or
before it, not left before it).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from ..models import Group, GroupMember, GroupSession


def group_status(group: Group, today: date) -> str:
    """planned, running, finished or cancelled (their names are in i18n.CODE_LABELS)."""
    if group.cancelled:
        return "cancelled"
    if group.starts_on > today:
        return "planned"
    if group.guided_weeks is not None \
            and today >= group.starts_on + timedelta(weeks=group.guided_weeks):
        return "finished"
    return "running"


@dataclass
class SessionLine:
    session: GroupSession
    present: int
    enrolled: int


@dataclass
class GroupPage:
    members: list[GroupMember]
    sessions: list[SessionLine]
    marks: set[tuple[str, int]] = field(default_factory=set)
    cohort: dict = field(default_factory=dict)  # within 6 months of the start: cohorts.py

    @property
    def held(self) -> list[GroupSession]:
        return [line.session for line in self.sessions if not line.session.cancelled]

    @property
    def present_marks(self) -> int:
        return sum(line.present for line in self.sessions if not line.session.cancelled)

    @property
    def places(self) -> int:
        return sum(line.enrolled for line in self.sessions if not line.session.cancelled)

    @property
    def rate(self) -> float | None:
        """Present marks / places, as a percentage; None before there is any place."""
        return 100 * self.present_marks / self.places if self.places else None

    def mark(self, session: GroupSession, member: GroupMember) -> str:
        """What the grid shows: "present", "absent", or "" when the participant was not
        enrolled on the session's date or the session was cancelled."""
        if session.cancelled or not member.enrolled_on(session.starts_at.date()):
            return ""
        return "present" if (session.id, member.visitor_id) in self.marks else "absent"


def attendance_page(members: list[GroupMember], sessions: list[GroupSession],
                    marks: set[tuple[str, int]]) -> GroupPage:
    lines = []
    for session in sessions:
        present = sum(1 for session_id, _visitor in marks if session_id == session.id)
        enrolled = sum(member.enrolled_on(session.starts_at.date()) for member in members)
        lines.append(SessionLine(session, present, enrolled))
    return GroupPage(members, lines, marks)
