"""The long commands' progress: a bar per table with rows and rate on a terminal, nothing in a
log (issue 18)."""

import io
from collections import Counter
from datetime import date

from sqlalchemy import func, select
from test_handover import tables_of

from jobatelier.demo import load_demo
from jobatelier.extensions import db
from jobatelier.handover.export import package_chunks, selected_locations
from jobatelier.handover.importer import import_package
from jobatelier.models import Visit
from jobatelier.progress import bars


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_terminal_sees_a_bar_per_table_with_its_rows_and_rate():
    screen = Terminal()
    with bars({"visits": 3000}, stream=screen) as progress:
        progress("visitors", 250)
        progress("visits", 1000)
        progress("visits", 2000)
    shown = screen.getvalue()
    assert "visitors" in shown and "250 rows" in shown
    assert "visits" in shown and "3.00k/3.00k" in shown and "rows/s" in shown


def test_a_log_file_stays_clean():
    log = io.StringIO()
    with bars({"visits": 10}, stream=log) as progress:
        progress("visits", 10)
    assert log.getvalue() == ""


def test_count_tallies_says_what_it_did_and_draws_nothing_in_a_log(runner, lier):
    result = runner.invoke(args=["count-tallies"])
    assert result.exit_code == 0
    assert result.output.strip() == "The report tallies are counted again from the visits."


class Recorder:
    """A progress that writes down what it was told, as a bar would draw it."""

    def __init__(self):
        self.rows = Counter()

    def __call__(self, table, rows):
        self.rows[table] += rows


def test_export_and_import_tell_the_rows_of_every_table(app):
    recorder = Recorder()
    load_demo(seed=7, today=date(2023, 6, 30), progress=recorder)
    visits = db.session.scalar(select(func.count()).select_from(Visit))
    assert recorder.rows["visits"] == visits > 0
    exported = Recorder()
    package = b"".join(package_chunks(selected_locations([]), False, progress=exported))
    tables = tables_of(package)
    assert {table: rows for table, rows in exported.rows.items()} == {
        table: len(rows) - 1 for table, rows in tables.items() if len(rows) > 1}
    imported = Recorder()
    import_package(io.BytesIO(package), max_file_bytes=10**8, dry_run=True, progress=imported)
    assert imported.rows["visits: checked"] == imported.rows["visits: compared"] == visits
    assert imported.rows["group_attendance: checked"] == len(tables["group_attendance"]) - 1
