"""Big data sets for the benchmarks, written straight into SQLite with executemany: a million
visits in well under two minutes. The schema is the app's own (create_all)."""

import random
import sqlite3
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

from jobatelier import create_app
from jobatelier.admin.services import ensure_default_help_types
from jobatelier.extensions import db

ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"


def build(path: Path, visits: int, locations: int = 1, years: int = 10, seed: int = 1) -> float:
    """Create `path` with `visits` visits spread over `locations` desks and `years` years, about
    one visitor per five visits, help types on every visit and outcomes for 40% of visitors.
    Returns the seconds it took."""
    started = time.perf_counter()
    path.unlink(missing_ok=True)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "bench"})
    with app.app_context():
        db.create_all()
        ensure_default_help_types()
        db.engine.dispose()
    rng = random.Random(seed)
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA synchronous=OFF")
    connection.execute("PRAGMA journal_mode=MEMORY")
    connection.executemany(
        "INSERT INTO locations (id, code, name, municipality, kind, visitor_prefix, active) "
        "VALUES (?, ?, ?, ?, 'jobatelier', ?, 1)",
        [(n, f"loc-{n}", f"Jobatelier {n}", f"Gemeente {n}", _prefix(n))
         for n in range(1, locations + 1)])
    first_year = date.today().year - years
    visitors = max(1, visits // 5)
    visitor_rows, first_day = [], {}
    for number in range(1, visitors + 1):
        day = date(first_year, 1, 1) + timedelta(days=rng.randrange(365 * years))
        first_day[number] = day
        visitor_rows.append((number, f"bench-{number:07d}", rng.randint(1, locations), day,
                             rng.choice(("lt25", "25_49", "50plus", None)), datetime(2020, 1, 1)))
    connection.executemany(
        "INSERT INTO visitors (id, code, first_location_id, registered_on, age_band, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)", visitor_rows)
    now = datetime(2020, 1, 1)
    batch_visits, batch_links = [], []
    for number in range(visits):
        visitor = rng.randint(1, visitors) if rng.random() < 0.95 else None
        day = first_day[visitor] + timedelta(days=rng.randrange(120)) if visitor else \
            date(first_year, 1, 1) + timedelta(days=rng.randrange(365 * years))
        visit_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        location = rng.randint(1, locations)
        batch_visits.append((visit_id, location, visitor,
                             datetime.combine(day, datetime.min.time()).replace(
                                 hour=rng.randint(9, 16), minute=rng.choice((0, 15, 30, 45))),
                             rng.choice((15, 30, 45, None)), now, now))
        for help_type in rng.sample(range(1, 11), rng.choice((1, 1, 2, 3))):
            batch_links.append((visit_id, help_type))
        if len(batch_visits) == 50_000 or number == visits - 1:
            connection.executemany(
                "INSERT INTO visits (id, location_id, visitor_id, arrived_at, duration_minutes, "
                "created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, 1)", batch_visits)
            connection.executemany(
                "INSERT INTO visit_help_types (visit_id, help_type_id) VALUES (?, ?)",
                batch_links)
            batch_visits, batch_links = [], []
    outcomes = [(str(uuid.UUID(int=rng.getrandbits(128), version=4)), visitor,
                 rng.choice(("work", "training", "referral", "stopped", "lost_contact")),
                 first_day[visitor] + timedelta(days=rng.randrange(200)),
                 rng.randint(1, locations), now, now)
                for visitor in range(1, visitors + 1) if rng.random() < 0.4]
    connection.executemany(
        "INSERT INTO outcomes (id, visitor_id, outcome, recorded_on, location_id, created_at, "
        "updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, 1)", outcomes)
    connection.commit()
    connection.execute("ANALYZE")
    connection.close()
    return time.perf_counter() - started


def _prefix(number: int) -> str:
    return ALPHABET[number // len(ALPHABET) % len(ALPHABET)] + ALPHABET[number % len(ALPHABET)] + \
        ALPHABET[number // len(ALPHABET) ** 2 % len(ALPHABET)]
