"""One cell of a handover package read as the format-1 schema says: a parser per Table
Schema type and format, each raising ValueError with a message for the sender."""

import re
import uuid
from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from ..freetext import FORMULA_MESSAGE, control_character, starts_like_formula
from ..models import NOTE_MAX_LENGTH
from ..timeutil import desk_zone
from . import schema


def parse_cell(field: dict, text: str, parse=None):
    """The value of one cell, or ValueError with a message for the sender. `parse` is the
    field's parser (parser_for), by default the one of its type."""
    if text == "":
        if field["constraints"].get("required"):
            raise ValueError(str(_l("A value is required.")))
        return None
    return (parse or PARSERS[field["type"], field.get("format")])(field, text)


def parser_for(resource: str, field: dict):
    """How the cells of a field of `resource` are read: as text typed by people, or by the
    parser of the field's type."""
    if field["name"] in schema.FREE_TEXT.get(resource, ()):
        return parse_text
    return PARSERS[field["type"], field.get("format")]


def parse_text(field: dict, text: str) -> str:
    """Text typed by people: a string that no spreadsheet would run as a formula."""
    if starts_like_formula(text):
        raise ValueError(str(FORMULA_MESSAGE))
    return parse_string(field, text)


def parse_string(field: dict, text: str) -> str:
    if character := control_character(text):
        raise ValueError(str(_l("Holds an invisible control or text-direction character "
                                "(%(character)s).", character=character)))
    constraints = field["constraints"]
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], text):
        raise ValueError(str(_l("Not of the expected form: %(text)s", text=text[:40])))
    if "enum" in constraints and text not in constraints["enum"]:
        raise ValueError(str(_l("Not one of the codes %(codes)s: %(text)s",
                                codes=", ".join(constraints["enum"]), text=text[:40])))
    # No text the app keeps is longer than a note; a field may allow less.
    most = constraints.get("maxLength", NOTE_MAX_LENGTH)
    if len(text) > most:
        raise ValueError(str(_l("Longer than %(most)d characters.", most=most)))
    return text


def parse_uuid(field: dict, text: str) -> str:
    try:
        value = uuid.UUID(text) if len(text) == 36 else None
    except ValueError:
        value = None
    if value is None:
        raise ValueError(str(_l("Not a UUID: %(text)s", text=text[:40])))
    return str(value)


def parse_integer(field: dict, text: str) -> int:
    if not re.fullmatch(r"-?[0-9]{1,9}", text):
        raise ValueError(str(_l("Not a whole number: %(text)s", text=text[:40])))
    value = int(text)
    constraints = field["constraints"]
    if not constraints.get("minimum", value) <= value <= constraints.get("maximum", value):
        raise ValueError(str(_l("Out of range: %(text)s", text=text)))
    return value


def parse_boolean(field: dict, text: str) -> bool:
    if text not in ("true", "false"):
        raise ValueError(str(_l("Not true or false: %(text)s", text=text[:40])))
    return text == "true"


def parse_date(field: dict, text: str) -> date:
    try:
        value = date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        value = None
    if value is None:
        raise ValueError(str(_l("Not a date (YYYY-MM-DD): %(text)s", text=text[:40])))
    return value


def parse_datetime(field: dict, text: str) -> datetime:
    """An ISO 8601 date-time with a UTC offset, as the desk's wall-clock time."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ValueError(str(_l("Not a date-time with UTC offset "
                                "(2022-03-01T10:00:00+01:00): %(text)s", text=text[:40])))
    return moment.astimezone(desk_zone()).replace(tzinfo=None)


# How each Table Schema type (and format) of the package is read.
PARSERS = {
    ("string", None): parse_string,
    ("string", "uuid"): parse_uuid,
    ("integer", None): parse_integer,
    ("boolean", None): parse_boolean,
    ("date", None): parse_date,
    ("datetime", None): parse_datetime,
}
