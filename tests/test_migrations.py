"""The migrations build exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from jobatelier.extensions import db
from jobatelier.models import figure_changes
from jobatelier.models.reference import WATCHED


def test_the_migrations_match_the_models(empty_database):
    upgrade()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []
    downgrade(revision="base")
    upgrade()


def tables_with_triggers(connection, name: str) -> list[str]:
    """The tables with a trigger `name` (PostgreSQL) or named `name`_... (SQLite, one per
    kind of change)."""
    if connection.dialect.name == "postgresql":
        tables = connection.exec_driver_sql(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            f"WHERE t.tgname = '{name}' AND NOT t.tgisinternal").scalars()
    else:
        tables = connection.exec_driver_sql(
            "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' "
            f"AND name LIKE '{name}_%'").scalars()
    return sorted(set(tables))


def test_the_migrations_make_the_triggers_that_move_the_reference_version(empty_database):
    """Each worker keeps the reference data until the version moves (jobatelier/reference.py):
    a database migrated rather than made by create_all must move it too, on every watched table.
    A migration that rebuilds one of these tables (SQLite's batch mode) must make them again."""
    upgrade()
    with db.engine.begin() as connection:
        assert tables_with_triggers(connection, "reference_changed") == sorted(WATCHED)
        before = connection.exec_driver_sql("SELECT version FROM reference_version").scalar()
        connection.exec_driver_sql(
            "INSERT INTO help_types (code, label_nl, active, position) "
            "VALUES ('cv', 'CV', true, 1)")
        after = connection.exec_driver_sql("SELECT version FROM reference_version").scalar()
    assert after == before + 1


def test_the_migrations_make_the_triggers_that_count_changes_to_closed_years(empty_database):
    """Each worker keeps the figures of closed years while no change to them is counted
    (jobatelier/reports/kept.py): a migrated database counts them on every watched table, as
    one made by create_all does: a change to a closed year, not one to a year to come."""
    upgrade()
    with db.engine.begin() as connection:
        assert (tables_with_triggers(connection, "figures_changed")
                == sorted(figure_changes.WATCHED))
    counted = []
    for day in ("2020-05-05", "2999-05-05"):  # a closed year; one that never closes
        with db.engine.begin() as connection:
            connection.exec_driver_sql(
                "INSERT INTO locations (code, name, municipality, kind, visitor_prefix, active) "
                f"VALUES ('l{day[:4]}', 'L', 'Lier', 'jobatelier', 'P{day[1:4]}', true)")
            connection.exec_driver_sql(
                "INSERT INTO visitors (code, first_location_id, registered_on, created_at) "
                f"SELECT 'v{day[:4]}', id, '{day}', '{day}' FROM locations "
                f"WHERE code = 'l{day[:4]}'")
            counted.append(connection.exec_driver_sql(
                "SELECT coalesce(sum(changes), 0) FROM figure_changes").scalar())
    assert counted == [1, 1]
