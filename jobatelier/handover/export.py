"""Writing the handover package: a ZIP of datapackage.json and one CSV per table, streamed
row by row from the database, so memory stays flat whatever the number of visits."""

import csv
import functools
import io
import itertools
import json
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime

from sqlalchemy import Boolean, Date, DateTime, or_, select, true

from .. import audit
from ..access import scope_to_user
from ..database import without_memory_map
from ..extensions import db
from ..freetext import neutralise
from ..models import (
    LOCATION_CODE,
    Group,
    GroupAttendance,
    GroupMember,
    GroupSession,
    Location,
    Outcome,
    Trajectory,
    TrajectoryMeeting,
    User,
    Visit,
    Visitor,
)
from ..progress import Progress, silent
from ..timeutil import desk_zone
from . import schema
from .selects import package_select

BATCH = 2000


def selected_locations(codes: list[str], user: User | None = None) -> list[Location]:
    """The locations to export (all when none is named), within the user's scope if given."""
    stmt = select(Location).order_by(Location.code)
    if codes:
        stmt = stmt.where(Location.code.in_(codes))
    if user is not None:
        stmt = scope_to_user(stmt, Location.id, user)
    locations = list(db.session.scalars(stmt)) if all(map(LOCATION_CODE.match, codes)) else []
    if codes and len(locations) != len(set(codes)):
        raise LookupError(sorted(set(codes) - {location.code for location in locations}))
    return locations


def _boolean(value) -> str:
    return "" if value is None else ("true" if value else "false")


def _day(value) -> str:
    return "" if value is None else value.isoformat()


@functools.cache
def _moment_in(zone):
    """How a date-time is written with `zone`'s UTC offset, e.g. 2022-07-10T09:30:00+02:00."""

    @functools.lru_cache(maxsize=4096)
    def offset(hour: datetime) -> str:
        # The desk's UTC offset changes only on the hour (summer time), so one hour's will do.
        return hour.replace(tzinfo=zone).isoformat()[len("YYYY-MM-DDTHH:MM:SS"):]

    def moment(value) -> str:
        if value is None:
            return ""
        return value.isoformat(timespec="seconds") + offset(
            value.replace(minute=0, second=0, microsecond=0))

    return moment


def cell(value, zone=None) -> str:
    """A value as the package writes it: empty for null, ISO dates, lower-case booleans,
    date-times with the desk's UTC offset."""
    if value is True or value is False:
        return _boolean(value)
    if isinstance(value, datetime):
        return _moment_in(zone or desk_zone())(value)
    if isinstance(value, date):
        return _day(value)
    return "" if value is None else str(value)


def table_rows(locations: list[Location], with_notes: bool) -> dict[str, Iterator[tuple]]:
    """For each resource, a generator of its rows (tuples, in the order of the schema)."""
    ids = [location.id for location in locations]
    group_ids = select(Group.id).where(Group.location_id.in_(ids))
    session_ids = select(GroupSession.id).where(GroupSession.group_id.in_(group_ids))
    trajectory_ids = select(Trajectory.id).where(Trajectory.location_id.in_(ids))
    # Everyone the package's rows refer to: visitors, participants, those present, coachees.
    visitor_ids = select(Visitor.id).where(or_(
        Visitor.first_location_id.in_(ids),
        Visitor.id.in_(select(Visit.visitor_id).where(Visit.location_id.in_(ids))),
        Visitor.id.in_(select(Outcome.visitor_id).where(Outcome.location_id.in_(ids))),
        Visitor.id.in_(select(GroupMember.visitor_id).where(GroupMember.group_id.in_(
            group_ids))),
        Visitor.id.in_(select(GroupAttendance.visitor_id).where(
            GroupAttendance.session_id.in_(session_ids))),
        Visitor.id.in_(select(Trajectory.visitor_id).where(Trajectory.location_id.in_(ids))),
    ))
    # A visitor may have come first to a desk outside the export: its row comes along as a
    # reference, so every foreign key of the package points at a row of the package.
    location_ids = select(Visitor.first_location_id).where(Visitor.id.in_(visitor_ids))
    scope = {
        "locations": or_(Location.id.in_(ids), Location.id.in_(location_ids)),
        "help_types": true(),
        "visitors": Visitor.id.in_(visitor_ids),
        "visits": Visit.location_id.in_(ids),
        "visit_help_types": Visit.location_id.in_(ids),
        "outcomes": Outcome.location_id.in_(ids),
        "groups": Group.location_id.in_(ids),
        "group_members": GroupMember.group_id.in_(group_ids),
        "group_sessions": GroupSession.group_id.in_(group_ids),
        "group_attendance": GroupAttendance.session_id.in_(session_ids),
        "trajectories": Trajectory.location_id.in_(ids),
        "trajectory_meetings": TrajectoryMeeting.trajectory_id.in_(trajectory_ids),
    }
    return {name: _stream(package_select(name, with_notes).where(where))
            for name, where in scope.items()}


