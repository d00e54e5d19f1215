"""The tables of the app: people and places, visits and outcomes, the audit log."""

from .audit import AuditEntry, FrozenFigures
from .codes import (
    AGE_BANDS,
    CONTRACT_TYPES,
    DUTCH_LEVELS,
    EDUCATION_LEVELS,
    GENDERS,
    LOCATION_CODE,
    LOCATION_KINDS,
    OUTCOMES,
    POSITIVE_OUTCOMES,
    ROLES,
    UNEMPLOYMENT_DURATIONS,
)
from .people import Location, User, UserSession, user_locations
from .visits import (
    HelpTally,
    HelpType,
    Outcome,
    Visit,
    Visitor,
    VisitorYear,
    visit_help_types,
)

__all__ = [
    "AGE_BANDS",
    "CONTRACT_TYPES",
    "DUTCH_LEVELS",
    "EDUCATION_LEVELS",
    "GENDERS",
    "LOCATION_CODE",
    "LOCATION_KINDS",
    "OUTCOMES",
    "POSITIVE_OUTCOMES",
    "ROLES",
    "UNEMPLOYMENT_DURATIONS",
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
