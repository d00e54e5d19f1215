"""What an uploaded package cannot do: take more memory or time than its rows need, bring
invisible characters in, fail with a server error, or stay on the disk."""


import io
import itertools
import json
import os
import random
import re
import string
import time
import tracemalloc
import uuid
import zipfile
from datetime import datetime, timedelta

import pytest
from sqlalchemy import delete, func, insert, select
from support import PASSWORD
from test_handover import do_import, export_bytes, rewrite

from jobatelier.extensions import db
from jobatelier.handover.package import PackageError
from jobatelier.handover.uploads import sweep_uploads
from jobatelier.models import NOTE_MAX_LENGTH, Visit


@pytest.fixture
def one_visit(lier):
    db.session.add(Visit(location_id=lier.id, arrived_at=datetime(2022, 3, 1, 10),
                         note="cv nagelezen"))
    db.session.commit()


@pytest.mark.parametrize("character", ["\u202e", "\u2066", "\u200f", "\u061c", "\x00"])
def test_invisible_characters_in_a_cell_are_refused(one_visit, character):
    package = rewrite(export_bytes(with_notes=True), replace={"visits.csv": lambda text:
                      text.replace("cv nagelezen", f"cv{character}nagelezen")})
    with pytest.raises(PackageError) as refused:
        do_import(package)
    assert "visits.csv, rij 2, veld note: " in str(refused.value)
    assert f"U+{ord(character):04X}" in str(refused.value)


def csrf_token(client, url):
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


@pytest.fixture
def as_admin_with_csrf(app, client, admin):
    """An admin's browser as in production: every form carries its CSRF token, which the
    CSRF protection reads from the body before any view runs."""
    app.config["WTF_CSRF_ENABLED"] = True
    client.post("/login", data={"username": admin.username, "password": PASSWORD,
                                "csrf_token": csrf_token(client, "/login")})
    return client


def large_package(lier, smallest: int) -> bytes:
    """The app's own export of generated visits, with notes that do not compress much, at
    least `smallest` bytes."""
    words = random.Random(19)
    notes = ("".join(words.choice(string.ascii_lowercase + " ") for _ in range(NOTE_MAX_LENGTH - 3))
             .strip() for _ in itertools.count())
    start = datetime(2022, 1, 3, 9)
    batch = 2000
    while True:
        db.session.execute(insert(Visit), [
            {"id": str(uuid.uuid4()), "location_id": lier.id, "note": "cv " + next(notes),
             "arrived_at": start + timedelta(minutes=number)} for number in range(batch)])
        db.session.commit()
        package = export_bytes(with_notes=True)
        if len(package) >= smallest:
            return package


