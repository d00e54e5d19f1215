"""Groups (issue 16): what a desk user can do with a group, and what bad input gets."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from support import desk_now, visit_form

from jobatelier.extensions import db
from jobatelier.models import (
    AuditEntry,
    Group,
    GroupAttendance,
    GroupMember,
    GroupSession,
    Visitor,
)

TODAY = desk_now().date()
START = TODAY - timedelta(days=60)


def group_form(**overrides):
    """The new-group form as the browser posts it (the stable interface's field names)."""
    form = {"kind": "jobclub", "title": "Jobclub najaar", "starts_on": START.isoformat(),
            "guided_weeks": "12", "capacity": "10", "csrf_token": ""}
    form.update(overrides)
    return {key: value for key, value in form.items() if value is not None}


def session_form(day: date, present=(), **overrides):
    form = {"starts_at": f"{day.isoformat()}T09:30", "duration_minutes": "120", "guided": "y",
            "topic": "cv", "present": list(present), "extra_attendees": "0", "csrf_token": ""}
    form.update(overrides)
    return {key: value for key, value in form.items() if value is not None}


def count(model) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(model))


def new_code(client) -> str:
    """A visitor with a card, made at the desk."""
    client.post("/visits/new", data=visit_form(new_visitor="y"))
    return db.session.scalar(select(Visitor.code).order_by(Visitor.id.desc()))


@pytest.fixture
def group(as_volunteer) -> Group:
    response = as_volunteer.post("/groups/new", data=group_form())
    created = db.session.scalar(select(Group))
    assert response.headers["Location"].endswith(f"/groups/{created.id}")
    return created


def enrol(client, group, code, joined_on=START):
    return client.post(f"/groups/{group.id}/members",
                       data={"visitor_code": code, "joined_on": joined_on.isoformat(),
                             "csrf_token": ""})


def errors_on(response, *fields) -> bool:
    """The form came back (not a redirect, not a 500), with the error summary linking to
    each named field."""
    page = response.get_data(as_text=True)
    return response.status_code == 200 and "data-error-summary" in page and all(
        f'href="#{name}' in page for name in fields)


def test_a_volunteer_creates_a_group_at_the_desk_location(as_volunteer, group, lier):
    assert (group.location_id, group.kind, group.title) == (lier.id, "jobclub", "Jobclub najaar")
    assert (group.starts_on, group.guided_weeks, group.capacity) == (START, 12, 10)
    page = as_volunteer.get("/groups").get_data(as_text=True)
    assert "Jobclub najaar" in page
    assert db.session.scalar(select(AuditEntry.action).where(
        AuditEntry.object_type == "group")) == "group_created"


def test_the_new_group_form_shows_the_date_the_belgian_way(as_volunteer):
    page = as_volunteer.get("/groups/new").get_data(as_text=True)
    for name in ("kind", "title", "starts_on", "guided_weeks", "capacity", "csrf_token"):
        assert f'name="{name}"' in page
    assert desk_now().strftime("%d-%m-%Y") in page


def test_the_list_says_which_groups_are_planned_running_finished_or_cancelled(as_volunteer):
    as_volunteer.post("/groups/new", data=group_form(
        title="Later", starts_on=(TODAY + timedelta(days=7)).isoformat()))
    as_volunteer.post("/groups/new", data=group_form(title="Now"))
    as_volunteer.post("/groups/new", data=group_form(title="Done", guided_weeks="2"))
    from jobatelier.groups.services import groups_for
    from jobatelier.models import User
    user = db.session.scalar(select(User))
    statuses = {group.title: status for group, status in groups_for(user, TODAY)}
    assert statuses == {"Later": "planned", "Now": "running", "Done": "finished"}


def test_editing_a_group(as_volunteer, group):
    response = as_volunteer.post(f"/groups/{group.id}/edit", data=group_form(
        title="Jobclub winter", kind="cosearching", guided_weeks="", version="1"))
    assert response.status_code == 302
    db.session.refresh(group)
    assert (group.title, group.kind, group.guided_weeks) == ("Jobclub winter", "cosearching", None)
    assert db.session.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc())) \
        == "group_changed"


