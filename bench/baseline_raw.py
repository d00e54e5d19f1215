"""The write path's baseline: a bare Flask app that registers a returning visitor's visit as
the app's new-visit request does, in raw SQL (sqlite3 / psycopg) on the app's own tables.

Served by gunicorn as the app is, on the app's database, with the cookies of volunteers who
logged in to the app: it reads the same signed session cookie (same secret key), looks up
the server-side session row with its user, applies the idle and absolute timeouts, checks the
CSRF token, reads the form, looks up the desk (the session's location among the user's) and
the help types, finds the visitor by the code, and in one write transaction with the app's
durability (SQLite: WAL, synchronous=FULL, a busy timeout, BEGIN IMMEDIATE; PostgreSQL: one
committed transaction) inserts the visit, its help-type links and the audit entry, moves the
visitor's first visit back if need be, and adds the visit to the report's two tallies. It
answers as the app does, with a redirect to the visitor's page. What it leaves out is the
stack: no Flask-Login, no WTForms, no ORM, no templates, no translations.

    JOBATELIER_DATABASE_URL=... JOBATELIER_SECRET_KEY=... gunicorn baseline_raw:app
"""

import functools
import json
import os
import sqlite3
import time
import uuid
from datetime import UTC, datetime, timedelta

from flask import Flask, abort, redirect, request, session
from flask_wtf.csrf import CSRFError, validate_csrf

app = Flask(__name__)
app.config.update(SECRET_KEY=os.environ.get("JOBATELIER_SECRET_KEY", "live-tests"),
                  WTF_CSRF_TIME_LIMIT=None)
DATABASE = os.environ.get("JOBATELIER_DATABASE_URL", "sqlite:///live.sqlite3")
ON_POSTGRESQL = DATABASE.startswith(("postgresql://", "postgres://"))
IDLE, SHIFT = timedelta(minutes=15), timedelta(hours=8)  # the app's defaults
LATE_ENTRY_DAYS = 7
DESK_ROLES = {"volunteer", "coordinator", "admin"}
HELP_TALLY = ("INSERT INTO help_tallies (year, location_id, help_type_id, visits) "
              "VALUES ({p}, {p}, {p}, 1) ON CONFLICT (year, location_id, help_type_id) "
              "DO UPDATE SET visits = help_tallies.visits + excluded.visits")
VISITOR_YEAR = ("INSERT INTO visitor_years (year, location_id, visitor_id, visits) "
                "VALUES ({p}, {p}, {p}, 1) ON CONFLICT (year, location_id, visitor_id) "
                "DO UPDATE SET visits = visitor_years.visits + excluded.visits")


class Database:
    """One connection per worker, opened after the fork, with the app's settings; SQL
    written with `{p}` for the driver's placeholder."""

    def __init__(self):
        if ON_POSTGRESQL:
            import psycopg

            self.connection = psycopg.connect(DATABASE.replace("+psycopg", ""))
            self.placeholder = "%s"
        else:
            self.connection = sqlite3.connect(DATABASE.removeprefix("sqlite:///"),
                                              isolation_level=None)
            for pragma in ("foreign_keys=ON", "busy_timeout=10000", "synchronous=FULL",
                           "journal_mode=WAL"):
                self.connection.execute(f"PRAGMA {pragma}")
            self.placeholder = "?"

    def sql(self, statement: str) -> str:
        return statement.replace("{p}", self.placeholder)

    def one(self, statement: str, *args):
        return self.connection.execute(self.sql(statement), args).fetchone()

    def all(self, statement: str, *args):
        return self.connection.execute(self.sql(statement), args).fetchall()

    def run(self, statement: str, *args):
        self.connection.execute(self.sql(statement), args)

    def many(self, statement: str, rows):
        cursor = self.connection.cursor()
        cursor.executemany(self.sql(statement), rows)

    def begin_writing(self):
        if ON_POSTGRESQL:
            self.connection.commit()  # the reads' transaction; the writes get their own
        else:
            self.connection.execute("BEGIN IMMEDIATE")

    def commit(self):
        if ON_POSTGRESQL:
            self.connection.commit()
        else:
            self.connection.execute("COMMIT")

    def rollback(self):
        if ON_POSTGRESQL:
            self.connection.rollback()
        elif self.connection.in_transaction:
            self.connection.execute("ROLLBACK")

    def stored(self, moment: datetime):
        """A moment as SQLAlchemy stores it: text on SQLite, a timestamp on PostgreSQL."""
        return moment if ON_POSTGRESQL else moment.strftime("%Y-%m-%d %H:%M:%S.%f")

    def read_moment(self, value) -> datetime:
        return value if isinstance(value, datetime) else datetime.fromisoformat(value)


