"""One declared policy for every view: walk the whole URL map for every role, with objects of
another location, and accept only what the policy allows."""

import pytest
from sqlalchemy import select
from support import visit_form

from jobatelier.access import POLICY
from jobatelier.extensions import db
from jobatelier.models import (
    Group,
    GroupAttendance,
    GroupMember,
    GroupSession,
    Outcome,
    QueueTicket,
    Trajectory,
    TrajectoryMeeting,
    User,
    Visit,
    Visitor,
)

ROLES = ["anonymous", "volunteer", "coordinator", "admin", "coach"]
# Another location's (a coach: another coach's trajectory): a 404.
OBJECT_IDS = {"code", "visit_id", "outcome_id", "group_id", "session_id", "trajectory_id",
              "meeting_id",
              "ticket_id"}


@pytest.fixture
def foreign_objects(client, auth, make_user, heist):
    """A visitor, a visit, an outcome, a group (the visitor its participant, present at
    its session) and a queue ticket at Heist, made by a Heist volunteer; a trajectory of
    that visitor there with a meeting, coached by another coach than the one who walks
    the routes."""
    auth.login(make_user("hanne", "volunteer", [heist]))
    client.post("/visits/new", data=visit_form(new_visitor="y"))
    code = db.session.scalar(select(Visitor.code))
    client.post(f"/visitors/{code}/outcomes/new",
                data={"outcome": "work", "recorded_on": "2026-01-02"})
    client.post("/groups/new", data={"kind": "workshop", "title": "CV workshop",
                                     "starts_on": "2026-01-05"})
    group_id = db.session.scalar(select(Group.id))
    client.post(f"/groups/{group_id}/members",
                data={"visitor_code": code, "joined_on": "2026-01-05"})
    client.post(f"/groups/{group_id}/sessions/new",
                data={"starts_at": "2026-01-12T10:00", "present": [code]})
    assert db.session.scalar(select(GroupMember.visitor_id)) is not None
    client.post("/queue", data={"visitor_code": code})
    assert db.session.scalar(select(GroupAttendance.visitor_id)) is not None
    auth.logout()
    make_user("otto", "coach")
    auth.login(make_user("hilde", "coordinator", [heist]))
    client.post("/trajectories/new", data={"kind": "mentoring", "visitor_code": code,
                                           "coach": "otto", "starts_on": "2026-01-05",
                                           "planned_months": "6"})
    trajectory_id = db.session.scalar(select(Trajectory.id))
    client.post(f"/trajectories/{trajectory_id}/meetings",
                data={"met_on": "2026-01-12", "place": "desk"})
    assert db.session.scalar(select(TrajectoryMeeting.id)) is not None
    auth.logout()
    return {
        "code": code,
        "visit_id": db.session.scalar(select(Visit.id)),
        "outcome_id": db.session.scalar(select(Outcome.id)),
        "group_id": group_id,
        "session_id": db.session.scalar(select(GroupSession.id)),
        "trajectory_id": trajectory_id,
        "meeting_id": db.session.scalar(select(TrajectoryMeeting.id)),
        "ticket_id": db.session.scalar(select(QueueTicket.id)),
        "location_id": heist.id,
        "help_type_id": 1,
        "user_id": db.session.scalar(select(User.id).where(User.username == "hanne")),
        "direction": "up",
    }


def routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint != "static":
            yield rule


def test_every_view_declares_its_access(app):
    for rule in routes(app):
        access = getattr(app.view_functions[rule.endpoint], "access", None)
        assert access == "public" or access in POLICY, rule.endpoint


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_as_the_policy_says(app, client, auth, make_user, lier,
                                                 foreign_objects, role):
    if role != "anonymous":
        make_user(f"the-{role}", role, [lier])
        auth.login(f"the-{role}")
    for rule in routes(app):
        access = app.view_functions[rule.endpoint].access
        url = rule.build({arg: foreign_objects[arg] for arg in rule.arguments})[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method)
            status = response.status_code
            where = f"{role} {method} {url}: {status}"
            assert status != 500, where
            if access == "public":
                continue
            if role == "anonymous":
                assert status == 302 and "/login" in response.headers["Location"], where
            elif role not in POLICY[access]:
                assert status == 403, where
            elif rule.arguments & OBJECT_IDS and role != "admin":
                assert status == 404, where  # another location's object
            else:
                assert status in (200, 302, 400), where  # 400: a question left out
        if role != "anonymous" and rule.endpoint == "auth.logout":
            auth.login(f"the-{role}")
