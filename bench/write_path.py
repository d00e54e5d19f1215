"""Benchmark: the write path, registering visits under load, against both baselines.

    python bench/write_path.py [--seconds 12] [--rounds 2] [--database-url postgresql://...]

The app, gunicorn with 4 sync workers (tests/live.py), gets the real new-visit form of a
returning visitor with two help types and its CSRF token from logged-in volunteers, posted by
wrk as fast as it answers: first from 2 desks over 8 connections (the throughput), then from
5 desks at 5 locations over 50 connections (50 desks posting at once: the p99 latency). The
same two runs then go to `bench/baseline_raw.py`, a bare Flask app doing the same work in raw
SQL on the same database, with the same cookies and forms, under the same gunicorn settings;
and the first to `bench/baseline_app.py`, the earlier baseline: a bare one-row insert.
A success is the redirect a volunteer gets (201 for the one-row insert); anything else is an
error. After each run, every success must be in the database as a visit with its help types,
and the report's tallies must still equal a count of the visits.
On SQLite (files in a temporary folder) or on the PostgreSQL database given (its tables are
replaced). The app and the raw-SQL baseline take turns for two rounds, the best round of each
kept. About 2.5 minutes at the default 12 seconds a run.
"""

import argparse
import shutil
import sys
import tempfile
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE))

from live import Desk, gunicorn, prepare  # noqa: E402
from load import count, empty, run_baseline, wrk  # noqa: E402

DESKS = ("desk-a", "desk-b", "desk-c", "desk-d", "desk-e")  # one volunteer at each
THROUGHPUT_DESKS, THROUGHPUT_CONNECTIONS, BUSY_CONNECTIONS = 2, 8, 50
WARM_UP_SECONDS = 3
STORED_CHECKS = {
    "visits": "SELECT count(*) FROM visits",
    "without_help": "SELECT count(*) FROM visits WHERE id NOT IN "
                    "(SELECT visit_id FROM visit_help_types)",
    "audited": "SELECT count(*) FROM audit_log WHERE action = 'visit_registered'",
    # Each tally against a count of what it counts: 0 when they agree.
    "tallies_off": "SELECT abs((SELECT coalesce(sum(visits), 0) FROM help_tallies) "
                   "- (SELECT count(*) FROM visit_help_types)) "
                   "+ abs((SELECT coalesce(sum(visits), 0) FROM visitor_years) "
                   "- (SELECT count(*) FROM visits WHERE visitor_id IS NOT NULL))",
}


def volunteer_name(desk: str) -> str:
    return "volunteer-" + desk.removeprefix("desk-")


def desks_posting(base: str) -> list[tuple[str, str]]:
    """(cookie, body) for each desk: its volunteer logged in, a returning visitor of its own
    (issued by the app), the form of that visitor's visit with the page's CSRF token."""
    now = datetime.now().strftime("%Y-%m-%dT%H:%M")
    sessions = []
    for desk in DESKS:
        volunteer = Desk(base, volunteer_name(desk))
        card = volunteer.post("/visits/new", {"way_in": "new", "help_types": ["cv"],
                                              "arrived_at": now}).headers["Location"]
        code = card.split("/")[-2]  # .../visitors/<code>/card
        body = volunteer.form("/visits/new", {"way_in": "card", "visitor_code": code,
                                              "help_types": ["cv", "talk"], "arrived_at": now})
        # The cookie after the form's page: that page put the CSRF secret into the session.
        sessions.append((volunteer.cookie(), body))
    return sessions


def stored(url: str) -> dict:
    return {name: count(url, query) for name, query in STORED_CHECKS.items()}


def load_runs(base: str, url: str, sessions: list, seconds: int, folder: Path) -> dict:
    """The throughput run and the 50 desks' run against one server, each checked in the
    database afterwards."""
    # Gunicorn listens before its workers have loaded the app: a few seconds of posting
    # first, not counted, so that every worker is ready (and has read what it keeps).
    wrk(base, "/visits/new", sessions[:1], 302, WARM_UP_SECONDS, 4, folder)
    results = {}
    for name, desks, connections in (("throughput", THROUGHPUT_DESKS, THROUGHPUT_CONNECTIONS),
                                     ("busy", len(DESKS), BUSY_CONNECTIONS)):
        before = stored(url)
        result = wrk(base, "/visits/new", sessions[:desks], 302, seconds, connections, folder)
        after = stored(url)
        result.update(stored=after["visits"] - before["visits"],
                      audited=after["audited"] - before["audited"],
                      without_help=after["without_help"], tallies_off=after["tallies_off"])
        results[name] = result
    return results


