"""Every benchmark in one command: builds the data, runs each benchmark against its baseline
measured in the same run, and prints the ratios with the absolute figures.

    python bench/run.py [--visits 1000000] [--locations 300] [--load-seconds 12]

1. registering visits under load (wrk, gunicorn with 4 workers; `apt-get install wrk`);
2. the yearly report on `--visits` visits over 10 years and `--locations` locations;
3. the handover export of all those visits (and of a tenth of them, for peak memory);
4. the desk pages on 1,000 and on `--visits` visits.
Then, when JOBATELIER_DATABASE_URL names a PostgreSQL database, 1-3 again on it (its tables
are replaced: point it at a database for benchmarks). About six minutes on a 2-core machine
at the default size for SQLite, about five more for PostgreSQL. Results: RESULTS.md.
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
import load  # noqa: E402
import report_speed  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=1_000_000)
    parser.add_argument("--locations", type=int, default=300)
    parser.add_argument("--load-seconds", type=int, default=12)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        large, tenth, small = (folder / f"{name}.sqlite3" for name in ("large", "tenth", "small"))
        for path, visits in ((large, args.visits), (tenth, args.visits // 10), (small, 1_000)):
            seconds = datagen.build(path, visits=visits, locations=args.locations)
            print(f"data: {visits:,} visits at {args.locations} locations built in "
                  f"{seconds:.1f} s (target for 1,000,000: under 120 s)", flush=True)

        print("\n1. registering visits under load", flush=True)
        (folder / "load").mkdir()
        load.report(*load.run(folder / "load", args.load_seconds, 8))

        print("\n2. the yearly report", flush=True)
        report_speed.report(report_speed.measure(large))

        print("\n3. the handover export", flush=True)
        export_memory.report({args.visits // 10: export_memory.compare(tenth, folder),
                              args.visits: export_memory.compare(large, folder)})

        print("\n4. the desk pages", flush=True)
        desk_pages.report(desk_pages.measure(small, large), 1_000, args.visits)

        url = os.environ.get("JOBATELIER_DATABASE_URL", "")
        if url.startswith(("postgresql://", "postgres://")):
            on_postgresql(url, args, folder)


def on_postgresql(url: str, args, folder: Path) -> None:
    """Benchmarks 1-3 with the data in PostgreSQL (the export's two sizes one after the
    other, as one database holds one data set)."""
    print(f"\nPostgreSQL ({url.rsplit('@', 1)[-1]})", flush=True)
    exports = {}
    for visits in (args.visits // 10, args.visits):
        seconds = datagen.build(url, visits=visits, locations=args.locations)
        print(f"data: {visits:,} visits at {args.locations} locations built in {seconds:.1f} s",
              flush=True)
        exports[visits] = export_memory.compare(url, folder)
    print("\n2. the yearly report (PostgreSQL)", flush=True)
    report_speed.report(report_speed.measure(url))
    print("\n3. the handover export (PostgreSQL)", flush=True)
    export_memory.report(exports)
    print("\n1. registering visits under load (PostgreSQL)", flush=True)
    (folder / "load-postgresql").mkdir()
    load.report(*load.run(folder / "load-postgresql", args.load_seconds, 8, url))


if __name__ == "__main__":
    main()
