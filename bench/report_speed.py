"""Benchmark: the yearly report on big data against its own SQL aggregates.

    python bench/report_speed.py [--visits 1000000] [--locations 300]

Builds the data (10 years), then times, for the last full year over all locations: the
baseline (the report's SQL aggregates run directly: both years' figures, months, heat map) and
the yearly page and the CSV download as an admin gets them. Prints the ratios. Best of 3.
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


def best_of(runs, action) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return min(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=1_000_000)
    parser.add_argument("--locations", type=int, default=300)
    args = parser.parse_args()
    from datagen import build

    from jobatelier import create_app
    from jobatelier.auth.services import create_user
    from jobatelier.extensions import db
    from jobatelier.models import Location
    from jobatelier.reports import figures

    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "report.sqlite3"
        built = build(database, visits=args.visits, locations=args.locations)
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
                          "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})
        year = date.today().year - 1
        with app.app_context():
            create_user("bench-admin", "admin", "bench password 123")
            ids = list(db.session.scalars(db.select(Location.id)))

            def aggregates():
                figures.yearly_figures(ids, year)
                figures.yearly_figures(ids, year - 1)
                figures.visits_by_month(ids, year)
                figures.visits_by_weekday_and_hour(ids, year)

            baseline = best_of(3, aggregates)
        client = app.test_client()
        client.post("/login", data={"username": "bench-admin", "password": "bench password 123"})

        def get(url):
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        page = best_of(3, lambda: get(f"/reports/yearly?year={year}"))
        csv = best_of(3, lambda: get(f"/reports/yearly.csv?year={year}"))
    print(f"{args.visits:,} visits, {args.locations} locations, data built in {built:.1f} s")
    print(f"baseline (SQL aggregates)  {baseline:7.3f} s")
    print(f"yearly page                {page:7.3f} s  ratio {page / baseline:.2f}x "
          f"(target <= 2x and <= 0.5 s)")
    print(f"yearly CSV                 {csv:7.3f} s  ratio {csv / baseline:.2f}x")


if __name__ == "__main__":
    main()
