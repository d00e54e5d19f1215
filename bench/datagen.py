"""Big data sets for the benchmarks, written in bulk into SQLite (executemany) or PostgreSQL
(COPY): a million visits in well under two minutes. The schema is the app's own (create_all).

A target is a SQLite file (a Path) or a PostgreSQL URL (whose tables are replaced).

    python bench/datagen.py TARGET [--visits 1000000] [--locations 300] [--visitors-per-year N]

By default about one visitor per five visits: at 1,000,000 visits over 10 years, ~23,600
visitors a year. `--visitors-per-year 39000` makes the denser shape of issue 18 with the same
number of visits: more visitors, each with fewer visits."""

import argparse
import math
import random
import sqlite3
import time
import uuid
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

from jobatelier import create_app
from jobatelier.admin.services import ensure_default_help_types
from jobatelier.extensions import db
from jobatelier.reports.tallies import TALLIES, VisitState

ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
BATCH = 50_000
CODED_SHARE = 0.95  # of the visits, those of a visitor with a code (the others are one-off)
SPAN = 120  # days from a visitor's first visit within which all their visits fall
COLUMNS = {
    "locations": ("id", "code", "name", "municipality", "kind", "visitor_prefix", "active"),
    "visitors": ("id", "code", "first_location_id", "registered_on", "age_band", "created_at"),
    "visits": ("id", "location_id", "visitor_id", "arrived_at", "duration_minutes",
               "created_at", "updated_at", "version"),
    "visit_help_types": ("visit_id", "help_type_id"),
    "outcomes": ("id", "visitor_id", "outcome", "recorded_on", "location_id", "created_at",
                 "updated_at", "version"),
}
# The report's tallies, counted here as the visits are made, by the app's own definition of
# what a visit counts in: counting them from a million visits in SQL took longer than the load.
COLUMNS.update({tally.model.__tablename__: (*tally.key, "visits") for tally in TALLIES})


def database_url(target) -> str:
    return target if isinstance(target, str) else f"sqlite:///{target}"


def build(target, visits: int, locations: int = 1, years: int = 10, seed: int = 1,
          visitors_per_year: int | None = None) -> float:
    """Fill `target` with `visits` visits spread over `locations` desks and `years` years,
    about one visitor per five visits (or as many as give `visitors_per_year` distinct
    visitors in a year), nine in ten of their visits at their own desk, help types on every
    visit and outcomes for 40% of visitors. Returns the seconds it took."""
    started = time.perf_counter()
    if isinstance(target, Path):
        target.unlink(missing_ok=True)
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url(target), "SECRET_KEY": "bench"})
    with app.app_context():
        db.drop_all()
        db.create_all()
        ensure_default_help_types()
        db.engine.dispose()
    writer = SQLiteWriter(target) if isinstance(target, Path) else PostgreSQLWriter(target)
    visitors = visitors_for(visits, years, visitors_per_year) if visitors_per_year \
        else max(1, visits // 5)
    for table, rows in generate(visits, locations, years, seed, visitors):
        writer.write(table, rows)
    writer.close()
    return time.perf_counter() - started


def visitors_for(visits: int, years: int, per_year: int) -> int:
    """How many visitors give about `per_year` distinct visitors in a year: a visitor comes
    within SPAN days of their first day, so some come in two years and, with few visits each,
    some never come. Solved by bisection on the expected count, which matches the generated
    data (200,000 visitors for 1,000,000 visits: 23,714 expected, 23,708 made)."""
    low, high = 1, visits
    while low < high:
        middle = (low + high) // 2
        if _expected_per_year(visits, years, middle) < per_year:
            low = middle + 1
        else:
            high = middle
    return low


def _expected_per_year(visits: int, years: int, visitors: int) -> float:
    """The expected distinct visitors of a year in the middle: a visitor whose first day is
    `start` days into that year has a Poisson number of visits there, spread over SPAN days."""
    per_visitor = CODED_SHARE * visits / visitors
    chance = sum(1 - math.exp(-per_visitor * (min(start + SPAN, 365) - max(start, 0)) / SPAN)
                 for start in range(1 - SPAN, 365))
    return visitors / (365 * years) * chance


def generate(visits: int, locations: int, years: int, seed: int, visitors: int):
    """(table, list of rows) in the order the foreign keys need, in batches."""
    rng = random.Random(seed)
    now = datetime(2020, 1, 1)
    yield "locations", [(n, f"loc-{n}", f"Jobatelier {n}", f"Gemeente {n}", "jobatelier",
                         _prefix(n), True) for n in range(1, locations + 1)]
    first_year = date.today().year - years
    first_day, home = {}, {}
    visitor_rows = []
    for number in range(1, visitors + 1):
        day = date(first_year, 1, 1) + timedelta(days=rng.randrange(365 * years))
        first_day[number], home[number] = day, rng.randint(1, locations)
        visitor_rows.append((number, f"bench-{number:07d}", home[number], day,
                             rng.choice(("lt25", "25_49", "50plus", None)), now))
    yield "visitors", visitor_rows
    batch_visits, batch_links = [], []
    tallied = {tally: Counter() for tally in TALLIES}
    for number in range(visits):
        visitor = rng.randint(1, visitors) if rng.random() < CODED_SHARE else None
        day = first_day[visitor] + timedelta(days=rng.randrange(SPAN)) if visitor else \
            date(first_year, 1, 1) + timedelta(days=rng.randrange(365 * years))
        visit_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        arrived = datetime(day.year, day.month, day.day, rng.randint(9, 16),
                           rng.choice((0, 15, 30, 45)))
        # A visitor comes back to their own desk, now and then to another one.
        location = home[visitor] if visitor and rng.random() < 0.9 else \
            rng.randint(1, locations)
        batch_visits.append((visit_id, location, visitor, arrived,
                             rng.choice((15, 30, 45, None)), now, now, 1))
        help_types = rng.sample(range(1, 11), rng.choice((1, 1, 2, 3)))
        batch_links.extend((visit_id, help_type) for help_type in help_types)
        state = VisitState(day.year, location, visitor, help_types)
        for tally, counts in tallied.items():
            counts.update(tally.keys_of(state))
        if len(batch_visits) == BATCH or number == visits - 1:
            yield "visits", batch_visits
            yield "visit_help_types", batch_links
            batch_visits, batch_links = [], []
    yield "outcomes", [
        (str(uuid.UUID(int=rng.getrandbits(128), version=4)), visitor,
         rng.choice(("work", "training", "referral", "stopped", "lost_contact")),
         first_day[visitor] + timedelta(days=rng.randrange(200)), rng.randint(1, locations),
         now, now, 1)
        for visitor in range(1, visitors + 1) if rng.random() < 0.4]
    for tally, counts in tallied.items():
        yield tally.model.__tablename__, [(*key, n) for key, n in sorted(counts.items())]


class SQLiteWriter:
    def __init__(self, path: Path):
        self.connection = sqlite3.connect(path)
        # A throw-away bulk load: no fsync, no write-ahead log to copy a million rows into
        # (the app's create_all left the file in WAL mode; the app gets WAL back on connect),
        # and a cache that holds the indexes the random visit ids are inserted into.
        self.connection.execute("PRAGMA synchronous=OFF")
        self.connection.execute("PRAGMA journal_mode=MEMORY")
        self.connection.execute("PRAGMA cache_size=-524288")

    def write(self, table: str, rows: list[tuple]) -> None:
        if not rows:
            return
        columns = COLUMNS[table]
        # Dates and date-times as SQLAlchemy writes them, so that the app's comparisons hold;
        # only those columns are converted (a million rows).
        dated = [index for index, value in enumerate(rows[0]) if isinstance(value, date)]
        if dated:
            rows = [list(row) for row in rows]
            for row in rows:
                for index in dated:
                    row[index] = _sqlite_value(row[index])
        self.connection.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
            f"({', '.join('?' * len(columns))})", rows)

    def close(self) -> None:
        self.connection.commit()
        self.connection.execute("ANALYZE")
        self.connection.close()


