"""The new visit's write path: few statements (the help types and locations each worker keeps
are not read again), and what is kept is dropped as soon as anyone changes it, in this app,
in another worker sharing the database, or in SQL; the rows written are the ones a flush of
the ORM wrote before."""

from datetime import timedelta

import pytest
from sqlalchemy import select, text
from support import count_queries, desk_now, log_in, visit_form

from jobatelier import create_app, reference
from jobatelier.access import visible_locations
from jobatelier.admin.services import update_help_type, update_location
from jobatelier.auth.services import update_user
from jobatelier.extensions import db
from jobatelier.models import (
    AuditEntry,
    HelpTally,
    HelpType,
    Location,
    ReferenceVersion,
    User,
    Visit,
    VisitorYear,
)


def register(client, **overrides):
    return client.post("/visits/new", data=visit_form(**overrides))


def issue_code(client) -> str:
    return register(client, new_visitor="y").headers["Location"].split("/")[2]


def reads(statements, table: str) -> bool:
    return any(f"FROM {table}" in statement for statement in statements)


def test_a_new_visit_runs_few_statements_and_reads_no_help_types_or_locations(as_volunteer):
    code = issue_code(as_volunteer)
    register(as_volunteer, visitor_code=code)  # this worker has read them once
    for _ in range(3):
        with count_queries() as statements:
            assert register(as_volunteer, visitor_code=code).status_code == 302
        # BEGIN, the session with its user (and the reference version), the visitor; BEGIN
        # IMMEDIATE on SQLite, the visit, its help types, the two tallies, the audit entry.
        assert len(statements) <= 9, statements
        assert not reads(statements, "help_types") and not reads(statements, "locations")
        assert not reads(statements, "user_locations")


def test_the_new_visit_writes_the_rows_a_flush_wrote(as_volunteer, volunteer, lier):
    volunteer_id, lier_id = volunteer.id, lier.id
    code = issue_code(as_volunteer)
    arrived = desk_now() - timedelta(minutes=20)
    response = register(as_volunteer, visitor_code=code, help_types=["talk", "cv"],
                        arrived_at=arrived.strftime("%Y-%m-%dT%H:%M"), duration_minutes="25",
                        note=" koffie en cv ")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/visitors/{code}"
    visit = db.session.scalar(select(Visit).order_by(Visit.created_at.desc()).limit(1))
    assert (visit.location_id, visit.visitor.code, visit.arrived_at, visit.duration_minutes,
            visit.note, visit.created_by_id, visit.version, visit.waited_minutes) == \
        (lier_id, code, arrived, 25, "koffie en cv", volunteer_id, 1, None)
    assert visit.created_at == visit.updated_at is not None
    assert [help_type.code for help_type in visit.help_types] == ["cv", "talk"]  # in order
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.object_id == visit.id))
    assert (entry.action, entry.user_id, entry.username, entry.location_id,
            entry.object_type) == ("visit_registered", volunteer_id, "vera", lier_id, "visit")
    assert entry.detail == {"visitor": code, "new": False, "help_types": ["cv", "talk"]}
    assert entry.at is not None
    tallies = {row.help_type_id: row.visits for row in db.session.scalars(
        select(HelpTally).where(HelpTally.location_id == lier_id))}
    cv, talk = (db.session.scalar(select(HelpType.id).where(HelpType.code == name))
                for name in ("cv", "talk"))
    assert (tallies[cv], tallies[talk]) == (2, 1)  # the new visitor's visit had cv
    assert db.session.scalar(select(VisitorYear.visits).where(
        VisitorYear.visitor_id == visit.visitor_id)) == 2
    # A correction finds the version the visit was written with.
    form = visit_form(help_types=["talk"], arrived_at=arrived.strftime("%Y-%m-%dT%H:%M"))
    assert as_volunteer.post(f"/visits/{visit.id}/edit",
                             data={**form, "version": "1"}).status_code == 302
    db.session.expire_all()
    assert [help_type.code for help_type in db.session.get(Visit, visit.id).help_types] == \
        ["talk"]


