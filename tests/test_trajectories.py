"""Trajectories and the coach role (issue 16): starting, meetings, the coachee's outcomes,
the lists, ending, corrections, and what a coach may see."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from support import count_queries, desk_now
from test_corrections import edit_form
from test_groups import errors_on, new_code

from jobatelier.extensions import db
from jobatelier.models import (
    AuditEntry,
    Outcome,
    Trajectory,
    TrajectoryMeeting,
    User,
    Visit,
    Visitor,
)

TODAY = desk_now().date()
START = TODAY - timedelta(days=60)


def trajectory_form(**overrides):
    """The new-trajectory form as a script posts it (the stable interface's field names)."""
    form = {"kind": "mentoring", "visitor_code": "", "coach": "cora",
            "starts_on": START.isoformat(), "planned_months": "6", "csrf_token": ""}
    form.update(overrides)
    return {key: value for key, value in form.items() if value is not None}


def meeting_form(day=None, **overrides):
    form = {"met_on": (day or TODAY - timedelta(days=2)).isoformat(), "duration_minutes": "60",
            "place": "workplace", "note": "CV samen herschreven", "csrf_token": ""}
    form.update(overrides)
    return {key: value for key, value in form.items() if value is not None}


def count(model) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(model))


def actions() -> list[str]:
    db.session.rollback()
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


@pytest.fixture
def coach(make_user):
    return make_user("cora", "coach")  # a coach's account needs no location


@pytest.fixture
def code(as_coordinator):
    return new_code(as_coordinator)


@pytest.fixture
def trajectory(as_coordinator, coach, code) -> Trajectory:
    response = as_coordinator.post("/trajectories/new", data=trajectory_form(visitor_code=code))
    created = db.session.scalar(select(Trajectory))
    assert response.headers["Location"].endswith(f"/trajectories/{created.id}")
    return created


def log_in_as(auth, user):
    auth.logout()
    auth.login(user)
    return auth.client


def test_a_coordinator_starts_a_trajectory_at_the_desk_location(
        as_coordinator, trajectory, coach, code, lier):
    assert (trajectory.location_id, trajectory.kind, trajectory.coach_id) == (
        lier.id, "mentoring", coach.id)
    assert (trajectory.visitor.code, trajectory.starts_on, trajectory.planned_months) == (
        code, START, 6)
    page = as_coordinator.get(f"/trajectories/{trajectory.id}").get_data(as_text=True)
    assert code.upper() in page and "cora" in page and "Mentorduo" in page
    assert "trajectory_started" in actions()


def test_the_new_trajectory_form_keeps_the_field_names_scripts_rely_on(as_coordinator, coach):
    page = as_coordinator.get("/trajectories/new").get_data(as_text=True)
    for name in ("kind", "visitor_code", "new_visitor", "coach", "starts_on", "planned_months",
                 "csrf_token"):
        assert f'name="{name}"' in page, name
    assert '<option value="cora">cora</option>' in page  # the coaches to choose from
    assert desk_now().strftime("%d-%m-%Y") in page


def test_a_new_coachee_gets_a_code_and_a_card(as_coordinator, coach):
    response = as_coordinator.post("/trajectories/new", data=trajectory_form(new_visitor="y"))
    visitor = db.session.scalar(select(Visitor))
    assert response.headers["Location"].endswith(f"/visitors/{visitor.code}/card")
    assert db.session.scalar(select(Trajectory.visitor_id)) == visitor.id
    assert visitor.registered_on == START


