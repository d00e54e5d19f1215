"""Personal accounts: logging in and out, argon2id hashes, password rules, disabled accounts."""

import time
from datetime import timedelta

import pytest
from sqlalchemy import select
from support import PASSWORD

from jobatelier.auth.services import create_user, hasher, update_user
from jobatelier.errors import RuleError
from jobatelier.extensions import db
from jobatelier.models import AuditEntry, User, UserSession


def test_a_user_logs_in_and_lands_on_the_desk(client, auth, volunteer):
    response = auth.login(volunteer)
    assert response.status_code == 302 and response.headers["Location"] == "/desk"
    assert client.get("/desk").status_code == 200


def test_a_wrong_password_shows_a_message_and_keeps_the_username(client, auth, volunteer):
    response = auth.login(volunteer, "wrong password!!")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Onbekende gebruikersnaam of verkeerd wachtwoord." in page
    assert 'value="vera"' in page
    assert client.get("/desk").status_code == 302


def test_pages_need_a_login(client):
    response = client.get("/desk")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_logout_ends_the_session(client, auth, volunteer):
    auth.login(volunteer)
    assert auth.logout().headers["Location"] == "/login"
    assert client.get("/desk").status_code == 302


def test_logout_is_a_post(client, auth, volunteer):
    auth.login(volunteer)
    assert client.get("/logout").status_code == 405


def test_passwords_are_stored_as_argon2id(volunteer):
    assert volunteer.password_hash.startswith("$argon2id$")
    assert PASSWORD not in volunteer.password_hash


def test_login_attempts_are_audited_without_the_password(auth, volunteer):
    auth.login(volunteer, "wrong password!!")
    auth.login(volunteer)
    entries = db.session.query(AuditEntry).order_by(AuditEntry.id).all()
    assert [entry.action for entry in entries[-2:]] == ["login_failed", "login"]
    assert all("wrong password" not in str(entry.detail) for entry in entries)


def session_row(client):
    with client.session_transaction() as cookie:
        return db.session.get(UserSession, cookie["sid"])


def test_each_login_gets_a_new_server_side_session(client, auth, volunteer):
    auth.login(volunteer)
    first = session_row(client).id
    auth.logout()
    auth.login(volunteer)
    assert session_row(client).id != first


def test_a_copied_cookie_replayed_after_logout_is_refused(client, auth, volunteer):
    auth.login(volunteer)
    cookie = client.get_cookie("session").value
    auth.logout()
    client.set_cookie("session", cookie)
    assert client.get("/desk").status_code == 302
    assert db.session.scalar(select(UserSession.ended_because)) == "logout"


def test_an_idle_session_ends_for_good(client, auth, volunteer):
    auth.login(volunteer)
    with client.session_transaction() as cookie:
        cookie["seen"] = time.time() - 16 * 60
    assert client.get("/desk").status_code == 302
    assert session_row(client).ended_because == "idle"


def test_a_session_ends_after_one_desk_shift(client, auth, volunteer):
    auth.login(volunteer)
    row = session_row(client)
    row.created_at -= timedelta(hours=8, minutes=1)
    db.session.commit()
    assert client.get("/desk").status_code == 302
    assert session_row(client).ended_because == "absolute"


def test_disabling_an_account_ends_its_open_sessions(client, auth, volunteer, admin):
    auth.login(volunteer)
    update_user(volunteer, role="volunteer", active=False, location_codes=["lier"],
                password=None, actor=admin)
    assert session_row(client).ended_because == "disabled"
    assert client.get("/desk").status_code == 302


def test_ten_failures_lock_the_account_but_not_the_desk(client, auth, volunteer, coordinator):
    for _ in range(10):
        auth.login(volunteer, "wrong password!!")
    page = auth.login(volunteer).get_data(as_text=True)
    assert "dit account is 15 minuten geblokkeerd" in page
    assert auth.login(coordinator).status_code == 302  # another account on the same PC
    auth.logout()
    for entry in db.session.scalars(select(AuditEntry)):
        entry.at -= timedelta(minutes=16)
    db.session.commit()
    assert auth.login(volunteer).status_code == 302


def test_a_disabled_account_cannot_log_in_or_stay_logged_in(client, auth, volunteer):
    auth.login(volunteer)
    volunteer.active = False
    db.session.commit()
    assert client.get("/desk").status_code == 302
    assert "Onbekende gebruikersnaam" in auth.login(volunteer).get_data(as_text=True)


@pytest.mark.parametrize(
    ("username", "password", "field"),
    [
        ("anna", "short", "password"),
        ("anna", "x" * 129, "password"),
        ("anna", "my name is anna, ok", "password"),
        ("", "a long enough password", "username"),
        ("vera", "a long enough password", "username"),  # taken
    ],
)
def test_account_rules(app, volunteer, username, password, field):
    with pytest.raises(RuleError) as caught:
        create_user(username, "volunteer", password)
    assert caught.value.field == field
    assert db.session.query(User).count() == 1


def test_the_hasher_is_argon2id():
    assert hasher.type.name == "ID"


def test_a_new_secret_key_refuses_the_cookies_signed_with_the_old_one(app, as_volunteer):
    """The session cookie's signer is made once per key (jobatelier.security): a new key is
    used at once, and the old one only while it is listed among the fallbacks."""
    assert as_volunteer.get("/desk").status_code == 200
    app.secret_key = "a new key"
    app.config["SECRET_KEY_FALLBACKS"] = ["test"]
    assert as_volunteer.get("/desk").status_code == 200  # signed again with the new key
    app.config["SECRET_KEY_FALLBACKS"] = []
    assert as_volunteer.get("/desk").status_code == 200
    app.secret_key = "yet another key"
    assert as_volunteer.get("/desk").headers["Location"] == "/login"
