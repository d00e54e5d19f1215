"""Retention: old visitor codes and notes are removed after the yearly figures are frozen;
the old reports still show the same figures."""

from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from jobatelier.demo import load_demo
from jobatelier.extensions import db
from jobatelier.models import (
    FrozenFigures,
    Group,
    GroupAttendance,
    GroupMember,
    GroupSession,
    Location,
    Trajectory,
    TrajectoryMeeting,
    Visit,
    Visitor,
)
from jobatelier.reports.services import yearly_report
from jobatelier.visitors.services import issue_visitor

TODAY = date(2026, 11, 23)


def report_2021():
    locations = list(db.session.scalars(select(Location).order_by(Location.name)))
    return yearly_report(locations, 2021, k=5, raw=True).values


def test_purge_removes_old_codes_and_notes_and_the_old_reports_stay(runner, app):
    load_demo(seed=3, today=date(2025, 6, 30))
    old = db.session.scalar(select(Visit).where(Visit.arrived_at < datetime(2021, 1, 1)))
    old.note = "koffie gedronken"
    db.session.commit()
    before = report_2021()
    result = runner.invoke(args=["purge", "--before", "2021-06-01"])
    assert result.exit_code == 0, result.output
    assert report_2021() == before
    assert db.session.scalar(select(func.count()).select_from(FrozenFigures)) > 0
    assert db.session.scalar(select(Visit.note).where(Visit.id == old.id)) is None
    # Walk-ins last seen before 2021 (the demo's group participants and coachees are active
    # since, in their group or trajectory: they keep their codes).
    last_visits = (select(Visitor.code).join(Visit)
                   .where(Visitor.id.not_in(select(GroupMember.visitor_id)),
                          Visitor.id.not_in(select(Trajectory.visitor_id)))
                   .group_by(Visitor.code)
                   .having(func.max(Visit.arrived_at) < datetime(2021, 1, 1)))
    codes = list(db.session.scalars(last_visits))
    assert codes and all(code.startswith("purged-") for code in codes)
    recent = db.session.scalar(select(Visitor.code).join(Visit).where(
        Visit.arrived_at > datetime(2025, 1, 1)))
    assert not recent.startswith("purged-")


def test_a_dry_run_changes_nothing(runner, app):
    load_demo(seed=3, today=date(2025, 6, 30))
    codes = set(db.session.scalars(select(Visitor.code)))
    result = runner.invoke(args=["purge", "--before", "2021-06-01", "--dry-run"])
    assert "Would remove" in result.output
    assert set(db.session.scalars(select(Visitor.code))) == codes


def test_nothing_younger_than_the_retention_period_can_be_purged(runner, app):
    result = runner.invoke(args=["purge", "--before", date.today().isoformat()])
    assert result.exit_code != 0 and "retention period" in result.output


OLD = date(2018, 3, 5)
RECENT = date.today() - timedelta(days=30)


def at(day, hour=10) -> datetime:
    return datetime.combine(day, time(hour))