@pytest.mark.parametrize("overrides, fields", [
    ({"visitor_code": "LI-XXXXXX"}, ["visitor_code"]),
    ({"visitor_code": ""}, ["visitor_code"]),
    ({"coach": "colette"}, ["coach"]),  # a coordinator, not a coach
    ({"coach": "nobody"}, ["coach"]),
    ({"planned_months": "0"}, ["planned_months"]),
    ({"planned_months": "37"}, ["planned_months"]),
    ({"planned_months": "zes"}, ["planned_months"]),
    ({"starts_on": "31-02-2026"}, ["starts_on"]),
    ({"kind": "friendship"}, ["kind"]),
    # every mistake at once
    ({"visitor_code": "LI-XXXXXX", "coach": "colette", "planned_months": "40"},
     ["visitor_code", "coach", "planned_months"]),
])
def test_a_bad_trajectory_comes_back_with_every_mistake_and_nothing_is_saved(
        as_coordinator, coach, code, overrides, fields):
    response = as_coordinator.post("/trajectories/new",
                                   data=trajectory_form(visitor_code=code) | overrides)
    assert errors_on(response, *fields), response.get_data(as_text=True)[:3000]
    assert count(Trajectory) == 0


def test_an_inactive_coach_is_refused(as_coordinator, coach, code):
    coach.active = False
    db.session.commit()
    response = as_coordinator.post("/trajectories/new", data=trajectory_form(visitor_code=code))
    assert errors_on(response, "coach")
    assert "uitgeschakeld" in response.get_data(as_text=True)
    assert count(Trajectory) == 0


def test_a_meeting_is_recorded_and_shown_with_the_days_since(as_coordinator, trajectory):
    response = as_coordinator.post(f"/trajectories/{trajectory.id}/meetings",
                                   data=meeting_form(TODAY - timedelta(days=5)))
    assert response.status_code == 302
    meeting = db.session.scalar(select(TrajectoryMeeting))
    assert (meeting.place, meeting.duration_minutes, meeting.note) == (
        "workplace", 60, "CV samen herschreven")
    page = as_coordinator.get(f"/trajectories/{trajectory.id}").get_data(as_text=True)
    assert "5 dagen geleden" in page and "CV samen herschreven" in page
    assert "trajectory_meeting_recorded" in actions()


@pytest.mark.parametrize("overrides, fields", [
    ({"met_on": (START - timedelta(days=1)).isoformat()}, ["met_on"]),
    ({"met_on": (TODAY + timedelta(days=1)).isoformat()}, ["met_on"]),
    ({"note": "Bel haar op 0470 12 34 56"}, ["note"]),
    ({"note": "mail jan@example.com"}, ["note"]),
    ({"place": "cafe"}, ["place"]),
    ({"duration_minutes": "-5"}, ["duration_minutes"]),
    ({"met_on": (TODAY + timedelta(days=3)).isoformat(), "note": "rijksregisternummer "
      "85.07.30-033.28", "duration_minutes": "9999"}, ["met_on", "note", "duration_minutes"]),
])
def test_a_bad_meeting_comes_back_with_every_mistake_and_nothing_is_saved(
        as_coordinator, trajectory, overrides, fields):
    response = as_coordinator.post(f"/trajectories/{trajectory.id}/meetings",
                                   data=meeting_form() | overrides)
    assert errors_on(response, *fields)
    assert overrides.get("note", "CV samen herschreven") in response.get_data(as_text=True)
    assert count(TrajectoryMeeting) == 0


def test_a_meeting_after_the_trajectory_ended_is_refused(as_coordinator, trajectory):
    as_coordinator.post(f"/trajectories/{trajectory.id}/end", data={
        "ended_on": (TODAY - timedelta(days=10)).isoformat(), "end_reason": "completed"})
    response = as_coordinator.post(f"/trajectories/{trajectory.id}/meetings",
                                   data=meeting_form(TODAY - timedelta(days=3)))
    assert errors_on(response, "met_on") and count(TrajectoryMeeting) == 0


def test_ending_a_trajectory(as_coordinator, trajectory):
    response = as_coordinator.post(f"/trajectories/{trajectory.id}/end", data={
        "ended_on": TODAY.isoformat(), "end_reason": "participant_stopped", "csrf_token": ""})
    assert response.status_code == 302
    db.session.refresh(trajectory)
    assert (trajectory.ended_on, trajectory.end_reason) == (TODAY, "participant_stopped")
    assert "trajectory_ended" in actions()
    again = as_coordinator.post(f"/trajectories/{trajectory.id}/end", data={
        "ended_on": TODAY.isoformat(), "end_reason": "completed"})
    assert "al beëindigd" in again.get_data(as_text=True)


