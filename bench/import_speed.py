"""Benchmark: importing a big handover package, against a plain bulk load of the same rows, and
the first report right after it (issue 18).

    python bench/import_speed.py [--sizes 100000 1000000] [--locations 300] [--database URL]

For each size it builds the data with datagen (10 years, `--locations` desks) and exports it
with the app's exporter into a package, then, each in a fresh process (so that peak memory,
VmHWM, is that run's own), into a fresh database of the app's schema:
- the baseline: the same CSV rows loaded with a plain `executemany` per table (sqlite3 or
  psycopg) in one transaction, with the app's durability (SQLite: WAL, synchronous=FULL,
  foreign keys), codes turned into ids with dictionaries, then ANALYZE;
- the import: `jobatelier import`'s service, all its checks included.
Then the first yearly CSV and page of a fresh process (last full year, all locations, as an
admin; best of three processes) on the imported database and on the one datagen built (an
instance filled without an import, statistics included).

Without --database everything is in SQLite files; with a PostgreSQL URL, the data is built in
that database (its tables are replaced) and imported into a second one, its name + `_target`,
created when missing.
"""

import argparse
import csv
import io
import json
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from export_memory import against_baseline, memory_growth, peak_rss_mb  # noqa: E402

# The six tables datagen fills, in the order their foreign keys need.
TABLES = ("locations", "help_types", "visitors", "visits", "visit_help_types", "outcomes")
BATCH = 10_000
NOW = "2026-01-01 00:00:00.000000"


# ---------------------------------------------------------------- the baseline: plain executemany

class Baseline:
    """The package's CSV rows into the app's tables, a plain executemany per batch."""

    def __init__(self, url: str):
        from jobatelier.config import DEFAULTS

        if url.startswith("sqlite:///"):
            import sqlite3

            self.connection = sqlite3.connect(url[len("sqlite:///"):], isolation_level=None)
            for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
                self.connection.execute(f"PRAGMA {pragma}")
            self.connection.execute("BEGIN")
            self.mark = "?"
        else:
            import psycopg

            self.connection = psycopg.connect(url)
            self.mark = "%s"
        self.zone = ZoneInfo(DEFAULTS["TIMEZONE"])  # the app's desk_zone, without an app

    def insert(self, table: str, columns: tuple, rows) -> None:
        sql = (f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
               f"({', '.join([self.mark] * len(columns))})")
        cursor = self.connection.cursor()
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) == BATCH:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
        cursor.close()

    def ids(self, table: str) -> dict:
        cursor = self.connection.cursor()
        cursor.execute(f"SELECT code, id FROM {table}")
        found = dict(cursor.fetchall())
        cursor.close()
        return found

    def moment(self, text: str) -> str:
        """An ISO date-time with offset as the app stores it: the desk's wall-clock time."""
        moment = datetime.fromisoformat(text).astimezone(self.zone).replace(tzinfo=None)
        return moment.strftime("%Y-%m-%d %H:%M:%S.%f")

    def finish(self) -> None:
        cursor = self.connection.cursor()
        cursor.execute("ANALYZE")
        cursor.close()
        if self.mark == "?":  # sqlite3 without its own transactions: BEGIN was ours
            self.connection.execute("COMMIT")
        else:
            self.connection.commit()
        self.connection.close()


