"""The idle timeout never loses a typed visit: the login page says why, and the same user
finds what they typed back in the form; another user never sees it."""

import re
import time

from sqlalchemy import func, select
from support import desk_now, visit_form

from jobatelier.auth.services import update_user
from jobatelier.desk.services import update_visit
from jobatelier.extensions import db
from jobatelier.models import Visit


def idle_for(client, minutes: int) -> None:
    with client.session_transaction() as cookie:
        cookie["seen"] = time.time() - minutes * 60


def save_after_the_timeout(client, auth, user):
    auth.login(user)
    client.get("/visits/new")
    idle_for(client, 16)
    return client.post("/visits/new", data=visit_form(
        note="Vacatures magazijn bekeken", duration_minutes="75"))


def test_a_visit_saved_after_the_timeout_comes_back_after_logging_in(client, auth, volunteer):
    response = save_after_the_timeout(client, auth, volunteer)
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    login = client.get("/login").get_data(as_text=True)
    assert "na 15 minuten zonder activiteit" in login and "wat je typte" in login
    back = auth.login(volunteer)
    assert back.headers["Location"] == "/visits/new"
    page = client.get("/visits/new").get_data(as_text=True)
    assert "Vacatures magazijn bekeken" in page and 'value="75"' in page
    assert "Wat je typte is terug" in page
    assert "Vacatures magazijn bekeken" not in client.get("/visits/new").get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Visit)) == 0


def test_an_arrival_on_the_first_days_of_a_month_comes_back_too(client, auth, volunteer):
    """Typed as the field writes it, 05-12-2026 14:30 is a 0 and nine digits: the privacy
    guard took it for a phone number and the form came back without its arrival."""
    auth.login(volunteer)
    client.get("/visits/new")
    idle_for(client, 16)
    client.post("/visits/new", data=visit_form(arrived_at="05-12-2026 14:30"))
    auth.login(volunteer)
    page = client.get("/visits/new").get_data(as_text=True)
    assert "Wat je typte is terug" in page and 'value="05-12-2026 14:30"' in page


def test_what_was_typed_is_never_shown_to_another_user(client, auth, volunteer, make_user, lier):
    save_after_the_timeout(client, auth, volunteer)
    other = make_user("otto", "volunteer", [lier])
    assert auth.login(other).headers["Location"] == "/desk"
    assert "Vacatures magazijn bekeken" not in client.get("/visits/new").get_data(as_text=True)
    with client.session_transaction() as cookie:
        assert "pending_form" not in cookie


def test_stay_logged_in_resets_the_idle_time(client, auth, volunteer):
    auth.login(volunteer)
    idle_for(client, 14)
    kept = client.post("/session/keep-alive", headers={"Accept": "application/json"})
    assert kept.status_code == 204
    idle_for(client, 0)
    assert client.get("/desk").status_code == 200
    page = client.get("/desk").get_data(as_text=True)
    assert "data-timeout-warning" in page and 'data-idle-seconds="900"' in page


def test_only_the_desks_forms_are_kept_never_an_admin_form(client, auth, admin):
    auth.login(admin)
    idle_for(client, 16)
    client.post("/admin/users/new", data={"username": "nora", "role": "admin",
                                          "password": "a secret passphrase"})
    with client.session_transaction() as cookie:
        assert "pending_form" not in cookie


def test_log_out_after_the_timeout_still_clears_the_shared_pc(client, auth, volunteer):
    save_after_the_timeout(client, auth, volunteer)
    response = client.post("/logout")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert "Clear-Site-Data" in response.headers
    with client.session_transaction() as cookie:
        assert "pending_form" not in cookie and "timed_out" not in cookie
    assert auth.login(volunteer).headers["Location"] == "/desk"


def test_stay_logged_in_after_the_timeout_says_so_to_the_script(client, auth, volunteer):
    auth.login(volunteer)
    idle_for(client, 16)
    answer = client.post("/session/keep-alive", headers={"Accept": "application/json"})
    assert answer.status_code == 401


def test_a_restored_correction_keeps_the_version_it_was_opened_at(
    client, auth, volunteer, coordinator
):
    auth.login(volunteer)
    client.post("/visits/new", data=visit_form(help_types=["cv"]))
    visit = db.session.scalar(select(Visit))
    opened = {**visit_form(help_types=["talk"], note="mijn verbetering"),
              "version": str(visit.version)}
    update_visit(coordinator, visit, help_type_codes=["digital"], arrived_at=visit.arrived_at,
                 duration_minutes=5, note=None, version=visit.version, now=desk_now())
    idle_for(client, 16)
    client.post(f"/visits/{visit.id}/edit", data=opened)
    auth.login(volunteer)
    page = client.get(f"/visits/{visit.id}/edit").get_data(as_text=True)
    assert "mijn verbetering" in page and 'name="version" type="hidden" value="1"' in page
    ticked = set(re.findall(r'<input checked id="help_types-\d+" name="help_types" '
                            r'type="checkbox" value="(\w+)">', page))
    assert ticked == {"talk"}  # what she ticked, not the colleague's correction
    assert client.post(f"/visits/{visit.id}/edit", data=opened).status_code == 200  # stale


def test_the_typed_visit_comes_back_at_the_desk_it_was_typed_at(client, auth, make_user, lier,
                                                                 heist):
    colette = make_user("colette", "coordinator", [lier, heist])
    auth.login(colette)
    client.post("/desk/location", data={"location": heist.id})
    client.get("/visits/new")
    idle_for(client, 16)
    client.post("/visits/new", data=visit_form(note="aan de balie van Heist"))
    assert auth.login(colette).headers["Location"] == "/visits/new"
    page = client.get("/visits/new").get_data(as_text=True)
    assert "aan de balie van Heist" in page and "Heist-op-den-Berg" in page


def test_a_disabled_account_is_not_told_it_timed_out(client, auth, volunteer, admin):
    auth.login(volunteer)
    update_user(volunteer, role="volunteer", active=False, location_codes=["lier"],
                password=None, actor=admin)
    client.post("/visits/new", data=visit_form(note="niet bewaren"))
    assert "zonder activiteit" not in client.get("/login").get_data(as_text=True)
    with client.session_transaction() as cookie:
        assert "pending_form" not in cookie
