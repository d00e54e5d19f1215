"""Workbook sheets that print well: every column wide enough for what it holds (a date too
narrow prints as ###), longer text wrapped in its column, landscape A4, one page wide, the
header row on every page."""

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

WIDEST = 60  # characters: longer text wraps rather than shrink the printed page
WRAPPED = Alignment(wrap_text=True, vertical="top")


def lay_out(sheet, widths: list[float]) -> None:
    """Give `sheet` these column widths (in characters; a write-only sheet before its first
    row) and the print layout."""
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = min(width, WIDEST)
    sheet.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0  # as many pages down
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = "1:1"
    sheet.freeze_panes = "A2"


def lay_out_filled(sheet: Worksheet) -> None:
    """lay_out for a sheet already filled: widths that fit its values, long text wrapped."""
    widths: list[float] = []
    for row in sheet.iter_rows():
        widths += [0] * (len(row) - len(widths))
        for number, cell in enumerate(row):
            text = "" if cell.value is None else str(cell.value)
            widths[number] = max(widths[number], len(text) + 2)
            if len(text) > WIDEST:
                cell.alignment = WRAPPED
    lay_out(sheet, widths)


def written(sheet, value):
    """A value for a write-only sheet's row: text longer than a column is wrapped in it."""
    if isinstance(value, str) and len(value) > WIDEST:
        cell = WriteOnlyCell(sheet, value)
        cell.alignment = WRAPPED
        return cell
    return value
