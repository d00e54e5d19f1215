"""The new rows of the three tables that make up nearly all of a package (visitors, visits and
the help given at them) written from their stage in one INSERT ... SELECT each: the database
turns codes into this instance's ids by joins, instead of each row passing through Python.
They write what the writers of writers.py would: the same columns, in file order."""

from sqlalchemy import exists, insert, literal, select
from sqlalchemy.types import DateTime, Integer

from ..extensions import db
from ..models import HelpType, Location, Visit, Visitor, visit_help_types
from ..timeutil import utcnow

BULK_TABLES = ("visitors", "visits", "visit_help_types")
VISITOR_FIELDS = ("registered_on", "age_band", "gender", "dutch_level", "education_level",
                  "unemployment_duration", "postcode")


def write_new(name: str, stage) -> None:
    """Add the staged rows of `name` whose key is not here yet."""
    statement = {"visitors": _visitors, "visits": _visits,
                 "visit_help_types": _visit_help_types}[name](stage)
    db.session.execute(statement)


def _visitors(stage):
    now = literal(utcnow(), DateTime)
    rows = (select(stage.c.code, Location.id, *(stage.c[field] for field in VISITOR_FIELDS),
                   now)
            .join(Location, Location.code == stage.c.first_location_code)
            .where(~exists().where(Visitor.code == stage.c.code))
            .order_by(stage.c.line))
    return insert(Visitor).from_select(
        ["code", "first_location_id", *VISITOR_FIELDS, "created_at"], rows)


def _visits(stage):
    now = literal(utcnow(), DateTime)
    # What a package does not hold (notes, or the waiting time in format 1) a new visit lacks.
    optional = [field for field in ("note", "waited_minutes") if field in stage.c]
    rows = (select(stage.c.id, Location.id, Visitor.id, stage.c.arrived_at,
                   stage.c.duration_minutes, *(stage.c[field] for field in optional), now, now,
                   literal(1, Integer))
            .join(Location, Location.code == stage.c.location_code)
            .outerjoin(Visitor, Visitor.code == stage.c.visitor_code)
            .where(~exists().where(Visit.id == stage.c.id))
            .order_by(stage.c.line))
    return insert(Visit).from_select(
        ["id", "location_id", "visitor_id", "arrived_at", "duration_minutes", *optional,
         "created_at", "updated_at", "version"], rows)


def _visit_help_types(stage):
    links = visit_help_types.c
    rows = (select(stage.c.visit_id, HelpType.id)
            .join(HelpType, HelpType.code == stage.c.help_type_code)
            .where(~exists().where(links.visit_id == stage.c.visit_id,
                                   links.help_type_id == HelpType.id))
            .order_by(stage.c.line))
    return insert(visit_help_types).from_select(["visit_id", "help_type_id"], rows)
