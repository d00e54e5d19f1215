"""Small-scale guards for the benchmarks in bench/: the yearly report, its CSV and the handover
export on a few thousand generated visits at a dozen locations, checked against plain SQL."""

import csv
import io
import os
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path

import frictionless
import pytest
from sqlalchemy import text
from support import PASSWORD, check_tallies, log_in, reset_database

from jobatelier import create_app
from jobatelier.auth.services import create_user
from jobatelier.extensions import db
from jobatelier.handover.export import package_chunks, selected_locations

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from datagen import build, database_url  # noqa: E402

VISITS, LOCATIONS = 3000, 12
YEAR = date.today().year - 1  # the generated data covers the ten years before this one


@pytest.fixture
def generated(tmp_path):
    """An app on a database that bench/datagen filled, with an admin logged in."""
    target = os.environ.get("JOBATELIER_TEST_DATABASE_URL") or tmp_path / "scale.sqlite3"
    build(target, visits=VISITS, locations=LOCATIONS)
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False,
                      "SQLALCHEMY_DATABASE_URI": database_url(target)})
    with app.app_context():
        create_user("ada", "admin", PASSWORD)
        client = app.test_client()
        log_in(client, "ada")
        yield client
        check_tallies()  # as the app would have counted them
        db.session.remove()
        reset_database()


def plain_sql(query: str) -> tuple:
    return db.session.execute(text(query), {"start": datetime(YEAR, 1, 1),
                                            "end": datetime(YEAR + 1, 1, 1)}).one()


def test_the_yearly_csv_of_generated_visits_matches_plain_sql(generated):
    answer = generated.get(f"/reports/yearly.csv?year={YEAR}&raw=y")  # raw, like plain SQL
    assert answer.status_code == 200
    _, table = answer.get_data(as_text=True).split("\r\n", 1)  # below the "internal" line
    rows = list(csv.DictReader(io.StringIO(table)))
    assert len(rows) == LOCATIONS + 1  # every location, then the total
    total = rows[-1]
    visits, coded, one_off = plain_sql(
        "SELECT count(*), count(DISTINCT visitor_id), "
        "sum(CASE WHEN visitor_id IS NULL THEN 1 ELSE 0 END) FROM visits "
        "WHERE arrived_at >= :start AND arrived_at < :end")
    assert visits > VISITS / 20
    assert int(total["visits"]) == visits == sum(int(row["visits"]) for row in rows[:-1])
    assert int(total["unique_visitors"]) == coded + one_off
    help_links, = plain_sql(
        "SELECT count(*) FROM visit_help_types JOIN visits ON visits.id = visit_id "
        "WHERE arrived_at >= :start AND arrived_at < :end")
    assert sum(int(count) for column, count in total.items()
               if column.startswith("help_")) == help_links


def test_the_yearly_page_of_generated_visits_shows_every_location(generated):
    page = generated.get(f"/reports/yearly?year={YEAR}").get_data(as_text=True)
    assert all(f"Jobatelier {number}" in page for number in range(1, LOCATIONS + 1))


def test_the_export_of_generated_visits_holds_every_row_and_validates(generated, tmp_path):
    path = tmp_path / "package.zip"
    path.write_bytes(b"".join(package_chunks(selected_locations([]), with_notes=False)))
    with zipfile.ZipFile(path) as archive:
        lines = {name: archive.read(f"{name}.csv").count(b"\r\n") - 1
                 for name in ("visits", "visit_help_types", "outcomes")}
    for name, written in lines.items():
        assert written == plain_sql(f"SELECT count(*) FROM {name}")[0]
    assert lines["visits"] == VISITS
    report = frictionless.validate(str(path))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
