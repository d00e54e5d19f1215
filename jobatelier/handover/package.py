"""Reading a handover package safely and checking every row against the schema of its
format (1 or 2).

Nothing here touches the database. Problems name the file, the row (the line in the CSV, the
header being line 1) and the field, so the sender can mend the package.
"""

import csv
import io
import json
import lzma
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask_babel import lazy_gettext as _l

from . import schema
from .cells import parse_cell, parser_for

MAX_PROBLEMS = 50
DESCRIPTOR = "datapackage.json"
# The descriptor takes a few kilobytes; a row, a few hundred characters (up to nine fields and
# a note); a package's list of files, under two kilobytes (thirteen files).
DESCRIPTOR_MAX_BYTES = 2**20
ROW_MAX_CHARS = 64 * 1024
DIRECTORY_MAX_BYTES = 64 * 1024
END_RECORD_SEARCH = 22 + 65535  # the end record, after which a comment may follow
ENCRYPTED = 0x1  # the flag bit of an encrypted member
# What reading a damaged member raises: a bad CRC or header, a broken deflate, bzip2 or LZMA
# stream, a member cut short, a compression method zipfile does not know.
UNREADABLE = (zipfile.BadZipFile, zlib.error, OSError, lzma.LZMAError, EOFError,
              NotImplementedError)


@dataclass
class Problem:
    file: str
    row: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(str(_l("row %(row)d", row=self.row)))
        if self.field:
            where.append(str(_l("field %(field)s", field=self.field)))
        return f"{', '.join(where)}: {self.message}"


