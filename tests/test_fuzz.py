"""Fuzzing every form through the test client: unicode, huge, empty and control-character
values never give a 500, nothing is half-saved, and the database invariants hold."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import exists, func, select
from support import visit_form

from jobatelier.extensions import db
from jobatelier.models import Visit, Visitor, visit_help_types

EXAMPLES = 250
fuzz = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
nasty = st.one_of(
    st.text(max_size=40),
    st.text(st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(["", " ", "\x00", "\r\n", "\t=cmd|' /C calc'!A0", "0" * 5000, "é" * 600,
                     "2026-02-30T25:61", "-1", "601", "1e9", "y", "../../etc/passwd",
                     "<script>alert(1)</script>", "' OR 1=1 --", "lier", "cv", "work"]),
)


def form_of(*names):
    return st.fixed_dictionaries({}, optional={name: nasty for name in names})


def check_invariants():
    """A visit always has its location and at least one help type; a visitor's first visit is
    never before the day they were registered."""
    bare = select(Visit.id).where(~exists().where(visit_help_types.c.visit_id == Visit.id))
    assert db.session.scalar(select(func.count()).select_from(bare.subquery())) == 0
    early = (select(func.count()).select_from(Visit).join(Visitor)
             .where(func.date(Visit.arrived_at) < Visitor.registered_on))
    assert db.session.scalar(early) == 0


def post(client, url, data):
    response = client.post(url, data=data)
    assert response.status_code < 500, (url, data)
    return response


@fuzz
@given(data=form_of("way_in", "visitor_code", "arrived_at", "duration_minutes", "note"),
       helps=st.lists(nasty, max_size=4))
def test_the_new_visit_form(as_volunteer, data, helps):
    post(as_volunteer, "/visits/new", {**data, "help_types": helps})
    check_invariants()


@fuzz
@given(data=form_of("outcome", "contract_type", "recorded_on"))
def test_the_outcome_form(as_volunteer, data):
    as_volunteer.post("/visits/new", data=visit_form(new_visitor="y"))
    code = db.session.scalar(select(Visitor.code).limit(1))
    post(as_volunteer, f"/visitors/{code}/outcomes/new", data)


@fuzz
@given(data=form_of("arrived_at", "duration_minutes", "note", "version"),
       helps=st.lists(nasty, max_size=3))
def test_the_correction_form(as_volunteer, data, helps):
    if not db.session.scalar(select(Visit.id).limit(1)):
        as_volunteer.post("/visits/new", data=visit_form())
    visit_id = db.session.scalar(select(Visit.id).limit(1))
    post(as_volunteer, f"/visits/{visit_id}/edit", {**data, "help_types": helps})
    check_invariants()


@fuzz
@given(data=form_of("username", "password"))
def test_the_login_form(client, volunteer, data):
    post(client, "/login", data)


@fuzz
@given(location=form_of("code", "name", "municipality", "kind", "organisation",
                        "visitor_prefix"),
       help_type=form_of("code", "label_nl", "label_fr", "label_en", "active"),
       user=form_of("username", "role", "password", "active"),
       places=st.lists(nasty, max_size=2))
def test_the_admin_forms(as_admin, lier, location, help_type, user, places):
    post(as_admin, "/admin/locations/new", location)
    post(as_admin, "/admin/help-types/new", help_type)
    post(as_admin, "/admin/users/new", {**user, "locations": places})


@fuzz
@given(year=nasty, places=st.lists(nasty, max_size=3), raw=nasty)
def test_the_report_question(as_coordinator, year, places, raw):
    for page in ("/reports/yearly", "/reports/yearly.csv"):
        question = {"year": year, "location": places, "raw": raw}
        response = as_coordinator.get(page, query_string=question)
        assert response.status_code < 500, (year, places)
