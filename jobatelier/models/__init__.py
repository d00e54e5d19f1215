"""The tables of the app: people and places, visits and outcomes, the reports' tallies,
the audit log."""

from .audit import AuditEntry
from .codes import (
    AGE_BANDS,
    CONTRACT_TYPES,
    DUTCH_LEVELS,
    EDUCATION_LEVELS,
    GENDERS,
    HELP_TYPE_CODE,
    LOCATION_CODE,
    LOCATION_KINDS,
    MAX_MINUTES,
    NOTE_MAX_LENGTH,
    OUTCOMES,
    POSITIVE_OUTCOMES,
    ROLES,
    UNEMPLOYMENT_DURATIONS,
    VISITOR_CODE,
)
from .people import Location, User, UserSession, user_locations
from .tallies import FrozenFigures, HelpTally, VisitorYear
from .visits import HelpType, Outcome, Visit, Visitor, visit_help_types

__all__ = [
    "AGE_BANDS",
    "CONTRACT_TYPES",
    "DUTCH_LEVELS",
    "EDUCATION_LEVELS",
    "GENDERS",
    "HELP_TYPE_CODE",
    "LOCATION_CODE",
    "LOCATION_KINDS",
    "MAX_MINUTES",
    "NOTE_MAX_LENGTH",
    "OUTCOMES",
    "POSITIVE_OUTCOMES",
    "ROLES",
    "UNEMPLOYMENT_DURATIONS",
    "VISITOR_CODE",
    "AuditEntry",
    "FrozenFigures",
    "HelpTally",
    "HelpType",
    "Location",
    "Outcome",
    "User",
    "UserSession",
    "Visit",
    "Visitor",
    "VisitorYear",
    "user_locations",
    "visit_help_types",
]
