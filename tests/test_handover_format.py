"""The handover format as data: its limits are the models' own, every kind of cell has its
parser, and the import speaks the reader's language (the admin's on the page, English on the
command line)."""

import io
import re
from datetime import datetime

import pytest
from sqlalchemy import CheckConstraint
from test_handover import export_bytes, rewrite, second_line

from jobatelier.extensions import db
from jobatelier.handover import schema
from jobatelier.handover.package import MAX_PROBLEMS, parse_cell
from jobatelier.handover.selects import package_select
from jobatelier.models import (
    GROUP_TITLE_MAX_LENGTH,
    HELP_TYPE_CODE,
    LOCATION_CODE,
    MAX_EXTRA_ATTENDEES,
    MAX_GROUP_CAPACITY,
    MAX_GUIDED_WEEKS,
    MAX_MINUTES,
    MAX_PLANNED_MONTHS,
    NOTE_MAX_LENGTH,
    VISITOR_CODE,
    Visit,
)

TABLES = {name: db.metadata.tables[name] for name in schema.BY_NAME}


def constrained_fields():
    for resource in schema.RESOURCES:
        for field in resource["fields"]:
            limits = set(field["constraints"]) & {"pattern", "maximum", "maxLength"}
            if limits:
                yield resource["name"], field, limits


def length_checks(table, column: str) -> list[tuple[int, int]]:
    """(least, most) characters of `column` as the table's check constraints say."""
    found = []
    for constraint in table.constraints:
        text = str(constraint.sqltext) if isinstance(constraint, CheckConstraint) else ""
        if between := re.search(rf"length\({column}\) BETWEEN (\d+) AND (\d+)", text):
            found.append((int(between[1]), int(between[2])))
        if exactly := re.search(rf"length\({column}\) = (\d+)", text):
            found.append((int(exactly[1]), int(exactly[1])))
    return found


def test_every_limit_of_the_package_is_the_models_own():
    constants = {("locations", "code"): LOCATION_CODE.pattern,
                 ("help_types", "code"): HELP_TYPE_CODE.pattern,
                 ("visitors", "code"): VISITOR_CODE.pattern,
                 ("visits", "duration_minutes"): MAX_MINUTES,
                 ("visits", "note"): NOTE_MAX_LENGTH,
                 ("visits", "waited_minutes"): MAX_MINUTES,
                 ("groups", "title"): GROUP_TITLE_MAX_LENGTH,
                 ("groups", "guided_weeks"): MAX_GUIDED_WEEKS,
                 ("groups", "capacity"): MAX_GROUP_CAPACITY,
                 ("group_sessions", "duration_minutes"): MAX_MINUTES,
                 ("group_sessions", "extra_attendees"): MAX_EXTRA_ATTENDEES,
                 ("trajectories", "planned_months"): MAX_PLANNED_MONTHS,
                 ("trajectory_meetings", "duration_minutes"): MAX_MINUTES,
                 ("trajectory_meetings", "note"): NOTE_MAX_LENGTH}
    checked = set()
    for name, field, limits in constrained_fields():
        constraints, column = field["constraints"], TABLES[name].c.get(field["name"])
        assert column is not None, f"{name}.{field['name']} is no column of the model"
        if "pattern" in limits:
            assert constants.get((name, field["name"]), constraints["pattern"]) == \
                constraints["pattern"]
            least, most = re._parser.parse(constraints["pattern"]).getwidth()
            assert most <= column.type.length, f"{name}.{field['name']}"
            for check in length_checks(TABLES[name], field["name"]):
                assert check == (least, most), f"{name}.{field['name']}: {check}"
        if "maxLength" in limits:
            assert constraints["maxLength"] == column.type.length, f"{name}.{field['name']}"
            assert constants.get((name, field["name"]), column.type.length) == \
                constraints["maxLength"]
        if "maximum" in limits:
            assert constraints["maximum"] == constants[name, field["name"]]
            assert any(f"BETWEEN {constraints['minimum']} AND {constraints['maximum']}" in
                       str(c.sqltext) for c in TABLES[name].constraints
                       if isinstance(c, CheckConstraint)), f"{name}.{field['name']}"
        checked.add((name, field["name"]))
    assert set(constants) <= checked  # each of the models' limits is in the package