def run_baseline(url: str, package: str) -> None:
    load = Baseline(url)
    with zipfile.ZipFile(package) as archive:
        def rows(name):
            with archive.open(f"{name}.csv") as raw:
                reader = csv.reader(io.TextIOWrapper(raw, encoding="utf-8", newline=""))
                header = next(reader)
                for cells in reader:
                    yield dict(zip(header, (cell or None for cell in cells), strict=True))

        flag = (lambda text: text == "true") if load.mark == "%s" else \
            (lambda text: int(text == "true"))
        load.insert("locations", ("code", "name", "municipality", "kind", "organisation",
                                  "active", "visitor_prefix"),
                    ((r["code"], r["name"], r["municipality"], r["kind"], r["organisation"],
                      flag(r["active"]), f"p{number}") for number, r in
                     enumerate(rows("locations"))))
        load.insert("help_types", ("code", "label_nl", "label_fr", "label_en", "active",
                                   "position"),
                    ((r["code"], r["label_nl"], r["label_fr"], r["label_en"], flag(r["active"]),
                      number) for number, r in enumerate(rows("help_types"))))
        locations, help_types = load.ids("locations"), load.ids("help_types")
        visitor_fields = ("registered_on", "age_band", "gender", "dutch_level",
                          "education_level", "unemployment_duration", "postcode")
        load.insert("visitors", ("code", "first_location_id", *visitor_fields, "created_at"),
                    ((r["code"], locations[r["first_location_code"]],
                      *(r[field] for field in visitor_fields), NOW) for r in rows("visitors")))
        visitors = load.ids("visitors")
        load.insert("visits", ("id", "location_id", "visitor_id", "arrived_at",
                               "duration_minutes", "waited_minutes", "created_at",
                               "updated_at", "version"),
                    ((r["id"], locations[r["location_code"]], visitors.get(r["visitor_code"]),
                      load.moment(r["arrived_at"]), r["duration_minutes"],
                      r.get("waited_minutes"), NOW, NOW, 1) for r in rows("visits")))
        load.insert("visit_help_types", ("visit_id", "help_type_id"),
                    ((r["visit_id"], help_types[r["help_type_code"]])
                     for r in rows("visit_help_types")))
        load.insert("outcomes", ("id", "visitor_id", "outcome", "contract_type", "recorded_on",
                                 "location_id", "created_at", "updated_at", "version"),
                    ((r["id"], visitors[r["visitor_code"]], r["outcome"], r["contract_type"],
                      r["recorded_on"], locations[r["location_code"]], NOW, NOW, 1)
                     for r in rows("outcomes")))
        for name in archive.namelist():  # datagen makes no groups nor trajectories
            if name.endswith(".csv") and name[:-4] not in TABLES:
                assert sum(1 for _ in rows(name[:-4])) == 0, name
    load.finish()


# ---------------------------------------------------------------- the app's import

def run_import(url: str, package: str) -> dict:
    from jobatelier import create_app
    from jobatelier.handover.importer import import_package

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        result = import_package(package, max_file_bytes=app.config["HANDOVER_MAX_FILE_BYTES"])
    return {name: vars(table) for name, table in result.tables.items() if vars(table)["added"]}


def first_reports(url: str) -> dict:
    """The first yearly CSV, then the first yearly page, of a fresh process (as a worker that
    just started), last full year over all locations, as an admin."""
    from jobatelier import create_app
    from jobatelier.auth.services import create_user
    from jobatelier.extensions import db
    from jobatelier.models import User

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                      "WTF_CSRF_ENABLED": False})
    with app.app_context():
        if not db.session.scalar(db.select(User).where(User.username == "bench-admin")):
            create_user("bench-admin", "admin", "bench password 123")
    client = app.test_client()
    client.post("/login", data={"username": "bench-admin", "password": "bench password 123"})
    year = date.today().year - 1
    seconds = {}
    for name, path in (("csv", "/reports/yearly.csv"), ("page", "/reports/yearly")):
        started = time.perf_counter()
        response = client.get(f"{path}?year={year}")
        seconds[name] = time.perf_counter() - started
        assert response.status_code == 200, response.status_code
    return seconds


def child(kind: str, url: str, package: str) -> None:
    if kind == "import":  # loading the app's modules is no part of the import's time
        import jobatelier.handover.importer  # noqa: F401
    started = time.perf_counter()
    if kind == "report":
        print(json.dumps(first_reports(url)))
        return
    detail = run_import(url, package) if kind == "import" else run_baseline(url, package)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "peak_mb": peak_rss_mb(), "detail": detail}))


