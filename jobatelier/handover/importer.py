"""Importing a handover package: checked whole first, then compared with this instance and
written in one transaction (docs/handover-format.md, "Import rules")."""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import tuple_

from .. import audit
from ..extensions import db
from ..models import User
from ..progress import Progress, counted, silent
from ..reports import tallies
from . import schema
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
    check_references(package, progress)
    result = ImportResult()
    try:
        for name in ORDER:
            _import_table(package, name, result, overwrite=overwrite, write=not dry_run,
                          progress=progress)
        if result.conflicts and not overwrite:
            raise ConflictError(result)
        if dry_run:
            db.session.rollback()
            return result
        tallies.count_again(db.session)  # the visits and their help went in as plain INSERTs
        audit.record(actor, "import", object_type="import", detail={
            name: vars(table) for name, table in result.tables.items()})
        db.session.commit()
        result.written = True
        return result
    except BaseException:
        db.session.rollback()
        raise


def check_references(package: Package, progress: Progress = silent) -> None:
    """Primary keys unique, every foreign key pointing at a row of the package, and the rules
    that tie a row to others (attendance at a held session, by a participant)."""
    keys = {name: set() for name in ORDER}
    rules = RowRules()
    problems = []
    for name in ORDER:
        resource = schema.BY_NAME[name]
        file = f"{name}.csv"
        for line, row in counted(package.rows(name), f"{name}: checked", progress):
            key = tuple(row[column] for column in KEYS[name])
            if key in keys[name]:
                problems.append(Problem(file, line, ",".join(KEYS[name]), str(_l(
                    "This key occurs twice: %(key)s", key="/".join(map(str, key))))))
            keys[name].add(key)
            for foreign in resource["foreignKeys"]:
                (column,), target = foreign["fields"], foreign["reference"]["resource"]
                if row[column] is not None and (row[column],) not in keys[target]:
                    problems.append(Problem(file, line, column, str(_l(
                        "Refers to nothing in %(target)s.csv: %(value)s",
                        target=target, value=row[column]))))
            problems += [Problem(file, line, column, str(message))
                         for column, message in rules.broken(name, row)]
            if len(problems) >= MAX_PROBLEMS:
                break
        if problems:
            raise PackageError(problems)


class RowRules:
    """What the schema cannot say: the rules between a row's fields, and between a row and
    the rows it refers to. `broken` gives (field, message) for each rule a row breaks."""

    def __init__(self):
        self.sessions: dict[str, tuple[str, bool]] = {}  # id: (group id, cancelled)
        self.members: set[tuple[str, str]] = set()  # (group id, visitor code)

    def broken(self, name: str, row: dict) -> list[tuple[str, object]]:
        check = getattr(self, f"_{name}", None)
        return check(row) if check else []

    def _outcomes(self, row):
        if row["contract_type"] and row["outcome"] != "work":
            return [("contract_type", _l("A contract type goes only with found work."))]
        return []

    def _group_members(self, row):
        self.members.add((row["group_id"], row["visitor_code"]))
        if row["left_on"] and row["left_on"] < row["joined_on"]:
            return [("left_on", _l("A participant cannot leave before joining."))]
        return []

    def _group_sessions(self, row):
        self.sessions[row["id"]] = (row["group_id"], row["cancelled"])
        if row["cancelled"] and row["extra_attendees"]:
            return [("extra_attendees", _l("A cancelled session has no one present."))]
        return []

    def _group_attendance(self, row):
        group_id, cancelled = self.sessions.get(row["session_id"], (None, False))
        if group_id is None:
            return []  # refers to nothing: said already
        if cancelled:
            return [("session_id", _l("Nobody can be present at a cancelled session."))]
        if (group_id, row["visitor_code"]) not in self.members:
            return [("visitor_code", _l("Not a participant of this session's group: "
                                        "%(code)s", code=row["visitor_code"]))]
        return []

    def _trajectories(self, row):
        if (row["ended_on"] is None) != (row["end_reason"] is None):
            field = "end_reason" if row["ended_on"] else "ended_on"
            return [(field, _l("An end date and an end reason go together."))]
        if row["ended_on"] and row["ended_on"] < row["starts_on"]:
            return [("ended_on", _l("A trajectory cannot end before it starts."))]
        return []


def _import_table(package, name, result, *, overwrite, write, progress):
    chunk = []
    for line, row in package.rows(name):
        chunk.append((line, row))
        if len(chunk) == CHUNK:
            _import_chunk(package, name, chunk, result, overwrite=overwrite, write=write)
            progress(f"{name}: written" if write else f"{name}: compared", len(chunk))
            chunk = []
    if chunk:
        _import_chunk(package, name, chunk, result, overwrite=overwrite, write=write)
        progress(f"{name}: written" if write else f"{name}: compared", len(chunk))


def _import_chunk(package, name, chunk, result, *, overwrite, write):
    fields = schema.field_names(name, package.with_notes, package.format)
    select_rows = package_select(name, package.with_notes, package.format)
    key_columns = list(select_rows.selected_columns)[:len(KEYS[name])]
    keys = [tuple(row[column] for column in KEYS[name]) for _, row in chunk]
    if len(key_columns) == 1:
        stmt = select_rows.where(key_columns[0].in_([key for key, in keys]))
    else:
        stmt = select_rows.where(tuple_(*key_columns).in_(keys))
    as_stored = as_written(name, package.with_notes, package.format)
    here = {ours[:len(KEYS[name])]: ours for ours in map(as_stored, db.session.execute(stmt))}
    table = result.tables[name]
    new, changed = [], []
    for line, row in chunk:
        theirs = as_stored(tuple(row[column] for column in fields))
        ours = here.get(theirs[:len(KEYS[name])])
        if ours is None:
            table.added += 1
            new.append(row)
        elif ours == theirs:
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
    if write and not result.conflicts:
        WRITERS[name](new, changed, package)
        db.session.flush()