def test_an_admins_change_is_seen_at_the_desks_next_request(client, app, as_volunteer, admin):
    code = issue_code(as_volunteer)
    register(as_volunteer, visitor_code=code)  # what the desk reads is kept now
    boss = app.test_client()
    log_in(boss, admin)
    talk = db.session.scalar(select(HelpType).where(HelpType.code == "talk"))
    assert boss.post(f"/admin/help-types/{talk.id}", data={
        "label_nl": "Een goed gesprek", "label_fr": talk.label_fr or "",
        "label_en": talk.label_en or ""}).status_code == 302  # unticked: retired
    page = as_volunteer.get("/visits/new").get_data(as_text=True)
    assert "Een goed gesprek" not in page and 'value="talk"' not in page
    refused = register(as_volunteer, visitor_code=code, help_types=["talk"])
    assert refused.status_code == 200  # the form again, with the message
    assert db.session.scalar(select(Visit).join(Visit.help_types)
                             .where(HelpType.code == "talk")) is None
    assert boss.post(f"/admin/help-types/{talk.id}", data={
        "label_nl": "Een goed gesprek", "label_fr": talk.label_fr or "",
        "label_en": talk.label_en or "", "active": "y"}).status_code == 302
    assert "Een goed gesprek" in as_volunteer.get("/visits/new").get_data(as_text=True)
    assert register(as_volunteer, visitor_code=code, help_types=["talk"]).status_code == 302


@pytest.fixture
def other_worker(app):
    """Run a change in a second app object on the same database (another gunicorn worker),
    with nothing of this test's own session left open to hold SQLite's lock."""
    other = create_app({key: app.config[key] for key in (
        "TESTING", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "WTF_CSRF_ENABLED")})

    def run(change):
        db.session.rollback()
        with other.app_context():
            change(db.session.scalar(select(User).where(User.username == "adam")))
            db.session.remove()

    return run


def test_a_change_made_by_another_worker_is_seen_at_the_next_request(
        as_volunteer, other_worker, admin, lier, heist):
    lier_id, heist_id = lier.id, heist.id
    code = issue_code(as_volunteer)
    as_volunteer.post("/language", data={"language": "nl", "next": "/desk"})
    assert "Jobatelier Lier" in as_volunteer.get("/desk").get_data(as_text=True)

    def rename(actor):
        desk = db.session.get(Location, lier_id)
        update_location(desk, name="Jobatelier Lier-Centrum", municipality="Lier",
                        kind=desk.kind, organisation=desk.organisation, active=True,
                        actor=actor)
        cv = db.session.scalar(select(HelpType).where(HelpType.code == "cv"))
        update_help_type(cv, label_nl="Cv schrijven", label_fr=cv.label_fr,
                         label_en=cv.label_en, active=True, actor=actor)

    other_worker(rename)
    assert "Jobatelier Lier-Centrum" in as_volunteer.get("/desk").get_data(as_text=True)
    assert "Cv schrijven" in as_volunteer.get("/visits/new").get_data(as_text=True)

    # The volunteer moves to another desk, in the other worker: the next visit is there.
    def move(actor):
        vera = db.session.scalar(select(User).where(User.username == "vera"))
        update_user(vera, role="volunteer", active=True, location_codes=["heist-op-den-berg"],
                    password=None, actor=actor)

    other_worker(move)
    assert register(as_volunteer, visitor_code=code).status_code == 302
    latest = db.session.scalar(select(Visit).order_by(Visit.created_at.desc()).limit(1))
    assert latest.location_id == heist_id


def test_a_change_made_in_sql_is_seen_at_the_next_request(as_volunteer):
    as_volunteer.post("/language", data={"language": "nl", "next": "/visits/new"})
    assert "Gesprek" not in as_volunteer.get("/visits/new").get_data(as_text=True)
    db.session.execute(text("UPDATE help_types SET label_nl = 'Gesprek' WHERE code = 'talk'"))
    db.session.commit()
    assert "Gesprek" in as_volunteer.get("/visits/new").get_data(as_text=True)


def test_a_change_this_request_has_not_saved_yet_is_not_undone_by_what_is_kept(
        app, as_volunteer, volunteer, lier):
    as_volunteer.get("/desk")  # the locations are kept now
    version = db.session.scalar(select(ReferenceVersion.version))
    with app.test_request_context("/desk"):
        reference.read_at(version)
        desk = db.session.get(Location, lier.id)
        desk.name = "Jobatelier Lier-Zuid"  # changed in this request, not flushed yet
        user = db.session.get(User, volunteer.id)
        assert [location.name for location in visible_locations(user)] == \
            ["Jobatelier Lier-Zuid"]
        assert visible_locations(user)[0] is desk
        db.session.rollback()
