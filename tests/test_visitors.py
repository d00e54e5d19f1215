"""A visitor's page and outcomes: history, the open-outcome hint, recording an outcome."""

import pytest
from sqlalchemy import select
from support import visit_form

from jobatelier.extensions import db
from jobatelier.models import Outcome, Visitor
from jobatelier.visitors.services import latest_outcome


@pytest.fixture
def code(as_volunteer):
    as_volunteer.post("/visits/new", data=visit_form(new_visitor="y"))
    return db.session.scalar(select(Visitor.code))


def record(client, code, **form):
    data = {"outcome": "work", "contract_type": "", "recorded_on": "2026-03-01"}
    data.update(form)
    return client.post(f"/visitors/{code}/outcomes/new", data=data)


def test_the_visitor_page_shows_visits_and_outcomes(as_volunteer, code):
    page = as_volunteer.get(f"/visitors/{code}").get_data(as_text=True)
    assert code.upper() in page and "Vacatures zoeken" in page
    assert "Nog geen resultaat geregistreerd." in page


def test_a_returning_visitor_without_outcome_gets_a_gentle_hint(as_volunteer, code):
    as_volunteer.post("/visits/new", data=visit_form(visitor_code=code))
    assert "Resultaat nog open" in as_volunteer.get(f"/visitors/{code}").get_data(as_text=True)


def test_recording_an_outcome(as_volunteer, code):
    response = record(as_volunteer, code, contract_type="fixed_term")
    assert response.headers["Location"] == f"/visitors/{code}"
    page = as_volunteer.get(f"/visitors/{code}").get_data(as_text=True)
    assert "Werk gevonden (Contract van bepaalde duur)" in page
    assert "Resultaat nog open" not in page


def test_a_later_outcome_replaces_an_earlier_one_and_the_history_stays(as_volunteer, code):
    record(as_volunteer, code, outcome="training", recorded_on="2026-02-01")
    record(as_volunteer, code, outcome="stopped", recorded_on="2026-02-01")
    record(as_volunteer, code, outcome="lost_contact", recorded_on="2026-01-01")
    visitor = db.session.scalar(select(Visitor))
    assert latest_outcome(visitor).outcome == "stopped"  # same day: the one entered last
    assert db.session.query(Outcome).count() == 3


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"outcome": ""}, "Kies een resultaat."),
        ({"outcome": "rich"}, "Ongeldige keuze"),
        ({"outcome": "training", "contract_type": "fixed_term"}, "hoort alleen bij werk"),
        ({"contract_type": "forever"}, "Ongeldige keuze"),
        ({"recorded_on": "31/02/2026"}, "Geef de datum als dag-maand-jaar"),
        ({"recorded_on": ""}, "Geef de datum, bv. 29-11-2026."),
        ({"recorded_on": "2999-01-01"}, "kan niet in de toekomst liggen"),
    ],
)
def test_bad_outcomes_are_refused_and_nothing_is_saved(as_volunteer, code, form, message):
    response = record(as_volunteer, code, **form)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.query(Outcome).count() == 0


def test_a_visitor_who_never_came_to_my_location_is_not_found(
    client, auth, make_user, lier, heist
):
    auth.login(make_user("hanne", "volunteer", [heist]))
    client.post("/visits/new", data=visit_form(new_visitor="y"))
    code = db.session.scalar(select(Visitor.code))
    auth.logout()
    auth.login(make_user("vera", "volunteer", [lier]))
    for url in (f"/visitors/{code}", f"/visitors/{code}/card", f"/visitors/{code}/outcomes/new"):
        assert client.get(url).status_code == 404
    assert record(client, code).status_code == 404
    look_up = client.get("/visitors/find", query_string={"lookup-visitor_code": code})
    assert "Geen bezoeker heeft deze code" in look_up.get_data(as_text=True)


def test_an_unknown_code_in_the_address_is_not_found(as_volunteer):
    assert as_volunteer.get("/visitors/nobody").status_code == 404
    assert as_volunteer.get("/visitors/%00%ff").status_code == 404
