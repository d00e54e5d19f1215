"""`jobatelier backup`: a consistent, checked copy that restores into a fresh instance."""

import pytest
from sqlalchemy import MetaData, func, select
from support import visit_form

from jobatelier import create_app
from jobatelier.extensions import db


@pytest.fixture
def sqlite(app):
    if db.engine.name != "sqlite":
        pytest.skip("the backup command copies SQLite files; PostgreSQL uses pg_dump")


def row_counts():
    tables = MetaData()
    tables.reflect(db.engine)
    return {name: db.session.scalar(select(func.count()).select_from(table))
            for name, table in tables.tables.items()}


def test_a_backup_restores_into_a_fresh_instance_with_every_row(sqlite, runner, as_volunteer,
                                                                tmp_path):
    for _ in range(3):
        as_volunteer.post("/visits/new", data=visit_form(new_visitor="y"))
    db.session.rollback()
    expected = row_counts()
    out = tmp_path / "backup.sqlite3"
    result = runner.invoke(args=["backup", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "integrity ok, 3 visits" in result.output
    restored = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{out}", "SECRET_KEY": "x"})
    with restored.app_context():
        assert row_counts() == expected


def test_a_backup_never_overwrites_a_file(sqlite, runner, tmp_path):
    out = tmp_path / "taken.sqlite3"
    out.write_text("keep me")
    result = runner.invoke(args=["backup", "--out", str(out)])
    assert result.exit_code != 0 and out.read_text() == "keep me"
