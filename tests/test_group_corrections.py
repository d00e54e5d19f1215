"""Correcting what was entered for a group (issue 16, point 6): sessions and their
attendance, memberships, under the same rules as visits (volunteers 14 days, coordinators
always, a stale save refused, a handed-over location read-only), each change in the audit log."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from test_groups import START, TODAY, enrol, errors_on, group_form, new_code, session_form

from jobatelier.extensions import db
from jobatelier.models import (
    AuditEntry,
    Group,
    GroupAttendance,
    GroupMember,
    GroupSession,
    Visitor,
)

STALE = "Iemand anders heeft dit intussen gewijzigd."


@pytest.fixture
def group(as_volunteer) -> Group:
    as_volunteer.post("/groups/new", data=group_form())
    return db.session.scalar(select(Group))


@pytest.fixture
def a_b(as_volunteer, group):
    """Two participants from the group's start, and a session on day 7 where A was present."""
    a, b = new_code(as_volunteer), new_code(as_volunteer)
    enrol(as_volunteer, group, a)
    enrol(as_volunteer, group, b)
    as_volunteer.post(f"/groups/{group.id}/sessions/new",
                      data=session_form(START + timedelta(days=7), [a]))
    return a, b


def the_session() -> GroupSession:
    db.session.rollback()
    return db.session.scalar(select(GroupSession))


def present() -> set[str]:
    db.session.rollback()
    return set(db.session.scalars(select(Visitor.code).join(
        GroupAttendance, GroupAttendance.visitor_id == Visitor.id)))


def last_action() -> str:
    db.session.rollback()
    return db.session.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc()))


def session_url(group, what="edit"):
    return f"/groups/{group.id}/sessions/{the_session().id}/{what}"


def test_the_correction_form_shows_the_session_as_recorded(as_volunteer, group, a_b):
    a, b = a_b
    page = as_volunteer.get(session_url(group)).get_data(as_text=True)
    assert (START + timedelta(days=7)).strftime("%d-%m-%Y") + " 09:30" in page
    ticked = [box for box in page.split("<input")[1:] if 'name="present"' in box]
    assert [f'value="{a}"' in box and "checked" in box for box in ticked if a in box] == [True]
    assert all("checked" not in box for box in ticked if b in box)
    assert 'name="version" type="hidden" value="1"' in page
    shown = as_volunteer.get(f"/groups/{group.id}").get_data(as_text=True)
    assert f'href="{session_url(group)}"' in shown


def test_correcting_a_session_and_its_attendance(as_volunteer, group, a_b):
    a, b = a_b
    response = as_volunteer.post(session_url(group), data=session_form(
        START + timedelta(days=8), [b], starts_at=f"{(START + timedelta(days=8))}T14:00",
        duration_minutes="90", guided=None, topic="interview", extra_attendees="4",
        version="1"))
    assert response.headers["Location"].endswith(f"/groups/{group.id}")
    session = the_session()
    assert (session.starts_at.date(), session.starts_at.hour, session.duration_minutes) == (
        START + timedelta(days=8), 14, 90)
    assert (session.guided, session.topic.code, session.extra_attendees) == (
        False, "interview", 4)
    assert present() == {b}
    assert last_action() == "group_session_changed"
    # then marked cancelled: nobody present any more
    as_volunteer.post(session_url(group), data=session_form(
        START + timedelta(days=8), [], cancelled="y", version=str(session.version)))
    assert the_session().cancelled is True and present() == set()


def test_a_bad_correction_shows_every_mistake_and_changes_nothing(as_volunteer, group, a_b):
    a, b = a_b
    stranger = new_code(as_volunteer)
    response = as_volunteer.post(session_url(group), data=session_form(
        START - timedelta(days=1), [b, stranger], extra_attendees="-2", version="1"))
    assert errors_on(response, "starts_at", "present", "extra_attendees")
    assert present() == {a} and the_session().starts_at.date() == START + timedelta(days=7)
    future = as_volunteer.post(session_url(group), data=session_form(
        TODAY + timedelta(days=3), [a], extra_attendees="100000", version="1"))
    assert errors_on(future, "starts_at", "extra_attendees")