def test_cancelling_a_group_asks_first_on_a_page_of_its_own(as_volunteer, group):
    edit = as_volunteer.get(f"/groups/{group.id}/edit").get_data(as_text=True)
    assert 'name="reopen"' not in edit and f'href="/groups/{group.id}/cancel"' in edit
    question = as_volunteer.get(f"/groups/{group.id}/cancel").get_data(as_text=True)
    assert "Jobclub najaar" in question and 'name="version"' in question
    db.session.refresh(group)
    assert group.cancelled is False  # asking changed nothing
    response = as_volunteer.post(f"/groups/{group.id}/cancel", data={"version": "1"})
    assert response.headers["Location"].endswith(f"/groups/{group.id}")
    db.session.refresh(group)
    assert group.cancelled is True
    page = as_volunteer.get(f"/groups/{group.id}").get_data(as_text=True)
    assert "/sessions/new" not in page and 'name="visitor_code"' not in page
    assert db.session.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc())) \
        == "group_cancelled"
    # cancelled by mistake: the edit form reopens it
    assert 'name="reopen"' in as_volunteer.get(f"/groups/{group.id}/edit").get_data(
        as_text=True)
    as_volunteer.post(f"/groups/{group.id}/edit", data=group_form(reopen="y", version="2"))
    db.session.refresh(group)
    assert group.cancelled is False


def test_a_stale_cancel_or_edit_of_a_group_is_refused(as_volunteer, group):
    as_volunteer.post(f"/groups/{group.id}/edit", data=group_form(title="First", version="1"))
    response = as_volunteer.post(f"/groups/{group.id}/edit",
                                 data=group_form(title="Second", version="1"))
    assert errors_on(response)
    assert "Iemand anders heeft dit intussen gewijzigd." in response.get_data(as_text=True)
    as_volunteer.post(f"/groups/{group.id}/cancel", data={"version": "1"})
    db.session.refresh(group)
    assert (group.title, group.cancelled) == ("First", False)


def test_a_group_cannot_start_after_its_first_session(as_volunteer, group):
    as_volunteer.post(f"/groups/{group.id}/sessions/new",
                      data=session_form(START + timedelta(days=7)))
    response = as_volunteer.post(f"/groups/{group.id}/edit", data=group_form(
        title="", starts_on=(START + timedelta(days=8)).isoformat()))
    assert errors_on(response, "title", "starts_on")  # every mistake at once
    db.session.refresh(group)
    assert (group.title, group.starts_on) == ("Jobclub najaar", START)


@pytest.mark.parametrize("form, fields", [
    (group_form(title="Bel Jan op 0470 12 34 56"), ["title"]),
    (group_form(title=""), ["title"]),
    (group_form(title="x" * 81), ["title"]),
    (group_form(title="=1+1 Jobclub"), ["title"]),  # a formula in a spreadsheet
    (group_form(kind="party"), ["kind"]),
    (group_form(starts_on="31-02-2026"), ["starts_on"]),
    (group_form(guided_weeks="105", capacity="0"), ["guided_weeks", "capacity"]),
    (group_form(capacity="-3"), ["capacity"]),
])
def test_a_bad_group_comes_back_with_every_mistake_and_nothing_is_saved(
        as_volunteer, form, fields):
    response = as_volunteer.post("/groups/new", data=form)
    assert errors_on(response, *fields)
    assert count(Group) == 0
    if form["title"]:
        assert form["title"] in response.get_data(as_text=True)  # what was typed stays


def test_the_forms_keep_the_field_names_scripts_rely_on(as_volunteer, group):
    code = new_code(as_volunteer)
    enrol(as_volunteer, group, code)
    pages = {
        f"/groups/{group.id}": ["visitor_code", "new_visitor", "joined_on", "csrf_token"],
        f"/groups/{group.id}/edit": ["kind", "title", "starts_on", "guided_weeks", "capacity",
                                     "version", "csrf_token"],
        f"/groups/{group.id}/members/{code}/leave": ["left_on", "csrf_token"],
        f"/groups/{group.id}/sessions/new": ["starts_at", "duration_minutes", "guided", "topic",
                                             "present", "extra_attendees", "cancelled",
                                             "csrf_token"],
    }
    for url, names in pages.items():
        page = as_volunteer.get(url).get_data(as_text=True)
        assert [name for name in names if f'name="{name}"' not in page] == [], url


