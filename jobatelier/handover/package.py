"""Reading a handover package safely and checking every row against the format-1 schema.

Nothing here touches the database. Problems name the file, the row (the line in the CSV, the
header being line 1) and the field, so the sender can mend the package.
"""

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from . import schema
from .cells import parse_cell

MAX_PROBLEMS = 50


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
    """An opened, structurally sound package: a safe ZIP with a format-1 descriptor."""

    def __init__(self, source, max_file_bytes: int):
        try:
            self.archive = zipfile.ZipFile(source)
        except (zipfile.BadZipFile, OSError, ValueError):
            raise PackageError([Problem("-", None, None, str(_l(
                "This is not a ZIP file. Choose the .zip handover package.")))]) from None
        self.max_file_bytes = max_file_bytes
        self._check_members()
        self.descriptor = self._read_descriptor()
        self.with_notes = "note" in [field["name"] for field in
                                     self._resource("visits")["schema"]["fields"]]

    def _check_members(self) -> None:
        for info in self.archive.infolist():
            name = info.filename
            if name.startswith(("/", "\\")) or ".." in name.split("/") or "\\" in name \
                    or ":" in name:
                raise PackageError([Problem(name, None, None, str(_l(
                    "This path tries to leave the package; the package is refused.")))])
            if info.file_size > self.max_file_bytes:
                raise PackageError([Problem(name, None, None, str(_l(
                    "This file is too large (%(size)d bytes; at most %(max)d).",
                    size=info.file_size, max=self.max_file_bytes)))])

    def _open(self, name: str):
        try:
            return self.archive.open(name)
        except KeyError:
            raise PackageError([Problem(name, None, None, str(_l(
                "This file is missing from the package.")))]) from None

    def _read_descriptor(self) -> dict:
        try:
            with self._open("datapackage.json") as handle:
                descriptor = json.load(handle)
        except (ValueError, UnicodeDecodeError):
            raise PackageError([Problem("datapackage.json", None, None, str(_l(
                "This is not valid JSON.")))]) from None
        if not isinstance(descriptor, dict) or descriptor.get("jobatelier_format") != \
                schema.FORMAT or descriptor.get("profile") != "tabular-data-package":
            raise PackageError([Problem("datapackage.json", None, "jobatelier_format", str(_l(
                "This is not a handover package of format 1.")))])
        names = [resource.get("name") for resource in descriptor.get("resources") or []
                 if isinstance(resource, dict)]
        if sorted(names) != sorted(schema.BY_NAME):
            raise PackageError([Problem("datapackage.json", None, "resources", str(_l(
                "The package must hold exactly these tables: %(names)s.",
                names=", ".join(schema.BY_NAME))))])
        return descriptor

    def _resource(self, name: str) -> dict:
        return next(res for res in self.descriptor["resources"] if res.get("name") == name)

    def rows(self, name: str) -> Iterator[tuple[int, dict]]:
        """(line, {field: parsed value}) for each row of a table; PackageError on bad rows."""
        file = f"{name}.csv"
        fields = schema.fields(name, self.with_notes)
        problems = []
        with self._open(file) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            reader = csv.reader(text)
            try:
                header = next(reader, None)
                if header != [field["name"] for field in fields]:
                    raise PackageError([Problem(file, 1, None, str(_l(
                        "The header row must be: %(names)s.",
                        names=",".join(field["name"] for field in fields))))])
                for line, cells in enumerate(reader, start=2):
                    row, row_problems = parse_row(file, line, fields, cells)
                    problems += row_problems
                    if len(problems) >= MAX_PROBLEMS:
                        break
                    if not row_problems:
                        yield line, row
            except (UnicodeDecodeError, csv.Error):
                problems.append(Problem(file, None, None, str(_l(
                    "This file is not UTF-8 CSV."))))
        if problems:
            raise PackageError(problems)


def parse_row(file, line, fields, cells) -> tuple[dict, list[Problem]]:
    if len(cells) != len(fields):
        return {}, [Problem(file, line, None, str(_l(
            "This row has %(found)d cells; %(expected)d expected.",
            found=len(cells), expected=len(fields))))]
    row, problems = {}, []
    for field, text in zip(fields, cells, strict=True):
        try:
            row[field["name"]] = parse_cell(field, text)
        except ValueError as error:
            problems.append(Problem(file, line, field["name"], str(error)))
    return row, problems