def test_a_participant_who_left_cannot_be_present_after_it(as_volunteer, group, a_b):
    a, b = a_b
    as_volunteer.post(f"/groups/{group.id}/members/{b}/leave",
                      data={"left_on": (START + timedelta(days=10)).isoformat()})
    response = as_volunteer.post(session_url(group), data=session_form(
        START + timedelta(days=12), [a, b], version="1"))
    assert errors_on(response, "present") and b.upper() in response.get_data(as_text=True)
    assert present() == {a}


def test_a_stale_session_save_is_refused_attendance_included(as_volunteer, group, a_b):
    a, b = a_b
    as_volunteer.post(session_url(group), data=session_form(
        START + timedelta(days=7), [a, b], version="1"))  # only the attendance changed
    assert the_session().version == 2
    response = as_volunteer.post(session_url(group), data=session_form(
        START + timedelta(days=7), [], extra_attendees="9", version="1"))
    assert STALE in response.get_data(as_text=True)
    assert present() == {a, b} and the_session().extra_attendees == 0


def test_deleting_a_session_asks_first_then_goes_with_its_attendance(as_volunteer, group, a_b):
    question = as_volunteer.get(session_url(group, "delete"))
    assert question.status_code == 200 and "Jobclub najaar" in question.get_data(as_text=True)
    assert the_session() is not None
    stale = as_volunteer.post(session_url(group, "delete"), data={"version": "0"},
                              follow_redirects=True)
    assert STALE in stale.get_data(as_text=True) and the_session() is not None
    response = as_volunteer.post(session_url(group, "delete"), data={"version": "1"})
    assert response.headers["Location"].endswith(f"/groups/{group.id}")
    assert the_session() is None
    assert db.session.scalar(select(func.count()).select_from(GroupAttendance)) == 0
    assert last_action() == "group_session_deleted"


def member_url(group, code, what="edit"):
    return f"/groups/{group.id}/members/{code}/{what}"


def member(code) -> GroupMember:
    db.session.rollback()
    return db.session.scalar(select(GroupMember).join(Visitor).where(Visitor.code == code))


def test_correcting_a_membership(as_volunteer, group, a_b):
    a, b = a_b
    page = as_volunteer.get(member_url(group, b)).get_data(as_text=True)
    assert START.strftime("%d-%m-%Y") in page and 'name="left_on"' in page
    response = as_volunteer.post(member_url(group, b), data={
        "joined_on": (START + timedelta(days=2)).isoformat(),
        "left_on": (START + timedelta(days=20)).isoformat(), "version": "1"})
    assert response.status_code == 302
    assert (member(b).joined_on, member(b).left_on) == (
        START + timedelta(days=2), START + timedelta(days=20))
    assert last_action() == "group_member_changed"
    as_volunteer.post(member_url(group, b), data={
        "joined_on": START.isoformat(), "left_on": "", "version": "2"})
    assert member(b).left_on is None  # still a participant after all


def test_a_membership_keeps_the_sessions_its_participant_was_present_at(as_volunteer, group,
                                                                         a_b):
    a, _ = a_b
    response = as_volunteer.post(member_url(group, a), data={
        "joined_on": (START + timedelta(days=8)).isoformat(),
        "left_on": (START + timedelta(days=5)).isoformat(), "version": "1"})
    assert errors_on(response, "joined_on", "left_on")
    leave = as_volunteer.post(f"/groups/{group.id}/members/{a}/leave",
                              data={"left_on": (START + timedelta(days=6)).isoformat()})
    assert errors_on(leave, "left_on")
    assert (member(a).joined_on, member(a).left_on) == (START, None)
    stale = as_volunteer.post(member_url(group, a), data={
        "joined_on": START.isoformat(), "version": "0"})
    assert STALE in stale.get_data(as_text=True)