@functools.cache
def database() -> Database:
    return Database()


def session_user(db: Database):
    """(id, username, role) of the live session the cookie names, else None."""
    token = session.get("sid")
    if not token:
        return None
    found = db.one("SELECT s.created_at, u.id, u.username, u.role, u.active "
                   "FROM user_sessions s JOIN users u ON u.id = s.user_id "
                   "WHERE s.id = {p} AND s.ended_at IS NULL", token)
    if found is None:
        return None
    created_at, user_id, username, role, active = found
    now = datetime.now(UTC).replace(tzinfo=None)
    seen = session.get("seen")
    seen = datetime.fromtimestamp(seen, UTC).replace(tzinfo=None) if seen \
        else db.read_moment(created_at)
    if now - seen > IDLE or now - db.read_moment(created_at) > SHIFT or not active:
        return None  # (the app ends such a session; the benchmark never meets one)
    session["seen"] = time.time()
    return user_id, username, role


@app.post("/visits/new")
def new_visit():
    db = database()
    try:
        user = session_user(db)
        if user is None:
            return redirect("/login")
        user_id, username, role = user
        if role not in DESK_ROLES:
            abort(403)
        try:
            validate_csrf(request.form.get("csrf_token"))
        except CSRFError:
            abort(400)
        form = request.form
        desks = db.all("SELECT l.id, l.handed_over_on FROM locations l "
                       "JOIN user_locations ul ON ul.location_id = l.id "
                       "WHERE ul.user_id = {p} AND l.active", user_id)
        by_id = dict(desks)
        location_id = session.get("location_id")
        if location_id not in by_id:
            location_id = desks[0][0] if len(desks) == 1 else None
        if location_id is None or by_id[location_id] is not None:
            abort(409)  # a desk to pick, or one handed over
        codes = list(dict.fromkeys(form.getlist("help_types")))
        help_types = db.all("SELECT id, code FROM help_types WHERE active AND code IN ("
                            + ", ".join(["{p}"] * len(codes)) + ") ORDER BY position", *codes)
        arrived_at = datetime.strptime(form["arrived_at"], "%Y-%m-%dT%H:%M")
        now = datetime.now()
        code = form.get("visitor_code", "").strip().lower()
        visitor = db.one("SELECT id, registered_on FROM visitors WHERE code = {p}", code)
        if (not codes or len(help_types) != len(codes) or visitor is None
                or form.get("way_in") != "card" or arrived_at > now + timedelta(minutes=1)
                or arrived_at < now - timedelta(days=LATE_ENTRY_DAYS)):
            abort(422)
        visitor_id, registered_on = visitor
        duration = int(form["duration_minutes"]) if form.get("duration_minutes") else None
        note = form.get("note", "").strip() or None
        visit_id, created = str(uuid.uuid4()), datetime.now(UTC).replace(tzinfo=None)
        db.begin_writing()
        db.run("INSERT INTO visits (id, location_id, visitor_id, arrived_at, duration_minutes, "
               "note, waited_minutes, created_by_id, created_at, updated_at, version) "
               "VALUES ({p}, {p}, {p}, {p}, {p}, {p}, NULL, {p}, {p}, {p}, 1)",
               visit_id, location_id, visitor_id, db.stored(arrived_at), duration, note,
               user_id, db.stored(created), db.stored(created))
        db.many(db.sql("INSERT INTO visit_help_types (visit_id, help_type_id) VALUES ({p}, {p})"),
                [(visit_id, help_type_id) for help_type_id, _ in help_types])
        if str(arrived_at.date()) < str(registered_on):
            db.run("UPDATE visitors SET registered_on = {p} WHERE id = {p} "
                   "AND registered_on > {p}", arrived_at.date(), visitor_id, arrived_at.date())
        db.run("INSERT INTO audit_log (at, user_id, username, action, location_id, object_type, "
               "object_id, detail) VALUES ({p}, {p}, {p}, 'visit_registered', {p}, 'visit', "
               "{p}, {p})", db.stored(created), user_id, username, location_id, visit_id,
               json.dumps({"visitor": code, "new": False,
                           "help_types": [code for _, code in help_types]}))
        db.many(db.sql(HELP_TALLY), sorted((arrived_at.year, location_id, help_type_id)
                                           for help_type_id, _ in help_types))
        db.run(VISITOR_YEAR, arrived_at.year, location_id, visitor_id)
        db.commit()
    except BaseException:
        db.rollback()
        raise
    return redirect(f"/visitors/{code}")
