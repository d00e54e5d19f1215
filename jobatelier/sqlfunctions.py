"""SQL that SQLite and PostgreSQL spell differently, written once."""

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement
from sqlalchemy.types import Integer


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
