"""The tables the reports publish, described for protection.py: their rows, their columns and
the sums a reader can redo from them. Every published table goes through `protected`."""

from ..models import CONTRACT_TYPES, END_REASONS, OUTCOMES, POSITIVE_OUTCOMES
from .figures import PROFILE_FIELDS
from .programmes import PROGRAMME_FIGURES
from .protection import Sum, Table, protect

# Unique visitors with a code: not published, but the total the profile fields add up to.
CODED = ("coded",)


def figure_rows(help_codes) -> tuple:
    """The rows of a year's table (a figure each, as the report keys them)."""
    return (
        ("unique",), ("new",), ("returning",), ("visits",), ("known",), ("positive",),
        ("open",), CODED,
        *(("outcome", code) for code in OUTCOMES),
        *(("contract", code) for code in (*CONTRACT_TYPES, None)),
        ("six", "work"), ("six", "training"),
        *(("help", code) for code in help_codes),
        *(("profile", name, value) for name, values in PROFILE_FIELDS.items()
          for value in (*values, None)),
    )


def figure_sums() -> tuple[Sum, ...]:
    """The sums that hold in every column of a year's table."""
    sums = [
        Sum(("unique",), (("new",), ("returning",))),
        Sum(("unique",), (("known",), ("open",))),
        Sum(("known",), tuple(("outcome", code) for code in OUTCOMES)),
        Sum(("positive",), tuple(("outcome", code) for code in POSITIVE_OUTCOMES)),
        Sum(("outcome", "work"), tuple(("contract", code) for code in (*CONTRACT_TYPES, None))),
    ]
    sums += [Sum(CODED, tuple(("profile", name, value) for value in (*values, None)))
             for name, values in PROFILE_FIELDS.items()]
    return tuple(sums)


FIGURE_SUMS = figure_sums()
# The trajectories that ended are those of every end reason; the other figures of groups,
# trajectories and everyone reached are no sum of each other.
PROGRAMME_SUMS = (Sum(("trajectories", "ended"),
                      tuple(("trajectories", "ended", reason) for reason in END_REASONS)),)


def year_table(values: dict, year: int, columns: list, help_codes) -> Table:
    """One year's table of the yearly report: every figure (rows) per location and for all
    of them (columns). The total of visitors counts a visitor of two desks once: it is
    protected as if it were the sum of the locations (protection.py)."""
    return _by_location(values, year, columns, figure_rows(help_codes), FIGURE_SUMS)


def programme_table(values: dict, year: int, columns: list) -> Table:
    """One year's figures of groups, trajectories and everyone reached, per location and
    for all of them: a table of its own, protected like the visitors' table."""
    return _by_location(values, year, columns, PROGRAMME_FIGURES, PROGRAMME_SUMS)


def _by_location(values: dict, year: int, columns: list, rows: tuple, sums: tuple) -> Table:
    """Figures (rows) per location and for all of them (the last column, protected as if it
    were the sum of the locations)."""
    return Table(
        {(row, column): values.get((year, column, *row), 0) for row in rows
         for column in columns},
        rows, tuple(columns), sums, (Sum(columns[-1], tuple(columns[:-1])),))


def chart_table(total: int, counts: dict) -> Table:
    """A chart's counts (visits per month, or per weekday and hour) of all the chosen
    locations: they add up to the year's visits, which the year's table publishes."""
    rows = ("all", *counts)
    values = {(row, "all"): count for row, count in counts.items()}
    values[("all", "all")] = total
    return Table(values, rows, ("all",), (Sum("all", tuple(counts)),),
                 published=frozenset({("all", "all")}))


def overview_table(counts: dict, years: list, columns: list) -> Table:
    """Unique visitors per year (rows) and location and in total (columns)."""
    return Table({(year, column): counts.get((year, column), 0) for year in years
                  for column in columns},
                 tuple(years), tuple(columns), (), (Sum(columns[-1], tuple(columns[:-1])),))


def protected(table: Table, k: int) -> set | None:
    """The cells of `table` to hide (protection.py); a table whose own cells are all it
    publishes can always be protected, by hiding every count if nothing else would do."""
    hidden = protect(table, k)
    if hidden is None and not table.published:
        return {cell for cell, value in table.values.items() if value}
    return hidden
