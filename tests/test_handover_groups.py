"""Format 2 of the handover package: groups and trajectories go along with the locations that
run them, every row refers to a row of the package, a handed-over location's groups and
trajectories are read-only, and a format 1 package still imports."""

import csv
import io
import json
import zipfile
from datetime import date, timedelta
from pathlib import Path

import frictionless
import pytest
from sqlalchemy import func, select
from test_handover import (
    NOTHING,
    database_counts,
    do_import,
    export_bytes,
    fresh_instance,
    rewrite,
    tables_of,
)

from jobatelier.access import may_correct
from jobatelier.demo import load_demo
from jobatelier.extensions import db
from jobatelier.handover import schema
from jobatelier.handover.importer import ConflictError
from jobatelier.handover.package import PackageError
from jobatelier.models import (
    Group,
    GroupAttendance,
    GroupMember,
    GroupSession,
    Location,
    Trajectory,
    TrajectoryMeeting,
    Visit,
)

TODAY = date(2023, 6, 30)
GROUP_TABLES = schema.TABLES[2][6:]


@pytest.fixture
def demo(app):
    load_demo(seed=7, today=TODAY)


def rows_of(package: bytes, name: str) -> list[dict]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return list(csv.DictReader(io.TextIOWrapper(archive.open(f"{name}.csv"), "utf-8")))


def test_an_export_of_some_locations_holds_their_groups_and_trajectories(demo):
    package = export_bytes(["lier"])
    groups = rows_of(package, "groups")
    assert sorted(group["kind"] for group in groups) == ["cosearching", "jobclub"]
    assert {group["location_code"] for group in groups} == {"lier"}
    visitors = {row["code"] for row in rows_of(package, "visitors")}
    members = {(row["group_id"], row["visitor_code"]) for row in rows_of(package, "group_members")}
    assert len(members) == 20 and {code for _, code in members} <= visitors
    sessions = {row["id"]: row for row in rows_of(package, "group_sessions")}
    attendance = rows_of(package, "group_attendance")
    assert attendance and all(
        sessions[row["session_id"]]["cancelled"] == "false"
        and (sessions[row["session_id"]]["group_id"], row["visitor_code"]) in members
        for row in attendance)
    trajectories = rows_of(package, "trajectories")
    assert len(trajectories) == 4 and {row["location_code"] for row in trajectories} == {"lier"}
    coachees = {row["visitor_code"] for row in trajectories}
    assert coachees <= visitors
    # The coachees' outcomes recorded at Lier come along.
    assert coachees & {row["visitor_code"] for row in rows_of(package, "outcomes")}
    meetings = rows_of(package, "trajectory_meetings")
    assert {row["trajectory_id"] for row in meetings} == {row["id"] for row in trajectories}
    # Accounts are never in a package: no coach anywhere.
    described = json.loads(zipfile.ZipFile(io.BytesIO(package)).read("datapackage.json"))
    assert not [field["name"] for resource in described["resources"]
                for field in resource["schema"]["fields"] if "coach" in field["name"]]

    heist = export_bytes(["heist-op-den-berg"])
    assert rows_of(heist, "groups") == [] and rows_of(heist, "group_attendance") == []
    (jobcoaching,) = rows_of(heist, "trajectories")
    assert jobcoaching["kind"] == "jobcoaching"
    assert {row["trajectory_id"] for row in rows_of(heist, "trajectory_meetings")} == {
        jobcoaching["id"]}


def test_meeting_notes_go_along_only_when_asked_for(demo):
    without = rows_of(export_bytes(["lier"]), "trajectory_meetings")
    assert "note" not in without[0]
    notes = {row["note"] for row in rows_of(export_bytes(["lier"], with_notes=True),
                                            "trajectory_meetings")}
    assert "CV overlopen" in notes


def as_format_1(package: bytes) -> bytes:
    """The package as an instance of format 1 wrote it: six tables, visits without their
    waiting time."""
    def descriptor(text):
        described = json.loads(text)
        described["jobatelier_format"] = 1
        described["resources"] = described["resources"][:6]
        visits = described["resources"][3]["schema"]
        visits["fields"] = [f for f in visits["fields"] if f["name"] != "waited_minutes"]
        return json.dumps(described)

    def visits(text):
        rows = list(csv.reader(io.StringIO(text)))
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows(row[:-1] for row in rows)
        return out.getvalue()

    return rewrite(package, replace={"datapackage.json": descriptor, "visits.csv": visits},
                   drop=tuple(f"{name}.csv" for name in GROUP_TABLES))