def test_enrolling_a_visitor_by_code(as_volunteer, group):
    code = new_code(as_volunteer)
    response = enrol(as_volunteer, group, code.upper().replace("-", " "))
    assert response.headers["Location"].endswith(f"/groups/{group.id}")
    member = db.session.scalar(select(GroupMember))
    assert (member.visitor.code, member.joined_on, member.left_on) == (code, START, None)
    assert code.upper() in as_volunteer.get(f"/groups/{group.id}").get_data(as_text=True)


def test_enrolling_a_new_visitor_issues_a_code_and_prints_the_card(as_volunteer, group):
    response = as_volunteer.post(f"/groups/{group.id}/members", data={
        "new_visitor": "y", "joined_on": START.isoformat(), "csrf_token": ""})
    code = db.session.scalar(select(Visitor.code))
    assert response.headers["Location"].endswith(f"/visitors/{code}/card")
    assert db.session.scalar(select(GroupMember.visitor_id)) is not None
    assert as_volunteer.get(f"/visitors/{code}").status_code == 200


@pytest.mark.parametrize("typed, fields", [
    ("", ["visitor_code"]),
    ("ER-AAAAAA", ["visitor_code"]),  # a typing error
])
def test_enrolling_without_a_valid_code_is_refused(as_volunteer, group, typed, fields):
    assert errors_on(enrol(as_volunteer, group, typed), *fields)
    assert count(GroupMember) == 0


def test_a_participant_is_enrolled_once_and_a_full_group_takes_nobody(as_volunteer, lier):
    as_volunteer.post("/groups/new", data=group_form(capacity="1"))
    group = db.session.scalar(select(Group))
    first, second = new_code(as_volunteer), new_code(as_volunteer)
    enrol(as_volunteer, group, first)
    assert errors_on(enrol(as_volunteer, group, first), "visitor_code")
    assert errors_on(enrol(as_volunteer, group, second))
    assert count(GroupMember) == 1


def test_recording_that_a_participant_left(as_volunteer, group):
    code = new_code(as_volunteer)
    enrol(as_volunteer, group, code)
    assert errors_on(as_volunteer.post(f"/groups/{group.id}/members/{code}/leave", data={
        "left_on": (START - timedelta(days=1)).isoformat()}), "left_on")
    response = as_volunteer.post(f"/groups/{group.id}/members/{code}/leave", data={
        "left_on": (START + timedelta(days=20)).isoformat(), "csrf_token": ""})
    assert response.status_code == 302
    assert db.session.scalar(select(GroupMember.left_on)) == START + timedelta(days=20)
    again = as_volunteer.post(f"/groups/{group.id}/members/{code}/leave", data={
        "left_on": (START + timedelta(days=25)).isoformat()})
    assert errors_on(again)  # a second time is a correction, under its rules
    assert db.session.scalar(select(GroupMember.left_on)) == START + timedelta(days=20)


def test_a_session_with_attendance(as_volunteer, group):
    present, absent = new_code(as_volunteer), new_code(as_volunteer)
    enrol(as_volunteer, group, present)
    enrol(as_volunteer, group, absent)
    page = as_volunteer.get(f"/groups/{group.id}/sessions/new").get_data(as_text=True)
    assert page.count('name="present"') == 2 and "checked" not in page.split(
        'name="present"')[1].split(">")[0]  # nobody is ticked beforehand
    assert 'id="present-0"' in page and "<legend>" in page  # checkboxes in a fieldset
    response = as_volunteer.post(f"/groups/{group.id}/sessions/new", data=session_form(
        START + timedelta(days=7), [present.upper()], extra_attendees="3"))
    assert response.headers["Location"].endswith(f"/groups/{group.id}")
    session = db.session.scalar(select(GroupSession))
    assert (session.extra_attendees, session.topic.code, session.guided) == (3, "cv", True)
    assert db.session.scalar(select(GroupAttendance.visitor_id)) == db.session.scalar(
        select(Visitor.id).where(Visitor.code == present))