@pytest.mark.parametrize("form, fields", [
    ({"ended_on": (START - timedelta(days=1)).isoformat(), "end_reason": "completed"},
     ["ended_on"]),
    ({"ended_on": (TODAY + timedelta(days=1)).isoformat(), "end_reason": "completed"},
     ["ended_on"]),
    ({"ended_on": TODAY.isoformat(), "end_reason": ""}, ["end_reason"]),
    ({"ended_on": "", "end_reason": "bored"}, ["ended_on", "end_reason"]),
    ({"ended_on": (TODAY - timedelta(days=20)).isoformat(), "end_reason": "completed"},
     ["ended_on"]),  # before its last meeting
])
def test_a_bad_end_is_refused(as_coordinator, trajectory, form, fields):
    as_coordinator.post(f"/trajectories/{trajectory.id}/meetings",
                        data=meeting_form(TODAY - timedelta(days=10)))
    response = as_coordinator.post(f"/trajectories/{trajectory.id}/end", data=form)
    assert errors_on(response, *fields)
    db.session.refresh(trajectory)
    assert trajectory.ended_on is None and trajectory.end_reason is None


def test_the_list_puts_silent_duos_on_top_and_flags_those_past_their_end(
        as_coordinator, coach, code):
    def start(days_ago, months="6"):
        as_coordinator.post("/trajectories/new", data=trajectory_form(
            new_visitor="y", starts_on=(TODAY - timedelta(days=days_ago)).isoformat(),
            planned_months=months))
        return db.session.scalar(select(Trajectory).order_by(Trajectory.created_at.desc(),
                                                             Trajectory.id.desc()).limit(1))
    busy = start(100)
    as_coordinator.post(f"/trajectories/{busy.id}/meetings", data=meeting_form())
    silent = start(90)
    as_coordinator.post(f"/trajectories/{silent.id}/meetings",
                        data=meeting_form(TODAY - timedelta(days=30)))
    overdue = start(400, months="6")
    as_coordinator.post(f"/trajectories/{overdue.id}/meetings", data=meeting_form())
    fresh = start(3)  # no meeting yet, but started less than 3 weeks ago: not silent
    page = as_coordinator.get("/trajectories").get_data(as_text=True)
    codes = [t.visitor.code.upper() for t in (silent, overdue, fresh, busy)]
    positions = {code: page.index(code) for code in codes}
    assert positions[codes[0]] < min(positions[c] for c in codes[1:])  # the silent one first
    assert page.count("stil</strong>") == 1
    assert page.count("voorbij het geplande einde") == 1


def test_a_coach_lands_on_their_trajectories_and_sees_nothing_of_the_desk(
        client, auth, trajectory, coach, make_user, code):
    other = make_user("otto", "coach")
    as_coordinator = client
    as_coordinator.post("/trajectories/new", data=trajectory_form(new_visitor="y", coach="otto"))
    others = db.session.scalar(select(Trajectory).where(Trajectory.coach_id == other.id))
    auth.logout()
    response = auth.login(coach)
    assert response.headers["Location"].endswith("/trajectories")
    page = client.get("/trajectories").get_data(as_text=True)
    assert code.upper() in page and others.visitor.code.upper() not in page
    assert 'href="/desk"' not in page and 'href="/groups"' not in page
    assert 'href="/reports"' not in page and "lookup" not in page
    assert client.get("/").headers["Location"].endswith("/trajectories")
    assert client.get(f"/trajectories/{others.id}").status_code == 404
    for url in ("/desk", "/visits/new", "/groups", "/reports", f"/visitors/{code}",
                "/trajectories/new", f"/trajectories/{trajectory.id}/end",
                f"/trajectories/{trajectory.id}/edit"):
        assert client.get(url).status_code == 403, url
    assert "Terug naar de trajecten" in client.get("/desk").get_data(as_text=True)


