"""Importing a handover package: checked whole first, then compared with this instance and
written in one transaction (docs/handover-format.md, "Import rules").

Each table's rows are read once, checked cell by cell and streamed into a temporary stage
(staging.py); the checks between rows (checks.py), the comparison by key and the writing of
new rows run on the stage in SQL, so the import's memory does not grow with the package."""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, select

from .. import audit
from ..database import without_memory_map
from ..extensions import db
from ..models import User
from ..progress import Progress, counted, silent
from ..reports import tallies
from . import schema, staging, statistics
from .bulk import BULK_TABLES, write_new
from .checks import checked_rows, problems_of
from .export import as_written
from .package import MAX_PROBLEMS, Package, PackageError, Problem
from .selects import package_select
from .writers import WRITERS

ORDER = schema.TABLES[schema.FORMAT]  # parents before the rows that refer to them
REFERENCE_TABLES = ("locations", "help_types")
KEYS = {name: tuple(resource["primaryKey"]) for name, resource in schema.BY_NAME.items()}
CHUNK = 1000


@dataclass
class TableResult:
    added: int = 0
    skipped: int = 0
    overwritten: int = 0


@dataclass
class ImportResult:
    tables: dict = field(default_factory=lambda: {name: TableResult() for name in ORDER})
    differences: list = field(default_factory=list)  # reference rows kept as they are here
    conflicts: list = field(default_factory=list)
    written: bool = False


class ConflictError(Exception):
    """Rows of the package clash with rows here; nothing was written."""

    def __init__(self, result: ImportResult):
        super().__init__("; ".join(str(conflict) for conflict in result.conflicts[:10]))
        self.result = result


def import_package(source, *, max_file_bytes: int, overwrite: bool = False,
                   dry_run: bool = False, actor: User | None = None,
                   progress: Progress = silent) -> ImportResult:
    """Check the package, compare it with this instance and (unless a dry run) write it, all or
    nothing. Raises PackageError for a bad package, ConflictError for clashing rows. The
    progress counts each table's rows twice: checked, then compared and written."""
    package = Package(source, max_file_bytes)
    result = ImportResult()
    # Every page read or written would stay mapped into the process: its memory would grow
    # with the database (the export does the same).
    without_memory_map(db.session.connection())
    try:
        stages = stage_and_check(package, progress)
        for name in package.tables:
            _import_table(package, name, stages[name], result, overwrite=overwrite,
                          write=not dry_run, progress=progress)
        staging.drop(stages.values())
        if result.conflicts and not overwrite:
            raise ConflictError(result)
        if dry_run:
            db.session.rollback()
            return result
        # The visits and their help went in as plain INSERTs, without the ORM's tallying.
        tallies.count_again(db.session, progress)
        written = [name for name in package.tables if _changed(result.tables[name])]
        tables = _written_tables(written)
        statistics.analyse(tables)
        audit.record(actor, "import", object_type="import", detail={
            name: vars(table) for name, table in result.tables.items()})
        db.session.commit()
        result.written = True
    except BaseException:
        db.session.rollback()
        raise
    statistics.after_commit(tables)
    return result


def stage_and_check(package: Package, progress: Progress = silent) -> dict:
    """Each table of the package staged and checked, in order (a foreign key refers to a
    table before it): primary keys unique, every foreign key pointing at a row of the
    package, and the rules that tie a row to others. Stops at the first file with problems."""
    stages = {}
    for name in package.tables:
        stage = stages[name] = staging.stage_table(name, package.with_notes, package.format)
        row_problems = []
        rows = checked_rows(name, package.rows(name), row_problems)
        staging.load(stage, counted(rows, f"{name}: checked", progress))
        problems = problems_of(name, stage, stages, row_problems)
        if problems:
            raise PackageError(problems)
    return stages


def _changed(table: TableResult) -> bool:
    return bool(table.added or table.overwritten)


