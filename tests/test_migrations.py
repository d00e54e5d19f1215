"""The migrations build exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from jobatelier.extensions import db
from jobatelier.models.reference import WATCHED


def test_the_migrations_match_the_models(empty_database):
    upgrade()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []
    downgrade(revision="base")
    upgrade()


def test_the_migrations_make_the_triggers_that_move_the_reference_version(empty_database):
    """Each worker keeps the reference data until the version moves (jobatelier/reference.py):
    a database migrated rather than made by create_all must move it too, on every watched table.
    A migration that rebuilds one of these tables (SQLite's batch mode) must make them again."""
    upgrade()
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            tables = connection.exec_driver_sql(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname = 'reference_changed' AND NOT t.tgisinternal").scalars()
        else:
            tables = connection.exec_driver_sql(
                "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' "
                "AND name LIKE 'reference_changed_%'").scalars()
        assert sorted(set(tables)) == sorted(WATCHED)
        before = connection.exec_driver_sql("SELECT version FROM reference_version").scalar()
        connection.exec_driver_sql(
            "INSERT INTO help_types (code, label_nl, active, position) "
            "VALUES ('cv', 'CV', true, 1)")
        after = connection.exec_driver_sql("SELECT version FROM reference_version").scalar()
    assert after == before + 1