def test_a_cancelled_session_counts_nobody(as_volunteer, group):
    code = new_code(as_volunteer)
    enrol(as_volunteer, group, code)
    response = as_volunteer.post(f"/groups/{group.id}/sessions/new", data=session_form(
        START + timedelta(days=7), cancelled="y"))
    assert response.status_code == 302
    assert db.session.scalar(select(GroupSession.cancelled)) is True
    response = as_volunteer.post(f"/groups/{group.id}/sessions/new", data=session_form(
        START + timedelta(days=14), [code], cancelled="y", extra_attendees="2"))
    assert errors_on(response, "present", "extra_attendees")
    assert count(GroupSession) == 1


@pytest.mark.parametrize("when, overrides, fields", [
    (START - timedelta(days=1), {}, ["starts_at"]),  # before the group starts
    (TODAY + timedelta(days=2), {}, ["starts_at"]),  # in the future
    (START + timedelta(days=7), {"extra_attendees": "-1"}, ["extra_attendees"]),
    (START + timedelta(days=7), {"extra_attendees": "100000"}, ["extra_attendees"]),
    (START + timedelta(days=7), {"duration_minutes": "9999"}, ["duration_minutes"]),
    (START + timedelta(days=7), {"topic": "juggling"}, ["topic"]),
])
def test_a_bad_session_comes_back_and_nothing_is_saved(as_volunteer, group, when, overrides,
                                                       fields):
    response = as_volunteer.post(f"/groups/{group.id}/sessions/new",
                                 data=session_form(when, **overrides))
    assert errors_on(response, *fields)
    assert count(GroupSession) == 0


def test_only_participants_on_the_sessions_date_can_be_present(as_volunteer, group):
    late = new_code(as_volunteer)
    enrol(as_volunteer, group, late, joined_on=START + timedelta(days=30))
    response = as_volunteer.post(f"/groups/{group.id}/sessions/new", data=session_form(
        START + timedelta(days=7), [late], extra_attendees="-5"))
    assert errors_on(response, "present", "extra_attendees")  # every mistake at once
    assert late.upper() in response.get_data(as_text=True)
    outsider = new_code(as_volunteer)
    stranger = as_volunteer.post(f"/groups/{group.id}/sessions/new", data=session_form(
        START + timedelta(days=40), [outsider, "no-such-code"]))
    assert errors_on(stranger, "present")
    assert f"{outsider.upper()}, NO-SUCH-CODE" in stranger.get_data(as_text=True)
    assert count(GroupSession) == 0 and count(GroupAttendance) == 0


def test_a_participant_who_left_cannot_be_marked_present_afterwards(as_volunteer, group):
    gone, here = new_code(as_volunteer), new_code(as_volunteer)
    enrol(as_volunteer, group, gone)
    enrol(as_volunteer, group, here)
    as_volunteer.post(f"/groups/{group.id}/members/{gone}/leave",
                      data={"left_on": (START + timedelta(days=10)).isoformat()})
    response = as_volunteer.post(f"/groups/{group.id}/sessions/new", data=session_form(
        START + timedelta(days=14), [here, gone]))
    assert errors_on(response, "present") and gone.upper() in response.get_data(as_text=True)
    assert count(GroupSession) == 0 and count(GroupAttendance) == 0
    before = as_volunteer.post(f"/groups/{group.id}/sessions/new", data=session_form(
        START + timedelta(days=10), [here, gone]))  # their last day counts
    assert before.status_code == 302 and count(GroupAttendance) == 2


