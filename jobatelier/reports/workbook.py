"""The yearly report as a workbook for people: columns by name, the definitions and a
codebook. openpyxl is loaded only when a workbook is asked for (reports/views.py): every
command and worker started 0.12-0.14 s later with it, 0.26-0.28 s where numpy is installed
(openpyxl loads it); a worker now loads it at its first workbook."""

import io

from flask import Response
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from ..freetext import neutralise
from ..i18n import current_language
from ..sheets import lay_out_filled
from .columns import column_names
from .definitions import definitions
from .downloads import filename, internal_warning, programme_table, table
from .services import YearlyReport


def xlsx_response(report: YearlyReport) -> Response:
    """The same table as a workbook for people: columns named in the user's language, a sheet
    that defines every figure, one of the groups' and trajectories' other figures, and a
    codebook that gives each column's code (the CSV's)."""
    language = current_language()
    help_labels = {help_type.code: help_type.label(language) for help_type in report.help_types}
    book = Workbook()
    sheet = book.active
    sheet.title = str(report.year)
    notes = book.create_sheet(_("Definitions"))
    notes.append([_("Figure"), _("Definition")])
    for term, definition in definitions():
        notes.append([str(term), str(definition)])
    programmes = book.create_sheet(_("Groups and trajectories"))
    codebook = book.create_sheet(_("Codebook"))
    codebook.append([_("Sheet"), _("Column"), _("Code in the CSV file")])
    for each, (codes, rows) in ((sheet, table(report)), (programmes, programme_table(report))):
        names = column_names(codes, help_labels)
        each.append(names)
        _fill(each, report, rows)
        for name, code in zip(names, codes, strict=True):
            codebook.append([each.title, name, code])
    for each in (sheet, notes, programmes, codebook):
        lay_out_filled(each)
    buffer = io.BytesIO()
    book.save(buffer)
    return Response(buffer.getvalue(), headers={
        "Content-Disposition": f'attachment; filename="{filename(report, "xlsx")}"'},
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _fill(sheet, report: YearlyReport, rows) -> None:
    """The rows under the header (in bold); raw counts say so in a row above the header."""
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        # Numbers as numbers, so people can sum and chart them; "< 5" stays text.
        sheet.append([_number(neutralise(value)) for value in row])
    if report.raw:  # the first row, above the table, where nobody can miss it
        sheet.insert_rows(1)
        sheet["A1"] = internal_warning()
        sheet["A1"].font = Font(bold=True, color="C00000")


def _number(value: str):
    try:
        return float(value) if "." in value else int(value)
    except ValueError:
        return value
