"""The tables the reports publish, described for protection.py: their rows, their columns and
the sums a reader can redo from them. Every published table goes through `protected`."""

from ..models import CONTRACT_TYPES, END_REASONS, OUTCOMES, POSITIVE_OUTCOMES
from .figures import PROFILE_FIELDS
from .programmes import BEYOND_VISITS, PROGRAMME_FIGURES
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
        *PROGRAMME_FIGURES, BEYOND_VISITS,
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
    # Groups, trajectories and reached: one table with the visitors, for reached is the
    # unique visitors, those reached beyond them (unpublished) and the attendees without a
    # code. The trajectories that ended are those of every end reason.
    sums += [Sum(("reached",), (("unique",), BEYOND_VISITS, ("groups", "extra"))),
             Sum(("trajectories", "ended"),
                 tuple(("trajectories", "ended", reason) for reason in END_REASONS))]
    return tuple(sums)


FIGURE_SUMS = figure_sums()


def year_table(values: dict, year: int, columns: list, help_codes) -> Table:
    """One year's table of the yearly report: every figure (rows) per location and for all
    of them (columns). The total of visitors counts a visitor of two desks once: it is
    protected as if it were the sum of the locations (protection.py)."""
    rows = figure_rows(help_codes)
    return Table(
        {(row, column): values.get((year, column, *row), 0) for row in rows
         for column in columns},
        rows, tuple(columns), FIGURE_SUMS, (Sum(columns[-1], tuple(columns[:-1])),))


def chart_table(total: int, counts: dict) -> Table:
    """A chart's counts (visits per month, or per weekday and hour) of all the chosen
    locations: they add up to the year's visits, which the year's table publishes."""
    rows = ("all", *counts)
    values = {(row, "all"): count for row, count in counts.items()}
    values[("all", "all")] = total
    return Table(values, rows, ("all",), (Sum("all", tuple(counts)),),
                 published=frozenset({("all", "all")}))


def overview_table(counts: dict, years: list, columns: list, reached: dict) -> Table:
    """Unique visitors and everyone reached per year (rows (year, "unique"), (year,
    "reached")) and location and in total (columns). Reached is the unique visitors and the
    people beyond them (a row not published), so the two are protected together."""
    values = {}
    for year in years:
        for column in columns:
            unique, all_reached = counts.get((year, column), 0), reached.get((year, column), 0)
            values.update({((year, "unique"), column): unique,
                           ((year, "reached"), column): all_reached,
                           ((year, "beyond"), column): all_reached - unique})
    rows = tuple((year, kind) for year in years for kind in ("unique", "reached", "beyond"))
    sums = tuple(Sum((year, "reached"), ((year, "unique"), (year, "beyond"))) for year in years)
    return Table(values, rows, tuple(columns), sums, (Sum(columns[-1], tuple(columns[:-1])),))


def protected(table: Table, k: int) -> set | None:
    """The cells of `table` to hide (protection.py); a table whose own cells are all it
    publishes can always be protected, by hiding every count if nothing else would do."""
    hidden = protect(table, k)
    if hidden is None and not table.published:
        return {cell for cell, value in table.values.items() if value}
    return hidden
