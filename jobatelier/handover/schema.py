"""The handover package, format 2 (docs/handover-format.md), as data: the export writes it,
the import checks against it (and against format 1, its first six tables), and the codebook of
the Excel variant prints it."""

from ..models import (
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
    UNEMPLOYMENT_DURATIONS,
    VISITOR_CODE,
    HelpType,
    Location,
)
from .fields import f, longest, refers
from .schema_groups import GROUP_RESOURCES

FORMAT = 2  # what the export writes
FORMATS = (1, 2)  # what the import reads
NAME = "jobatelier-handover"
DIALECT = {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True}


RESOURCES = [
    {
        "name": "locations", "title": "Locaties",
        "description": "De balies: een Jobatelier, Infopunt Werk of Jobclub in een gemeente.",
        "fields": [
            f("code", "string", "Code", "Unieke code van de locatie, bv. lier.", required=True,
              pattern=LOCATION_CODE.pattern),
            f("name", "string", "Naam", "Naam van de locatie.", required=True,
              maxLength=longest(Location.name)),
            f("municipality", "string", "Gemeente", "Gemeente van de locatie.", required=True,
              maxLength=longest(Location.municipality)),
            f("kind", "string", "Soort", "jobatelier, infopunt_werk of jobclub.", required=True,
              enum=list(LOCATION_KINDS)),
            f("organisation", "string", "Organisatie", "Wie de locatie uitbaat, bv. SAAMO.",
              maxLength=longest(Location.organisation)),
            f("active", "boolean", "Actief", "Of de locatie nog werkt.", required=True),
        ],
        "primaryKey": ["code"], "foreignKeys": [],
    },
    {
        "name": "help_types", "title": "Soorten hulp",
        "description": "Waarvoor bezoekers komen; stopgezette soorten blijven, inactief.",
        "fields": [
            f("code", "string", "Code", "Code van de soort hulp, bv. cv.", required=True,
              pattern=HELP_TYPE_CODE.pattern),
            f("label_nl", "string", "Label (Nederlands)", "Naam in het Nederlands.",
              required=True, maxLength=longest(HelpType.label_nl)),
            f("label_fr", "string", "Label (Frans)", "Naam in het Frans.",
              maxLength=longest(HelpType.label_fr)),
            f("label_en", "string", "Label (Engels)", "Naam in het Engels.",
              maxLength=longest(HelpType.label_en)),
            f("active", "boolean", "Actief", "Of de soort nog aangeboden wordt.", required=True),
        ],
        "primaryKey": ["code"], "foreignKeys": [],
    },
    {
        "name": "visitors", "title": "Bezoekers",
        "description": "Anonieme bezoekers, enkel gekend via hun pseudonieme bezoekerscode.",
        "fields": [
            f("code", "string", "Bezoekerscode", "Pseudonieme code van de bezoeker.",
              required=True, pattern=VISITOR_CODE.pattern),
            f("first_location_code", "string", "Eerste locatie", "Locatie waar de bezoeker "
              "voor het eerst gezien werd.", required=True),
            f("registered_on", "date", "Geregistreerd op", "Dag waarop de bezoeker voor het "
              "eerst gezien werd: eerste bezoek, inschrijving in een groep of start van een "
              "traject.", required=True),
            f("age_band", "string", "Leeftijd", "lt25, 25_49 of 50plus; leeg: onbekend.",
              enum=list(AGE_BANDS)),
            f("gender", "string", "Gender", "f, m of x; leeg: onbekend.", enum=list(GENDERS)),
            f("dutch_level", "string", "Kennis Nederlands",
              "none, basic, good of native; leeg: onbekend.", enum=list(DUTCH_LEVELS)),
            f("education_level", "string", "Opleidingsniveau",
              "low, medium of high; leeg: onbekend.", enum=list(EDUCATION_LEVELS)),
            f("unemployment_duration", "string", "Werkloosheidsduur",
              "lt1y, 1_2y of gt2y; leeg: onbekend.", enum=list(UNEMPLOYMENT_DURATIONS)),
            f("postcode", "string", "Postcode", "Belgische postcode van de woonplaats (4 cijfers).",
              pattern=r"^[0-9]{4}$"),
        ],
        "primaryKey": ["code"],
        "foreignKeys": [refers("first_location_code", "locations", "code")],
    },
    {
        "name": "visits", "title": "Bezoeken",
        "description": "Eén binnenloopbezoek aan één locatie, met de gegeven hulp.",
        "fields": [
            f("id", "string", "Id", "UUID van het bezoek.", required=True, fmt="uuid"),
            f("location_code", "string", "Locatie", "Locatie van het bezoek.", required=True),
            f("visitor_code", "string", "Bezoekerscode",
              "Code van de bezoeker; leeg voor een eenmalig bezoek zonder kaart."),
            f("arrived_at", "datetime", "Aangekomen op", "Datum en uur van aankomst, met "
              "verschil ten opzichte van UTC.", required=True),
            f("duration_minutes", "integer", "Duur (minuten)", "Duur van het bezoek.",
              minimum=0, maximum=MAX_MINUTES),
            f("note", "string", "Notitie", "Korte werknotitie, nooit persoonsgegevens.",
              maxLength=NOTE_MAX_LENGTH),
            f("waited_minutes", "integer", "Wachttijd (minuten)", "Minuten in de wachtrij, van "
              "aanschuiven tot afgeroepen worden; leeg als de bezoeker niet aanschoof.",
              minimum=0, maximum=MAX_MINUTES),
        ],
        "primaryKey": ["id"],
        "foreignKeys": [
            refers("location_code", "locations", "code"),
            refers("visitor_code", "visitors", "code"),
        ],
    },
    {
        "name": "visit_help_types", "title": "Hulp per bezoek",
        "description": "Welke soorten hulp bij welk bezoek gegeven werden.",
        "fields": [
            f("visit_id", "string", "Bezoek", "Id van het bezoek.", required=True),
            f("help_type_code", "string", "Soort hulp", "Code van de soort hulp.", required=True),
        ],
        "primaryKey": ["visit_id", "help_type_code"],
        "foreignKeys": [
            refers("visit_id", "visits", "id"),
            refers("help_type_code", "help_types", "code"),
        ],
    },
    {
        "name": "outcomes", "title": "Afloop",
        "description": "Hoe de zoektocht van een bezoeker afliep; een latere afloop vervangt een "
                       "eerdere, en op dezelfde dag telt de laatst ingegeven (de volgorde van "
                       "de rijen).",
        "fields": [
            f("id", "string", "Id", "UUID van de afloop.", required=True, fmt="uuid"),
            f("visitor_code", "string", "Bezoekerscode", "Code van de bezoeker.", required=True),
            f("outcome", "string", "Afloop", "work, internship, training, study, referral, "
              "stopped, lost_contact of other.", required=True, enum=list(OUTCOMES)),
            f("contract_type", "string", "Soort contract", "Alleen bij work: open_ended, "
              "fixed_term, temp_agency, self_employed of social_economy.",
              enum=list(CONTRACT_TYPES)),
            f("recorded_on", "date", "Datum", "Wanneer het gebeurde of bekend werd.",
              required=True),
            f("location_code", "string", "Locatie", "Waar de afloop geregistreerd werd.",
              required=True),
        ],
        "primaryKey": ["id"],
        "foreignKeys": [
            refers("visitor_code", "visitors", "code"),
            refers("location_code", "locations", "code"),
        ],
    },
    *GROUP_RESOURCES,
]
BY_NAME = {resource["name"]: resource for resource in RESOURCES}
# Format 1 held the first six tables, and visits without their waiting time.
TABLES = {1: tuple(BY_NAME)[:6], 2: tuple(BY_NAME)}
SINCE_FORMAT_2 = {("visits", "waited_minutes")}
# Work notes: in a package only when the export asks for them.
NOTES = {("visits", "note"), ("trajectory_meetings", "note")}
# Text typed by people, not codes: the import refuses what a spreadsheet would run as a formula
# in it, and the export neutralises such text stored before that rule (freetext.py).
FREE_TEXT = {"locations": ("name", "municipality", "organisation"),
             "help_types": ("label_nl", "label_fr", "label_en"), "visits": ("note",),
             "groups": ("title",), "trajectory_meetings": ("note",)}


