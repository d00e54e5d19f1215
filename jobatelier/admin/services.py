"""Managing locations and help types. Help types are retired, never deleted: old visits keep
their meaning. Accounts are in auth.services, shared with the command line."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from .. import audit
from ..errors import RuleError
from ..extensions import db
from ..models import (
    HELP_TYPE_CODE,
    LOCATION_CODE,
    LOCATION_KINDS,
    AuditEntry,
    HelpType,
    Location,
    User,
)
from ..visitors import codes as visitor_codes

DEFAULT_HELP_TYPES = (
    ("vacancy_search", "Vacatures zoeken", "Recherche d'offres d'emploi", "Searching vacancies"),
    ("cv", "CV opmaken of aanpassen", "Rédiger ou adapter un CV", "Writing or updating a CV"),
    ("cover_letter", "Motivatiebrief", "Lettre de motivation", "Cover letter"),
    ("online_applying", "Online solliciteren", "Postuler en ligne", "Applying online"),
    ("interview", "Sollicitatiegesprek voorbereiden of nabespreken",
     "Préparer ou débriefer un entretien d'embauche", "Preparing or reviewing a job interview"),
    ("phone_dutch", "Telefoneren in het Nederlands", "Téléphoner en néerlandais",
     "Phoning in Dutch"),
    ("digital", "Digitale hulp (e-mail, Mijn Loopbaan, documenten)",
     "Aide numérique (e-mail, Mijn Loopbaan, documents)",
     "Digital help (e-mail, Mijn Loopbaan, documents)"),
    ("talk", "Een warm gesprek", "Une conversation chaleureuse", "A warm talk"),
    ("info_referral", "Informatie of doorverwijzing", "Information ou orientation",
     "Information or referral"),
    ("other", "Andere", "Autre", "Other"),
)


def ensure_default_help_types() -> int:
    """Add the default help types that are missing (safe to run twice); returns how many."""
    existing = set(db.session.scalars(select(HelpType.code)))
    added = 0
    for position, (code, nl, fr, en) in enumerate(DEFAULT_HELP_TYPES):
        if code not in existing:
            db.session.add(HelpType(code=code, label_nl=nl, label_fr=fr, label_en=en,
                                    position=position))
            added += 1
    db.session.commit()
    return added


def row(model, key):
    """The location, help type or account an admin opens, or None when there is none."""
    return db.session.get(model, key)


def all_locations() -> list[Location]:
    return list(db.session.scalars(select(Location).order_by(Location.name)))


def free_prefix(location_code: str) -> str:
    """The most readable visitor-code prefix for a new location that no desk uses yet."""
    taken = set(db.session.scalars(select(Location.visitor_prefix)))
    return next(p for p in visitor_codes.prefix_candidates(location_code) if p not in taken)


def create_location(
    code: str,
    name: str,
    municipality: str,
    *,
    kind: str = "jobatelier",
    organisation: str | None = None,
    visitor_prefix: str | None = None,
    actor: User | None = None,
) -> Location:
    """Add a desk; raises RuleError naming the field when a rule is broken."""
    code = (code or "").strip().lower()
    if not LOCATION_CODE.match(code):
        raise RuleError("code", _l("A location code has 2 to 32 lower-case letters, digits or "
                                   "hyphens, e.g. lier."))
    if db.session.scalar(select(Location.id).where(Location.code == code)) is not None:
        raise RuleError("code", _l("This location code is taken."))
    prefix = (visitor_prefix or "").strip().lower() or free_prefix(code)
    if not visitor_codes.PREFIX_PATTERN.match(prefix):
        raise RuleError("visitor_prefix", _l("A prefix has 2 to 4 characters from the code "
                                             "alphabet (no 0, 1, i, l or o)."))
    if db.session.scalar(select(Location.id).where(Location.visitor_prefix == prefix)):
        raise RuleError("visitor_prefix", _l("Another location uses this prefix."))
    _check_location_fields(name, municipality, kind)
    location = Location(code=code, name=name.strip(), municipality=municipality.strip(),
                        kind=kind, organisation=(organisation or "").strip() or None,
                        visitor_prefix=prefix)
    db.session.add(location)
    db.session.flush()
    audit.record(actor, "location_created", location_id=location.id, object_type="location",
                 object_id=code)
    db.session.commit()
    return location


def update_location(location: Location, *, name, municipality, kind, organisation, active,
                    actor: User) -> None:
    _check_location_fields(name, municipality, kind)
    location.name, location.municipality = name.strip(), municipality.strip()
    location.kind, location.active = kind, active
    location.organisation = (organisation or "").strip() or None
    audit.record(actor, "location_changed", location_id=location.id, object_type="location",
                 object_id=location.code, detail={"active": active})
    db.session.commit()


def _check_location_fields(name, municipality, kind) -> None:
    if not (name or "").strip():
        raise RuleError("name", _l("Give the location a name."))
    if not (municipality or "").strip():
        raise RuleError("municipality", _l("Give the municipality."))
    if kind not in LOCATION_KINDS:
        raise RuleError("kind", _l("Choose a kind from the list."))


def all_help_types() -> list[HelpType]:
    return list(db.session.scalars(select(HelpType).order_by(HelpType.position, HelpType.id)))


def create_help_type(code: str, *, label_nl: str, label_fr: str | None, label_en: str | None,
                     actor: User) -> HelpType:
    code = (code or "").strip().lower()
    if not HELP_TYPE_CODE.match(code):
        raise RuleError("code", _l("A code has 1 to 32 lower-case letters, digits or "
                                   "underscores, e.g. cv."))
    if db.session.scalar(select(HelpType.id).where(HelpType.code == code)) is not None:
        raise RuleError("code", _l("This code is taken."))
    last = db.session.scalar(select(func.max(HelpType.position))) or 0
    help_type = HelpType(code=code, position=last + 1)
    _set_labels(help_type, label_nl, label_fr, label_en)
    db.session.add(help_type)
    audit.record(actor, "help_type_created", object_type="help_type", object_id=code)
    db.session.commit()
    return help_type


def update_help_type(help_type: HelpType, *, label_nl, label_fr, label_en, active: bool,
                     actor: User) -> None:
    """Rename or retire (or bring back) a help type; the code never changes."""
    _set_labels(help_type, label_nl, label_fr, label_en)
    help_type.active = active
    audit.record(actor, "help_type_changed", object_type="help_type", object_id=help_type.code,
                 detail={"active": active})
    db.session.commit()


def move_help_type(help_type: HelpType, direction: str, actor: User) -> None:
    """Swap a help type with its neighbour above ("up") or below ("down") on the desk form."""
    types = all_help_types()
    index = types.index(help_type)
    other = index + (-1 if direction == "up" else 1)
    if 0 <= other < len(types):
        types[index], types[other] = types[other], types[index]
        for position, each in enumerate(types):
            each.position = position
        audit.record(actor, "help_type_moved", object_type="help_type", object_id=help_type.code)
        db.session.commit()


def _set_labels(help_type: HelpType, label_nl, label_fr, label_en) -> None:
    if not (label_nl or "").strip():
        raise RuleError("label_nl", _l("The Dutch label is required."))
    help_type.label_nl = label_nl.strip()
    help_type.label_fr = (label_fr or "").strip() or None
    help_type.label_en = (label_en or "").strip() or None


def all_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.username)))


def recent_audit_entries(limit: int = 200) -> list[AuditEntry]:
    stmt = (
        select(AuditEntry)
        .options(selectinload(AuditEntry.location))
        .order_by(AuditEntry.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(stmt))
