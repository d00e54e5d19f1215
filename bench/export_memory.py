"""Benchmark: the handover export in constant memory, and its time against a plain baseline.

    python bench/export_memory.py [--sizes 100000 1000000]

For each size it builds a SQLite database with one location holding all visits, then runs, each
in a fresh process (so peak memory is that run's own): the app's export (`jobatelier export`'s
code path) and the baseline, a plain csv.writer over a raw SQL cursor of the same six tables
into a ZIP. It prints peak memory (max RSS) and seconds for both, and the ratios.
"""

import argparse
import contextlib
import csv
import functools
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

BASELINE_QUERIES = {
    "locations": "SELECT code, name, municipality, kind, organisation, active FROM locations",
    "help_types": "SELECT code, label_nl, label_fr, label_en, active FROM help_types",
    "visitors": "SELECT v.code, l.code, registered_on, age_band, gender, dutch_level, "
                "education_level, unemployment_duration, postcode FROM visitors v "
                "JOIN locations l ON l.id = v.first_location_id",
    "visits": "SELECT v.id, l.code, p.code, arrived_at, duration_minutes FROM visits v "
              "JOIN locations l ON l.id = v.location_id "
              "LEFT JOIN visitors p ON p.id = v.visitor_id",
    "visit_help_types": "SELECT visit_id, h.code FROM visit_help_types JOIN help_types h "
                        "ON h.id = help_type_id",
    "outcomes": "SELECT o.id, p.code, outcome, contract_type, recorded_on, l.code FROM outcomes o "
                "JOIN visitors p ON p.id = o.visitor_id JOIN locations l ON l.id = o.location_id",
}


def run_app_export(url: str, out: str) -> None:
    from jobatelier import create_app
    from jobatelier.handover.export import package_chunks, selected_locations

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "b"})
    with app.app_context(), open(out, "wb") as handle:
        for chunk in package_chunks(selected_locations([]), with_notes=False):
            handle.write(chunk)


def run_baseline(url: str, out: str) -> None:
    if url.startswith("sqlite:///"):
        import sqlite3

        connection = sqlite3.connect(url[len("sqlite:///"):])
        cursor = lambda: contextlib.closing(connection.cursor())  # noqa: E731
    else:
        import psycopg

        connection = psycopg.connect(url)
        # A server-side cursor: rows come in batches, as the app's export takes them.
        cursor = functools.partial(connection.cursor, name="baseline")
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, query in BASELINE_QUERIES.items():
            with archive.open(f"{name}.csv", "w", force_zip64=True) as member, \
                    cursor() as rows:
                text = io.TextIOWrapper(member, encoding="utf-8", newline="")
                rows.execute(query)
                csv.writer(text).writerows(rows)
                text.flush()
                text.detach()


def peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM starts afresh at exec, unlike ru_maxrss,
    which Linux carries over from the parent that built the data."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(kind: str, database: str, out: str) -> None:
    if kind == "app":  # loading the app's modules is no part of the export's time
        import jobatelier.handover.export  # noqa: F401
    started = time.perf_counter()
    (run_app_export if kind == "app" else run_baseline)(database, out)
    seconds = time.perf_counter() - started
    peak_mb = peak_rss_mb()
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb}))


def measure(kind: str, database, folder: Path) -> dict:
    from datagen import database_url

    output = subprocess.run(
        [sys.executable, __file__, "--child", kind, database_url(database),
         str(folder / f"{kind}.zip")],
        check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def compare(database, folder: Path) -> dict:
    """The app's export and the baseline on `database`, each in a fresh process."""
    return {"app": measure("app", database, folder),
            "baseline": measure("baseline", database, folder)}


def against_baseline(what: str, size: int, app: dict, baseline: dict, target: float) -> str:
    """One size's line: time and peak memory of the app's run and of its baseline's."""
    return (f"{what} {size:>9,} visits: {app['seconds']:6.1f} s, peak {app['peak_mb']:6.1f} MB"
            f" | baseline {baseline['seconds']:6.1f} s, peak {baseline['peak_mb']:6.1f} MB"
            f" | time ratio {app['seconds'] / baseline['seconds']:.2f}x (target <= {target:g}x)")


def memory_growth(what: str, runs: dict, target: str) -> str:
    """Peak memory of the largest size's run against the smallest's (`runs`: {size: run})."""
    small, large = runs[min(runs)], runs[max(runs)]
    return (f"{what} peak memory {max(runs):,} vs {min(runs):,} visits: "
            f"{large['peak_mb'] / small['peak_mb']:.2f}x (target: {target})")


def report(results: dict) -> None:
    """One line per size, then peak memory of the largest against the smallest."""
    for size, result in sorted(results.items()):
        print(against_baseline("export", size, result["app"], result["baseline"], 2))
    if len(results) >= 2:
        print(memory_growth("export", {size: result["app"] for size, result in results.items()},
                            "within 1.20x, and below 150 MB"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--child", nargs=3, metavar=("KIND", "DATABASE", "OUT"))
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    from datagen import build

    results = {}
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        for size in args.sizes:
            database = folder / f"bench-{size}.sqlite3"
            built = build(database, visits=size)
            print(f"{size:,} visits built in {built:.1f} s")
            results[size] = compare(database, folder)
            database.unlink()
    report(results)


if __name__ == "__main__":
    main()