class PackageError(Exception):
    """The package is refused whole; `problems` says why."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems


class Package:
    """An opened, structurally sound package: a safe ZIP with a descriptor of format 1 or 2
    (`format`). Nothing is read whole: each file only up to what it may hold, a CSV file row
    by row."""

    def __init__(self, source, max_file_bytes: int):
        try:
            check_directory(source)
            self.archive = zipfile.ZipFile(source)
        except (zipfile.BadZipFile, OSError, ValueError):
            raise refused("-", _l("This is not a ZIP file. Choose the .zip handover "
                                  "package.")) from None
        self.max_file_bytes = max_file_bytes
        self._check_members()
        self.descriptor = self._read_descriptor()
        self.format = self.descriptor["jobatelier_format"]
        self.tables = schema.TABLES[self.format]
        self.with_notes = "note" in self._field_names("visits")

    def _check_members(self) -> None:
        self.names = set(self.archive.namelist())
        for info in self.archive.infolist():
            name = info.filename
            if info.flag_bits & ENCRYPTED:
                raise refused(name, _l("This file is encrypted; a handover package never is."))
            if name.startswith(("/", "\\")) or ".." in name.split("/") or "\\" in name \
                    or ":" in name:
                raise refused(name, _l("This path tries to leave the package; the package is "
                                       "refused."))
            most = DESCRIPTOR_MAX_BYTES if name == DESCRIPTOR else self.max_file_bytes
            if info.file_size > most:
                raise too_large(name, info.file_size, most)

    @contextmanager
    def _open(self, name: str):
        """A file of the package to read; one that cannot be unpacked is named in the
        refusal, wherever the damage shows while it is read."""
        if name not in self.names:
            raise refused(name, _l("This file is missing from the package."))
        try:
            with self.archive.open(name) as handle:
                yield handle
        except UNREADABLE as error:
            raise refused(name, _l("This file is damaged: it cannot be unpacked (%(reason)s).",
                                   reason=error)) from None

    def _read_descriptor(self) -> dict:
        with self._open(DESCRIPTOR) as handle:
            # The size the ZIP declares was checked; this holds whatever the ZIP declares.
            data = handle.read(DESCRIPTOR_MAX_BYTES + 1)
        if len(data) > DESCRIPTOR_MAX_BYTES:
            raise too_large(DESCRIPTOR, len(data), DESCRIPTOR_MAX_BYTES)
        try:
            descriptor = json.loads(data)
        except (ValueError, UnicodeDecodeError, RecursionError):
            raise refused(DESCRIPTOR, _l("This is not valid JSON.")) from None
        format_ = descriptor.get("jobatelier_format") if isinstance(descriptor, dict) else None
        # A number, not a string nor a boolean (True == 1 in Python).
        if type(format_) is not int or format_ not in schema.FORMATS or \
                descriptor.get("profile") != "tabular-data-package":
            raise refused(DESCRIPTOR, _l("This is not a handover package of format 1 or 2."),
                          field="jobatelier_format")
        names = [resource.get("name") for resource in descriptor.get("resources") or []
                 if isinstance(resource, dict)]
        if sorted(names) != sorted(schema.TABLES[format_]):
            raise refused(DESCRIPTOR, _l(
                "A package of format %(format)d must hold exactly these tables: %(names)s.",
                format=format_, names=", ".join(schema.TABLES[format_])), field="resources")
        return descriptor

    def _field_names(self, name: str) -> list:
        """The field names the descriptor gives a resource; a descriptor of another shape is
        refused, not a server error."""
        resource = next(res for res in self.descriptor["resources"]
                        if isinstance(res, dict) and res.get("name") == name)
        table = resource.get("schema")
        fields = table.get("fields") if isinstance(table, dict) else None
        if not isinstance(fields, list) or not all(isinstance(f, dict) for f in fields):
            raise refused(DESCRIPTOR, _l("The table %(name)s has no list of fields.", name=name),
                          field="resources")
        return [field.get("name") for field in fields]

    def rows(self, name: str) -> Iterator[tuple[int, dict]]:
        """(line, {field: parsed value}) for each row of a table; PackageError on bad rows."""
        file = f"{name}.csv"
        if name not in self.tables:
            return  # a table of a later format: a format 1 package has no groups
        fields = schema.fields(name, self.with_notes, self.format)
        parsers = [parser_for(name, field) for field in fields]
        problems = []
        with self._open(file) as raw:
            lines = BoundedRows(io.TextIOWrapper(raw, encoding="utf-8", newline=""))
            reader = csv.reader(lines)
            line = 0  # the last row read whole
            try:
                header = next(reader, None)
                lines.next_row()
                if header != [field["name"] for field in fields]:
                    raise refused(file, _l("The header row must be: %(names)s.", names=",".join(
                        field["name"] for field in fields)), row=1)
                line = 1
                for line, cells in enumerate(reader, start=2):
                    lines.next_row()
                    row, row_problems = parse_row(file, line, fields, parsers, cells)
                    problems += row_problems
                    if len(problems) >= MAX_PROBLEMS:
                        break
                    if not row_problems:
                        yield line, row
            except RowTooLong:
                problems.append(Problem(file, line + 1, None, str(_l(
                    "This row is longer than %(most)d characters.", most=ROW_MAX_CHARS))))
            except (UnicodeDecodeError, csv.Error):
                problems.append(Problem(file, None, None, str(_l(
                    "This file is not UTF-8 CSV."))))
        if problems:
            raise PackageError(problems)


class RowTooLong(Exception):
    """A row of a CSV file is longer than any row of a package can be."""


class BoundedRows:
    """The lines of a CSV file for csv.reader, read so that no row takes more than
    ROW_MAX_CHARS characters of memory: a line is read only up to what its row may still hold
    (a quoted cell may hold line breaks, so a row is counted over its lines)."""

    def __init__(self, text):
        self.text, self.used = text, 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = self.text.readline(ROW_MAX_CHARS + 1 - self.used)
        if not line:
            raise StopIteration
        self.used += len(line)
        if self.used > ROW_MAX_CHARS:
            raise RowTooLong
        return line

    def next_row(self) -> None:
        """csv.reader has a whole row: the next one starts counting afresh."""
        self.used = 0


def check_directory(source) -> None:
    """Refuse a ZIP whose list of files is larger than a package's could be, before
    zipfile reads that list into memory (200,000 empty files are 17 MB and take 106 MB)."""
    handle = open(source, "rb") if isinstance(source, str | Path) else source  # noqa: SIM115
    try:
        handle.seek(0, io.SEEK_END)
        handle.seek(max(0, handle.tell() - END_RECORD_SEARCH))
        tail = handle.read()
    finally:
        if handle is not source:
            handle.close()
        else:
            handle.seek(0)
    at = tail.rfind(b"PK\x05\x06")  # the end record: its bytes 12-15 give the list's size
    if at >= 0 and int.from_bytes(tail[at + 12:at + 16], "little") > DIRECTORY_MAX_BYTES:
        raise refused("-", _l("This ZIP file holds far more files than a handover package."))


def refused(file: str, message, *, row: int | None = None, field: str | None = None):
    """The package refused for one problem."""
    return PackageError([Problem(file, row, field, str(message))])


def too_large(file: str, size: int, most: int):
    return refused(file, _l("This file is too large (%(size)d bytes; at most %(max)d).",
                            size=size, max=most))


def parse_row(file, line, fields, parsers, cells) -> tuple[dict, list[Problem]]:
    if len(cells) != len(fields):
        return {}, [Problem(file, line, None, str(_l(
            "This row has %(found)d cells; %(expected)d expected.",
            found=len(cells), expected=len(fields))))]
    row, problems = {}, []
    for field, parse, text in zip(fields, parsers, cells, strict=True):
        try:
            row[field["name"]] = parse_cell(field, text, parse)
        except ValueError as error:
            problems.append(Problem(file, line, field["name"], str(error)))
    return row, problems
