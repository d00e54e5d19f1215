"""Importing a handover package: checked whole first, then compared with this instance and
written in one transaction (docs/handover-format.md, "Import rules")."""

from dataclasses import dataclass, field
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, insert, select, tuple_

from .. import audit
from ..admin.services import free_prefix
from ..extensions import db
from ..models import HelpType, Location, Outcome, User, Visit, Visitor, visit_help_types
from ..reports import tallies
from ..timeutil import utcnow
from . import schema
from .export import as_written, package_select
from .package import MAX_PROBLEMS, Package, PackageError, Problem

ORDER = ("locations", "help_types", "visitors", "visits", "visit_help_types", "outcomes")
REFERENCE_TABLES = ("locations", "help_types")
KEYS = {"locations": ("code",), "help_types": ("code",), "visitors": ("code",), "visits": ("id",),
        "visit_help_types": ("visit_id", "help_type_code"), "outcomes": ("id",)}
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
                   dry_run: bool = False, actor: User | None = None) -> ImportResult:
    """Check the package, compare it with this instance and (unless a dry run) write it, all or
    nothing. Raises PackageError for a bad package, ConflictError for clashing rows."""
    package = Package(source, max_file_bytes)
    check_references(package)
    result = ImportResult()
    try:
        for name in ORDER:
            _import_table(package, name, result, overwrite=overwrite, write=not dry_run)
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


def check_references(package: Package) -> None:
    """Primary keys unique and every foreign key pointing at a row of the package."""
    keys = {name: set() for name in ORDER}
    problems = []
    for name in ORDER:
        resource = schema.BY_NAME[name]
        file = f"{name}.csv"
        for line, row in package.rows(name):
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
            if name == "outcomes" and row["contract_type"] and row["outcome"] != "work":
                problems.append(Problem(file, line, "contract_type", str(_l(
                    "A contract type goes only with found work."))))
            if len(problems) >= MAX_PROBLEMS:
                break
        if problems:
            raise PackageError(problems)


def _import_table(package, name, result, *, overwrite, write):
    chunk = []
    for line, row in package.rows(name):
        chunk.append((line, row))
        if len(chunk) == CHUNK:
            _import_chunk(package, name, chunk, result, overwrite=overwrite, write=write)
            chunk = []
    if chunk:
        _import_chunk(package, name, chunk, result, overwrite=overwrite, write=write)


def _import_chunk(package, name, chunk, result, *, overwrite, write):
    fields = schema.field_names(name, package.with_notes)
    select_rows = package_select(name, package.with_notes)
    key_columns = list(select_rows.selected_columns)[:len(KEYS[name])]
    keys = [tuple(row[column] for column in KEYS[name]) for _, row in chunk]
    if len(key_columns) == 1:
        stmt = select_rows.where(key_columns[0].in_([key for key, in keys]))
    else:
        stmt = select_rows.where(tuple_(*key_columns).in_(keys))
    write = as_written(name, package.with_notes)
    here = {ours[:len(KEYS[name])]: ours for ours in map(write, db.session.execute(stmt))}
    table = result.tables[name]
    new, changed = [], []
    for line, row in chunk:
        theirs = write(tuple(row[column] for column in fields))
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
        WRITERS[name](new, changed, package.with_notes)
        db.session.flush()


def _ids(model, codes) -> dict:
    codes = {code for code in codes if code is not None}
    if not codes:
        return {}
    return dict(db.session.execute(select(model.code, model.id).where(model.code.in_(codes))).all())


def _write_locations(new, changed, with_notes):
    for row in new:
        db.session.add(Location(code=row["code"], name=row["name"],
                                municipality=row["municipality"], kind=row["kind"],
                                organisation=row["organisation"], active=row["active"],
                                visitor_prefix=free_prefix(row["code"])))
        db.session.flush()  # the next free prefix must see this one


def _write_help_types(new, changed, with_notes):
    last = db.session.scalar(select(func.max(HelpType.position))) or 0
    for position, row in enumerate(new, start=last + 1):
        db.session.add(HelpType(position=position, **row))


def _write_visitors(new, changed, with_notes):
    locations = _ids(Location, [row["first_location_code"] for row in new + changed])
    values = [{**{k: v for k, v in row.items() if k != "first_location_code"},
               "first_location_id": locations[row["first_location_code"]]} for row in new]
    if values:
        db.session.execute(insert(Visitor), values)
    for row in changed:
        visitor = db.session.scalar(select(Visitor).where(Visitor.code == row["code"]))
        for key, value in values_of(row, first_location_id=locations[row["first_location_code"]],
                                    drop=("code", "first_location_code")).items():
            setattr(visitor, key, value)


def _visit_values(row, locations, visitors, with_notes):
    values = {"location_id": locations[row["location_code"]],
              "visitor_id": visitors.get(row["visitor_code"]), "arrived_at": row["arrived_at"],
              "duration_minutes": row["duration_minutes"]}
    if with_notes:
        values["note"] = row["note"]
    return values


def _write_visits(new, changed, with_notes):
    rows = new + changed
    locations = _ids(Location, [row["location_code"] for row in rows])
    visitors = _ids(Visitor, [row["visitor_code"] for row in rows])
    if new:
        db.session.execute(insert(Visit), [
            {"id": row["id"], **_visit_values(row, locations, visitors, with_notes)}
            for row in new])
    for row in changed:
        visit = db.session.get(Visit, row["id"])
        for key, value in _visit_values(row, locations, visitors, with_notes).items():
            setattr(visit, key, value)


def _write_visit_help_types(new, changed, with_notes):
    help_types = _ids(HelpType, [row["help_type_code"] for row in new])
    if new:
        db.session.execute(insert(visit_help_types), [
            {"visit_id": row["visit_id"], "help_type_id": help_types[row["help_type_code"]]}
            for row in new])


def _write_outcomes(new, changed, with_notes):
    rows = new + changed
    locations = _ids(Location, [row["location_code"] for row in rows])
    visitors = _ids(Visitor, [row["visitor_code"] for row in rows])
    start = utcnow()

    def values(row):
        return {"visitor_id": visitors[row["visitor_code"]], "outcome": row["outcome"],
                "contract_type": row["contract_type"], "recorded_on": row["recorded_on"],
                "location_id": locations[row["location_code"]]}

    if new:
        # Entered in the package's row order, so the one entered last on a day still counts.
        db.session.execute(insert(Outcome), [
            {"id": row["id"], "created_at": start + timedelta(microseconds=number),
             **values(row)} for number, row in enumerate(new)])
    for row in changed:
        outcome = db.session.get(Outcome, row["id"])
        for key, value in values(row).items():
            setattr(outcome, key, value)


def values_of(row, drop=(), **extra) -> dict:
    return {**{key: value for key, value in row.items() if key not in drop}, **extra}


WRITERS = {"locations": _write_locations, "help_types": _write_help_types,
           "visitors": _write_visitors, "visits": _write_visits,
           "visit_help_types": _write_visit_help_types, "outcomes": _write_outcomes}