def test_removing_a_participant_enrolled_by_mistake(as_volunteer, group, a_b):
    a, b = a_b
    question = as_volunteer.get(member_url(group, b, "delete")).get_data(as_text=True)
    assert b.upper() in question and member(b) is not None
    response = as_volunteer.post(member_url(group, b, "delete"), data={"version": "1"})
    assert response.headers["Location"].endswith(f"/groups/{group.id}")
    assert member(b) is None
    assert as_volunteer.get(f"/visitors/{b}").status_code in (200, 404)  # code still valid
    assert db.session.scalar(select(Visitor).where(Visitor.code == b)) is not None
    assert last_action() == "group_member_removed"
    # A was present at a session: removing says why not, and what to do instead
    refused = as_volunteer.post(member_url(group, a, "delete"), data={"version": "1"},
                                follow_redirects=True)
    assert "aanwezig" in refused.get_data(as_text=True) and member(a) is not None


def test_a_volunteer_corrects_for_14_days_a_coordinator_always(client, auth, group, a_b,
                                                               coordinator):
    a, _ = a_b
    row, session = member(a), db.session.scalar(select(GroupSession))
    session.created_at -= timedelta(days=15)
    row.created_at -= timedelta(days=15)
    db.session.commit()
    urls = [session_url(group), session_url(group, "delete"), member_url(group, a),
            member_url(group, a, "delete")]
    for url in urls:
        assert client.get(url).status_code == 403, url
    assert 'href="' + session_url(group) not in client.get(f"/groups/{group.id}").get_data(
        as_text=True)
    auth.logout()
    auth.login(coordinator)
    for url in urls:
        assert client.get(url).status_code == 200, url
    response = client.post(session_url(group), data=session_form(
        START + timedelta(days=7), [], version=str(the_session().version)))
    assert response.status_code == 302 and present() == set()


def test_a_handed_over_locations_group_cannot_be_corrected(client, auth, group, a_b, lier,
                                                           coordinator):
    a, _ = a_b
    lier.handed_over_on, lier.handed_over_to = TODAY, "VDAB"
    db.session.commit()
    auth.logout()
    auth.login(coordinator)
    for url in (session_url(group), session_url(group, "delete"), member_url(group, a),
                member_url(group, a, "delete")):
        assert client.get(url).status_code == 403, url
        assert client.post(url, data={"version": "1"}).status_code == 403, url
    assert errors_on(client.post(f"/groups/{group.id}/edit", data=group_form(version="1")))
    client.post(f"/groups/{group.id}/cancel", data={"version": "1"})
    assert db.session.get(Group, group.id).cancelled is False
    assert present() == {a}


def test_every_group_change_is_in_the_audit_log_in_words(client, auth, group, a_b, admin):
    a, b = a_b
    client.post(session_url(group), data=session_form(START + timedelta(days=7), [b],
                                                      version="1"))
    client.post(member_url(group, a), data={"joined_on": START.isoformat(), "version": "1"})
    client.post(f"/groups/{group.id}/members/{a}/leave",
                data={"left_on": (START + timedelta(days=30)).isoformat()})
    client.post(session_url(group, "delete"), data={"version": "2"})
    client.post(member_url(group, b, "delete"), data={"version": "1"})
    client.post(f"/groups/{group.id}/edit", data=group_form(title="Jobclub winter",
                                                            version="1"))
    client.post(f"/groups/{group.id}/cancel", data={"version": "2"})
    db.session.rollback()
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert actions >= {"group_created", "group_member_added", "group_session_recorded",
                       "group_session_changed", "group_member_changed", "group_member_left",
                       "group_session_deleted", "group_member_removed", "group_changed",
                       "group_cancelled"}
    auth.logout()
    auth.login(admin)
    page = client.get("/admin/audit").get_data(as_text=True)
    assert [action for action in actions if action in page] == []  # words, not codes
    assert a.upper() in page and "Jobclub winter" in page
