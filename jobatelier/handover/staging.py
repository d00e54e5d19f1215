"""The rows of a package's table, parsed and checked cell by cell, streamed into a temporary
table of the import's transaction (with their CSV line), so that the checks between rows, the
comparison with this instance and the writing are done by the database in SQL: the import's
memory then stays the same whatever the size of the package.

SQLite takes them by `executemany` in batches; PostgreSQL by `COPY` (psycopg's
`cursor.copy()`, its tool for bulk loading)."""

from itertools import islice

from sqlalchemy import Boolean, Column, Date, DateTime, Index, Integer, MetaData, String, Table
from sqlalchemy.schema import CreateTable

from ..extensions import db
from . import schema

BATCH = 5000  # rows per executemany: a few megabytes at most
TYPES = {"string": String, "integer": Integer, "boolean": Boolean, "date": Date,
         "datetime": DateTime}
PREFIX = "import_stage_"


def stage_table(name: str, with_notes: bool, format_: int) -> Table:
    """The temporary table for the rows of `name`: their line, then the package's fields,
    typed as the schema reads them (codes stay codes), the key indexed for the checks."""
    fields = schema.fields(name, with_notes, format_)
    table = Table(PREFIX + name, MetaData(), Column("line", Integer, primary_key=True),
                  *(Column(field["name"], TYPES[field["type"]]()) for field in fields),
                  prefixes=["TEMPORARY"])
    Index(f"{PREFIX}{name}_key", *(table.c[column] for column in
                                   schema.BY_NAME[name]["primaryKey"]))
    return table


def load(table: Table, rows) -> int:
    """Create `table` in the session's transaction and fill it with (line, row) pairs; the
    rows are taken as they come, never all at once. Returns how many rows it holds."""
    connection = db.session.connection()
    connection.execute(CreateTable(table))  # its index once it is filled, below
    fields = [column.name for column in table.columns][1:]
    values = ((line, *(row[field] for field in fields)) for line, row in rows)
    driver = connection.connection.driver_connection
    if connection.dialect.name == "postgresql":
        count = _copy(driver, table, values)
    else:
        count = _insert_batches(driver, table, connection.dialect, values)
    for index in table.indexes:  # built once, after the rows: faster than row by row
        index.create(connection)
    return count


def _copy(driver, table: Table, values) -> int:
    count = 0
    names = ", ".join(column.name for column in table.columns)
    with driver.cursor() as cursor, \
            cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
        for count, value in enumerate(values, start=1):  # noqa: B007
            copy.write_row(value)
    return count


def _insert_batches(driver, table: Table, dialect, values) -> int:
    # The values as SQLAlchemy would store them (its text form of dates and times on SQLite),
    # so that an INSERT ... SELECT from here writes exactly what the ORM writes.
    processors = [column.type.bind_processor(dialect) for column in table.columns]
    convert = [(index, process) for index, process in enumerate(processors) if process]
    sql = f"INSERT INTO {table.name} VALUES ({', '.join('?' * len(processors))})"
    count = 0
    cursor = driver.cursor()
    try:
        while batch := list(islice(values, BATCH)):
            if convert:
                batch = [_converted(value, convert) for value in batch]
            cursor.executemany(sql, batch)
            count += len(batch)
    finally:
        cursor.close()
    return count


def _converted(value: tuple, convert) -> list:
    value = list(value)
    for index, process in convert:
        value[index] = process(value[index])
    return value


def drop(tables) -> None:
    """The temporary tables go before the transaction ends (a rollback takes them along)."""
    connection = db.session.connection()
    for table in tables:
        table.drop(connection, checkfirst=True)
