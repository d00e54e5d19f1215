"""Step 3 of the import rules (docs/handover-format.md), on the staged rows of a table: keys
unique, every foreign key pointing at a row of the package, and the rules that tie a row's
fields together or a row to others. Counted by the database, so nothing grows in memory with
the package; each problem names the file, the CSV line and the field, as the sender needs."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select
from sqlalchemy.orm import aliased

from ..extensions import db
from . import schema
from .package import MAX_PROBLEMS, Problem

# Within one row, problems come in this order: its key, its foreign keys, its rules.
KEY, FOREIGN, RULE = 0, 1, 99  # a table has fewer than 98 foreign keys


def problems_of(name: str, stage, staged: dict, row_problems: list) -> list[Problem]:
    """The first MAX_PROBLEMS problems of the staged table `name`, in line order; `staged`
    holds the stage of every table before it, `row_problems` (rank, Problem) those the rows
    broke on their own while they were read."""
    found = [*row_problems, *_twice(name, stage), *_pointing_at_nothing(name, stage, staged),
             *_attendance(name, stage, staged)]
    found.sort(key=lambda ranked: (ranked[1].row, ranked[0]))
    return [problem for _, problem in found[:MAX_PROBLEMS]]


def _twice(name, stage):
    key = schema.BY_NAME[name]["primaryKey"]
    earlier = aliased(stage)
    query = select(stage.c.line, *(stage.c[column] for column in key)).where(exists().where(
        earlier.c.line < stage.c.line,
        *(earlier.c[column] == stage.c[column] for column in key))).order_by(
        stage.c.line).limit(MAX_PROBLEMS)
    for line, *values in db.session.execute(query):
        yield KEY, Problem(f"{name}.csv", line, ",".join(key), str(_l(
            "This key occurs twice: %(key)s", key="/".join(map(str, values)))))


def _pointing_at_nothing(name, stage, staged):
    for rank, foreign in enumerate(schema.BY_NAME[name]["foreignKeys"], start=FOREIGN):
        (column,), target_name = foreign["fields"], foreign["reference"]["resource"]
        target = staged[target_name]
        (key,) = foreign["reference"]["fields"]
        query = select(stage.c.line, stage.c[column]).where(
            stage.c[column].is_not(None),
            ~exists().where(target.c[key] == stage.c[column])).order_by(
            stage.c.line).limit(MAX_PROBLEMS)
        for line, value in db.session.execute(query):
            yield rank, Problem(f"{name}.csv", line, column, str(_l(
                "Refers to nothing in %(target)s.csv: %(value)s", target=target_name,
                value=value)))


def _attendance(name, stage, staged):
    """A mark of presence is at a held session, for a participant of the session's group (a
    session that is not in the package was said already)."""
    if name != "group_attendance":
        return
    sessions, members = staged["group_sessions"], staged["group_members"]
    # Session ids are unique by now: their own file was checked before this one.
    member = exists().where(members.c.group_id == sessions.c.group_id,
                            members.c.visitor_code == stage.c.visitor_code)
    query = (select(stage.c.line, stage.c.visitor_code, sessions.c.cancelled, member)
             .join(sessions, sessions.c.id == stage.c.session_id).order_by(stage.c.line))
    count = 0
    for line, code, is_cancelled, is_member in db.session.execute(query):
        if is_cancelled:
            problem = Problem(f"{name}.csv", line, "session_id", str(_l(
                "Nobody can be present at a cancelled session.")))
        elif not is_member:
            problem = Problem(f"{name}.csv", line, "visitor_code", str(_l(
                "Not a participant of this session's group: %(code)s", code=code)))
        else:
            continue
        yield RULE, problem
        count += 1
        if count == MAX_PROBLEMS:
            return


class RowRules:
    """What the schema cannot say about one row: the rules between its fields. `broken` gives
    (field, message) for each rule a row breaks."""

    def broken(self, name: str, row: dict) -> list[tuple[str, object]]:
        check = getattr(self, f"_{name}", None)
        return check(row) if check else []

    def _outcomes(self, row):
        if row["contract_type"] and row["outcome"] != "work":
            return [("contract_type", _l("A contract type goes only with found work."))]
        return []

    def _group_members(self, row):
        if row["left_on"] and row["left_on"] < row["joined_on"]:
            return [("left_on", _l("A participant cannot leave before joining."))]
        return []

    def _group_sessions(self, row):
        if row["cancelled"] and row["extra_attendees"]:
            return [("extra_attendees", _l("A cancelled session has no one present."))]
        return []

    def _trajectories(self, row):
        if (row["ended_on"] is None) != (row["end_reason"] is None):
            field = "end_reason" if row["ended_on"] else "ended_on"
            return [(field, _l("An end date and an end reason go together."))]
        if row["ended_on"] and row["ended_on"] < row["starts_on"]:
            return [("ended_on", _l("A trajectory cannot end before it starts."))]
        return []


def checked_rows(name: str, rows, row_problems: list):
    """The rows, as they go by, checked against the rules of one row; what they break is
    added to `row_problems` (no more than MAX_PROBLEMS: the earliest lines are kept)."""
    rules = RowRules()
    file = f"{name}.csv"
    for line, row in rows:
        if len(row_problems) < MAX_PROBLEMS:
            row_problems += [(RULE, Problem(file, line, column, str(message)))
                             for column, message in rules.broken(name, row)]
        yield line, row
