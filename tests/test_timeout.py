"""The idle timeout never loses a typed visit: the login page says why, and the same user
finds what they typed back in the form; another user never sees it."""

import time

from sqlalchemy import func, select
from support import visit_form

from jobatelier.auth.services import update_user
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


def test_a_password_is_never_kept(client, auth, volunteer, admin):
    auth.login(admin)
    idle_for(client, 16)
    client.post("/admin/users/new", data={"username": "nora", "role": "volunteer",
                                          "password": "a secret passphrase"})
    with client.session_transaction() as cookie:
        assert "a secret passphrase" not in str(cookie.get("pending_form"))
        assert "nora" in str(cookie.get("pending_form"))


def test_a_disabled_account_is_not_told_it_timed_out(client, auth, volunteer, admin):
    auth.login(volunteer)
    update_user(volunteer, role="volunteer", active=False, location_codes=["lier"],
                password=None, actor=admin)
    client.post("/visits/new", data=visit_form(note="niet bewaren"))
    assert "zonder activiteit" not in client.get("/login").get_data(as_text=True)
    with client.session_transaction() as cookie:
        assert "pending_form" not in cookie
