"""Changes to closed years, counted per year by the database: each worker keeps the yearly
figures of years that are over (jobatelier/reports/kept.py) while the changes counted up to
that year stay what they were.

Triggers count them, in the transaction of the change, whoever makes it: the desk, the groups'
and coaches' pages, the command line, an import, a purge, a bulk load or a hand edit in SQL.
Each watched table says from which day on a row can change the figures (a visit, its own day;
an outcome, 6 months earlier: a group's or trajectory's result looks that far after its start
or end); a change is counted in the year of that day, and so touches the figures of that
year and every later one: the figures of year Y hold while the sum of the changes counted
up to Y does. A day in the current year (give or take two days) counts nothing, so that the
desk's work of today, the busiest writes, counts nothing and waits for no one; closed years
are kept only after two days of the next year (`kept.py`), so that a clock a day off on
either side never leaves a change unseen.

The reference data (locations, help types) is watched by the reference version
(models/reference.py), which the kept figures check too. A table of the schema that is in
neither list must say why the figures do not read it (`NOT_WATCHED`): a test checks it."""

from sqlalchemy import Integer
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .codes import SIX_MONTHS_DAYS
from .reference import WATCHED as REFERENCE_TABLES
from .reference import made_with_triggers

MARGIN_DAYS = 2  # how far the current year's start is moved, on either side
# PostgreSQL: a setting of the transaction, the earliest year it counted a change in.
COUNTED_FROM = "jobatelier.figures_changed_from"
ANY_DAY = None  # a change to such a row may change any year's figures

# table -> (days of a new or deleted row, days of a changed row): SQL of the row `{r}`, of which
# the earliest known counts; ANY_DAY where any year may change. Sessions and attendance count
# in the session's year, meetings in their own; a member counts in their group's start year
# too (the cohort of the groups that started that year); a group or trajectory moves its
# sessions, members and meetings with it (their location) and reads them for their days.
_ROWS = {
    "visits": ["{r}.arrived_at"],
    "outcomes": ["{r}.recorded_on - six months"],
    "help_tallies": ["{r}.year"],
    "visitor_years": ["{r}.year"],
    "visitors": ["{r}.registered_on"],  # changed: ANY_DAY (a profile counts in every year)
    "groups": ["{r}.starts_on",
               "(SELECT min(starts_at) FROM group_sessions WHERE group_id = {r}.id)",
               "(SELECT min(joined_on) FROM group_members WHERE group_id = {r}.id)"],
    "group_sessions": ["{r}.starts_at"],
    "group_attendance": ["(SELECT starts_at FROM group_sessions WHERE id = {r}.session_id)"],
    "group_members": ["{r}.joined_on", "{r}.left_on",
                      "(SELECT starts_on FROM groups WHERE id = {r}.group_id)"],
    "trajectories": ["{r}.starts_on", "{r}.ended_on",
                     "(SELECT min(met_on) FROM trajectory_meetings WHERE trajectory_id = {r}.id)"],
    "trajectory_meetings": ["{r}.met_on"],
}
# The row a change reads or moves with, by its foreign key: PostgreSQL's triggers read it FOR
# SHARE first, so that a change made to it at the same moment (a group's start or location)
# waits for this one, or this one for it, and each trigger then sees the other's row as it
# is (in READ COMMITTED, neither would see the other's uncommitted one and both would count
# nothing). SQLite writes one transaction at a time.
PARENTS = {
    "group_sessions": ("groups", "group_id"),
    "group_attendance": ("group_sessions", "session_id"),
    "group_members": ("groups", "group_id"),
    "trajectory_meetings": ("trajectories", "trajectory_id"),
}


def watched(dialect: str) -> dict:
    """The watched tables with their days, in `dialect`'s SQL."""
    spelt = {"sqlite": {"{r}.year": "printf('%04d-01-01', {r}.year)",
                        "{r}.recorded_on - six months":
                            f"date({{r}}.recorded_on, '-{SIX_MONTHS_DAYS} days')"},
             "postgresql": {"{r}.year": "make_date({r}.year, 1, 1)",
                            "{r}.recorded_on - six months":
                                f"({{r}}.recorded_on - {SIX_MONTHS_DAYS})"}}[dialect]
    watched = {}
    for table, days in _ROWS.items():
        days = [spelt.get(day, day) for day in days]
        watched[table] = (days, ANY_DAY if table == "visitors" else days)
    return watched




WATCHED = tuple(watched("sqlite"))
NOT_WATCHED = {  # table -> why the figures of a closed year do not depend on it
    **{table: "reference data: the reference version" for table in REFERENCE_TABLES},
    "visit_help_types": "counted through help_tallies, kept in the same transaction",
    "queue_tickets": "the queue's figures are worked out on every report",
    "queue_ticket_help_types": "the queue's figures are worked out on every report",
    "frozen_figures": "a purge's record, not read by the reports",
    "users": "not counted",
    "user_sessions": "not counted",
    "audit_log": "not counted",
    "reference_version": "a version itself",
    "figure_changes": "the changes themselves",
}


class FigureChanges(db.Model):
    __tablename__ = "figure_changes"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    changes: Mapped[int] = mapped_column(Integer, default=0)


