"""Helpers the tests share: the test password and logging in, forms as a browser posts them,
desk time, counting queries."""

from contextlib import contextmanager
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import MetaData, event, inspect, select

from jobatelier.extensions import db
from jobatelier.reports import tallies

PASSWORD = "correct horse battery"  # every test account's, in every kind of test


def login_form(user_or_name, password=PASSWORD) -> dict:
    """The login form as a browser posts it, for a user or a username."""
    return {"username": getattr(user_or_name, "username", user_or_name), "password": password}


def log_in(client, user_or_name, password=PASSWORD, **request):
    """Log `client` in through the login form; `request` goes with the POST (a base_url)."""
    return client.post("/login", data=login_form(user_or_name, password), **request)


def reset_database():
    """Drop every table, Alembic's own included, so each test starts from nothing."""
    db.session.remove()  # a transaction still open would hold locks that DROP waits for
    found = MetaData()
    found.reflect(db.engine)
    found.drop_all(db.engine)


def check_tallies():
    """Whatever a test did, the report's tallies must equal a count of the visits: every way
    the app writes visits keeps them current (checked after each test)."""
    db.session.rollback()  # what the test left open would hold the lock the check waits for
    if not inspect(db.engine).has_table(tallies.TALLIES[0].model.__tablename__):
        return  # the test left no schema behind
    for tally in tallies.TALLIES:
        stored = set(db.session.execute(select(tally.model.__table__)))
        counted = set(db.session.execute(tally.counted()))
        assert stored == counted, f"{tally.model.__tablename__} out of date"
    db.session.rollback()


def desk_now() -> datetime:
    """Wall-clock time at the desk (the app's default time zone), as the form shows it."""
    return datetime.now(ZoneInfo("Europe/Brussels")).replace(tzinfo=None, second=0, microsecond=0)


def visit_form(*, new_visitor=None, **overrides):
    """A valid new-visit form as the browser posts it; override a field to spoil it. The way
    in follows what is given, as a volunteer picks it: `new_visitor="y"` for a new visitor, a
    `visitor_code` for a visitor with a card, neither for a visit without a card."""
    form = {
        "visitor_code": "",
        "help_types": ["cv", "vacancy_search"],
        "arrived_at": (desk_now() - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "30",
        "note": "",
    }
    form.update(overrides)
    if "way_in" not in form:
        form["way_in"] = "new" if new_visitor else "card" if form["visitor_code"] else "one_off"
    return {key: value for key, value in form.items() if value is not None}


@contextmanager
def count_queries():
    """Count the SQL statements run inside the block."""
    statements = []

    def remember(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
