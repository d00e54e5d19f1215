"""The handover package: what the export writes validates with frictionless, survives a round
trip, and the import refuses every kind of broken package, writing nothing."""

import csv
import io
import json
import zipfile
from datetime import date, datetime

import frictionless
import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from support import reset_database, visit_form

from jobatelier.admin.services import ensure_default_help_types
from jobatelier.demo import load_demo
from jobatelier.extensions import db
from jobatelier.handover import schema
from jobatelier.handover.export import package_chunks, selected_locations
from jobatelier.handover.importer import ConflictError, import_package
from jobatelier.handover.package import PackageError
from jobatelier.models import (
    AuditEntry,
    Group,
    GroupAttendance,
    GroupSession,
    Location,
    Outcome,
    Trajectory,
    TrajectoryMeeting,
    Visit,
    Visitor,
)

TABLES = schema.TABLES[2]  # all twelve
COUNTED = (Location, Visitor, Visit, Outcome, Group, GroupSession, GroupAttendance, Trajectory,
           TrajectoryMeeting)
NOTHING = [0] * len(COUNTED)


def export_bytes(codes=(), with_notes=False) -> bytes:
    return b"".join(package_chunks(selected_locations(list(codes)), with_notes))


def tables_of(package: bytes) -> dict[str, list[list[str]]]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {name: sorted(csv.reader(io.TextIOWrapper(archive.open(f"{name}.csv"), "utf-8")))
                for name in TABLES if f"{name}.csv" in archive.namelist()}


def database_counts():
    return [db.session.scalar(select(func.count()).select_from(model)) for model in COUNTED]


def fresh_instance():
    reset_database()
    db.create_all()
    ensure_default_help_types()


def do_import(package: bytes, **options):
    return import_package(io.BytesIO(package), max_file_bytes=options.pop("max_file_bytes",
                                                                          10**8), **options)


@pytest.fixture
def demo(app):
    load_demo(seed=7, today=date(2023, 6, 30))


@pytest.mark.parametrize("with_notes", [False, True])
def test_every_package_validates_with_frictionless(demo, tmp_path, with_notes):
    path = tmp_path / "package.zip"
    path.write_bytes(export_bytes(with_notes=with_notes))
    report = frictionless.validate(str(path))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    assert [task.name for task in report.tasks] == list(TABLES)
    descriptor = json.loads(zipfile.ZipFile(path).read("datapackage.json"))
    assert descriptor["jobatelier_format"] == 2 and descriptor["name"] == "jobatelier-handover"
    resources = {resource["name"]: resource for resource in descriptor["resources"]}
    visit_fields = [f["name"] for f in resources["visits"]["schema"]["fields"]]
    meeting_fields = [f["name"] for f in resources["trajectory_meetings"]["schema"]["fields"]]
    assert ("note" in visit_fields) == ("note" in meeting_fields) == with_notes
    assert visit_fields[-1] == "waited_minutes"
    assert resources["group_attendance"]["schema"]["primaryKey"] == ["session_id",
                                                                     "visitor_code"]
    assert all({"primaryKey", "foreignKeys"} <= set(resource["schema"])
               for resource in resources.values())


def test_a_round_trip_gives_the_same_rows_in_every_table(demo, tmp_path):
    for minutes, visit in enumerate(db.session.scalars(select(Visit).limit(20))):
        visit.waited_minutes = minutes  # the queue's waiting time goes along
    db.session.commit()
    first = export_bytes(with_notes=True)
    fresh_instance()
    result = do_import(first)
    assert result.written and result.tables["visits"].added > 1000
    assert all(result.tables[name].added > 0 for name in TABLES if name != "help_types")
    again = export_bytes(with_notes=True)
    assert tables_of(again) == tables_of(first)
    (tmp_path / "again.zip").write_bytes(again)
    assert frictionless.validate(str(tmp_path / "again.zip")).valid
    waits = sorted(db.session.scalars(select(Visit.waited_minutes).where(
        Visit.waited_minutes.is_not(None))))
    assert waits == list(range(20))
    # Accounts are never in a package: the imported trajectories have no coach.
    assert db.session.scalar(select(func.count()).where(Trajectory.coach_id.is_not(None))) == 0