def test_the_attendance_rate_in_a_worked_example(as_volunteer, group):
    """A and B from the start; C joins on day 10; B leaves on day 15. Sessions on day 7 (A
    present), day 14 (A, B, C present), day 21 (C present) and a cancelled one on day 28.
    Places: day 7 A+B = 2, day 14 A+B+C = 3, day 21 A+C = 2: 7 places, 5 present marks."""
    a, b, c = (new_code(as_volunteer) for _ in range(3))
    enrol(as_volunteer, group, a)
    enrol(as_volunteer, group, b)
    enrol(as_volunteer, group, c, joined_on=START + timedelta(days=10))
    as_volunteer.post(f"/groups/{group.id}/members/{b}/leave",
                      data={"left_on": (START + timedelta(days=15)).isoformat()})
    for days, present in ((7, [a]), (14, [a, b, c]), (21, [c])):
        response = as_volunteer.post(f"/groups/{group.id}/sessions/new",
                                     data=session_form(START + timedelta(days=days), present))
        assert response.status_code == 302, days
    as_volunteer.post(f"/groups/{group.id}/sessions/new",
                      data=session_form(START + timedelta(days=28), cancelled="y"))
    from jobatelier.groups.services import group_page
    page = group_page(db.session.get(Group, group.id))
    assert (page.present_marks, page.places) == (5, 7)
    assert round(page.rate, 1) == 71.4
    shown = as_volunteer.get(f"/groups/{group.id}").get_data(as_text=True)
    assert "71,4" in shown  # Dutch, the default
    assert shown.count('class="mark-present"') == 5 and shown.count('class="mark-absent"') == 2


def test_the_visitor_page_shows_their_groups_and_attendance(as_volunteer, group):
    code = new_code(as_volunteer)
    enrol(as_volunteer, group, code)
    as_volunteer.post(f"/groups/{group.id}/sessions/new",
                      data=session_form(START + timedelta(days=7), [code]))
    as_volunteer.post(f"/groups/{group.id}/sessions/new",
                      data=session_form(START + timedelta(days=14)))
    from jobatelier.groups.services import visitor_groups
    from jobatelier.models import User
    rows = visitor_groups(db.session.scalar(select(User)), db.session.scalar(
        select(Visitor).where(Visitor.code == code)))
    assert [(row["present"], row["held"]) for row in rows] == [(1, 2)]
    assert "Jobclub najaar" in as_volunteer.get(f"/visitors/{code}").get_data(as_text=True)


def test_another_locations_group_is_not_found(client, auth, make_user, lier, heist):
    auth.login(make_user("hanne", "volunteer", [heist]))
    client.post("/groups/new", data=group_form())
    group_id = db.session.scalar(select(Group.id))
    auth.logout()
    auth.login(make_user("vera", "volunteer", [lier]))
    for url in (f"/groups/{group_id}", f"/groups/{group_id}/edit",
                f"/groups/{group_id}/sessions/new", f"/groups/{group_id}/members"):
        assert client.get(url).status_code == 404, url
    assert "Jobclub najaar" not in client.get("/groups").get_data(as_text=True)


def test_a_handed_over_location_is_read_only(as_volunteer, group, lier):
    code = new_code(as_volunteer)
    enrol(as_volunteer, group, code)
    lier.handed_over_on, lier.handed_over_to = TODAY, "VDAB"
    db.session.commit()
    assert as_volunteer.get(f"/groups/{group.id}").status_code == 200
    assert errors_on(as_volunteer.post(f"/groups/{group.id}/edit",
                                       data=group_form(title="Changed")))
    assert errors_on(as_volunteer.post(f"/groups/{group.id}/sessions/new",
                                       data=session_form(START + timedelta(days=7), [code])))
    assert errors_on(as_volunteer.post(f"/groups/{group.id}/members/{code}/leave",
                                       data={"left_on": TODAY.isoformat()}))
    assert errors_on(as_volunteer.post("/groups/new", data=group_form()))
    assert count(Group) == 1 and count(GroupSession) == 0
    assert db.session.scalar(select(Group.title)) == "Jobclub najaar"


def test_the_header_links_to_the_groups(as_volunteer):
    assert 'href="/groups"' in as_volunteer.get("/desk").get_data(as_text=True)


def test_a_visitor_of_another_desk_enrolled_here_shows_here(client, auth, make_user, lier, heist):
    auth.login(make_user("hanne", "volunteer", [heist]))
    code = new_code(client)
    auth.logout()
    auth.login(make_user("vera", "volunteer", [lier]))
    assert client.get(f"/visitors/{code}").status_code == 404
    client.post("/groups/new", data=group_form())
    enrol(client, db.session.scalar(select(Group)), code)
    assert client.get(f"/visitors/{code}").status_code == 200
