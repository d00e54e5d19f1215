"""Benchmark: the yearly report and the reports overview on big data, against their own SQL.

    python bench/report_speed.py [--visits 1000000] [--locations 300]
                                 [--visitors-per-year N] [--database FILE-OR-URL]

Builds the data (10 years; `--visitors-per-year` for a denser shape, bench/datagen.py) unless
`--visits 0` says to use `--database` as it is. Then, as an admin, for the last full year at
the first 1, 8, 30, 100 and all (300) locations: the yearly page and the CSV download, each
against its own baseline, the SQL aggregates it runs, called directly from
jobatelier.reports:
- the page: the year's figures (the medians per location up to 8 locations, the total's
  alone above, where the page shows locations as rows), last year's without the medians, the
  visits per month and hour, and the queue's figures with its hours;
- the CSV (the year's table alone): that year's figures without the medians and the queue's
  figures without the hours.
And the overview (/reports: every year, every location) against its SQL: the unique visitors
per year and location and the people reached beyond them. Best of 3 each.

Last year is closed: its figures (and the year before's) are kept by each worker process
until a change touches them (jobatelier/reports/kept.py). The page and the CSV are timed
twice: as first viewed after a change (before each run, a change counted in the year before
last year, as a late entry of that year is: both years worked out again, the figure the
ratio to the SQL is about), and as viewed again with the figures kept.
"""

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

LOCATION_COUNTS = (1, 8, 30, 100, 300)
TARGET_SECONDS, TARGET_RATIO = 0.5, 2.0
RUNS = 3


def best_of(runs, action, before=None) -> float:
    """The shortest of `runs` timings of `action`, each after `before` (not timed)."""
    timings = []
    for _ in range(runs):
        if before:
            before()
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return min(timings)


def measure(database, counts=LOCATION_COUNTS) -> dict:
    """Seconds (best of 3) of the yearly page and CSV of last year at the first `counts`
    locations (those there are), of the overview, and of the SQL each runs (`database`: a
    SQLite file or a PostgreSQL URL, as datagen takes it)."""
    from datagen import database_url

    from jobatelier import create_app
    from jobatelier.auth.services import create_user
    from jobatelier.extensions import db
    from jobatelier.models import Location, User, VisitorYear

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url(database),
                      "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})
    year = date.today().year - 1
    with app.app_context():
        if not db.session.scalar(db.select(User).where(User.username == "bench-admin")):
            create_user("bench-admin", "admin", "bench password 123")  # a second run: there
        locations = list(db.session.execute(db.select(Location.id, Location.code)
                                            .order_by(Location.id)))
        visitors = db.session.scalar(db.select(db.func.count(db.distinct(VisitorYear.visitor_id)))
                                     .where(VisitorYear.year == year))
    client = app.test_client()
    client.post("/login", data={"username": "bench-admin", "password": "bench password 123"})

    def get(url):
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    def a_change():
        """What a late entry for the year before last year does to the kept figures: a
        change counted in it, which touches both years the page shows."""
        with app.app_context():
            db.session.execute(db.text(
                "INSERT INTO figure_changes (year, changes) VALUES (:year, 1) "
                "ON CONFLICT (year) DO UPDATE SET changes = figure_changes.changes + 1"),
                {"year": year - 1})
            db.session.commit()

    def time_one(count: int) -> dict:
        """The page and the CSV at the first `count` locations, and the SQL of each."""
        ids = [location_id for location_id, _ in locations[:count]]
        chosen = "" if count == len(locations) else "".join(
            f"&location={code}" for _, code in locations[:count])
        with app.app_context():
            sql = {name: best_of(RUNS, lambda name=name: run_sql(name, ids, year))
                   for name in ("page", "csv")}
            db.session.remove()
        timed = {"page_sql": sql["page"], "csv_sql": sql["csv"]}
        for name, url in (("page", f"/reports/yearly?year={year}{chosen}"),
                          ("csv", f"/reports/yearly.csv?year={year}{chosen}")):
            timed[name] = best_of(RUNS, lambda url=url: get(url), before=a_change)
            timed[f"{name}_kept"] = best_of(RUNS, lambda url=url: get(url))
        return timed

    result = {"year": year, "visitors": visitors,
              "locations": {count: time_one(count) for count in
                            sorted({min(count, len(locations)) for count in counts})}}
    with app.app_context():
        ids = [location_id for location_id, _ in locations]
        result["overview_sql"] = best_of(RUNS, lambda: run_sql("overview", ids, year))
        db.session.remove()
    result["overview"] = best_of(RUNS, lambda: get("/reports"))
    return result


def run_sql(name: str, ids: list[int], year: int) -> None:
    """The SQL aggregates the page, the CSV or the overview runs, straight from the modules."""
    from jobatelier.reports import figures
    from jobatelier.reports.queue import queue_figures
    from jobatelier.reports.reached import beyond_visits
    from jobatelier.reports.services import MOST_COLUMNS

    if name == "page":
        figures.yearly_figures(ids, year, location_medians=len(ids) <= MOST_COLUMNS)
        figures.yearly_figures(ids, year - 1, medians=False)
        figures.visits_by_month_and_hour(ids, year)
        queue_figures(ids, year)
    elif name == "csv":
        figures.yearly_figures(ids, year, medians=False)
        queue_figures(ids, year, hours=False)
    else:
        figures.unique_visitors_per_year(ids)
        beyond_visits(ids)


def _against(seconds: float, baseline: float) -> str:
    return (f"{seconds:6.3f} s | its SQL {baseline:6.3f} s | ratio {seconds / baseline:5.2f}x "
            f"(target <= {TARGET_RATIO:g}x) | {'within' if seconds <= TARGET_SECONDS else 'OVER'} "
            f"{TARGET_SECONDS} s")


def report(result: dict) -> None:
    print(f"last year ({result['year']}): {result['visitors']:,} visitors with a code")
    for count, each in result["locations"].items():
        for name in ("page", "csv"):
            kept = each[f"{name}_kept"]
            print(f"report yearly {name:<4} {count:3d} location{'s' if count > 1 else ' '} "
                  f"{_against(each[name], each[f'{name}_sql'])} | kept {kept:6.3f} s "
                  f"({'within' if kept <= TARGET_SECONDS else 'OVER'} {TARGET_SECONDS} s)")
    print(f"reports overview (every year and location) "
          f"{_against(result['overview'], result['overview_sql'])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=1_000_000,
                        help="visits to build (0: use --database as it is)")
    parser.add_argument("--locations", type=int, default=300)
    parser.add_argument("--visitors-per-year", type=int,
                        help="distinct visitors in a year (default: one per 5 visits)")
    parser.add_argument("--database", help="a SQLite file or PostgreSQL URL to build into")
    args = parser.parse_args()
    from datagen import build

    with tempfile.TemporaryDirectory() as folder:
        database = args.database or Path(folder) / "report.sqlite3"
        if "://" not in str(database):
            database = Path(database)
        if args.visits:
            built = build(database, visits=args.visits, locations=args.locations,
                          visitors_per_year=args.visitors_per_year)
            print(f"{args.visits:,} visits, {args.locations} locations, built in {built:.1f} s")
        report(measure(database))


if __name__ == "__main__":
    main()