def test_the_export_reads_without_the_memory_map_and_the_pool_gets_it_back(demo):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's memory map only")
    raw = db.session.connection().connection.dbapi_connection
    chunks = package_chunks(selected_locations([]), with_notes=False)
    next(chunks)
    assert raw.execute("PRAGMA mmap_size").fetchone()[0] == 0
    db.session.close()  # the request ends: the connection goes back to the pool
    chunks.close()  # and the dropped download is closed after it
    assert raw.execute("PRAGMA mmap_size").fetchone()[0] > 0


def test_arrivals_carry_the_desks_utc_offset_of_their_season(lier):
    for arrived in ("2022-01-10 09:30", "2022-07-10 09:30", "2022-10-30 01:59"):
        db.session.add(Visit(location_id=lier.id, arrived_at=datetime.fromisoformat(arrived)))
    db.session.commit()
    with zipfile.ZipFile(io.BytesIO(export_bytes())) as archive:
        visits = list(csv.DictReader(io.TextIOWrapper(archive.open("visits.csv"), "utf-8")))
    assert [visit["arrived_at"] for visit in visits] == [
        "2022-01-10T09:30:00+01:00", "2022-07-10T09:30:00+02:00", "2022-10-30T01:59:00+02:00"]


def test_importing_the_same_package_twice_changes_nothing(demo):
    package = export_bytes(["lier"])
    fresh_instance()
    do_import(package)
    counts = database_counts()
    again = do_import(package)
    assert database_counts() == counts
    assert all(table.added == 0 for table in again.tables.values())


def test_a_dry_run_writes_nothing(demo):
    package = export_bytes(["lier"])
    fresh_instance()
    result = do_import(package, dry_run=True)
    assert result.tables["visits"].added > 0 and not result.written
    assert database_counts() == NOTHING


def rewrite(package: bytes, replace=None, drop=(), extra=None) -> bytes:
    """A copy of `package` with members replaced (name -> function of text), dropped or added."""
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            if name in drop:
                continue
            text = source.read(name).decode()
            target.writestr(name, (replace or {}).get(name, lambda t: t)(text))
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def second_line(change):
    def edit(text):
        lines = text.split("\r\n")
        lines[1] = change(lines[1])
        return "\r\n".join(lines)
    return edit


BROKEN = {
    "wrong format version": (dict(replace={"datapackage.json": lambda t: t.replace(
        '"jobatelier_format": 2', '"jobatelier_format": 3')}), "formaat 1 of 2"),
    "a missing file": (dict(drop=("outcomes.csv",)), "outcomes.csv"),
    "a missing required field": (dict(replace={"visits.csv": second_line(
        lambda line: ",".join(["", *line.split(",")[1:]]))}), "visits.csv, rij 2, veld id"),
    "a bad date": (dict(replace={"visitors.csv": second_line(
        lambda line: line.replace(line.split(",")[2], "31/02/2022"))}),
        "visitors.csv, rij 2, veld registered_on"),
    "a duplicate key": (dict(replace={"help_types.csv": lambda t: t + t.split("\r\n")[1] + "\r\n"}),
                        "help_types.csv"),
    "a reference to nothing": (dict(replace={"visit_help_types.csv": second_line(
        lambda line: line.split(",")[0] + ",no_such_help")}),
        "visit_help_types.csv, rij 2, veld help_type_code"),
    "a ZIP that is not a package": (dict(drop=("datapackage.json",)), "datapackage.json"),
    "a path that leaves the archive": (dict(extra={"../evil.csv": "x"}), "../evil.csv"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_package_is_refused_whole_with_a_clear_message(demo, case):
    changes, where = BROKEN[case]
    package = rewrite(export_bytes(["lier"]), **changes)
    fresh_instance()
    with pytest.raises(PackageError) as refused:
        do_import(package)
    assert where in str(refused.value)
    assert database_counts() == NOTHING


def test_something_that_is_not_a_zip_is_refused(app):
    with pytest.raises(PackageError, match="geen ZIP-bestand"):
        do_import(b"name,visits\nLier,202\n")


def test_an_oversized_file_is_refused(demo):
    with pytest.raises(PackageError, match="te groot"):
        do_import(export_bytes(["lier"]), max_file_bytes=10_000)


def test_a_conflict_stops_the_import_unless_told_to_overwrite(demo):
    package = export_bytes(["lier"])
    visit = db.session.scalar(select(Visit).join(Visit.location).where(Location.code == "lier")
                              .order_by(Visit.arrived_at))
    visit.duration_minutes = 599
    db.session.commit()
    counts = database_counts()
    with pytest.raises(ConflictError) as stopped:
        do_import(package)
    assert visit.id in str(stopped.value) and database_counts() == counts
    result = do_import(package, overwrite=True)
    assert result.tables["visits"].overwritten == 1
    db.session.refresh(visit)
    assert visit.duration_minutes != 599


def test_reference_rows_keep_this_instances_names(demo):
    package = export_bytes(["lier"])
    lier = db.session.scalar(select(Location).where(Location.code == "lier"))
    lier.name = "Jobatelier Lier (VDAB)"
    db.session.commit()
    result = do_import(package)
    assert any("lier" in difference for difference in result.differences)
    assert db.session.scalar(select(Location.name).where(Location.code == "lier")) == (
        "Jobatelier Lier (VDAB)")


def test_a_coordinator_downloads_their_own_locations_only(as_coordinator, heist, tmp_path):
    as_coordinator.post("/visits/new", data=visit_form(new_visitor="y"))
    response = as_coordinator.post("/export", data={"format": "zip"})
    assert response.status_code == 200 and response.mimetype == "application/zip"
    (tmp_path / "download.zip").write_bytes(response.data)
    assert frictionless.validate(str(tmp_path / "download.zip")).valid
    tables = tables_of(response.data)
    assert [row[0] for row in tables["locations"] if row[0] != "code"] == ["lier"]
    heist_only = {"format": "zip", "locations": ["heist-op-den-berg"]}
    # Not one of the choices: the form comes back.
    assert as_coordinator.post("/export", data=heist_only).status_code == 200
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "export"))
    assert entry.username == "colette" and entry.detail["locations"] == ["lier"]