def field_names(name: str, with_notes: bool = True, format_: int = FORMAT) -> list[str]:
    return [field["name"] for field in fields(name, with_notes, format_)]


def fields(name: str, with_notes: bool = True, format_: int = FORMAT) -> list[dict]:
    """A resource's fields in a package of `format_`; notes are left out unless the export
    asks for them."""
    return [field for field in BY_NAME[name]["fields"]
            if (with_notes or (name, field["name"]) not in NOTES)
            and (format_ >= 2 or (name, field["name"]) not in SINCE_FORMAT_2)]


def descriptor(created: str, with_notes: bool, organisation: str | None) -> dict:
    """datapackage.json for a package written at `created` (ISO 8601 UTC)."""
    resources = []
    for resource in RESOURCES:
        # Every table says its keys, an empty list of foreign keys included.
        schema = {"fields": fields(resource["name"], with_notes),
                  "primaryKey": resource["primaryKey"], "foreignKeys": resource["foreignKeys"]}
        resources.append({
            "name": resource["name"], "path": f"{resource['name']}.csv",
            "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8", "title": resource["title"],
            "description": resource["description"], "dialect": DIALECT, "schema": schema,
        })
    package = {
        "profile": "tabular-data-package", "name": NAME, "jobatelier_format": FORMAT,
        "created": created, "title": "Jobatelier: overdrachtspakket",
        "description": "De volledige geschiedenis van één of meer Jobatelier-locaties: "
                       "locaties, soorten hulp, bezoekers (pseudoniem), bezoeken, afloop, "
                       "groepen met hun bijeenkomsten en trajecten met hun gesprekken.",
        "licenses": [{"name": "ODC-PDDL-1.0", "title": "Open Data Commons PDDL",
                      "path": "https://opendatacommons.org/licenses/pddl/"}],
        "resources": resources,
    }
    if organisation:
        package["contributors"] = [{"title": organisation, "role": "publisher"}]
    return package
