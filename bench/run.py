"""Every benchmark in one command: builds the data, runs each benchmark against its baseline
measured in the same run, and prints the ratios with the absolute figures.

    python bench/run.py [--visits 1000000] [--locations 300] [--dense-visitors 39000]
                        [--load-seconds 12] [--only NAME ...]

On SQLite (files in a temporary folder):
1. the write path: new visits under load (wrk, gunicorn with 4 workers; `apt-get install
   wrk`) against the same work in raw SQL and against a one-row insert, and the p99 latency
   with 50 desks posting at once (bench/write_path.py);
2. the yearly report at 1, 8, 30, 100 and 300 locations and the reports overview, each
   against its own SQL, on `--visits` visits over 10 years at `--locations` locations, and
   again on a denser data set of as many visits with `--dense-visitors` visitors a year
   (bench/report_speed.py);
3. the handover export of those visits and of a tenth of them, with peak memory
   (bench/export_memory.py);
4. the desk pages on 1,000 and on `--visits` visits (bench/desk_pages.py);
5. importing the handover package of a tenth of the visits and of all of them against a
   plain bulk load of the same rows, its peak memory, and the first yearly CSV and page after
   it (bench/import_speed.py).
Then, when JOBATELIER_DATABASE_URL names a PostgreSQL database, 1, 2, 3 and 5 again on it
(its tables are replaced, and a second database, its name + `_target`, is created for the
import: point it at a database for benchmarks). About 10 minutes on a quiet 2-core machine
for SQLite, about as long again for PostgreSQL. Results: RESULTS.md.
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import datagen  # noqa: E402
import desk_pages  # noqa: E402
import export_memory  # noqa: E402
import import_speed  # noqa: E402
import report_speed  # noqa: E402
import write_path  # noqa: E402

PARTS = ("write", "report", "export", "desk", "import")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=1_000_000)
    parser.add_argument("--locations", type=int, default=300)
    parser.add_argument("--dense-visitors", type=int, default=39_000,
                        help="visitors a year in the denser data set of the yearly report")
    parser.add_argument("--load-seconds", type=int, default=12)
    parser.add_argument("--only", nargs="+", choices=PARTS, default=PARTS,
                        help="run only these benchmarks (default: all)")
    args = parser.parse_args()
    url = os.environ.get("JOBATELIER_DATABASE_URL", "")
    with tempfile.TemporaryDirectory() as folder:
        on_sqlite(args, Path(folder))
        if url.startswith(("postgresql://", "postgres://")):
            on_postgresql(url, args, Path(folder))


def built(target, visits: int, args, **shape) -> None:
    seconds = datagen.build(target, visits=visits, locations=args.locations, **shape)
    dense = f", {shape['visitors_per_year']:,} visitors a year" if shape else ""
    print(f"data: {visits:,} visits at {args.locations} locations{dense} built in "
          f"{seconds:.1f} s (target for 1,000,000: under 120 s)", flush=True)


def heading(text: str) -> None:
    print(f"\n{text}", flush=True)


def on_sqlite(args, folder: Path) -> None:
    print("SQLite", flush=True)
    large, tenth, small, dense = (folder / f"{name}.sqlite3"
                                  for name in ("large", "tenth", "small", "dense"))
    built(large, args.visits, args)
    built(tenth, args.visits // 10, args)
    built(small, 1_000, args)
    if "write" in args.only:
        heading("1. the write path")
        (folder / "write").mkdir()
        write_path.report(write_path.measure(folder / "write", args.load_seconds))
    if "report" in args.only:
        heading(f"2. the yearly report and the overview ({args.visits:,} visits)")
        report_speed.report(report_speed.measure(large))
        built(dense, args.visits, args, visitors_per_year=args.dense_visitors)
        heading(f"2. the same on the denser data ({args.dense_visitors:,} visitors a year)")
        report_speed.report(report_speed.measure(dense))
        dense.unlink()
    if "export" in args.only:
        heading("3. the handover export")
        export_memory.report({args.visits // 10: export_memory.compare(tenth, folder),
                              args.visits: export_memory.compare(large, folder)})
    if "desk" in args.only:
        heading("4. the desk pages")
        desk_pages.report(desk_pages.measure(small, large), 1_000, args.visits)
    if "import" in args.only:
        heading("5. importing a handover package")
        (folder / "import").mkdir()
        import_speed.report(import_speed.measure(
            folder / "import", (args.visits // 10, args.visits), args.locations,
            built={args.visits // 10: tenth, args.visits: large}))
    for path in (large, tenth, small):
        path.unlink()


def on_postgresql(url: str, args, folder: Path) -> None:
    """The same on PostgreSQL; one database holds one data set, so each size is built, then
    measured, in turn. The desk pages ran on SQLite only."""
    heading(f"PostgreSQL ({url.rsplit('@', 1)[-1]})")
    exports, imports = {}, {}
    for visits in (args.visits // 10, args.visits):
        built(url, visits, args)
        if "export" in args.only:
            exports[visits] = export_memory.compare(url, folder)
        if "import" in args.only:
            (folder / f"import-postgresql-{visits}").mkdir()
            imports.update(import_speed.measure(
                folder / f"import-postgresql-{visits}", (visits,), args.locations,
                database=url, built={visits: url}))
    if "report" in args.only:
        heading(f"2. the yearly report and the overview ({args.visits:,} visits, PostgreSQL)")
        report_speed.report(report_speed.measure(url))
    if exports:
        heading("3. the handover export (PostgreSQL)")
        export_memory.report(exports)
    if imports:
        heading("5. importing a handover package (PostgreSQL)")
        import_speed.report(imports)
    if "report" in args.only:
        built(url, args.visits, args, visitors_per_year=args.dense_visitors)
        heading(f"2. the same on the denser data ({args.dense_visitors:,} visitors a year, "
                "PostgreSQL)")
        report_speed.report(report_speed.measure(url))
    if "write" in args.only:
        heading("1. the write path (PostgreSQL)")
        (folder / "write-postgresql").mkdir()
        write_path.report(write_path.measure(folder / "write-postgresql", args.load_seconds,
                                             url))


if __name__ == "__main__":
    main()
