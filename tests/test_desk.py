"""The desk: a volunteer registers walk-in visits, by code, as a new visitor, or one-off."""

import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select
from support import count_queries, desk_now, visit_form

from jobatelier.dates import read_moment
from jobatelier.extensions import db
from jobatelier.models import AuditEntry, HelpType, Visit, Visitor
from jobatelier.visitors.codes import ALPHABET, new_code


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def register(client, **overrides):
    return client.post("/visits/new", data=visit_form(**overrides))


def new_visitor(client):
    response = register(client, new_visitor="y")
    return response.headers["Location"].split("/")[2]


def test_the_desk_shows_today_and_a_big_new_visit_action(as_volunteer):
    page = as_volunteer.get("/desk").get_data(as_text=True)
    assert "Jobatelier Lier · Vandaag" in page
    assert "Vandaag: 0 bezoekers" in page
    assert 'href="/visits/new"' in page


def test_a_new_visitor_gets_a_code_and_a_card_to_print(as_volunteer):
    response = register(as_volunteer, new_visitor="y")
    assert response.status_code == 302
    code = response.headers["Location"].split("/")[2]
    assert response.headers["Location"] == f"/visitors/{code}/card"
    card = as_volunteer.get(f"/visitors/{code}/card").get_data(as_text=True)
    assert code.upper() in card and "Kaart afdrukken" in card
    visitor = db.session.scalar(select(Visitor))
    assert visitor.code == code and visitor.first_location.code == "lier"
    visit = db.session.scalar(select(Visit))
    assert sorted(ht.code for ht in visit.help_types) == ["cv", "vacancy_search"]


def test_a_returning_visitor_is_found_by_the_code_as_typed(as_volunteer):
    code = new_visitor(as_volunteer)
    typed = code.replace("-", " ").upper()
    response = register(as_volunteer, visitor_code=typed, help_types=["talk"])
    assert response.headers["Location"] == f"/visitors/{code}"
    assert count(Visit) == 2 and count(Visitor) == 1
    page = as_volunteer.get("/desk").get_data(as_text=True)
    assert "Vandaag: 1 bezoeker" in page


def test_a_one_off_visit_has_no_code_and_counts_as_a_visitor(as_volunteer):
    response = register(as_volunteer)
    assert response.headers["Location"] == "/desk"
    assert db.session.scalar(select(Visit)).visitor is None
    register(as_volunteer)
    page = as_volunteer.get("/desk").get_data(as_text=True)
    assert "Vandaag: 2 bezoekers" in page and "eenmalig bezoek" in page


def test_a_code_is_valid_at_every_desk(client, auth, make_user, lier, heist):
    auth.login(make_user("hanne", "volunteer", [heist]))
    code = new_visitor(client)
    auth.logout()
    auth.login(make_user("vera", "volunteer", [lier]))
    assert register(client, visitor_code=code).headers["Location"] == f"/visitors/{code}"
    page = client.get(f"/visitors/{code}").get_data(as_text=True)
    assert "Jobatelier Lier" in page
    assert "Heist" not in page  # the other desk's visit stays out of sight


def test_the_new_visit_form_is_ready_for_the_keyboard(as_volunteer):
    page = as_volunteer.get("/visits/new").get_data(as_text=True)
    assert 'name="visitor_code"' in page and "autofocus" in page
    assert desk_now().strftime("%d-%m-%Y ") in page  # arrival defaults to now, the Belgian way
    assert page.count('name="help_types"') == 10  # the ten default help types


def test_a_retired_help_type_is_not_offered_but_stays_on_old_visits(as_volunteer):
    code = new_visitor(as_volunteer)
    help_type = db.session.scalar(select(HelpType).where(HelpType.code == "cv"))
    help_type.active = False
    db.session.commit()
    assert 'value="cv"' not in as_volunteer.get("/visits/new").get_data(as_text=True)
    assert "CV opmaken" in as_volunteer.get(f"/visitors/{code}").get_data(as_text=True)
    visit = db.session.scalar(select(Visit))
    edit_page = as_volunteer.get(f"/visits/{visit.id}/edit").get_data(as_text=True)
    assert re.search(r'<input checked[^>]*value="cv"', edit_page)


def mistyped_code():
    """A code of the right shape whose check character does not fit."""
    code = new_code("xx")
    return code[:-1] + ALPHABET[(ALPHABET.index(code[-1]) + 1) % len(ALPHABET)]


