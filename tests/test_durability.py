"""Never lose a visit: on SQLite, writes take the lock up front, so workers writing at the
same moment wait for each other instead of failing with "database is locked"; and an SQLite
too old for the reports stops the app at its start, not at its first report."""

import sqlite3.dbapi2
import threading

import pytest
from sqlalchemy import func, select
from support import count_queries, log_in, visit_form

from jobatelier import create_app
from jobatelier.database import OLDEST_SQLITE, check_sqlite_version
from jobatelier.extensions import db
from jobatelier.models import Visit


@pytest.fixture
def sqlite(app):
    if db.engine.name != "sqlite":
        pytest.skip("SQLite's locking only")


def test_a_new_visit_holds_the_write_lock_only_for_its_writes(sqlite, as_volunteer):
    with count_queries() as statements:
        as_volunteer.post("/visits/new", data=visit_form())
    assert statements[0] == "BEGIN"  # the session, the desk, the help types: plain reads
    writes = statements[statements.index("BEGIN IMMEDIATE") + 1:]
    assert writes and all(statement.startswith(("INSERT", "UPDATE")) for statement in writes)


def test_other_requests_that_write_take_the_lock_first_and_reads_do_not(
    sqlite, as_volunteer
):
    with count_queries() as statements:
        as_volunteer.post("/language", data={"language": "fr", "next": "/desk"})
    assert statements[0] == "BEGIN IMMEDIATE"
    with count_queries() as statements:
        as_volunteer.get("/desk")
    assert "BEGIN IMMEDIATE" not in statements


def test_desks_registering_at_the_same_moment_lose_nothing(sqlite, app, volunteer):
    answers = []

    def desk():
        client = app.test_client()
        log_in(client, "vera")
        for _ in range(15):
            answers.append(client.post("/visits/new", data=visit_form(new_visitor="y"))
                           .status_code)

    workers = [threading.Thread(target=desk) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert answers == [302] * 60
    assert db.session.scalar(select(func.count()).select_from(Visit)) == 60


def test_an_sqlite_too_old_for_the_reports_stops_the_start_with_what_is_needed(monkeypatch):
    check_sqlite_version(OLDEST_SQLITE)  # the oldest that will do, and any newer one
    check_sqlite_version((3, 45, 1))
    # The library RHEL 8's Python links, as the driver module (sqlite3.dbapi2) reports it.
    monkeypatch.setattr(sqlite3.dbapi2, "sqlite_version_info", (3, 26, 0))
    with pytest.raises(RuntimeError, match=r"SQLite 3\.26\.0 is too old: .* 3\.30\.0 or newer"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"})