def test_group_and_trajectory_activity_counts_as_a_visitors_last_activity(
        runner, app, lier, make_user):
    """Purge before 2020: who only took part in old groups or trajectories loses their code
    (their rows stay, so the old years still count them); any newer activity keeps it."""
    coach = make_user("carla", "coach", [lier])
    old_group = Group(location=lier, kind="jobclub", title="Jobclub 2018", starts_on=OLD)
    running_group = Group(location=lier, kind="cosearching", title="Cosearching",
                          starts_on=OLD)
    old_session = GroupSession(group=old_group, starts_at=at(OLD + timedelta(days=7)))
    recent_session = GroupSession(group=running_group, starts_at=at(RECENT))
    visitors = {name: issue_visitor(lier, OLD) for name in (
        "old_member", "present_lately", "still_enrolled", "old_coachee", "still_coached",
        "met_lately")}
    db.session.add_all([old_group, running_group, old_session, recent_session])
    db.session.add_all([
        GroupMember(group=old_group, visitor=visitors["old_member"], joined_on=OLD,
                    left_on=OLD + timedelta(days=60)),
        GroupMember(group=running_group, visitor=visitors["present_lately"], joined_on=OLD),
        GroupMember(group=running_group, visitor=visitors["still_enrolled"], joined_on=OLD),
    ])
    db.session.flush()
    db.session.add_all([
        GroupAttendance(session_id=old_session.id, visitor_id=visitors["old_member"].id),
        GroupAttendance(session_id=recent_session.id, visitor_id=visitors["present_lately"].id),
    ])
    finished = Trajectory(location=lier, visitor=visitors["old_coachee"], coach=coach,
                          kind="mentoring", starts_on=OLD, ended_on=OLD + timedelta(days=180),
                          end_reason="completed")
    met_lately = Trajectory(location=lier, visitor=visitors["met_lately"], coach=coach,
                            kind="jobcoaching", starts_on=OLD,
                            ended_on=RECENT, end_reason="completed")
    db.session.add_all([
        finished, met_lately,
        Trajectory(location=lier, visitor=visitors["still_coached"], coach=coach,
                   kind="mentoring", starts_on=OLD),
        TrajectoryMeeting(trajectory=finished, met_on=OLD + timedelta(days=14), place="desk",
                          note="cv samen herschreven"),
        TrajectoryMeeting(trajectory=met_lately, met_on=RECENT, place="remote",
                          note="sollicitatie besproken"),
    ])
    db.session.commit()
    codes = {name: visitor.code for name, visitor in visitors.items()}
    attendance_before = db.session.scalar(select(func.count()).select_from(GroupAttendance))

    result = runner.invoke(args=["purge", "--before", "2020-01-01"])
    assert result.exit_code == 0, result.output
    left = set(db.session.scalars(select(Visitor.code)))
    assert {name for name, code in codes.items() if code in left} == {
        "present_lately", "still_enrolled", "still_coached", "met_lately"}
    # the rows stay, under keys on no card
    assert db.session.scalar(select(func.count()).select_from(GroupAttendance)) \
        == attendance_before
    assert db.session.scalar(select(func.count()).select_from(GroupMember)) == 3
    assert db.session.scalar(select(func.count()).select_from(Trajectory)) == 3
    assert set(db.session.scalars(select(TrajectoryMeeting.note))) == {
        None, "sollicitatie besproken"}


def test_a_purged_participant_cannot_be_found_by_their_code(runner, app, client, auth, lier,
                                                            make_user):
    group = Group(location=lier, kind="workshop", title="CV workshop", starts_on=OLD)
    session = GroupSession(group=group, starts_at=at(OLD))
    visitor = issue_visitor(lier, OLD)
    db.session.add_all([group, session, GroupMember(group=group, visitor=visitor,
                                                    joined_on=OLD, left_on=OLD)])
    db.session.flush()
    db.session.add(GroupAttendance(session_id=session.id, visitor_id=visitor.id))
    db.session.commit()
    code, group_id = visitor.code, group.id
    assert runner.invoke(args=["purge", "--before", "2020-01-01"]).exit_code == 0
    auth.login(make_user("adam", "admin"))
    assert client.get(f"/visitors/{code}").status_code == 404
    found = client.get("/visitors/find", query_string={"lookup-visitor_code": code})
    assert found.status_code == 200 and "data-error-summary" in found.get_data(as_text=True)
    page = client.get(f"/groups/{group_id}").get_data(as_text=True)
    assert code.upper() not in page and "PURGED-" not in page  # no key shown as a code
    assert "code verwijderd" in page
    assert 'class="mark-present"' in page  # the attendance still counts
    db.session.refresh(visitor)
    key = visitor.code  # on no card; nothing finds anybody by it either
    assert client.get(f"/visitors/{key}").status_code == 404
    joined = client.post("/queue", data={"visitor_code": key}, follow_redirects=True)
    assert "data-error-summary" in joined.get_data(as_text=True)
