"""The long commands' progress: a bar per table with rows and rate on a terminal, nothing in a
log (issue 18)."""

import io

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