def test_a_package_over_the_usual_body_limit_is_checked(app, lier, as_admin_with_csrf):
    limit = app.config["MAX_CONTENT_LENGTH"]
    package = large_package(lier, limit + limit // 5)
    visits = db.session.scalar(select(func.count()).select_from(Visit))
    db.session.execute(delete(Visit))  # the instance it goes to has none of them
    db.session.commit()
    page = as_admin_with_csrf.post("/import", data={
        "csrf_token": csrf_token(as_admin_with_csrf, "/import"),
        "package": (io.BytesIO(package), "lier.zip")}, content_type="multipart/form-data")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Voorbeeld: er is nog niets geschreven" in text
    assert f'<td class="number">{visits}</td>' in text


def test_other_pages_keep_the_usual_body_limit(app, lier, as_admin_with_csrf):
    limit = app.config["MAX_CONTENT_LENGTH"]
    answer = as_admin_with_csrf.post("/admin/help-types/new", data={
        "csrf_token": csrf_token(as_admin_with_csrf, "/admin/help-types/new"),
        "code": "childcare", "label_nl": "Kinderopvang",
        "upload": (io.BytesIO(b"x" * (limit + 1)), "x.bin")}, content_type="multipart/form-data")
    assert answer.status_code == 413


def test_the_import_page_has_a_limit_of_its_own(app, as_admin_with_csrf):
    app.config["HANDOVER_MAX_UPLOAD_BYTES"] = 3 * 1024 * 1024
    answer = as_admin_with_csrf.post("/import", data={
        "csrf_token": csrf_token(as_admin_with_csrf, "/import"),
        "package": (io.BytesIO(b"x" * (3 * 1024 * 1024 + 1)), "big.zip")},
        content_type="multipart/form-data")
    assert answer.status_code == 413


def bomb(path, package: bytes, member: str, start: bytes, filler: bytes, size: int):
    """`package` written to `path` with `member` replaced by `start` and `size` bytes of
    `filler`, compressed as it is written: a small ZIP that unpacks to a huge file."""
    source = zipfile.ZipFile(io.BytesIO(package))
    chunk = filler * (2**20 // len(filler))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            with target.open(name, "w", force_zip64=True) as out:
                if name != member:
                    out.write(source.read(name))
                    continue
                out.write(start)
                for _ in range(size // len(chunk)):
                    out.write(chunk)
    return path


def peak_memory_of(work) -> tuple[int, Exception | None]:
    """The most memory `work` allocated at once (bytes), and what it raised."""
    tracemalloc.start()
    try:
        work()
        raised = None
    except Exception as error:  # noqa: BLE001 - the refusal is what the test looks at
        raised = error
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak, raised


MEMORY_BOUND = 150 * 2**20


def test_a_descriptor_padded_to_a_gigabyte_is_refused_in_little_memory(one_visit, tmp_path):
    package = export_bytes()
    descriptor = zipfile.ZipFile(io.BytesIO(package)).read("datapackage.json")
    path = bomb(tmp_path / "bomb.zip", package, "datapackage.json", descriptor, b" ", 2**30)
    assert path.stat().st_size < 2 * 2**20  # about 1 MB to upload
    peak, raised = peak_memory_of(lambda: do_import(path.read_bytes(), max_file_bytes=2**31))
    assert isinstance(raised, PackageError)
    assert "datapackage.json: Dit bestand is te groot" in str(raised)
    assert peak < MEMORY_BOUND


CSV_BOMBS = {
    "one line of 300 MB": (b"", b"a", 300 * 2**20),
    # A quoted cell may hold a line break: cells that each hold one make one row of endless
    # short lines, "a\n","a\n","a\n"...
    "one row of 100 MB in short lines": (b'"a\r\n', b'","a\r\n', 100 * 2**20),
}


@pytest.mark.parametrize(("start", "filler", "size"), CSV_BOMBS.values(), ids=CSV_BOMBS)
def test_a_csv_row_of_hundreds_of_megabytes_is_refused_in_little_memory(
        one_visit, tmp_path, start, filler, size):
    package = export_bytes()
    header = zipfile.ZipFile(io.BytesIO(package)).read("visits.csv").split(b"\r\n")[0]
    path = bomb(tmp_path / "bomb.zip", package, "visits.csv", header + b"\r\n" + start, filler,
                size)
    assert path.stat().st_size < 2**20
    peak, raised = peak_memory_of(lambda: do_import(path.read_bytes(), max_file_bytes=2**31))
    assert isinstance(raised, PackageError)
    assert "visits.csv, rij 2: Deze rij is langer dan 65536 tekens." in str(raised)
    assert peak < MEMORY_BOUND


def test_a_zip_listing_200000_files_is_refused_before_it_is_read(app, tmp_path):
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for number in range(200_000):
            archive.writestr(str(number), b"")
    peak, raised = peak_memory_of(lambda: do_import(path.read_bytes()))
    assert isinstance(raised, PackageError) and "veel meer bestanden" in str(raised)
    assert peak < 2 * path.stat().st_size  # the upload itself, and not the 106 MB list


def damaged(package: bytes, member: str, how) -> bytes:
    """`package` with the stored bytes of `member` changed by `how` (bytes -> bytes of the
    same length), as a bad disk or a cut-off download leaves them."""
    info = zipfile.ZipFile(io.BytesIO(package)).getinfo(member)
    data = bytearray(package)
    name_length, extra_length = (int.from_bytes(data[info.header_offset + at:
                                                     info.header_offset + at + 2], "little")
                                 for at in (26, 28))
    start = info.header_offset + 30 + name_length + extra_length
    end = start + info.compress_size
    data[start:end] = how(bytes(data[start:end]))
    return bytes(data)


DAMAGE = {
    "a broken deflate stream": lambda data: data[:8] + b"\xff" * (len(data) - 8),
    "a wrong checksum": lambda data: data[:-6] + bytes(b ^ 0x5A for b in data[-6:]),
}


@pytest.mark.parametrize("how", DAMAGE.values(), ids=DAMAGE)
@pytest.mark.parametrize("member", ["visits.csv", "datapackage.json"])
def test_a_damaged_file_in_the_zip_is_named_not_a_server_error(client, auth, admin, one_visit,
                                                              member, how):
    package = damaged(export_bytes(), member, how)
    auth.login(admin)
    page = client.post("/import", data={"package": (io.BytesIO(package), "damaged.zip")},
                       content_type="multipart/form-data")
    assert page.status_code == 200
    assert f"{member}: Dit bestand is beschadigd" in page.get_data(as_text=True)


def test_an_encrypted_file_is_refused(one_visit):
    package = bytearray(export_bytes())
    end = package.rfind(b"PK\x05\x06")
    at = int.from_bytes(package[end + 16:end + 20], "little")  # the list of files
    while (at := package.find(b"PK\x01\x02", at)) >= 0:
        package[at + 8] |= 0x1  # encrypted: zipfile asks for a password to read it
        at += 4
    with pytest.raises(PackageError, match="datapackage.json: Dit bestand is versleuteld"):
        do_import(bytes(package))


@pytest.fixture
def uploads(app, tmp_path):
    """The folder of kept uploads, in this test's own instance folder."""
    app.instance_path = str(tmp_path / "instance")
    return tmp_path / "instance" / "imports"


def upload(client, package: bytes) -> str:
    return client.post("/import", data={"package": (io.BytesIO(package), "p.zip")},
                       content_type="multipart/form-data").get_data(as_text=True)


def kept(uploads) -> list:
    return sorted(uploads.glob("*.zip"))


def test_a_refused_upload_is_not_kept(client, auth, admin, uploads):
    auth.login(admin)
    assert "geen ZIP-bestand" in upload(client, b"nonsense")
    assert kept(uploads) == []


def test_an_upload_is_kept_until_it_is_imported(client, auth, admin, one_visit, uploads):
    package = export_bytes()
    db.session.execute(delete(Visit))
    db.session.commit()
    auth.login(admin)
    page = upload(client, package)
    assert len(kept(uploads)) == 1
    token = re.search(r'name="token" type="hidden" value="([0-9a-f]+)"', page).group(1)
    assert "Geïmporteerd" in client.post("/import/confirm", data={"token": token}).get_data(
        as_text=True)
    assert kept(uploads) == []
    again = client.post("/import/confirm", data={"token": token})
    assert again.status_code == 400 and "niet meer bewaard" in again.get_data(as_text=True)


def test_a_preview_nobody_confirms_is_removed_after_an_hour(client, auth, admin, one_visit,
                                                           uploads):
    auth.login(admin)
    upload(client, export_bytes())
    upload(client, export_bytes())
    abandoned, recent = kept(uploads)
    hour_ago = time.time() - 3601
    os.utime(abandoned, (hour_ago, hour_ago))
    client.get("/import")
    assert kept(uploads) == [recent]
    later = time.time() + 3601
    assert sweep_uploads(later) == 1 and kept(uploads) == []


DESCRIPTORS = {
    "no schema": lambda descriptor: descriptor["resources"][3].pop("schema"),
    "a schema that is a list": lambda descriptor: descriptor["resources"][3].update(schema=[]),
    "fields that are text": lambda descriptor: descriptor["resources"][3]["schema"].update(
        fields="id,note"),
    "a field that is text": lambda descriptor: descriptor["resources"][3]["schema"].update(
        fields=["note"]),
}


@pytest.mark.parametrize("change", DESCRIPTORS.values(), ids=DESCRIPTORS)
def test_a_descriptor_of_another_shape_is_refused_not_a_server_error(one_visit, change):
    def edit(text):
        descriptor = json.loads(text)
        change(descriptor)
        return json.dumps(descriptor)

    with pytest.raises(PackageError, match="datapackage.json, veld resources: De tabel visits"):
        do_import(rewrite(export_bytes(), replace={"datapackage.json": edit}))