def test_a_coach_records_a_meeting_and_their_coachees_outcome(client, auth, trajectory, coach,
                                                              lier):
    log_in_as(auth, coach)
    assert client.post(f"/trajectories/{trajectory.id}/meetings",
                       data=meeting_form()).status_code == 302
    response = client.post(f"/trajectories/{trajectory.id}/outcomes", data={
        "outcome-outcome": "work", "outcome-contract_type": "fixed_term",
        "outcome-recorded_on": TODAY.isoformat()})
    assert response.status_code == 302
    outcome = db.session.scalar(select(Outcome))
    assert (outcome.outcome, outcome.location_id, outcome.visitor_id) == (
        "work", lier.id, trajectory.visitor_id)
    page = client.get(f"/trajectories/{trajectory.id}").get_data(as_text=True)
    assert "Werk gevonden" in page
    bad = client.post(f"/trajectories/{trajectory.id}/outcomes", data={
        "outcome-outcome": "", "outcome-recorded_on": (TODAY + timedelta(days=2)).isoformat()})
    assert errors_on(bad, "outcome-outcome") and count(Outcome) == 1


def test_changing_the_coach_and_correcting_a_trajectory(as_coordinator, trajectory, make_user):
    make_user("otto", "coach")
    form = trajectory_form(coach="otto", planned_months="12", version=str(trajectory.version),
                           ended_on="", end_reason="")
    assert as_coordinator.post(f"/trajectories/{trajectory.id}/edit",
                               data=form).status_code == 302
    db.session.refresh(trajectory)
    assert (trajectory.coach.username, trajectory.planned_months) == ("otto", 12)
    assert "trajectory_coach_changed" in actions()
    stale = as_coordinator.post(f"/trajectories/{trajectory.id}/edit",
                                data=form | {"planned_months": "3"})
    assert "Iemand anders" in stale.get_data(as_text=True)
    db.session.refresh(trajectory)
    assert trajectory.planned_months == 12


def test_a_correction_may_not_end_a_trajectory_before_it_started(as_coordinator, trajectory):
    form = trajectory_form(version=str(trajectory.version), planned_months="50",
                           ended_on=(START - timedelta(days=3)).isoformat(),
                           end_reason="completed")
    assert errors_on(as_coordinator.post(f"/trajectories/{trajectory.id}/edit", data=form),
                     "ended_on", "planned_months")
    db.session.refresh(trajectory)
    assert trajectory.ended_on is None


def test_coaches_correct_meetings_for_14_days_coordinators_any_time(
        client, auth, trajectory, coach):
    client.post(f"/trajectories/{trajectory.id}/meetings", data=meeting_form())
    meeting = db.session.scalar(select(TrajectoryMeeting))
    log_in_as(auth, coach)
    edit = f"/trajectories/meetings/{meeting.id}/edit"
    assert client.post(edit, data=meeting_form(duration_minutes="45", version="1")
                       ).status_code == 302
    db.session.execute(update(TrajectoryMeeting).values(
        created_at=meeting.created_at - timedelta(days=15)))
    db.session.commit()
    assert client.get(edit).status_code == 403
    auth.logout()
    auth.login("colette")
    assert client.post(edit, data=meeting_form(duration_minutes="30", version="2")
                       ).status_code == 302
    assert db.session.scalar(select(TrajectoryMeeting.duration_minutes)) == 30
    assert actions().count("trajectory_meeting_changed") == 2