def _written_tables(names: list[str]) -> list[str]:
    """The database tables an import wrote: those of the package's tables that changed, and
    the tallies, counted again whenever visits or their help changed."""
    tables = list(names)  # a package's table and the database's share their name
    if {"visits", "visit_help_types"} & set(names):
        tables += [tally.model.__tablename__ for tally in tallies.TALLIES]
    return tables


def _import_table(package, name, stage, result, *, overwrite, write, progress):
    """Compare the staged rows that have a key here (in chunks, in file order), then add
    those that do not."""
    last = 0
    matched = 0
    while chunk := _here_and_theirs(package, name, stage, last):
        _compare_chunk(package, name, chunk, result, overwrite=overwrite, write=write)
        matched += len(chunk)
        last = chunk[-1][0]
        progress(f"{name}: compared", len(chunk))
    table = result.tables[name]
    if name in BULK_TABLES:
        total = db.session.scalar(select(func.count()).select_from(stage))
        table.added = total - matched
        if write and not result.conflicts and table.added:
            write_new(name, stage)
        progress(f"{name}: written" if write else f"{name}: compared", table.added)
        return
    for rows in _new_rows(package, name, stage):
        table.added += len(rows)
        if write and not result.conflicts:
            WRITERS[name](rows, [], package)
            db.session.flush()
        progress(f"{name}: written" if write else f"{name}: compared", len(rows))


def _key_match(package, name, stage):
    select_rows = package_select(name, package.with_notes, package.format).order_by(None)
    key_columns = list(select_rows.selected_columns)[:len(KEYS[name])]
    return select_rows, and_(*(ours == stage.c[column]
                               for ours, column in zip(key_columns, KEYS[name], strict=True)))


def _here_and_theirs(package, name, stage, after: int) -> list:
    """The next chunk of staged rows whose key is here: (line, their fields, our row)."""
    select_rows, same_key = _key_match(package, name, stage)
    fields = [column for column in stage.columns][1:]
    query = (select_rows.add_columns(stage.c.line, *fields).join(stage, same_key)
             .where(stage.c.line > after).order_by(stage.c.line).limit(CHUNK))
    width = len(select_rows.selected_columns)
    return [(row[width], dict(zip([column.name for column in fields], row[width + 1:],
                                  strict=True)), tuple(row[:width]))
            for row in db.session.execute(query)]


def _new_rows(package, name, stage):
    """The staged rows whose key is not here, in file order, a chunk at a time."""
    select_rows, same_key = _key_match(package, name, stage)
    fields = [column.name for column in stage.columns][1:]
    after = 0
    while True:
        query = (select(stage).where(~select_rows.where(same_key).exists(),
                                     stage.c.line > after)
                 .order_by(stage.c.line).limit(CHUNK))
        rows = db.session.execute(query).all()
        if not rows:
            return
        after = rows[-1].line
        yield [dict(zip(fields, row[1:], strict=True)) for row in rows]


def _compare_chunk(package, name, chunk, result, *, overwrite, write):
    """Rows of the package whose key is here: the same content is skipped, other content is
    a difference (reference tables), a row to overwrite, or a conflict."""
    fields = schema.field_names(name, package.with_notes, package.format)
    as_stored = as_written(name, package.with_notes, package.format)
    table = result.tables[name]
    changed = []
    for line, row, here in chunk:
        theirs = as_stored(tuple(row[column] for column in fields))
        ours = as_stored(here)
        if ours == theirs:
            table.skipped += 1
        elif name in REFERENCE_TABLES:
            table.skipped += 1
            result.differences.append(str(_l(
                "%(file)s, row %(line)d: %(key)s differs here; this instance's names are kept.",
                file=f"{name}.csv", line=line, key=theirs[0])))
        elif overwrite:
            table.overwritten += 1
            changed.append(row)
        elif len(result.conflicts) < MAX_PROBLEMS:
            key = "/".join(theirs[:len(KEYS[name])])
            result.conflicts.append(Problem(f"{name}.csv", line, None, str(_l(
                "%(key)s exists here with other content.", key=key))))
    if write and not result.conflicts and changed:
        WRITERS[name]([], changed, package)
        db.session.flush()
