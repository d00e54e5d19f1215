"""Personal accounts: logging in and out, argon2id hashes, password rules, disabled accounts."""

import pytest

from jobatelier.auth.services import create_user, hasher
from jobatelier.errors import RuleError
from jobatelier.extensions import db
from jobatelier.models import AuditEntry, User


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
    assert "correct horse" not in volunteer.password_hash


def test_login_attempts_are_audited_without_the_password(auth, volunteer):
    auth.login(volunteer, "wrong password!!")
    auth.login(volunteer)
    entries = db.session.query(AuditEntry).order_by(AuditEntry.id).all()
    assert [entry.action for entry in entries[-2:]] == ["login_failed", "login"]
    assert all("wrong password" not in str(entry.detail) for entry in entries)


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
