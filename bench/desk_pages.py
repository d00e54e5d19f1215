"""Benchmark: the desk pages with 1,000 and with 1,000,000 visits in the database.

    python bench/desk_pages.py [--large 1000000] [--small 1000]

For each size: a volunteer at one of 300 locations with 20 visits today opens the desk, the
new-visit form and a returning visitor's page. Prints the median time of each page (the small
database is the baseline), its number of SQL statements, the size of HTML + CSS and any address
of another host that the page would load.
"""

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

PAGES = {"desk": "/desk", "new visit": "/visits/new", "visitor": "/visitors/{code}"}
OTHER_HOST = re.compile(r"""(?:src|href|action)=["'](?:https?:)?//|url\(\s*["']?(?:https?:)?//""")
REQUESTS = 50


def open_desk(database: Path):
    """A logged-in volunteer's browser on `database`: (client, visitor code, statements)."""
    from sqlalchemy import event, select

    from jobatelier import create_app
    from jobatelier.auth.services import create_user
    from jobatelier.desk.services import register_visit
    from jobatelier.extensions import db
    from jobatelier.models import Location, Visit, Visitor
    from jobatelier.timeutil import local_now

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
                      "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})
    with app.app_context():
        user = create_user("bench-volunteer", "volunteer", "bench password 123", ["loc-1"])
        location = db.session.scalar(select(Location).where(Location.code == "loc-1"))
        code = db.session.scalar(select(Visitor.code).join(Visit, Visit.visitor_id == Visitor.id)
                                 .where(Visit.location_id == location.id).limit(1))
        for _ in range(20):
            register_visit(user, location, visitor_code=code, new_visitor=False,
                           help_type_codes=["cv"], arrived_at=local_now(),
                           duration_minutes=None, note=None, now=local_now())
        statements = []
        event.listen(db.engine, "before_cursor_execute",
                     lambda *args: statements.append(args[2]))
    client = app.test_client()
    client.post("/login", data={"username": "bench-volunteer", "password": "bench password 123"})
    return client, code, statements


def measure(small: Path, large: Path) -> dict:
    """{page: [(median seconds, statements, bytes of HTML + CSS, other hosts) per database]}.
    The two databases take turns, request by request, so that the machine's noise falls on
    both alike."""
    desks = [open_desk(small), open_desk(large)]
    css = len(desks[0][0].get("/static/style.css").data)
    results = {}
    for name, path in PAGES.items():
        timings = [[], []]
        for _ in range(REQUESTS):
            for number, (client, code, statements) in enumerate(desks):
                statements.clear()
                started = time.perf_counter()
                response = client.get(path.format(code=code))
                timings[number].append(time.perf_counter() - started)
                assert response.status_code == 200, (path, response.status_code)
        results[name] = []
        for number, (client, code, statements) in enumerate(desks):
            statements.clear()
            html = client.get(path.format(code=code)).get_data(as_text=True)
            results[name].append((statistics.median(timings[number]), len(statements),
                                  len(html) + css, OTHER_HOST.findall(html)))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--database", type=Path,
                        help="a database already built by datagen with --large visits")
    args = parser.parse_args()
    from datagen import build

    with tempfile.TemporaryDirectory() as folder:
        small_db = Path(folder) / "small.sqlite3"
        build(small_db, visits=args.small, locations=300)
        large_db = args.database or Path(folder) / "large.sqlite3"
        if not args.database:
            build(large_db, visits=args.large, locations=300)
        results = measure(small_db, large_db)
    report(results, args.small, args.large)


def report(results: dict, small_size: int, large_size: int) -> None:
    for name in PAGES:
        (s_time, s_queries, _, _), (l_time, l_queries, size, hosts) = results[name]
        print(f"{name:<10} {small_size:>9,} visits {s_time * 1000:6.1f} ms, {s_queries} queries | "
              f"{large_size:>9,} visits {l_time * 1000:6.1f} ms, {l_queries} queries | "
              f"ratio {l_time / s_time:.2f}x (target <= 1.20x) | HTML + CSS "
              f"{size / 1024:.1f} KB (target < 50 KB) | other hosts: {len(hosts)}")


if __name__ == "__main__":
    main()
