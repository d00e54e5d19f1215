"""The tables format 2 of the handover package adds (docs/handover-format.md): groups with
their participants, sessions and attendance, and coaching trajectories with their meetings.
Coaches are accounts, and accounts are never in a package."""

from ..models import (
    END_REASONS,
    GROUP_KINDS,
    MAX_EXTRA_ATTENDEES,
    MAX_GROUP_CAPACITY,
    MAX_GUIDED_WEEKS,
    MAX_MINUTES,
    MAX_PLANNED_MONTHS,
    MEETING_PLACES,
    NOTE_MAX_LENGTH,
    TRAJECTORY_KINDS,
    Group,
)
from .fields import f, longest, refers

GROUP_RESOURCES = [
    {
        "name": "groups", "title": "Groepen",
        "description": "Een reeks groepsbijeenkomsten op één locatie: een Jobclub, cosearching, "
                       "een sollicitatie- of oriëntatiegroep, een workshop of een infosessie.",
        "fields": [
            f("id", "string", "Id", "UUID van de groep.", required=True, fmt="uuid"),
            f("location_code", "string", "Locatie", "Locatie waar de groep samenkomt.",
              required=True),
            f("kind", "string", "Soort", "jobclub, cosearching, job_search_group, "
              "orientation_group, workshop, info_session of other.", required=True,
              enum=list(GROUP_KINDS)),
            f("title", "string", "Titel", "Naam van de groep, bv. Cosearching maart; nooit de "
              "naam van een persoon.", required=True, maxLength=longest(Group.title)),
            f("starts_on", "date", "Start", "Startdatum van de groep: haar cohortjaar en het "
              "begin van haar periode van 6 maanden.", required=True),
            f("guided_weeks", "integer", "Begeleide weken", "Weken met een begeleider, waarna "
              "de groep zelfstandig verder samenkomt.", minimum=0, maximum=MAX_GUIDED_WEEKS),
            f("capacity", "integer", "Capaciteit", "Hoeveel deelnemers de groep ten hoogste "
              "telt.", minimum=1, maximum=MAX_GROUP_CAPACITY),
            f("cancelled", "boolean", "Geannuleerd", "De hele groep ging niet door (bv. te "
              "weinig deelnemers).", required=True),
        ],
        "primaryKey": ["id"],
        "foreignKeys": [refers("location_code", "locations", "code")],
    },
    {
        "name": "group_members", "title": "Deelnemers",
        "description": "Wie aan welke groep deelneemt, vanaf welke dag en tot wanneer.",
        "fields": [
            f("group_id", "string", "Groep", "Id van de groep.", required=True),
            f("visitor_code", "string", "Bezoekerscode", "Code van de deelnemer.",
              required=True),
            f("joined_on", "date", "Ingeschreven op", "Eerste dag van de deelname.",
              required=True),
            f("left_on", "date", "Gestopt op", "Laatste dag van de deelname, op of na de "
              "inschrijving; leeg zolang de deelnemer meedoet."),
        ],
        "primaryKey": ["group_id", "visitor_code"],
        "foreignKeys": [refers("group_id", "groups", "id"),
                        refers("visitor_code", "visitors", "code")],
    },
    {
        "name": "group_sessions", "title": "Bijeenkomsten",
        "description": "Eén bijeenkomst van een groep: begeleid of zelfstandig, gehouden of "
                       "geannuleerd.",
        "fields": [
            f("id", "string", "Id", "UUID van de bijeenkomst.", required=True, fmt="uuid"),
            f("group_id", "string", "Groep", "Id van de groep.", required=True),
            f("starts_at", "datetime", "Begint om", "Datum en uur van de bijeenkomst, met "
              "verschil ten opzichte van UTC.", required=True),
            f("duration_minutes", "integer", "Duur (minuten)", "Duur van de bijeenkomst.",
              minimum=0, maximum=MAX_MINUTES),
            f("guided", "boolean", "Begeleid", "Of een begeleider de bijeenkomst leidde.",
              required=True),
            f("cancelled", "boolean", "Geannuleerd", "Gepland maar niet gehouden.",
              required=True),
            f("topic", "string", "Onderwerp", "Code van de soort hulp waarover de bijeenkomst "
              "ging; leeg: geen bepaald onderwerp."),
            f("extra_attendees", "integer", "Aanwezigen zonder code", "Aanwezigen zonder "
              "bezoekerscode (0 bij een geannuleerde bijeenkomst).", required=True, minimum=0,
              maximum=MAX_EXTRA_ATTENDEES),
        ],
        "primaryKey": ["id"],
        "foreignKeys": [refers("group_id", "groups", "id"),
                        refers("topic", "help_types", "code")],
    },
    {
        "name": "group_attendance", "title": "Aanwezigheid",
        "description": "Welke deelnemers aanwezig waren op welke gehouden bijeenkomst.",
        "fields": [
            f("session_id", "string", "Bijeenkomst", "Id van een gehouden bijeenkomst.",
              required=True),
            f("visitor_code", "string", "Bezoekerscode", "Code van een deelnemer van die "
              "groep die aanwezig was.", required=True),
        ],
        "primaryKey": ["session_id", "visitor_code"],
        "foreignKeys": [refers("session_id", "group_sessions", "id"),
                        refers("visitor_code", "visitors", "code")],
    },
    {
        "name": "trajectories", "title": "Trajecten",
        "description": "Eén coach met één werkzoekende voor een gepland aantal maanden (een "
                       "mentorduo, vrijwillige jobcoaching). De coach staat niet in het "
                       "pakket: de ontvangende organisatie wijst een eigen coach toe.",
        "fields": [
            f("id", "string", "Id", "UUID van het traject.", required=True, fmt="uuid"),
            f("location_code", "string", "Locatie", "Locatie van waaruit het traject loopt.",
              required=True),
            f("visitor_code", "string", "Bezoekerscode", "Code van de gecoachte werkzoekende.",
              required=True),
            f("kind", "string", "Soort", "mentoring, jobcoaching of other.", required=True,
              enum=list(TRAJECTORY_KINDS)),
            f("starts_on", "date", "Start", "Startdatum van het traject.", required=True),
            f("planned_months", "integer", "Geplande maanden", "Geplande duur in maanden.",
              required=True, minimum=1, maximum=MAX_PLANNED_MONTHS),
            f("ended_on", "date", "Geëindigd op", "Einddatum, op of na de start; leeg zolang "
              "het traject loopt."),
            f("end_reason", "string", "Reden van einde", "Verplicht bij een einddatum: "
              "completed, participant_stopped, coach_stopped, mismatch, moved of other.",
              enum=list(END_REASONS)),
        ],
        "primaryKey": ["id"],
        "foreignKeys": [refers("location_code", "locations", "code"),
                        refers("visitor_code", "visitors", "code")],
    },
    {
        "name": "trajectory_meetings", "title": "Gesprekken",
        "description": "Eén gesprek van een coach met de gecoachte werkzoekende.",
        "fields": [
            f("id", "string", "Id", "UUID van het gesprek.", required=True, fmt="uuid"),
            f("trajectory_id", "string", "Traject", "Id van het traject.", required=True),
            f("met_on", "date", "Datum", "Datum van het gesprek.", required=True),
            f("duration_minutes", "integer", "Duur (minuten)", "Duur van het gesprek.",
              minimum=0, maximum=MAX_MINUTES),
            f("place", "string", "Plaats", "desk, workplace, remote of elsewhere.",
              required=True, enum=list(MEETING_PLACES)),
            f("note", "string", "Notitie", "Korte werknotitie, nooit persoonsgegevens.",
              maxLength=NOTE_MAX_LENGTH),
        ],
        "primaryKey": ["id"],
        "foreignKeys": [refers("trajectory_id", "trajectories", "id")],
    },
]