def test_a_format_1_package_still_imports(demo, tmp_path):
    visit = db.session.scalar(select(Visit).order_by(Visit.arrived_at))
    visit.waited_minutes = 12
    db.session.commit()
    current = export_bytes()
    old = as_format_1(current)
    (tmp_path / "old.zip").write_bytes(old)
    assert frictionless.validate(str(tmp_path / "old.zip")).valid
    # Into the instance that wrote it: the same rows, the waiting time left alone.
    result = do_import(old)
    assert not result.conflicts and result.tables["visits"].added == 0
    assert db.session.scalar(select(Visit.waited_minutes).where(Visit.id == visit.id)) == 12
    # Into an empty one: the visits and outcomes, no groups, no trajectories.
    fresh_instance()
    result = do_import(old)
    assert result.written and all(result.tables[name].added == 0 for name in GROUP_TABLES)
    again, before = tables_of(export_bytes()), tables_of(current)
    for name in schema.TABLES[1]:
        if name == "visits":  # all but the waiting time, which format 1 does not hold
            assert sorted(row[:-1] for row in again[name]) == sorted(
                row[:-1] for row in before[name])
            assert {row[-1] for row in again[name][:-1]} == {""}
        else:
            assert again[name] == before[name], name
    assert database_counts()[4:] == [0] * 5


def edited(package: bytes, name: str, where, **values) -> tuple[bytes, int]:
    """`package` with the first row of `name`.csv for which `where(row)` holds changed to
    `values`; and that row's line in the file (the header being line 1)."""
    rows = rows_of(package, name)
    index = next(number for number, row in enumerate(rows) if where(row))
    rows[index].update(values)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return rewrite(package, replace={f"{name}.csv": lambda _: out.getvalue()}), index + 2


def cancelled_session(package):
    return next(row["id"] for row in rows_of(package, "group_sessions") if row["cancelled"] ==
                "true")


def not_a_member(package, row):
    members = {r["visitor_code"] for r in rows_of(package, "group_members")}
    return next(visitor["code"] for visitor in rows_of(package, "visitors")
                if visitor["code"] not in members)