BAD_VISITS = [
    ({"help_types": []}, "Vink minstens één soort hulp aan."),
    ({"help_types": ["cv", "no_such_type"]}, "Kies uit de lijst."),
    ({"visitor_code": "er-zzzzzz"}, "Deze code is niet geldig"),
    ({"visitor_code": mistyped_code(), "note": "keep me"}, "Deze code is niet geldig"),
    ({"visitor_code": "ér!"}, "Deze code is niet geldig"),
    ({"arrived_at": ""}, "Geef de datum en het uur van aankomst."),
    ({"arrived_at": "  "}, "Geef de datum en het uur van aankomst."),
    ({"arrived_at": "gisteren"}, "Geef de datum en het uur als dag-maand-jaar uur:minuten"),
    ({"arrived_at": "31-02-2026 10:00"}, "Geef de datum en het uur als dag-maand-jaar uur:minuten"),
    ({"arrived_at": (desk_now() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")},
     "kan niet in de toekomst liggen"),
    ({"arrived_at": (desk_now() - timedelta(days=91)).strftime("%Y-%m-%dT%H:%M")},
     "hoogstens 90 dagen later"),
    ({"duration_minutes": "601"}, "Tussen 0 en 600 minuten."),
    ({"duration_minutes": "-5"}, "Tussen 0 en 600 minuten."),
    ({"duration_minutes": "lang"}, "Ongeldig getal."),
    ({"note": "mail me at jan.peeters@example.be"}, "Dit lijkt op een e-mailadres."),
    ({"note": "bel 0475 12 34 56"}, "Dit lijkt op een telefoonnummer."),
    ({"note": "+32 3 480 12 34"}, "Dit lijkt op een telefoonnummer."),
    ({"note": "RRN 85.07.30-033.61"}, "Dit lijkt op een rijksregisternummer."),
    ({"note": "x" * 501}, "Hoogstens 500 tekens."),
    ({"new_visitor": "y", "visitor_code": "er-k7m2x9"}, "Wis de code"),
    ({"way_in": "card"}, "Typ de code op de kaart"),
    ({"way_in": "one_off", "visitor_code": "er-k7m2x9"}, "Wis de code"),
    ({"way_in": "somebody"}, "Ongeldige keuze"),
]


@pytest.mark.parametrize(("overrides", "message"), BAD_VISITS)
def test_bad_input_comes_back_with_a_message_and_nothing_is_saved(
    as_volunteer, overrides, message
):
    response = register(as_volunteer, **overrides)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page or message in page.replace("&#39;", "'")
    for name in ("visitor_code", "note"):
        typed = overrides.get(name)
        if typed and len(typed) < 100 and "@" not in typed:
            assert typed in page  # what was typed is still there
    assert count(Visit) == 0 and count(Visitor) == 0
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "visit_registered")) == 0