def test_deleting_a_meeting_and_a_trajectory_asks_first(as_coordinator, trajectory):
    as_coordinator.post(f"/trajectories/{trajectory.id}/meetings", data=meeting_form())
    meeting = db.session.scalar(select(TrajectoryMeeting))
    url = f"/trajectories/meetings/{meeting.id}/delete"
    page = as_coordinator.get(url).get_data(as_text=True)
    assert "Dit gesprek verwijderen?" in page and count(TrajectoryMeeting) == 1
    assert as_coordinator.post(url, data={"version": "0"}).status_code == 302  # stale
    assert count(TrajectoryMeeting) == 1
    as_coordinator.post(url, data={"version": "1"})
    assert count(TrajectoryMeeting) == 0
    as_coordinator.post(f"/trajectories/{trajectory.id}/meetings", data=meeting_form())
    url = f"/trajectories/{trajectory.id}/delete"
    assert trajectory.visitor.code.upper() in as_coordinator.get(url).get_data(as_text=True)
    as_coordinator.post(url, data={"version": "1"})
    assert count(Trajectory) == 0 and count(TrajectoryMeeting) == 0 and count(Visitor) == 1
    assert {"trajectory_meeting_deleted", "trajectory_deleted"} <= set(actions())


def test_a_handed_over_location_is_read_only(as_coordinator, trajectory, lier):
    as_coordinator.post(f"/trajectories/{trajectory.id}/meetings", data=meeting_form())
    meeting = db.session.scalar(select(TrajectoryMeeting))
    lier.handed_over_on, lier.handed_over_to = TODAY, "VDAB"
    db.session.commit()
    page = as_coordinator.get(f"/trajectories/{trajectory.id}").get_data(as_text=True)
    assert "alleen-lezen" in page or "alleen te lezen" in page or "overgedragen" in page
    assert errors_on(as_coordinator.post(f"/trajectories/{trajectory.id}/meetings",
                                         data=meeting_form()))
    assert errors_on(as_coordinator.post(f"/trajectories/{trajectory.id}/end", data={
        "ended_on": TODAY.isoformat(), "end_reason": "completed"}))
    assert as_coordinator.get(f"/trajectories/{trajectory.id}/edit").status_code == 403
    assert as_coordinator.get(f"/trajectories/meetings/{meeting.id}/edit").status_code == 403
    assert count(TrajectoryMeeting) == 1
    db.session.refresh(trajectory)
    assert trajectory.ended_on is None


def test_the_visitor_page_shows_their_trajectories(as_coordinator, trajectory, code):
    page = as_coordinator.get(f"/visitors/{code}").get_data(as_text=True)
    assert f'href="/trajectories/{trajectory.id}"' in page and "cora" in page


def test_a_coachee_of_another_desk_coached_here_shows_here(client, auth, make_user, lier, heist,
                                                          coach):
    auth.login(make_user("hanne", "volunteer", [heist]))
    code = new_code(client)
    log_in_as(auth, make_user("colette", "coordinator", [lier]))
    assert client.get(f"/visitors/{code}").status_code == 404
    client.post("/trajectories/new", data=trajectory_form(visitor_code=code))
    assert client.get(f"/visitors/{code}").status_code == 200


def test_another_locations_trajectory_is_not_found(client, auth, make_user, lier, heist, coach):
    auth.login(make_user("hilde", "coordinator", [heist]))
    client.post("/trajectories/new", data=trajectory_form(new_visitor="y"))
    trajectory = db.session.scalar(select(Trajectory))
    log_in_as(auth, make_user("colette", "coordinator", [lier]))
    for url in (f"/trajectories/{trajectory.id}", f"/trajectories/{trajectory.id}/end",
                f"/trajectories/{trajectory.id}/edit", f"/trajectories/{trajectory.id}/meetings"):
        assert client.get(url).status_code == 404, url
    assert trajectory.visitor.code.upper() not in client.get("/trajectories").get_data(
        as_text=True)


def test_volunteers_do_not_see_trajectories(as_volunteer):
    assert 'href="/trajectories"' not in as_volunteer.get("/desk").get_data(as_text=True)
    assert as_volunteer.get("/trajectories").status_code == 403