BROKEN = {
    "attendance at a cancelled session": (
        "group_attendance", lambda p: {"session_id": cancelled_session(p)}, "session_id",
        "geannuleerde sessie"),
    "attendance by someone outside the group": (
        "group_attendance", lambda p: {"visitor_code": not_a_member(p, None)}, "visitor_code",
        "Geen deelnemer"),
    "a participant of a group that is not there": (
        "group_members", lambda p: {"group_id": "0f8fad5b-d9cb-469f-a165-70867728950e"},
        "group_id", "groups.csv"),
    "a session about an unknown help type": (
        "group_sessions", lambda p: {"topic": "no_such_help"}, "topic", "help_types.csv"),
    "a cancelled session with people present": (
        "group_sessions", lambda p: {"cancelled": "true", "extra_attendees": "3"},
        "extra_attendees", "niemand aanwezig"),
    "a participant who left before joining": (
        "group_members", lambda p: {"left_on": "2000-01-01"}, "left_on", "stoppen"),
    "a trajectory ended without a reason": (
        "trajectories", lambda p: {"ended_on": "2023-06-01", "end_reason": ""}, "end_reason",
        "horen samen"),
    "a trajectory ended before it started": (
        "trajectories", lambda p: {"ended_on": "2000-01-01", "end_reason": "moved"}, "ended_on",
        "eindigen voor"),
    "a meeting of a trajectory that is not there": (
        "trajectory_meetings", lambda p: {"trajectory_id": "0f8fad5b-d9cb-469f-a165-70867728950e"},
        "trajectory_id", "trajectories.csv"),
    "a meeting at an unknown place": (
        "trajectory_meetings", lambda p: {"place": "cafe"}, "place", "cafe"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_package_whose_groups_or_trajectories_break_a_rule_is_refused_whole(demo, case):
    name, values, field, message = BROKEN[case]
    package = export_bytes(["lier"])
    broken, line = edited(package, name, lambda row: True, **values(package))
    fresh_instance()
    with pytest.raises(PackageError) as refused:
        do_import(broken)
    assert f"{name}.csv, rij {line}, veld {field}: " in str(refused.value)
    assert message in str(refused.value)
    assert database_counts() == NOTHING


def test_importing_groups_and_trajectories_twice_changes_nothing(demo):
    package = export_bytes(["lier"])
    fresh_instance()
    do_import(package)
    counts = database_counts()
    again = do_import(package)
    assert database_counts() == counts and all(again.tables[name].skipped > 0
                                               for name in GROUP_TABLES)
    assert all(table.added == 0 for table in again.tables.values())


def test_a_changed_trajectory_is_a_conflict_and_overwriting_keeps_its_coach(demo, make_user):
    package = export_bytes(["lier"])
    trajectory = db.session.scalar(select(Trajectory).join(Trajectory.location).where(
        Location.code == "lier").order_by(Trajectory.id))
    coach = make_user("cas", "coach", [trajectory.location])
    trajectory.planned_months, trajectory.coach = 12, coach
    db.session.delete(db.session.scalar(select(GroupAttendance).limit(1)))
    db.session.commit()
    with pytest.raises(ConflictError) as stopped:
        do_import(package)
    assert "trajectories.csv, rij " in str(stopped.value) and trajectory.id in str(stopped.value)
    result = do_import(package, overwrite=True)
    assert result.tables["trajectories"].overwritten == 1
    assert result.tables["group_attendance"].added == 1
    db.session.refresh(trajectory)
    assert trajectory.planned_months == 6 and trajectory.coach.username == "cas"


def test_a_handed_over_locations_groups_and_trajectories_are_read_only(
        demo, runner, make_user, tmp_path):
    result = runner.invoke(args=["handover", "lier", "--to", "VDAB",
                                 "--out", str(tmp_path / "lier.zip")])
    assert result.exit_code == 0, result.output
    assert frictionless.validate(str(tmp_path / "lier.zip")).valid
    lier, heist = (db.session.scalar(select(Location).where(Location.code == code))
                   for code in ("lier", "heist-op-den-berg"))
    coordinator = make_user("colette", "coordinator", [lier, heist])
    admin = make_user("adam", "admin")
    rows = [db.session.scalar(select(model).limit(1)) for model in (
        Group, GroupMember, GroupSession)]
    rows += [db.session.scalar(select(model).join(Trajectory.location).where(
        Location.code == "lier").limit(1)) for model in (Trajectory,)]
    rows.append(db.session.scalar(select(TrajectoryMeeting).join(TrajectoryMeeting.trajectory)
                                  .where(Trajectory.location_id == lier.id).limit(1)))
    assert all(row.location == lier for row in rows)
    assert not any(may_correct(user, row) for user in (coordinator, admin) for row in rows)
    elsewhere = db.session.scalar(select(Trajectory).where(Trajectory.location_id == heist.id))
    assert may_correct(coordinator, elsewhere) and may_correct(admin, elsewhere)


def test_the_demo_fills_the_groups_and_trajectories_pages(demo):
    cosearching = db.session.scalar(select(Group).where(Group.kind == "cosearching"))
    members = db.session.scalars(select(GroupMember).where(
        GroupMember.group_id == cosearching.id)).all()
    sessions = db.session.scalars(select(GroupSession).where(
        GroupSession.group_id == cosearching.id).order_by(GroupSession.starts_at)).all()
    assert len(members) == 10 and cosearching.guided_weeks == 5
    assert [session.guided for session in sessions] == [True] * 5 + [False] * (
        len(sessions) - 5)
    assert sum(session.cancelled for session in sessions) == 1
    assert all(session.starts_at.date() < TODAY for session in sessions)
    assert len({(s.starts_at - sessions[0].starts_at).days // 7 for s in sessions}) == len(
        sessions)  # weekly
    present = db.session.scalars(select(GroupAttendance).join(GroupAttendance.session).where(
        GroupSession.group_id == cosearching.id)).all()
    assert present and not any(mark.session.cancelled for mark in present)
    trajectories = db.session.scalars(select(Trajectory)).all()
    assert sum(t.kind == "mentoring" for t in trajectories) >= 3
    meetings = dict(db.session.execute(select(TrajectoryMeeting.trajectory_id, func.max(
        TrajectoryMeeting.met_on)).group_by(TrajectoryMeeting.trajectory_id)).all())
    assert set(meetings) == {t.id for t in trajectories}
    running = [t for t in trajectories if t.ended_on is None]
    assert any(TODAY - meetings[t.id] > timedelta(weeks=3) for t in running)  # a silent duo
    assert any(t.starts_on + timedelta(days=30 * t.planned_months) < TODAY for t in running)
    assert any(t.end_reason == "completed" for t in trajectories)


def the_documented_example() -> bytes:
    """The example package of docs/handover-format.md, as its reader would zip it."""
    text = (Path(__file__).parents[1] / "docs" / "handover-format.md").read_text("utf-8")
    example = text.split("## Example", 1)[1]
    descriptor = example.split("```json\n", 1)[1].split("```", 1)[0]
    files, name = {"datapackage.json": descriptor}, None
    for line in example.split("```csv\n", 1)[1].split("```", 1)[0].splitlines():
        if line.startswith("# "):
            name = line[2:]
            files[name] = ""
        else:
            files[name] += line + "\r\n"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for member, content in files.items():
            archive.writestr(member, content)
    return out.getvalue()


def test_the_documented_example_imports_in_format_2_and_as_format_1(app):
    example = the_documented_example()
    result = do_import(example)
    assert result.written and result.tables["group_attendance"].added == 2
    assert result.tables["trajectory_meetings"].added == 1
    assert db.session.scalar(select(Visit.waited_minutes).where(
        Visit.waited_minutes.is_not(None))) == 12
    fresh_instance()
    result = do_import(as_format_1(example))
    assert result.tables["visits"].added == 3 and database_counts()[4:] == [0] * 5
