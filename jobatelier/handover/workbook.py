"""The same tables as one Excel workbook, for people: a codebook sheet first that explains
every column in Dutch, then one sheet per table."""

from openpyxl import Workbook

from ..freetext import neutralise
from ..models import Location
from . import schema
from .export import table_rows


def write_workbook(target, locations: list[Location], with_notes: bool) -> None:
    """Write the workbook to `target` (a path or a binary file), row by row (write-only mode)."""
    book = Workbook(write_only=True)
    codebook = book.create_sheet("Codeboek")
    codebook.append(["Blad", "Kolom", "Titel", "Type", "Verplicht", "Uitleg"])
    for resource in schema.RESOURCES:
        for field in schema.fields(resource["name"], with_notes):
            codebook.append([resource["title"], field["name"], field["title"], field["type"],
                             "ja" if field["constraints"]["required"] else "nee",
                             field["description"]])
    for name, rows in table_rows(locations, with_notes).items():
        sheet = book.create_sheet(schema.BY_NAME[name]["title"])
        sheet.append(schema.field_names(name, with_notes))
        for row in rows:
            sheet.append([neutralise(value) for value in row])
    book.save(target)