def _stream(stmt) -> Iterator[tuple]:
    # Core rows straight from the session's connection: the ORM's row handling would add a
    # third to the export's time and nothing to its rows.
    result = db.session.connection().execute(stmt.execution_options(yield_per=BATCH))
    for partition in result.partitions():
        yield from partition


def column_formats(name: str, with_notes: bool, zone, format_: int = schema.FORMAT) -> list:
    """For each column of a resource, how the package writes its values (as `cell` does,
    and text typed by people neutralised), or None where the CSV writer's own way is right
    (codes and numbers as they are, null as an empty cell). Chosen once per table, so that a
    million rows cost no type tests."""
    by_type = ((DateTime, _moment_in(zone)), (Date, _day), (Boolean, _boolean))
    texts = schema.FREE_TEXT.get(name, ())
    columns = zip(schema.field_names(name, with_notes, format_),
                  package_select(name, with_notes, format_).selected_columns, strict=True)
    return [neutralise if field in texts else
            next((format_ for kind, format_ in by_type if isinstance(column.type, kind)), None)
            for field, column in columns]


def as_written(name: str, with_notes: bool, format_: int = schema.FORMAT):
    """A function that gives a row of `name` (database values, in the column order of a
    package of `format_`) as the text of its cells in the package: what the import compares."""
    formats = column_formats(name, with_notes, desk_zone(), format_)

    def write(row) -> tuple[str, ...]:
        return tuple(cell(format_(value) if format_ else value)
                     for format_, value in zip(formats, row, strict=True))

    return write


class _Pipe(io.RawIOBase):
    """A write-only stream whose bytes are taken out as they come: ZIP output to stream."""

    def __init__(self):
        self.chunks: list[bytes] = []

    def writable(self):
        return True

    def write(self, data):
        self.chunks.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        data, self.chunks = b"".join(self.chunks), []
        return data


def package_chunks(locations: list[Location], with_notes: bool,
                   organisation: str | None = None,
                   progress: Progress = silent) -> Iterator[bytes]:
    """The ZIP package as a stream of byte chunks (for a download or a file)."""
    pipe = _Pipe()
    created = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    without_memory_map(db.session.connection())
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", json.dumps(
            schema.descriptor(created, with_notes, organisation), ensure_ascii=False, indent=2))
        for name, rows in table_rows(locations, with_notes).items():
            with archive.open(f"{name}.csv", "w", force_zip64=True) as member:
                yield from _csv_chunks(member, pipe, name, rows, with_notes, progress)
            yield pipe.take()
    yield pipe.take()


def _csv_chunks(member, pipe: _Pipe, name: str, rows: Iterator[tuple],
                with_notes: bool, progress: Progress) -> Iterator[bytes]:
    """One table's CSV into its ZIP member, handing the compressed bytes on every BATCH rows."""
    text = io.TextIOWrapper(member, encoding="utf-8", newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(schema.field_names(name, with_notes))
    formatted = _formatted(name, rows, with_notes)
    while batch := list(itertools.islice(formatted, BATCH)):
        writer.writerows(batch)
        text.flush()
        progress(name, len(batch))
        yield pipe.take()
    text.flush()
    text.detach()


def _formatted(name: str, rows: Iterator[tuple], with_notes: bool) -> Iterator[tuple | list]:
    """The rows with dates, date-times, booleans and text written as the package writes them."""
    formats = [(index, format_) for index, format_ in enumerate(
        column_formats(name, with_notes, desk_zone())) if format_]
    if not formats:
        yield from rows
        return
    for row in rows:
        row = list(row)
        for index, format_ in formats:
            row[index] = format_(row[index])
        yield row


def record_export(user: User | None, locations: list[Location], *, kind: str,
                  with_notes: bool) -> None:
    """Every export is in the audit log: who, when, which locations."""
    audit.record(user, "export", object_type="export", object_id=kind,
                 location_id=locations[0].id if len(locations) == 1 else None,
                 detail={"locations": [location.code for location in locations],
                         "notes": with_notes, "format": kind})
    db.session.commit()