def test_a_coach_account_needs_no_location_but_a_volunteer_still_does(as_admin, runner, lier):
    page = as_admin.get("/admin/users/new").get_data(as_text=True)
    assert 'value="coach"' in page
    assert as_admin.post("/admin/users/new", data={
        "username": "cora", "role": "coach", "password": "correct horse staple"}
    ).status_code == 302
    text = as_admin.post("/admin/users/new", data={
        "username": "nora", "role": "volunteer", "password": "correct horse staple"}
    ).get_data(as_text=True)
    assert "Vink minstens één locatie aan voor deze rol." in text
    result = runner.invoke(args=["create-user", "otto", "--role", "coach", "--password-stdin"],
                           input="a long password here\n")
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User.role).where(User.username == "otto")) == "coach"


def test_the_audit_log_names_trajectory_changes(as_admin, client, auth, make_user, lier, coach):
    client.post("/trajectories/new", data=trajectory_form(new_visitor="y"))
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Traject gestart" in page


def test_the_list_counts_meetings_in_the_database_not_per_trajectory(as_coordinator, coach):
    def list_queries():
        db.session.rollback()
        with count_queries() as statements:
            assert as_coordinator.get("/trajectories").status_code == 200
        return len(statements)

    as_coordinator.post("/trajectories/new", data=trajectory_form(new_visitor="y"))
    few = list_queries()
    for _ in range(6):
        as_coordinator.post("/trajectories/new", data=trajectory_form(new_visitor="y"))
    for trajectory_id in db.session.scalars(select(Trajectory.id)):
        as_coordinator.post(f"/trajectories/{trajectory_id}/meetings", data=meeting_form())
    assert list_queries() == few


def test_a_trajectory_that_started_before_the_first_visit_makes_the_coachee_known_since(
        as_coordinator, coach, code):
    """A visitor is first seen at their first visit, group enrolment or trajectory start."""
    earlier = TODAY - timedelta(days=200)
    as_coordinator.post("/trajectories/new", data=trajectory_form(
        visitor_code=code, starts_on=earlier.isoformat()))
    assert count(Trajectory) == 1
    assert db.session.scalar(select(Visitor.registered_on)) == earlier


def test_the_coachee_stays_first_seen_at_the_start_through_corrections(
        as_coordinator, trajectory):
    """First seen: the first visit, group enrolment or trajectory start, whichever came first,
    also after any of them is corrected or deleted."""
    visitor = trajectory.visitor
    visit = db.session.scalar(select(Visit).where(Visit.visitor_id == visitor.id))
    assert visitor.registered_on == START < visit.arrived_at.date()
    as_coordinator.post(f"/visits/{visit.id}/edit", data=edit_form(visit))
    db.session.refresh(visitor)
    assert visitor.registered_on == START  # not the corrected visit's day
    earlier = START - timedelta(days=30)
    form = trajectory_form(starts_on=earlier.isoformat(), version=str(trajectory.version),
                           ended_on="", end_reason="")
    assert as_coordinator.post(f"/trajectories/{trajectory.id}/edit", data=form).status_code == 302
    db.session.refresh(visitor)
    assert visitor.registered_on == earlier
    db.session.refresh(trajectory)
    as_coordinator.post(f"/trajectories/{trajectory.id}/delete",
                        data={"version": str(trajectory.version)})
    db.session.refresh(visitor)
    assert visitor.registered_on == visit.arrived_at.date()


def test_a_coachees_outcome_from_another_desk_is_shown_without_a_link_to_correct_it(
        as_coordinator, trajectory, heist):
    elsewhere = Outcome(visitor_id=trajectory.visitor_id, outcome="training",
                        recorded_on=TODAY, location_id=heist.id)
    db.session.add(elsewhere)
    db.session.commit()
    page = as_coordinator.get(f"/trajectories/{trajectory.id}").get_data(as_text=True)
    assert "Opleiding gestart" in page and f"/outcomes/{elsewhere.id}/edit" not in page
