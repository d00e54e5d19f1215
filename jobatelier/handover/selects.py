"""The rows of each table of the handover package as one SELECT: the package's columns, in
its order, keys first. The export adds the locations' WHERE; the import looks keys up."""

from sqlalchemy import select

from ..models import (
    Group,
    GroupAttendance,
    GroupMember,
    GroupSession,
    HelpType,
    Location,
    Outcome,
    Trajectory,
    TrajectoryMeeting,
    Visit,
    Visitor,
    visit_help_types,
)
from . import schema


def package_select(name: str, with_notes: bool = True, format_: int = schema.FORMAT):
    """The rows of one resource, in package form and order, as a package of `format_` (with
    or without notes) holds them; callers add the WHERE. ValueError for a name that is not a
    table of the package."""
    if name not in SELECTS:
        raise ValueError(f"not a table of the handover package: {name!r}")
    columns, complete = SELECTS[name]()
    return complete(select(*(columns[field] for field in
                             schema.field_names(name, with_notes, format_))))


def _locations():
    return ({"code": Location.code, "name": Location.name, "municipality": Location.municipality,
             "kind": Location.kind, "organisation": Location.organisation,
             "active": Location.active},
            lambda stmt: stmt.order_by(Location.code))


def _help_types():
    return ({"code": HelpType.code, "label_nl": HelpType.label_nl,
             "label_fr": HelpType.label_fr, "label_en": HelpType.label_en,
             "active": HelpType.active},
            lambda stmt: stmt.order_by(HelpType.position, HelpType.code))


def _visitors():
    first_location = Location.__table__.alias("first_location")
    return ({"code": Visitor.code, "first_location_code": first_location.c.code,
             "registered_on": Visitor.registered_on, "age_band": Visitor.age_band,
             "gender": Visitor.gender, "dutch_level": Visitor.dutch_level,
             "education_level": Visitor.education_level,
             "unemployment_duration": Visitor.unemployment_duration,
             "postcode": Visitor.postcode},
            lambda stmt: stmt.select_from(Visitor)
            .join(first_location, first_location.c.id == Visitor.first_location_id)
            .order_by(Visitor.code))


def _visits():
    visit_location = Location.__table__.alias("visit_location")
    return ({"id": Visit.id, "location_code": visit_location.c.code,
             "visitor_code": Visitor.code, "arrived_at": Visit.arrived_at,
             "duration_minutes": Visit.duration_minutes, "note": Visit.note,
             "waited_minutes": Visit.waited_minutes},
            lambda stmt: stmt.select_from(Visit)
            .join(visit_location, visit_location.c.id == Visit.location_id)
            .outerjoin(Visitor, Visitor.id == Visit.visitor_id)
            .order_by(Visit.arrived_at, Visit.id))


def _visit_help_types():
    return ({"visit_id": visit_help_types.c.visit_id, "help_type_code": HelpType.code},
            lambda stmt: stmt.select_from(visit_help_types)
            .join(HelpType, HelpType.id == visit_help_types.c.help_type_id)
            .join(Visit, Visit.id == visit_help_types.c.visit_id)
            .order_by(visit_help_types.c.visit_id, HelpType.code))


def _outcomes():
    # Row order keeps the order of entry: on one day, the outcome entered last counts.
    return ({"id": Outcome.id, "visitor_code": Visitor.code, "outcome": Outcome.outcome,
             "contract_type": Outcome.contract_type, "recorded_on": Outcome.recorded_on,
             "location_code": Location.code},
            lambda stmt: stmt.select_from(Outcome)
            .join(Visitor, Visitor.id == Outcome.visitor_id)
            .join(Location, Location.id == Outcome.location_id)
            .order_by(Outcome.recorded_on, Outcome.created_at, Outcome.id))


def _groups():
    return ({"id": Group.id, "location_code": Location.code, "kind": Group.kind,
             "title": Group.title, "starts_on": Group.starts_on,
             "guided_weeks": Group.guided_weeks, "capacity": Group.capacity,
             "cancelled": Group.cancelled},
            lambda stmt: stmt.select_from(Group)
            .join(Location, Location.id == Group.location_id)
            .order_by(Group.starts_on, Group.id))


def _group_members():
    return ({"group_id": GroupMember.group_id, "visitor_code": Visitor.code,
             "joined_on": GroupMember.joined_on, "left_on": GroupMember.left_on},
            lambda stmt: stmt.select_from(GroupMember)
            .join(Visitor, Visitor.id == GroupMember.visitor_id)
            .order_by(GroupMember.group_id, Visitor.code))


def _group_sessions():
    return ({"id": GroupSession.id, "group_id": GroupSession.group_id,
             "starts_at": GroupSession.starts_at,
             "duration_minutes": GroupSession.duration_minutes, "guided": GroupSession.guided,
             "cancelled": GroupSession.cancelled, "topic": HelpType.code,
             "extra_attendees": GroupSession.extra_attendees},
            lambda stmt: stmt.select_from(GroupSession)
            .outerjoin(HelpType, HelpType.id == GroupSession.topic_id)
            .order_by(GroupSession.starts_at, GroupSession.id))


def _group_attendance():
    return ({"session_id": GroupAttendance.session_id, "visitor_code": Visitor.code},
            lambda stmt: stmt.select_from(GroupAttendance)
            .join(Visitor, Visitor.id == GroupAttendance.visitor_id)
            .order_by(GroupAttendance.session_id, Visitor.code))


def _trajectories():
    # The coach is an account: never in a package.
    return ({"id": Trajectory.id, "location_code": Location.code,
             "visitor_code": Visitor.code, "kind": Trajectory.kind,
             "starts_on": Trajectory.starts_on, "planned_months": Trajectory.planned_months,
             "ended_on": Trajectory.ended_on, "end_reason": Trajectory.end_reason},
            lambda stmt: stmt.select_from(Trajectory)
            .join(Location, Location.id == Trajectory.location_id)
            .join(Visitor, Visitor.id == Trajectory.visitor_id)
            .order_by(Trajectory.starts_on, Trajectory.id))


def _trajectory_meetings():
    return ({"id": TrajectoryMeeting.id, "trajectory_id": TrajectoryMeeting.trajectory_id,
             "met_on": TrajectoryMeeting.met_on,
             "duration_minutes": TrajectoryMeeting.duration_minutes,
             "place": TrajectoryMeeting.place, "note": TrajectoryMeeting.note},
            lambda stmt: stmt.select_from(TrajectoryMeeting)
            .order_by(TrajectoryMeeting.met_on, TrajectoryMeeting.id))


SELECTS = {"locations": _locations, "help_types": _help_types, "visitors": _visitors,
           "visits": _visits, "visit_help_types": _visit_help_types, "outcomes": _outcomes,
           "groups": _groups, "group_members": _group_members,
           "group_sessions": _group_sessions, "group_attendance": _group_attendance,
           "trajectories": _trajectories, "trajectory_meetings": _trajectory_meetings}
