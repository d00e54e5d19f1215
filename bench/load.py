"""Benchmark: registering visits under load, against a bare Flask insert as the baseline.

    python bench/load.py [--seconds 12] [--connections 8]

Both run under gunicorn with 4 workers on SQLite with the same durability settings; wrk
(Debian's `wrk`) posts as fast as it can for the given time. The app gets the real new-visit
form of a returning visitor (two help types), from logged-in volunteers with their CSRF token.
A success is the answer a volunteer gets after saving (a redirect for the app, 201 for the
baseline); anything else is an error. Afterwards every success must be in the database.
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "tests"))

from live import Desk, gunicorn, prepare  # noqa: E402
from sqlalchemy import MetaData, create_engine, text  # noqa: E402

from jobatelier.config import normalise_database_url  # noqa: E402

VOLUNTEERS = ("vera", "vic")
WRK_SCRIPT = """
local sessions = {%(sessions)s}
local threads, number = {}, 0

function setup(thread)
  number = number + 1
  thread:set("number", number)
  table.insert(threads, thread)
end

function init(args)
  local session = sessions[(number - 1) %% #sessions + 1]
  ok, bad = 0, 0
  prepared = wrk.format("POST", "%(path)s", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = session.cookie}, session.body)
end

function request() return prepared end

function response(status, headers, body)
  if status == %(success)d then ok = ok + 1 else bad = bad + 1 end
end

function done(summary, latency, requests)
  local ok_all, bad_all = 0, 0
  for _, thread in ipairs(threads) do
    ok_all = ok_all + thread:get("ok")
    bad_all = bad_all + thread:get("bad")
  end
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%d %%d\\n", ok_all, bad_all,
    e.connect + e.read + e.write + e.timeout, summary.duration, latency:percentile(99.0)))
end
"""


def wrk(base: str, path: str, sessions: list[tuple[str, str]], success: int, seconds: int,
        connections: int, folder: Path) -> dict:
    """Run wrk against `base + path`, each of its threads with one of `sessions` (cookie,
    body); returns successes, errors, requests per second and the 99th percentile of the
    latency in milliseconds."""
    listed = ", ".join(f"{{cookie = {lua(cookie)}, body = {lua(body)}}}"
                       for cookie, body in sessions)
    script = folder / f"load-{success}.lua"
    script.write_text(WRK_SCRIPT % {"sessions": listed, "path": path, "success": success})
    output = subprocess.run(
        ["wrk", "--threads", str(len(sessions)), "--connections", str(connections),
         "--duration", f"{seconds}s", "--timeout", "10s", "--script", str(script), base + path],
        check=True, capture_output=True, text=True).stdout
    ok, bad, socket_errors, duration, p99 = map(int, output.split("RESULT")[1].split())
    return {"ok": ok, "errors": bad + socket_errors, "per_second": ok / (duration / 1e6),
            "p99_ms": p99 / 1e3}


def lua(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def count(url: str, query: str) -> int:
    engine = create_engine(normalise_database_url(url))
    with engine.connect() as connection:
        found = connection.execute(text(query)).scalar_one()
    engine.dispose()
    return found


def empty(url: str) -> None:
    """Drop every table of a PostgreSQL database, so the app starts on a clean one."""
    engine = create_engine(normalise_database_url(url))
    found = MetaData()
    found.reflect(engine)
    found.drop_all(engine)
    engine.dispose()


def run_app(folder: Path, seconds: int, connections: int, url: str | None) -> dict:
    if url:
        empty(url)
    env = prepare(folder, {name: ("volunteer", ["demo"]) for name in VOLUNTEERS},
                  database_url=url)
    url = url or f"sqlite:///{folder / 'live.sqlite3'}"
    with gunicorn(env, workers=4) as (base, _):
        volunteers = [Desk(base, name) for name in VOLUNTEERS]
        card = volunteers[0].post("/visits/new", {
            "way_in": "new", "help_types": ["cv"],
            "arrived_at": datetime.now().strftime("%Y-%m-%dT%H:%M")}).headers["Location"]
        code = card.split("/")[-2]  # .../visitors/<code>/card
        before = count(url, "SELECT count(*) FROM visits")
        bodies = [volunteer.form("/visits/new", {
            "way_in": "card", "visitor_code": code, "help_types": ["cv", "talk"],
            "arrived_at": datetime.now().strftime("%Y-%m-%dT%H:%M")})
            for volunteer in volunteers]
        # The cookies after the form's page: that page put the CSRF secret into the session.
        sessions = [(volunteer.cookie(), body)
                    for volunteer, body in zip(volunteers, bodies, strict=True)]
        result = wrk(base, "/visits/new", sessions, 302, seconds, connections, folder)
    result["stored"] = count(url, "SELECT count(*) FROM visits") - before
    result["without_help"] = count(url, "SELECT count(*) FROM visits WHERE id NOT IN "
                                        "(SELECT visit_id FROM visit_help_types)")
    return result


def run_baseline(folder: Path, seconds: int, connections: int, url: str | None) -> dict:
    from baseline_app import create_table

    database = url or str(folder / "baseline.sqlite3")
    create_table(database)
    env = {"BASELINE_DATABASE": database, "PYTHONPATH": str(HERE),
           "PATH": sys.exec_prefix + "/bin:/usr/bin:/bin"}
    with gunicorn(env, workers=4, target="baseline_app:app") as (base, _):
        body = "help_types=cv&help_types=talk&arrived_at=2026-11-23T10%3A00"
        result = wrk(base, "/visits", [("", body)] * len(VOLUNTEERS), 201, seconds,
                     connections, folder)
    result["stored"] = count(url or f"sqlite:///{database}",
                             "SELECT count(*) FROM baseline_visits")
    result["without_help"] = 0
    return result


def run(folder: Path, seconds: int, connections: int, url: str | None = None) -> tuple:
    """(app, baseline) results, each served in turn on the same machine; on SQLite files in
    `folder`, or on the PostgreSQL database at `url` (its tables are replaced)."""
    if not shutil.which("wrk"):
        sys.exit("The load benchmark needs wrk: apt-get install wrk")
    (folder / "app").mkdir()
    return (run_app(folder / "app", seconds, connections, url),
            run_baseline(folder, seconds, connections, url))


def report(app: dict, baseline: dict) -> None:
    for name, result in (("baseline (bare Flask insert)", baseline), ("new visit (app)", app)):
        print(f"{name:<29} {result['per_second']:7.1f} visits/s | {result['ok']:6d} answered, "
              f"{result['errors']} errors, {result['stored']} stored, "
              f"{result['without_help']} without help types")
    print(f"throughput ratio app/baseline: {app['per_second'] / baseline['per_second']:.2f} "
          f"(target >= 0.50); every answered visit stored: "
          f"{'yes' if app['stored'] >= app['ok'] else 'NO'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=12)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--database-url", help="a PostgreSQL database to use (emptied first)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        report(*run(Path(folder), args.seconds, args.connections, args.database_url))


if __name__ == "__main__":
    main()