def test_every_free_text_field_of_the_package_has_the_models_length():
    for resource in schema.RESOURCES:
        table = TABLES[resource["name"]]
        for field in resource["fields"]:
            column = table.c.get(field["name"])
            plain = not set(field["constraints"]) & {"pattern", "enum"} and "format" not in field
            # A foreign key must name a row of the package: the row's own field is checked.
            if field["type"] == "string" and plain and column is not None \
                    and not column.foreign_keys and column.type.length:
                assert field["constraints"].get("maxLength") == column.type.length, \
                    f"{resource['name']}.{field['name']}"


@pytest.mark.parametrize(("field", "text", "value"), [
    (schema.fields("visits")[0], "0f8fad5b-d9cb-469f-a165-70867728950e",
     "0f8fad5b-d9cb-469f-a165-70867728950e"),
    (schema.fields("visits")[4], "45", 45),
    (schema.fields("locations")[5], "false", False),
    (schema.fields("visits")[5], "", None),
    (schema.fields("visits")[5], "x" * NOTE_MAX_LENGTH, "x" * NOTE_MAX_LENGTH),
])
def test_each_kind_of_cell_is_read_by_its_parser(app, field, text, value):
    assert parse_cell(field, text) == value


@pytest.mark.parametrize(("field", "text", "message"), [
    (schema.fields("visits")[0], "0f8fad5b-d9cb-469f-a165-70867728950", "Geen UUID"),
    (schema.fields("visits")[4], str(MAX_MINUTES + 1), "Buiten het bereik"),
    (schema.fields("visits")[4], "4.5", "Geen geheel getal"),
    (schema.fields("locations")[5], "ja", "Niet true of false"),
    (schema.fields("visitors")[2], "2022-02-30", "Geen datum"),
    (schema.fields("visits")[3], "2022-03-01T10:00:00", "Geen datum-tijd"),
    (schema.fields("visits")[5], "x" * (NOTE_MAX_LENGTH + 1), f"{NOTE_MAX_LENGTH} tekens"),
    (schema.fields("locations")[1], "x" * 121, "120 tekens"),
    (schema.fields("visits")[0], "", "Een waarde is verplicht"),
])
def test_a_bad_cell_says_what_is_wrong(app, field, text, message):
    with pytest.raises(ValueError, match=message):
        parse_cell(field, text)


def test_every_type_of_the_schema_has_a_parser(app):
    from jobatelier.handover.cells import PARSERS

    kinds = {(field["type"], field.get("format")) for resource in schema.RESOURCES
             for field in resource["fields"]}
    assert kinds <= set(PARSERS)


def test_an_unknown_table_is_refused(app):
    with pytest.raises(ValueError, match="visit_notes"):
        package_select("visit_notes")


def test_the_preview_names_the_tables_in_the_admins_language(client, auth, admin, lier):
    package = export_bytes()
    auth.login(admin)
    page = client.post("/import", data={"package": (io.BytesIO(package), "p.zip")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "Hulp per bezoek" in page and "Soorten hulp" in page
    assert "visit_help_types" not in page and ">help_types<" not in page


def test_many_conflicts_are_listed_up_to_the_limit(client, auth, admin, lier):
    visits = [Visit(location_id=lier.id, arrived_at=datetime(2022, 3, 1, 10), duration_minutes=10)
              for _ in range(MAX_PROBLEMS + 5)]
    db.session.add_all(visits)
    db.session.commit()
    package = export_bytes()
    for visit in visits:
        visit.duration_minutes = 20
    db.session.commit()
    auth.login(admin)
    page = client.post("/import", data={"package": (io.BytesIO(package), "p.zip")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert page.count("bestaat hier al met een andere inhoud") == MAX_PROBLEMS
    assert f"Enkel de eerste {MAX_PROBLEMS} problemen" in page


def test_the_command_line_speaks_english(runner, app, lier, tmp_path):
    db.session.add(Visit(location_id=lier.id, arrived_at=datetime(2022, 3, 1, 10)))
    db.session.commit()
    broken = rewrite(export_bytes(), replace={"visits.csv": second_line(
        lambda line: ",".join(["", *line.split(",")[1:]]))})
    (tmp_path / "broken.zip").write_bytes(broken)
    result = runner.invoke(args=["import", str(tmp_path / "broken.zip")])
    assert result.exit_code != 0
    assert "visits.csv, row 2, field id: A value is required." in result.output


def test_handing_over_an_unknown_location_says_so(runner, app, tmp_path):
    result = runner.invoke(args=["handover", "nowhere", "--to", "VDAB",
                                 "--out", str(tmp_path / "x.zip")])
    assert result.exit_code != 0 and "unknown location: nowhere" in result.output
    assert not (tmp_path / "x.zip").exists()
