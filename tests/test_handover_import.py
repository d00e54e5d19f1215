"""Small-scale guards for the bulk import (issue 18, bench/import_speed.py): a package of a few
thousand generated visits, imported into an empty instance, gives the same database as the
one it came from, tallies included; importing it again skips every row; the planner has
statistics right after the import; problems of several kinds in one file are listed in the
order of its lines."""

import io
import os
import sys
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from support import reset_database

from jobatelier import create_app
from jobatelier.extensions import db
from jobatelier.handover import schema
from jobatelier.handover.export import package_chunks, selected_locations
from jobatelier.handover.importer import import_package
from jobatelier.handover.package import PackageError
from jobatelier.handover.selects import package_select
from jobatelier.models import HelpType, Location, Visitor
from jobatelier.reports.tallies import TALLIES

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from datagen import build, database_url  # noqa: E402

VISITS, LOCATIONS = 3000, 12
TABLES = schema.TABLES[schema.FORMAT]


@pytest.fixture
def generated(tmp_path):
    """An app on a database that bench/datagen filled (tallies and statistics included)."""
    target = os.environ.get("JOBATELIER_TEST_DATABASE_URL") or tmp_path / "source.sqlite3"
    build(target, visits=VISITS, locations=LOCATIONS)
    app = create_app({"TESTING": True, "SECRET_KEY": "test",
                      "SQLALCHEMY_DATABASE_URI": database_url(target)})
    with app.app_context():
        yield app
        db.session.remove()
        reset_database()


def contents() -> dict:
    """Every table as the package writes it (codes, not this instance's ids), and each tally
    by its codes: what two instances holding the same data have alike."""
    found = {name: sorted(db.session.execute(package_select(name)).all(), key=repr)
             for name in TABLES}
    codes = {"location_id": Location, "help_type_id": HelpType, "visitor_id": Visitor}
    for tally in TALLIES:
        table = tally.model.__table__
        columns, joined = [], table
        for column in tally.key:
            if column in codes:
                model = codes[column]
                joined = joined.join(model, model.id == table.c[column])
                columns.append(model.code)
            else:
                columns.append(table.c[column])
        found[table.name] = sorted(db.session.execute(
            select(*columns, table.c.visits).select_from(joined)).all())
    return found


def import_bytes(package: bytes, **options):
    return import_package(io.BytesIO(package), max_file_bytes=10**8, **options)


def empty_instance() -> None:
    db.session.remove()
    reset_database()
    db.create_all()


def test_an_import_into_an_empty_instance_gives_the_same_database(generated):
    source = contents()
    package = b"".join(package_chunks(selected_locations([]), with_notes=True))
    empty_instance()
    result = import_bytes(package)
    assert result.written and result.tables["visits"].added == VISITS
    imported = contents()
    assert imported.keys() == source.keys()
    for name in source:
        assert imported[name] == source[name], name
    assert all(len(rows) > 0 for name, rows in source.items()
               if name in ("visitors", "visits", "visit_help_types", "outcomes",
                           *(tally.model.__tablename__ for tally in TALLIES)))


def test_a_second_import_skips_every_row_and_changes_nothing(generated):
    package = b"".join(package_chunks(selected_locations([]), with_notes=False))
    empty_instance()
    first = import_bytes(package)
    before = contents()
    again = import_bytes(package)
    assert contents() == before
    for name in TABLES:
        assert again.tables[name].added == again.tables[name].overwritten == 0
        assert again.tables[name].skipped == first.tables[name].added, name


def test_the_planner_has_statistics_right_after_an_import(generated):
    package = b"".join(package_chunks(selected_locations([]), with_notes=False))
    empty_instance()
    import_bytes(package)
    # No stage is left behind on the import's connection (the pool gives the session it again).
    temporary = ("SELECT name FROM sqlite_temp_master" if db.engine.dialect.name == "sqlite"
                 else "SELECT tablename FROM pg_tables WHERE schemaname LIKE 'pg_temp%'")
    assert not [name for name in db.session.scalars(text(temporary))
                if name.startswith("import_stage_")]
    db.session.remove()
    if db.engine.dialect.name == "sqlite":
        analysed = set(db.session.scalars(text("SELECT DISTINCT tbl FROM sqlite_stat1")))
    else:
        analysed = set(db.session.scalars(text(
            "SELECT DISTINCT tablename FROM pg_stats WHERE schemaname = current_schema()")))
    assert {"visitors", "visits", "visit_help_types", "outcomes",
            *(tally.model.__tablename__ for tally in TALLIES)} <= analysed


def test_connections_opened_before_an_import_plan_with_its_statistics(generated):
    """SQLite loads the statistics with the schema; once sqlite_stat1 exists, ANALYZE alone
    changes no schema, and a running server's pooled connections would keep the old ones."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL's planner reads pg_statistic afresh")
    package = b"".join(package_chunks(selected_locations([]), with_notes=False))
    empty_instance()
    db.session.execute(text("ANALYZE"))  # sqlite_stat1 exists before the import
    db.session.commit()
    before = db.session.scalar(text("PRAGMA schema_version"))
    import_bytes(package)
    db.session.remove()
    assert db.session.scalar(text("PRAGMA schema_version")) > before


def test_problems_of_every_kind_in_one_file_come_in_the_order_of_its_lines(generated):
    package = b"".join(package_chunks(selected_locations([]), with_notes=False))
    empty_instance()
    with io.BytesIO(package) as source:
        archive = zipfile.ZipFile(source)
        outcomes = archive.read("outcomes.csv").decode().split("\r\n")
        work = next(line for line in outcomes[1:] if ",work," in line)
        not_work = next(line for line in outcomes[1:] if line and ",work," not in line)
        cells = not_work.split(",")
        cells[3] = "fixed_term"  # a contract type without work: a rule between fields
        lost = work.split(",")
        lost[0], lost[1] = "c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f", "er-k7m2xc"  # nobody's code
        broken = [outcomes[0], ",".join(cells), ",".join(lost), work, *outcomes[1:]]
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for name in archive.namelist():
                data = "\r\n".join(broken) if name == "outcomes.csv" else archive.read(name)
                target.writestr(name, data)
    with pytest.raises(PackageError) as refused:
        import_bytes(out.getvalue())
    found = [(problem.row, problem.field) for problem in refused.value.problems]
    twice = [(row, field) for row, field in found if field == "id"]
    assert found[:2] == [(2, "contract_type"), (3, "visitor_code")]
    assert twice and all(row > 3 for row, _ in twice)  # the key met again lower down
    assert db.session.scalar(select(func.count()).select_from(Visitor)) == 0