def test_four_mistakes_are_shown_at_once_above_the_form(as_volunteer):
    """An unknown code, no help type, a phone number in the note and a time tomorrow: the
    form's checks and the service's rules report together, in a summary linking each field."""
    tomorrow = (desk_now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = register(as_volunteer, visitor_code="er-zzzzzz", help_types=[],
                        note="bel 0475 12 34 56", arrived_at=tomorrow)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<title>Fout: Nieuw bezoek" in page
    summary = page.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    for field, message in [("visitor_code", "Deze code is niet geldig"),
                           ("help_types-0", "Vink minstens één soort hulp aan."),
                           ("note", "Dit lijkt op een telefoonnummer."),
                           ("arrived_at", "kan niet in de toekomst liggen")]:
        assert f'href="#{field}"' in summary and message in summary
    assert count(Visit) == 0 and count(Visitor) == 0


def test_an_outcome_with_two_mistakes_shows_both(as_volunteer):
    as_volunteer.post("/visits/new", data=visit_form(new_visitor="y"))
    code = db.session.scalar(select(Visitor.code))
    page = as_volunteer.post(f"/visitors/{code}/outcomes/new", data={
        "outcome": "training", "contract_type": "temp_agency", "recorded_on": "2999-01-01",
    }).get_data(as_text=True)
    assert "Een soort contract hoort alleen bij werk gevonden." in page
    assert "De datum kan niet in de toekomst liggen." in page


def test_an_unknown_but_well_formed_code_says_so(as_volunteer, lier):
    page = register(as_volunteer, visitor_code=new_code(lier.visitor_prefix)).get_data(
        as_text=True)
    assert "Geen bezoeker heeft deze code." in page


def test_a_coordinator_may_enter_a_visit_from_long_ago(as_coordinator):
    long_ago = (desk_now() - timedelta(days=200)).strftime("%Y-%m-%dT%H:%M")
    assert register(as_coordinator, arrived_at=long_ago).status_code == 302


def test_a_user_with_several_locations_picks_one_and_it_is_remembered(
    client, auth, make_user, lier, heist
):
    auth.login(make_user("kim", "volunteer", [lier, heist]))
    assert client.get("/desk").headers["Location"] == "/desk/location"
    client.post("/desk/location", data={"location": heist.id})
    assert "Jobatelier Heist-op-den-Berg" in client.get("/desk").get_data(as_text=True)
    client.post("/desk/location", data={"location": 99999})
    assert "Jobatelier Heist-op-den-Berg" in client.get("/desk").get_data(as_text=True)


def test_a_coordinator_lands_on_the_desk_of_last_time_a_volunteer_picks_again(
    client, auth, make_user, lier, heist
):
    for name, role, lands_on in (("kris", "coordinator", "/desk"),
                                 ("kim", "volunteer", "/desk/location")):
        auth.login(make_user(name, role, [lier, heist]))
        client.post("/desk/location", data={"location": heist.id})
        auth.logout()
        auth.login(name)
        response = client.get("/desk")
        assert response.headers.get("Location", "/desk") == lands_on, name
        if lands_on == "/desk":
            assert "Jobatelier Heist-op-den-Berg" in response.get_data(as_text=True)
        auth.logout()


def test_the_desk_runs_the_same_number_of_queries_for_few_or_many_visits(as_volunteer):
    def queries_for_desk():
        with count_queries() as statements:
            assert as_volunteer.get("/desk").status_code == 200
        return len(statements)

    register(as_volunteer, new_visitor="y")
    few = queries_for_desk()
    for _ in range(15):
        register(as_volunteer, new_visitor="y")
        register(as_volunteer)
    assert queries_for_desk() == few <= 9  # 9: the user's locations, read once for the links


def test_the_new_visit_and_visitor_pages_run_a_bounded_number_of_queries(as_volunteer):
    code = new_visitor(as_volunteer)

    def queries(url):
        with count_queries() as statements:
            assert as_volunteer.get(url).status_code == 200
        return len(statements)

    before = queries("/visits/new"), queries(f"/visitors/{code}")
    for _ in range(12):
        register(as_volunteer, visitor_code=code)
    assert (queries("/visits/new"), queries(f"/visitors/{code}")) == before
    assert max(before) <= 10


def test_control_characters_are_removed_before_anything_is_stored(as_volunteer):
    register(as_volunteer, note="koffie\x00 en\x07 cv", visitor_code="\x00", way_in="one_off")
    assert db.session.scalar(select(Visit.note)) == "koffie en cv"


def test_a_visit_entered_late_becomes_the_visitors_first_visit(as_volunteer):
    code = new_visitor(as_volunteer)
    earlier = desk_now() - timedelta(days=10)
    register(as_volunteer, visitor_code=code, arrived_at=earlier.strftime("%Y-%m-%dT%H:%M"))
    register(as_volunteer, visitor_code=code)  # a later visit leaves it there
    visitor = db.session.scalar(select(Visitor).where(Visitor.code == code.lower()))
    assert visitor.registered_on == earlier.date()


def test_a_visitor_is_looked_up_from_any_desk_page_by_the_code_as_typed(as_volunteer):
    as_volunteer.post("/visits/new", data=visit_form(new_visitor="y"))
    code = db.session.scalar(select(Visitor.code))
    assert 'name="lookup-visitor_code"' in as_volunteer.get("/desk").get_data(as_text=True)
    typed = code.upper().replace("-", " ")
    response = as_volunteer.get("/visitors/find", query_string={"lookup-visitor_code": typed})
    assert response.status_code == 302 and response.headers["Location"] == f"/visitors/{code}"
    page = as_volunteer.get("/visitors/find", query_string={
        "lookup-visitor_code": mistyped_code()}).get_data(as_text=True)
    assert "Deze code is niet geldig" in page and "<title>Fout:" in page


def test_the_visits_of_an_earlier_day_are_listed_with_their_corrections(as_volunteer):
    yesterday = desk_now() - timedelta(days=1)
    as_volunteer.post("/visits/new", data=visit_form(
        arrived_at=yesterday.strftime("%Y-%m-%dT%H:%M")))
    today_page = as_volunteer.get("/desk").get_data(as_text=True)
    assert "Vandaag nog geen bezoeken." in today_page
    link = f'href="/desk?day={yesterday.date().isoformat()}"'
    assert link in today_page
    page = as_volunteer.get(f"/desk?day={yesterday.date().isoformat()}").get_data(as_text=True)
    visit = db.session.scalar(select(Visit))
    assert f'href="/visits/{visit.id}/edit"' in page and "1 bezoeker op deze dag" in page
    assert as_volunteer.get("/desk?day=gisteren").status_code == 200  # today, not a 500


@pytest.mark.parametrize("typed", ["29-11-2026 14:30", "29/11/2026 14.30", "29.11.26 14u30",
                                   "2026-11-29T14:30", "29-11-2026 1430"])
def test_arrival_is_read_as_a_volunteer_types_it(typed):
    assert read_moment(typed) == datetime(2026, 11, 29, 14, 30)
