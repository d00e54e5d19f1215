"""Every state-changing request carries a CSRF token; without one nothing changes."""

import re

import pytest
from sqlalchemy import func, select
from support import login_form, visit_form

from jobatelier.config import instance_secret_key
from jobatelier.extensions import db
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
