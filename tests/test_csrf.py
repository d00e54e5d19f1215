"""Every state-changing request carries a CSRF token; without one nothing changes."""

import re

import pytest
from flask import g
from flask_wtf.csrf import validate_csrf
from sqlalchemy import func, select
from support import login_form, visit_form

from jobatelier.config import instance_secret_key
from jobatelier.extensions import db
from jobatelier.forms import ConfirmForm
from jobatelier.models import Visit


@pytest.fixture
def csrf_client(app):
    app.config["WTF_CSRF_ENABLED"] = True
    return app.test_client()


def token(client, url):
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                     client.get(url).get_data(as_text=True)).group(1)


def test_forms_without_a_token_are_refused_and_nothing_is_saved(csrf_client, volunteer):
    login = login_form(volunteer)
    assert csrf_client.post("/login", data=login).status_code == 400
    csrf_client.post("/login", data={**login, "csrf_token": token(csrf_client, "/login")})
    assert csrf_client.post("/visits/new", data=visit_form()).status_code == 400
    assert csrf_client.post("/logout").status_code == 400
    assert db.session.scalar(select(func.count()).select_from(Visit)) == 0
    form = visit_form(csrf_token=token(csrf_client, "/visits/new"))
    assert csrf_client.post("/visits/new", data=form).status_code == 302


def test_the_secret_key_is_generated_once_per_instance_and_kept_private(tmp_path):
    key = instance_secret_key(tmp_path)
    assert len(key) == 64 and instance_secret_key(tmp_path) == key
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert instance_secret_key(tmp_path / "other") != key


def test_a_form_shown_again_carries_a_token_the_next_post_is_accepted_with(csrf_client,
                                                                           volunteer):
    csrf_client.post("/login", data={**login_form(volunteer),
                                     "csrf_token": token(csrf_client, "/login")})
    first = token(csrf_client, "/visits/new")
    mistaken = csrf_client.post("/visits/new", data=visit_form(help_types=[], csrf_token=first))
    assert mistaken.status_code == 200  # the form again, with its message
    again = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      mistaken.get_data(as_text=True)).group(1)
    assert csrf_client.post("/visits/new", data=visit_form(csrf_token=again)).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Visit)) == 1


def test_a_forms_token_is_signed_only_when_the_page_shows_it(app):
    """A form that is posted, saved and answered with a redirect never signs a token (Flask-WTF
    keeps the one it signed in `g`); a page that shows the form shows a valid one."""
    app.config["WTF_CSRF_ENABLED"] = True
    with app.test_request_context("/visits/new", method="POST"):
        form = ConfirmForm()
        assert "csrf_token" not in g
        shown = re.search(r'value="([^"]+)"', str(form.csrf_token())).group(1)
        assert g.csrf_token == shown
        validate_csrf(shown)  # raises when it is no token of this session
