"""The load benchmark's baseline: a bare Flask app whose one endpoint inserts one row into
SQLite with the app's durability settings (WAL, synchronous=FULL, busy timeout, BEGIN
IMMEDIATE). Served by gunicorn exactly as the app is."""

import functools
import os
import sqlite3
import uuid
from datetime import datetime

from flask import Flask, request

app = Flask(__name__)
DATABASE = os.environ.get("BASELINE_DATABASE", "baseline.sqlite3")


def create_table(path: str) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE IF NOT EXISTS visits (id TEXT PRIMARY KEY, "
                           "arrived_at TEXT NOT NULL, body TEXT)")


@functools.cache
def connection() -> sqlite3.Connection:
    """One connection per worker process, opened after the fork (as the app's pool keeps)."""
    opened = sqlite3.connect(DATABASE, isolation_level=None)
    for pragma in ("foreign_keys=ON", "busy_timeout=10000", "synchronous=FULL",
                   "journal_mode=WAL"):
        opened.execute(f"PRAGMA {pragma}")
    return opened


@app.post("/visits")
def insert_visit():
    database = connection()
    database.execute("BEGIN IMMEDIATE")
    database.execute("INSERT INTO visits (id, arrived_at, body) VALUES (?, ?, ?)",
                     (str(uuid.uuid4()), datetime.now().isoformat(), request.get_data()[:200]))
    database.execute("COMMIT")
    return "", 201
