"""Benchmark: the yearly report on big data against its own SQL aggregates.

    python bench/report_speed.py [--visits 1000000] [--locations 300] [--database FILE-OR-URL]

Builds the data (10 years) unless given, then times, for the last full year over all
locations, the yearly page and the CSV download as an admin gets them, each against its own
baseline: the SQL aggregates it runs, run directly (the page: the year's figures, last year's
without the medians, the months and the heat map; the CSV, which holds the year's table
alone: that year's figures without the medians). Best of 3. Then the same page and CSV for
fewer locations (a municipality's coordinator has one to a few), to show how the time grows
with the number of locations reported on.
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


SCALING_LOCATIONS = (1, 5, 30, 100)


def best_of(runs, action) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return min(timings)


def measure(database) -> dict:
    """Seconds for the yearly page and the CSV of last year over all locations, and for
    their baselines (`database`: a SQLite file or a PostgreSQL URL, as datagen takes it)."""
    from datagen import database_url

    from jobatelier import create_app
    from jobatelier.auth.services import create_user
    from jobatelier.extensions import db
    from jobatelier.models import Location, User
    from jobatelier.reports import figures

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url(database),
                      "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})
    year = date.today().year - 1
    with app.app_context():
        if not db.session.scalar(db.select(User).where(User.username == "bench-admin")):
            create_user("bench-admin", "admin", "bench password 123")  # a second run: there
        ids = list(db.session.scalars(db.select(Location.id)))
        codes = list(db.session.scalars(db.select(Location.code).order_by(Location.id)))

        def page_aggregates():
            figures.yearly_figures(ids, year)
            figures.yearly_figures(ids, year - 1, medians=False)
            figures.visits_by_month_and_hour(ids, year)

        baselines = {"page": best_of(3, page_aggregates),
                     "csv": best_of(3, lambda: figures.yearly_figures(ids, year, medians=False))}
    client = app.test_client()
    client.post("/login", data={"username": "bench-admin", "password": "bench password 123"})

    def get(url):
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    scaling = {}
    for count in (n for n in SCALING_LOCATIONS if n < len(codes)):
        chosen = "&".join(f"location={code}" for code in codes[:count])
        urls = [f"{path}?year={year}&{chosen}" for path in ("/reports/yearly",
                                                             "/reports/yearly.csv")]
        scaling[count] = [best_of(3, lambda url=url: get(url)) for url in urls]
    return {"baselines": baselines,
            "page": best_of(3, lambda: get(f"/reports/yearly?year={year}")),
            "csv": best_of(3, lambda: get(f"/reports/yearly.csv?year={year}")),
            "scaling": scaling}


def report(result: dict) -> None:
    for name in ("page", "csv"):
        seconds, baseline = result[name], result["baselines"][name]
        print(f"report yearly {name:<4} {seconds:7.3f} s | its SQL aggregates {baseline:7.3f} s | "
              f"ratio {seconds / baseline:.2f}x (target <= 2x) | "
              f"{'within' if seconds <= 0.5 else 'OVER'} 0.5 s")
    for count, (page, csv) in result["scaling"].items():
        print(f"  the same for {count:3d} location{'s' if count > 1 else ' '}: "
              f"page {page:6.3f} s, csv {csv:6.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=1_000_000,
                        help="visits to build (0: use --database as it is)")
    parser.add_argument("--locations", type=int, default=300)
    parser.add_argument("--database", help="a SQLite file or PostgreSQL URL to build into")
    args = parser.parse_args()
    from datagen import build

    with tempfile.TemporaryDirectory() as folder:
        database = args.database or Path(folder) / "report.sqlite3"
        if "://" not in str(database):
            database = Path(database)
        if args.visits:
            built = build(database, visits=args.visits, locations=args.locations)
            print(f"{args.visits:,} visits, {args.locations} locations, built in {built:.1f} s")
        report(measure(database))


if __name__ == "__main__":
    main()