def _earliest(days: list[str], row: str, dialect: str) -> str:
    """The earliest of `days` of `row` that is known (NULL when none is), as SQL: PostgreSQL's
    least() passes over NULLs, SQLite's min() does not, so each is replaced by another first."""
    days = [day.format(r=row) for day in days]
    if dialect == "postgresql":
        return f"least({', '.join(days)})"
    if len(days) == 1:
        return days[0]
    return "min(" + ", ".join(
        f"coalesce({', '.join([day, *(other for other in days if other != day)])})"
        for day in days) + ")"


# A day nobody knows: for a new or changed row, any day (its group or session is not found);
# for a deleted one, none: what it hung on was deleted with it, and that deletion counted.
UNKNOWN_DAY = {"INSERT": "0000-01-01", "UPDATE": "0000-01-01", "DELETE": "9999-12-31"}


def trigger_statements(dialect: str) -> list[str]:
    """The triggers that count the changes, as SQL for `dialect`."""
    if dialect == "postgresql":
        return _postgresql_triggers()
    # SQLite's date strings compare in date order; a changed row counts once, in the year of
    # the earliest of its old and new days.
    year_start = f"strftime('%Y', 'now', '+{MARGIN_DAYS} days') || '-01-01'"
    statements = []
    for table, (days, changed_days) in watched(dialect).items():
        for change, rows in (("INSERT", ["NEW"]), ("DELETE", ["OLD"]),
                             ("UPDATE", ["OLD", "NEW"])):
            if change != "INSERT" and changed_days is ANY_DAY:
                first_day = "'0000-01-01'"
            else:
                first_day = "min({}, '9999-12-31')".format(", ".join(
                    f"coalesce({_earliest(days, row, dialect)}, '{UNKNOWN_DAY[change]}')"
                    for row in rows))
            statements.append(
                f"CREATE TRIGGER figures_changed_{table}_{change.lower()} AFTER {change} ON "
                f"{table} FOR EACH ROW WHEN {first_day} < {year_start} BEGIN "
                f"INSERT INTO figure_changes (year, changes) VALUES "
                f"(CAST(substr({first_day}, 1, 4) AS INTEGER), 1) "
                f"ON CONFLICT (year) DO UPDATE SET changes = changes + 1; END")
    return statements


def _postgresql_triggers() -> list[str]:
    """A function per table, called for each row: it locks the row's parent (PARENTS), works
    out the first day and counts the change. Within one transaction a change is counted only
    in a year before any it counted already (a setting of the transaction holds the earliest):
    the later ones add nothing to what the sums already show, and a bulk load of old rows does
    not update a year's row a million times. TRUNCATE counts one in year 0."""
    year_start = (f"date_trunc('year', clock_timestamp() AT TIME ZONE 'UTC' "
                  f"+ interval '{MARGIN_DAYS} days')")
    def count(year):
        return (f"IF {year} < coalesce(nullif(current_setting('{COUNTED_FROM}', true), '')::int, "
                f"2147483647) THEN INSERT INTO figure_changes (year, changes) VALUES ({year}, 1) "
                f"ON CONFLICT (year) DO UPDATE SET changes = figure_changes.changes + 1; "
                f"PERFORM set_config('{COUNTED_FROM}', ({year})::text, true); END IF;")

    statements = [f"CREATE OR REPLACE FUNCTION figures_changed_truncated() RETURNS trigger "
                  f"LANGUAGE plpgsql AS $$ BEGIN {count('0')} RETURN NULL; END $$"]
    for table, (days, changed_days) in watched("postgresql").items():
        new, old = (_earliest(days, row, "postgresql") for row in ("NEW", "OLD"))
        changed = ("date '0001-01-01'" if changed_days is ANY_DAY
                   else f"least(coalesce({old}, date '0001-01-01'), "
                        f"coalesce({new}, date '0001-01-01'))")
        lock = ""
        if table in PARENTS:
            parent, key = PARENTS[table]
            lock = (f"IF TG_OP <> 'DELETE' THEN PERFORM 1 FROM {parent} WHERE id = NEW.{key} "
                    f"FOR SHARE; END IF; IF TG_OP <> 'INSERT' THEN PERFORM 1 FROM {parent} "
                    f"WHERE id = OLD.{key} FOR SHARE; END IF; ")
        statements += [
            f"CREATE OR REPLACE FUNCTION figures_changed_{table}() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ DECLARE first_day date; BEGIN {lock}"
            f"IF TG_OP = 'INSERT' THEN first_day := coalesce({new}, date '0001-01-01'); "
            f"ELSIF TG_OP = 'DELETE' THEN first_day := coalesce({old}, 'infinity'); "
            f"ELSE first_day := {changed}; END IF; "
            f"IF first_day < {year_start} THEN "
            f"{count('extract(year FROM first_day)::int')} END IF; RETURN NULL; END $$",
            f"CREATE TRIGGER figures_changed AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION figures_changed_{table}()",
            f"CREATE TRIGGER figures_changed_truncated AFTER TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION figures_changed_truncated()",
        ]
    return statements


def drop_statements(dialect: str) -> list[str]:
    if dialect == "postgresql":
        return [*(f"DROP TRIGGER IF EXISTS {name} ON {table}" for table in WATCHED
                  for name in ("figures_changed", "figures_changed_truncated")),
                *(f"DROP FUNCTION IF EXISTS figures_changed_{table}()"
                  for table in (*WATCHED, "truncated"))]
    return [f"DROP TRIGGER IF EXISTS figures_changed_{table}_{change}"
            for table in WATCHED for change in ("insert", "delete", "update")]


made_with_triggers(FigureChanges.__tablename__, trigger_statements)
