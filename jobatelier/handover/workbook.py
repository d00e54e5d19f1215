"""The same tables as one Excel workbook, for people: a codebook sheet first that explains
every column in Dutch, then one sheet per table; every sheet prints one page wide."""

from openpyxl import Workbook

from ..freetext import neutralise
from ..models import Location
from ..sheets import WIDEST, lay_out, written
from . import schema
from .export import table_rows

CODEBOOK = {"Blad": 16, "Kolom": 24, "Titel": 26, "Type": 10, "Verplicht": 11, "Uitleg": WIDEST}
# Characters a value of each kind needs: a date-time shows as 2022-03-01 10:30:00.
WIDTHS = {"date": 12, "datetime": 21, "boolean": 8, "integer": 10}
CODE_WIDTH = 20


def write_workbook(target, locations: list[Location], with_notes: bool) -> None:
    """Write the workbook to `target` (a path or a binary file), row by row (write-only mode)."""
    book = Workbook(write_only=True)
    codebook = book.create_sheet("Codeboek")
    lay_out(codebook, list(CODEBOOK.values()))
    codebook.append(list(CODEBOOK))
    for resource in schema.RESOURCES:
        for field in schema.fields(resource["name"], with_notes):
            codebook.append([resource["title"], field["name"], field["title"], field["type"],
                             "ja" if field["constraints"]["required"] else "nee",
                             written(codebook, field["description"])])
    for name, rows in table_rows(locations, with_notes).items():
        sheet = book.create_sheet(schema.BY_NAME[name]["title"])
        fields = schema.fields(name, with_notes)
        lay_out(sheet, [column_width(field) for field in fields])
        sheet.append([field["name"] for field in fields])
        for row in rows:
            sheet.append([written(sheet, neutralise(value)) for value in row])
    book.save(target)


def column_width(field: dict) -> int:
    """How wide a field's column is, in characters: its values and its name fit."""
    constraints = field["constraints"]
    if field.get("format") == "uuid":
        width = 38
    elif field["type"] in WIDTHS:
        width = WIDTHS[field["type"]]
    elif "enum" in constraints:
        width = max(map(len, constraints["enum"])) + 2
    else:
        width = min(constraints.get("maxLength", CODE_WIDTH), WIDEST)
    return max(width, len(field["name"]) + 2)