def in_child(kind: str, url: str, package: str = "-") -> dict:
    output = subprocess.run([sys.executable, __file__, "--child", kind, url, package],
                            check=True, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def first_reports_of(url: str, workers: int = 3) -> dict:
    """The first CSV and page of `workers` fresh processes, the best of them: one first
    request alone is at the mercy of a busy moment of the machine, while what an import may
    leave undone (statistics, a long write-ahead log) slows every worker alike."""
    runs = [in_child("report", url) for _ in range(workers)]
    return {name: min(run[name] for run in runs) for name in runs[0]}


# ---------------------------------------------------------------- the databases

def fresh_schema(url: str) -> None:
    """An empty database of the app's schema (as datagen makes it)."""
    from jobatelier import create_app
    from jobatelier.extensions import db

    if url.startswith("sqlite:///"):
        for suffix in ("", "-wal", "-shm"):
            Path(url[len("sqlite:///"):] + suffix).unlink(missing_ok=True)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        db.drop_all()
        db.create_all()
        db.engine.dispose()


def target_of(url: str) -> str:
    """A second PostgreSQL database beside `url`, for the import (created when missing)."""
    import psycopg

    server, name = url.rsplit("/", 1)
    target = f"{name}_target"
    with psycopg.connect(url, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                  (target,)).fetchone():
            connection.execute(f'CREATE DATABASE "{target}"')
    return f"{server}/{target}"


def export(url: str, package: Path) -> float:
    from jobatelier import create_app
    from jobatelier.handover.export import package_chunks, selected_locations

    started = time.perf_counter()
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context(), open(package, "wb") as handle:
        for chunk in package_chunks(selected_locations([]), with_notes=False):
            handle.write(chunk)
        from jobatelier.extensions import db

        db.engine.dispose()
    return time.perf_counter() - started


def measure(folder: Path, sizes=(100_000, 1_000_000), locations: int = 300,
            database: str | None = None, built: dict | None = None) -> dict:
    """For each size: the baseline, the import and the first reports after it (and on the
    database datagen built). `database`: a PostgreSQL URL, or None for SQLite files; `built`:
    {size: SQLite file} that datagen filled already (bench/run.py's), used and kept as is."""
    from datagen import build, database_url

    results = {}
    for size in sizes:
        source = (built or {}).get(size)
        if source is None:
            source = database or folder / f"source-{size}.sqlite3"
            seconds = build(source, visits=size, locations=locations)
            print(f"  {size:,} visits built in {seconds:.1f} s", flush=True)
        target = target_of(database) if database else f"sqlite:///{folder}/target.sqlite3"
        package = folder / f"package-{size}.zip"
        exported = export(database_url(source), package)
        print(f"  {size:,} visits exported in {exported:.1f} s "
              f"({package.stat().st_size / 1e6:.0f} MB)", flush=True)
        fresh_schema(target)
        baseline = in_child("baseline", target, str(package))
        fresh_schema(target)
        imported = in_child("import", target, str(package))
        results[size] = {"baseline": baseline, "import": imported,
                         "after_import": first_reports_of(target),
                         "filled": first_reports_of(database_url(source))}
        package.unlink()
        if not database and size not in (built or {}):
            Path(source).unlink()
    return results


def report(results: dict) -> None:
    for size, result in sorted(results.items()):
        print(against_baseline("import", size, result["import"], result["baseline"], 3))
        after, filled = result["after_import"], result["filled"]
        for name in ("csv", "page"):
            print(f"  first yearly {name:<4} after the import {after[name]:6.2f} s | on the "
                  f"database datagen built {filled[name]:6.2f} s | ratio "
                  f"{after[name] / filled[name]:.2f}x (target ~1x)")
    if len(results) >= 2:
        print(memory_growth("import", {size: result["import"]
                                       for size, result in results.items()}, "within 1.20x"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--locations", type=int, default=300)
    parser.add_argument("--database", help="a PostgreSQL URL (default: SQLite files)")
    parser.add_argument("--child", nargs=3, metavar=("KIND", "URL", "PACKAGE"))
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory(dir="/tmp") as folder:
        report(measure(Path(folder), args.sizes, args.locations, args.database))


if __name__ == "__main__":
    main()
