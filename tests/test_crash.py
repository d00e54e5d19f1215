"""Crash test (marked slow; run alone with `pytest -m slow`): gunicorn with 4 workers on
SQLite, several desks registering new visitors at once, one worker killed with SIGKILL in the
middle. Every visit that got a success answer must be in the database with its help types,
and the database must pass its integrity check."""

import os
import signal
import sqlite3
import threading

import pytest
from live import Desk, gunicorn, prepare
from support import desk_now

pytestmark = pytest.mark.slow
DESKS = 6
# Visits answered before the kill, and after it. The test waits for these, not for a time
# window: a machine that others load heavily answers fewer per second, never none.
BEFORE, AFTER = 10, 10
DEADLINE = 120  # seconds for each; on 2 busy cores a few visits per second are answered


def test_a_killed_worker_loses_no_answered_visit(tmp_path):
    env = prepare(tmp_path, {"vera": ("volunteer", ["demo"])})
    database = tmp_path / "live.sqlite3"
    confirmed, after_kill, failures = [], [], []
    answered, killed, stop = threading.Condition(), threading.Event(), threading.Event()
    with gunicorn(env, workers=4) as (base, master):

        def desk():
            try:
                client = Desk(base, "vera")
            except OSError as error:
                failures.append(repr(error))
                return
            while not stop.is_set():
                try:
                    answer = client.post("/visits/new", {
                        "way_in": "new", "help_types": ["cv", "talk"],
                        "arrived_at": desk_now().strftime("%Y-%m-%dT%H:%M")})
                except OSError as error:  # the killed worker's connection: no answer
                    failures.append(repr(error))
                    continue
                location = answer.headers.get("Location", "")
                if answer.status == 302 and location.endswith("/card"):
                    with answered:
                        confirmed.append(location.split("/")[-2])
                        if killed.is_set():
                            after_kill.append(confirmed[-1])
                        answered.notify_all()

        desks = [threading.Thread(target=desk) for _ in range(DESKS)]
        for thread in desks:
            thread.start()
        try:
            with answered:
                answered.wait_for(lambda: len(confirmed) >= BEFORE, DEADLINE)
            assert len(confirmed) >= BEFORE, f"{len(confirmed)} visits in {DEADLINE} s"
            # In the middle of the load: every desk has a visit on its way.
            workers = [int(pid) for pid in os.popen(f"pgrep -P {master.pid}").read().split()]
            os.kill(workers[0], signal.SIGKILL)
            killed.set()
            with answered:
                answered.wait_for(lambda: len(after_kill) >= AFTER, DEADLINE)
            assert len(after_kill) >= AFTER, \
                f"{len(after_kill)} visits in {DEADLINE} s after the kill: {failures[-3:]}"
        finally:
            stop.set()
            for thread in desks:
                thread.join()
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {code for (code,) in connection.execute("SELECT code FROM visitors")}
        assert set(confirmed) <= stored
        bare = connection.execute(
            "SELECT count(*) FROM visits WHERE id NOT IN (SELECT visit_id FROM visit_help_types)"
        ).fetchone()[0]
        assert bare == 0
