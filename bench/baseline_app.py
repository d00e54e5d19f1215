"""The load benchmark's baseline: a bare Flask app whose one endpoint inserts one row, with
the app's durability settings: on SQLite WAL, synchronous=FULL, a busy timeout and BEGIN
IMMEDIATE; on PostgreSQL a plain committed transaction. Served by gunicorn as the app is."""

import functools
import os
import sqlite3
import uuid
from datetime import datetime

from flask import Flask, request

app = Flask(__name__)
DATABASE = os.environ.get("BASELINE_DATABASE", "baseline.sqlite3")
TABLE = ("CREATE TABLE IF NOT EXISTS baseline_visits (id TEXT PRIMARY KEY, "
         "arrived_at TEXT NOT NULL, body TEXT)")


def on_postgresql(database: str) -> bool:
    return database.startswith("postgresql://")


def create_table(database: str) -> None:
    if on_postgresql(database):
        import psycopg

        with psycopg.connect(database) as connection:
            connection.execute("DROP TABLE IF EXISTS baseline_visits")
            connection.execute(TABLE)
        return
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute(TABLE)


@functools.cache
def connection():
    """One connection per worker process, opened after the fork (as the app's pool keeps)."""
    if on_postgresql(DATABASE):
        import psycopg

        return psycopg.connect(DATABASE)
    opened = sqlite3.connect(DATABASE, isolation_level=None)
    for pragma in ("foreign_keys=ON", "busy_timeout=10000", "synchronous=FULL",
                   "journal_mode=WAL"):
        opened.execute(f"PRAGMA {pragma}")
    return opened


@app.post("/visits")
def insert_visit():
    database = connection()
    row = (str(uuid.uuid4()), datetime.now().isoformat(), request.get_data()[:200].decode())
    if on_postgresql(DATABASE):
        database.execute("INSERT INTO baseline_visits VALUES (%s, %s, %s)", row)
        database.commit()
    else:
        database.execute("BEGIN IMMEDIATE")
        database.execute("INSERT INTO baseline_visits VALUES (?, ?, ?)", row)
        database.execute("COMMIT")
    return "", 201
