"""Fixtures: an app on a fresh database per test (SQLite, or the PostgreSQL server named by
JOBATELIER_TEST_DATABASE_URL), factories for locations and users, and logging in."""

import os

import pytest
from flask import g, has_app_context
from flask.testing import FlaskClient, FlaskCliRunner
from support import PASSWORD, check_tallies, log_in, reset_database

from jobatelier import create_app
from jobatelier.admin.services import create_location, ensure_default_help_types
from jobatelier.auth.services import create_user
from jobatelier.extensions import db
from jobatelier.models import Location, User


class Client(FlaskClient):
    """The fixtures keep one app context open so tests can query the database; each request
    must still start as a fresh one would, with nothing left in `g` (such as the logged-in
    user) and no transaction left open."""

    def open(self, *args, **kwargs):
        if has_app_context():  # not so in a thread of its own, which gets fresh contexts
            g.__dict__.clear()
            db.session.rollback()  # the request starts its own transaction, as in production,
            db.session.expire_all()  # with nothing loaded (a commit no longer expires objects)
        return super().open(*args, **kwargs)


@pytest.fixture
def app(tmp_path):
    url = os.environ.get("JOBATELIER_TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.db'}"
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": url,
        "WTF_CSRF_ENABLED": False,
    })
    app.test_client_class = Client
    with app.app_context():
        reset_database()
        db.create_all()
        ensure_default_help_types()
        yield app
        check_tallies()
        db.session.remove()
        reset_database()


@pytest.fixture
def empty_database(app):
    """A database without any table, as on a first start."""
    reset_database()


@pytest.fixture
def client(app):
    return app.test_client()


class Runner(FlaskCliRunner):
    """Like Client: a command starts with no transaction of the test's left open (on SQLite
    the test's own reads hold the write lock until they end)."""

    def invoke(self, *args, **kwargs):
        db.session.rollback()
        return super().invoke(*args, **kwargs)


@pytest.fixture
def runner(app):
    app.test_cli_runner_class = Runner
    return app.test_cli_runner()


@pytest.fixture
def make_location(app):
    def make(code="lier", name=None, municipality=None, **kwargs) -> Location:
        return create_location(code, name or f"Jobatelier {code.title()}",
                               municipality or code.title(), **kwargs)
    return make


@pytest.fixture
def make_user(app):
    def make(username, role="volunteer", locations=()) -> User:
        return create_user(username, role, PASSWORD, [loc.code for loc in locations])
    return make


@pytest.fixture
def lier(make_location):
    return make_location("lier", municipality="Lier")


@pytest.fixture
def heist(make_location):
    return make_location("heist-op-den-berg", "Jobatelier Heist-op-den-Berg", "Heist-op-den-Berg")


@pytest.fixture
def volunteer(make_user, lier):
    return make_user("vera", "volunteer", [lier])


@pytest.fixture
def coordinator(make_user, lier):
    return make_user("colette", "coordinator", [lier])


@pytest.fixture
def admin(make_user):
    return make_user("adam", "admin")


class AuthActions:
    def __init__(self, client):
        self.client = client

    def login(self, user_or_name, password=PASSWORD):
        return log_in(self.client, user_or_name, password)

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def as_volunteer(auth, volunteer):
    auth.login(volunteer)
    return auth.client


@pytest.fixture
def as_coordinator(auth, coordinator):
    auth.login(coordinator)
    return auth.client


@pytest.fixture
def as_admin(auth, admin):
    auth.login(admin)
    return auth.client