def test_the_workbook_starts_with_a_codebook_and_runs_no_formulas(client, auth, coordinator,
                                                                  lier):
    # Stored before the app refused such notes: the workbook must still not run it.
    db.session.add(Visit(location_id=lier.id, arrived_at=datetime(2022, 3, 1, 10),
                         note="=1+1 koffie"))
    db.session.commit()
    auth.login(coordinator)
    response = client.post("/export", data={"format": "xlsx", "with_notes": "y"})
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Codeboek", *(schema.BY_NAME[name]["title"] for name in TABLES)]
    header, *rows = book["Bezoeken"].iter_rows(values_only=True)
    assert [row[header.index("note")] for row in rows] == ["'=1+1 koffie"]
    explained = {(row[0], row[1]) for row in book["Codeboek"].iter_rows(values_only=True)}
    assert {("Aanwezigheid", "session_id"), ("Trajecten", "end_reason"),
            ("Bezoeken", "waited_minutes"), ("Gesprekken", "note")} <= explained


def test_volunteers_cannot_export(as_volunteer):
    assert as_volunteer.get("/export").status_code == 403


def test_an_admin_previews_then_imports_a_package(client, auth, make_user, demo):
    package = export_bytes(["nijlen"])
    fresh_instance()
    auth.login(make_user("adam", "admin"))
    preview = client.post("/import", data={"package": (io.BytesIO(package), "nijlen.zip")},
                          content_type="multipart/form-data").get_data(as_text=True)
    assert "Voorbeeld: er is nog niets geschreven" in preview
    assert database_counts() == NOTHING
    token = preview.split('name="token" type="hidden" value="')[1].split('"')[0]
    done = client.post("/import/confirm", data={"token": token, "overwrite": ""})
    assert "Geïmporteerd" in done.get_data(as_text=True)
    assert database_counts()[2] > 0


def test_a_bad_upload_lists_the_problems(as_admin):
    page = as_admin.post("/import", data={"package": (io.BytesIO(b"nonsense"), "x.zip")},
                         content_type="multipart/form-data").get_data(as_text=True)
    assert "Het pakket wordt geweigerd" in page and "geen ZIP-bestand" in page


def test_handover_marks_the_location_read_only(runner, client, auth, volunteer, tmp_path):
    out = tmp_path / "lier.zip"
    result = runner.invoke(args=["handover", "lier", "--to", "VDAB", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert frictionless.validate(str(out)).valid
    auth.login(volunteer)
    assert "Overgedragen aan VDAB" in client.get("/desk").get_data(as_text=True)
    page = client.post("/visits/new", data=visit_form()).get_data(as_text=True)
    assert "alleen nog gelezen" in page
    assert db.session.scalar(select(func.count()).select_from(Visit)) == 0
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.action == "handover"))
