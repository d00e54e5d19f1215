"""What an uploaded package cannot do: take more memory or time than its rows need, bring
invisible characters in, fail with a server error, or stay on the disk."""


import pytest
from test_handover import do_import, export_bytes, rewrite

from jobatelier.extensions import db
from jobatelier.handover.package import PackageError
from jobatelier.models import Visit


@pytest.fixture
def one_visit(lier):
    from datetime import datetime

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
