"""Writing the checked rows of a package, table by table: `new` rows are added, `changed` ones
(only with overwrite) replace the rows here. Codes become this instance's ids; the caller's
transaction holds it all."""

from datetime import timedelta

from sqlalchemy import func, insert, select

from ..admin.services import free_prefix
from ..extensions import db
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
from ..timeutil import utcnow


def _ids(model, codes) -> dict:
    codes = {code for code in codes if code is not None}
    if not codes:
        return {}
    return dict(db.session.execute(select(model.code, model.id).where(model.code.in_(codes))).all())


def _write_locations(new, changed, package):
    for row in new:
        db.session.add(Location(code=row["code"], name=row["name"],
                                municipality=row["municipality"], kind=row["kind"],
                                organisation=row["organisation"], active=row["active"],
                                visitor_prefix=free_prefix(row["code"])))
        db.session.flush()  # the next free prefix must see this one


def _write_help_types(new, changed, package):
    last = db.session.scalar(select(func.max(HelpType.position))) or 0
    for position, row in enumerate(new, start=last + 1):
        db.session.add(HelpType(position=position, **row))


def _write_visitors(new, changed, package):
    locations = _ids(Location, [row["first_location_code"] for row in new + changed])
    values = [{**{k: v for k, v in row.items() if k != "first_location_code"},
               "first_location_id": locations[row["first_location_code"]]} for row in new]
    if values:
        db.session.execute(insert(Visitor), values)
    for row in changed:
        visitor = db.session.scalar(select(Visitor).where(Visitor.code == row["code"]))
        for key, value in values_of(row, first_location_id=locations[row["first_location_code"]],
                                    drop=("code", "first_location_code")).items():
            setattr(visitor, key, value)


def _visit_values(row, locations, visitors, package):
    values = {"location_id": locations[row["location_code"]],
              "visitor_id": visitors.get(row["visitor_code"]), "arrived_at": row["arrived_at"],
              "duration_minutes": row["duration_minutes"]}
    # What a package does not hold (notes, or the waiting time in format 1) stays as it is.
    if package.with_notes:
        values["note"] = row["note"]
    if "waited_minutes" in row:
        values["waited_minutes"] = row["waited_minutes"]
    return values


def _write_visits(new, changed, package):
    rows = new + changed
    locations = _ids(Location, [row["location_code"] for row in rows])
    visitors = _ids(Visitor, [row["visitor_code"] for row in rows])
    if new:
        db.session.execute(insert(Visit), [
            {"id": row["id"], **_visit_values(row, locations, visitors, package)}
            for row in new])
    for row in changed:
        visit = db.session.get(Visit, row["id"])
        for key, value in _visit_values(row, locations, visitors, package).items():
            setattr(visit, key, value)


def _write_visit_help_types(new, changed, package):
    help_types = _ids(HelpType, [row["help_type_code"] for row in new])
    if new:
        db.session.execute(insert(visit_help_types), [
            {"visit_id": row["visit_id"], "help_type_id": help_types[row["help_type_code"]]}
            for row in new])


def _write_outcomes(new, changed, package):
    rows = new + changed
    locations = _ids(Location, [row["location_code"] for row in rows])
    visitors = _ids(Visitor, [row["visitor_code"] for row in rows])
    start = utcnow()

    def values(row):
        return {"visitor_id": visitors[row["visitor_code"]], "outcome": row["outcome"],
                "contract_type": row["contract_type"], "recorded_on": row["recorded_on"],
                "location_id": locations[row["location_code"]]}

    if new:
        # Entered in the package's row order, so the one entered last on a day still counts.
        db.session.execute(insert(Outcome), [
            {"id": row["id"], "created_at": start + timedelta(microseconds=number),
             **values(row)} for number, row in enumerate(new)])
    _replace(Outcome, changed, values)


def _replace(model, changed, values) -> None:
    """Overwrite: each changed row replaces the one here with the same id (a new version)."""
    for row in changed:
        here = db.session.get(model, row["id"])
        for key, value in values(row).items():
            setattr(here, key, value)


def _write_groups(new, changed, package):
    locations = _ids(Location, [row["location_code"] for row in new + changed])

    def values(row):
        return {**values_of(row, drop=("id", "location_code")),
                "location_id": locations[row["location_code"]]}

    if new:
        db.session.execute(insert(Group), [{"id": row["id"], **values(row)} for row in new])
    _replace(Group, changed, values)


def _write_group_members(new, changed, package):
    visitors = _ids(Visitor, [row["visitor_code"] for row in new + changed])
    if new:
        db.session.execute(insert(GroupMember), [
            {"group_id": row["group_id"], "visitor_id": visitors[row["visitor_code"]],
             "joined_on": row["joined_on"], "left_on": row["left_on"]} for row in new])
    for row in changed:
        member = db.session.get(GroupMember, (row["group_id"], visitors[row["visitor_code"]]))
        member.joined_on, member.left_on = row["joined_on"], row["left_on"]


def _write_group_sessions(new, changed, package):
    topics = _ids(HelpType, [row["topic"] for row in new + changed])

    def values(row):
        return {**values_of(row, drop=("id", "topic")), "topic_id": topics.get(row["topic"])}

    if new:
        db.session.execute(insert(GroupSession), [{"id": row["id"], **values(row)}
                                                  for row in new])
    _replace(GroupSession, changed, values)


def _write_group_attendance(new, changed, package):
    visitors = _ids(Visitor, [row["visitor_code"] for row in new])
    if new:
        db.session.execute(insert(GroupAttendance), [
            {"session_id": row["session_id"], "visitor_id": visitors[row["visitor_code"]]}
            for row in new])


def _write_trajectories(new, changed, package):
    rows = new + changed
    locations = _ids(Location, [row["location_code"] for row in rows])
    visitors = _ids(Visitor, [row["visitor_code"] for row in rows])

    def values(row):
        # No coach: accounts are never in a package, the receiving organisation assigns one.
        return {**values_of(row, drop=("id", "location_code", "visitor_code")),
                "location_id": locations[row["location_code"]],
                "visitor_id": visitors[row["visitor_code"]]}

    if new:
        db.session.execute(insert(Trajectory), [{"id": row["id"], **values(row)}
                                                for row in new])
    _replace(Trajectory, changed, values)


def _write_trajectory_meetings(new, changed, package):
    def values(row):
        # A package without notes has no note field: a meeting's note here stays as it is.
        return values_of(row, drop=("id",))

    if new:
        db.session.execute(insert(TrajectoryMeeting), [{"id": row["id"], **values(row)}
                                                       for row in new])
    _replace(TrajectoryMeeting, changed, values)


def values_of(row, drop=(), **extra) -> dict:
    return {**{key: value for key, value in row.items() if key not in drop}, **extra}


WRITERS = {"locations": _write_locations, "help_types": _write_help_types,
           "visitors": _write_visitors, "visits": _write_visits,
           "visit_help_types": _write_visit_help_types, "outcomes": _write_outcomes,
           "groups": _write_groups, "group_members": _write_group_members,
           "group_sessions": _write_group_sessions,
           "group_attendance": _write_group_attendance, "trajectories": _write_trajectories,
           "trajectory_meetings": _write_trajectory_meetings}
