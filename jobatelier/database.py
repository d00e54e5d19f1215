"""Connection settings that keep every registered visit, whatever the database."""

from flask import Flask
from sqlalchemy import event

from .extensions import db


def tune_connections(app: Flask) -> None:
    """On SQLite: foreign keys enforced, WAL so readers never block the desk, a busy timeout
    instead of 'database is locked', and fsync on every commit."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA synchronous=FULL")
        if ":memory:" not in app.config["SQLALCHEMY_DATABASE_URI"]:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()