def _sqlite_value(value):
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    return value


class PostgreSQLWriter:
    """COPY into tables without their keys and indexes, truncated in the same transaction
    (so the rows are written frozen and visible to index-only scans without a VACUUM); the
    keys and indexes are then built once each, as a restore does."""

    BIG_TABLES = ("visitors", "visits", "visit_help_types", "outcomes", "visitor_years")

    def __init__(self, url: str):
        import psycopg

        self.connection = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"))
        self.connection.execute("SET maintenance_work_mem = '512MB'")
        self.rebuild = self._drop_keys_and_indexes()
        # The big tables (empty since create_all) are emptied again in this transaction,
        # which lets COPY write their rows frozen.
        self.connection.execute(f"TRUNCATE {', '.join(self.BIG_TABLES)}")

    def _drop_keys_and_indexes(self) -> list[str]:
        """Drop the foreign keys (of the big tables, and of other tables onto them, such as the
        groups' members), then the keys, then the plain indexes of the big tables; returns the
        statements that make them again, in the order that works."""
        tables = list(self.BIG_TABLES)  # psycopg sends a list as an array for ANY
        constraints = self.connection.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE (contype IN ('f', 'p', 'u') "
            "AND conrelid::regclass::text = ANY(%s)) "
            "OR (contype = 'f' AND confrelid::regclass::text = ANY(%s)) "
            "ORDER BY contype = 'f' DESC",
            (tables, tables)).fetchall()
        indexes = self.connection.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) AND "
            "indexname NOT IN (SELECT conname FROM pg_constraint)", (tables,)).fetchall()
        for table, name, _ in constraints:
            self.connection.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            self.connection.execute(f'DROP INDEX "{name}"')
        keys = [f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
                for table, name, definition in reversed(constraints)]
        return keys + [definition for _, definition in indexes]

    def write(self, table: str, rows: list[tuple]) -> None:
        freeze = " (FREEZE)" if table in self.BIG_TABLES else ""
        with self.connection.cursor() as cursor, cursor.copy(
                f"COPY {table} ({', '.join(COLUMNS[table])}) FROM STDIN{freeze}") as copy:
            for row in rows:
                copy.write_row(row)

    def close(self) -> None:
        with self.connection.cursor() as cursor:
            for statement in self.rebuild:
                cursor.execute(statement)
            for table in ("locations", "visitors"):  # the next ids after the explicit ones
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                               f"(SELECT max(id) FROM {table}))")
        self.connection.commit()
        self.connection.autocommit = True
        self.connection.execute("ANALYZE")
        self.connection.close()


def _prefix(number: int) -> str:
    return ALPHABET[number // len(ALPHABET) % len(ALPHABET)] + ALPHABET[number % len(ALPHABET)] + \
        ALPHABET[number // len(ALPHABET) ** 2 % len(ALPHABET)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", help="a SQLite file or a PostgreSQL URL (tables replaced)")
    parser.add_argument("--visits", type=int, default=1_000_000)
    parser.add_argument("--locations", type=int, default=300)
    parser.add_argument("--visitors-per-year", type=int,
                        help="distinct visitors in a year (default: one visitor per 5 visits)")
    args = parser.parse_args()
    target = args.target if "://" in args.target else Path(args.target)
    seconds = build(target, visits=args.visits, locations=args.locations,
                    visitors_per_year=args.visitors_per_year)
    print(f"{args.visits:,} visits at {args.locations} locations built in {seconds:.1f} s")


if __name__ == "__main__":
    main()