def measure(folder: Path, seconds: int = 12, url: str | None = None, rounds: int = 2) -> dict:
    """The app and the raw-SQL baseline taking turns for `rounds` rounds (the best round of
    each kept: the machine is shared, and a busy moment should not decide the ratio), then
    the one-row baseline; on SQLite in `folder`, or on the PostgreSQL database at `url`."""
    if not shutil.which("wrk"):
        sys.exit("The load benchmark needs wrk: apt-get install wrk")
    if url:
        empty(url)
    (folder / "app").mkdir()
    env = prepare(folder / "app", {volunteer_name(desk): ("volunteer", [desk]) for desk in DESKS},
                  database_url=url, locations=DESKS)
    url = url or f"sqlite:///{folder / 'app' / 'live.sqlite3'}"
    servers = {"app": (env, "wsgi:app"),
               "raw": ({**env, "PYTHONPATH": str(HERE)}, "baseline_raw:app")}
    with gunicorn(env, workers=4) as (base, _):
        sessions = desks_posting(base)
    measured = {"app": [], "raw": []}
    for _ in range(rounds):
        for name, (server_env, target) in servers.items():
            with gunicorn(server_env, workers=4, target=target) as (base, _):
                measured[name].append(load_runs(base, url, sessions, seconds, folder))
    (folder / "one-row").mkdir()
    one_row = run_baseline(folder / "one-row", seconds, THROUGHPUT_CONNECTIONS,
                           url if url.startswith("postgresql") else None)
    return {**{name: best(runs) for name, runs in measured.items()}, "one_row": one_row,
            "rounds": measured}


def best(rounds: list[dict]) -> dict:
    """Of each kind of run, the round that registered the most visits a second."""
    return {kind: max((each[kind] for each in rounds), key=lambda run: run["per_second"])
            for kind in rounds[0]}


def report(results: dict) -> None:
    app, raw, one_row = results["app"], results["raw"], results["one_row"]
    lines = (("one-row insert (bare Flask)", one_row, None),
             ("same work in raw SQL (bare Flask)", raw["throughput"], raw["busy"]),
             ("new visit (app)", app["throughput"], app["busy"]))
    for name, result, busy in lines:
        line = (f"{name:<34} {result['per_second']:7.1f} visits/s | {result['ok']:6d} answered, "
                f"{result['errors']} errors, {result['stored']} stored")
        if busy is not None:
            line += (f", {result['without_help']} without help types, tallies "
                     f"{'right' if not result['tallies_off'] else 'WRONG'} | 50 desks: "
                     f"{busy['per_second']:6.1f} visits/s, p99 {busy['p99_ms']:6.1f} ms, "
                     f"{busy['errors']} errors")
        print(line)
    ratio_raw = app["throughput"]["per_second"] / raw["throughput"]["per_second"]
    ratio_one = app["throughput"]["per_second"] / one_row["per_second"]
    every_run = [run for rounds in results["rounds"].values() for each in rounds
                 for run in each.values()]
    all_stored = all(run["stored"] >= run["ok"] and run["audited"] >= run["ok"]
                     and not run["without_help"] and not run["tallies_off"]
                     for run in every_run)
    errors = sum(run["errors"] for run in every_run)
    print(f"(best of {len(results['rounds']['app'])} rounds, app and raw SQL taking turns; "
          f"throughput of each round: app " + ", ".join(
              f"{each['throughput']['per_second']:.0f}" for each in results["rounds"]["app"])
          + ", raw SQL " + ", ".join(
              f"{each['throughput']['per_second']:.0f}" for each in results["rounds"]["raw"])
          + ")")
    print(f"throughput ratio app / same work in raw SQL: {ratio_raw:.2f} (target >= 0.50); "
          f"app / one-row insert: {ratio_one:.2f}")
    print(f"p99 of a new visit with 50 desks posting at once: app "
          f"{app['busy']['p99_ms']:.1f} ms, raw SQL {raw['busy']['p99_ms']:.1f} ms; "
          f"errors: {errors}; every answered visit stored with its help types, audit entry "
          f"and tallies: {'yes' if all_stored else 'NO'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=12)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--database-url", help="a PostgreSQL database to use (emptied first)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        report(measure(Path(folder), args.seconds, args.database_url, args.rounds))


if __name__ == "__main__":
    main()
