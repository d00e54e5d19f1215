"""The yearly table's columns: a stable code for tools (the CSV's header) and a name in the
user's language for people (the workbook's header, with the codes in its codebook)."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..i18n import code_label
from ..models import END_REASONS
from .definitions import cohort_rows, result_rows, result_tables

COLUMN_NAMES = {
    "location_code": _l("Location code"),
    "location_name": _l("Location"),
    "year": _l("Year"),
    "unique_visitors": _l("Unique visitors"),
    "new_visitors": _l("New visitors"),
    "returning_visitors": _l("Returning visitors"),
    "visits": _l("Visits"),
    "positive_visitors": _l("Visitors with a positive outcome"),
    "positive_rate": _l("Positive outcome rate (%)"),
    "known_outcome_visitors": _l("Visitors with a known outcome"),
    "positive_rate_known": _l("Positive rate of known outcomes (%)"),
    "reached": _l("People reached"),
    "reached_more_than_one_way": _l("Reached in more than one way"),
    "group_sessions_held": _l("Group sessions held"),
    "group_sessions_cancelled": _l("Group sessions cancelled"),
    "group_participants": _l("Group participants"),
    "group_extra_attendees": _l("Group attendees without a code"),
    "trajectories_started": _l("Trajectories started"),
    "trajectories_ended": _l("Trajectories ended"),
    "trajectories_running": _l("Trajectories running on 31 December"),
    "trajectory_meetings": _l("Trajectory meetings"),
    "queued_visits": _l("Visits through the queue"),
    "waited_minutes_median": _l("Median wait (minutes)"),
    "waited_minutes_p90": _l("Wait of 9 in 10 visitors at most (minutes)"),
    "left_without_help": _l("Left without help"),
}


def column_names(codes: list[str], help_labels: dict[str, str]) -> list[str]:
    """The names people read for the columns `codes`: help types by their label in the user's
    language, outcomes and end reasons by theirs. A column without a name is a mistake (a
    KeyError, which a test catches)."""
    named = {**{code: str(name) for code, name in COLUMN_NAMES.items()}, **_programme_names()}
    for code, label in help_labels.items():
        named[f"help_{code}"] = _("Help: %(label)s", label=label)
    for code in codes:
        if code.startswith("outcome_"):
            named[code] = _("Outcome: %(label)s", label=code_label(code[len("outcome_"):]))
    return [named[code] for code in codes]


def _programme_names() -> dict[str, str]:
    """The workbook's sheet of the groups' and trajectories' other figures, named as the
    page's tables name their rows."""
    names = {"groups_present": _("Present marks at held group sessions"),
             "groups_places": _("Places at held group sessions"),
             "attendance_rate": _("Attendance rate (%)")}
    for name, label in cohort_rows():
        names[f"cohort_{name}"] = _("Groups that started in the year: %(figure)s", figure=label)
    for reason in END_REASONS:
        names[f"trajectories_ended_{reason}"] = _("Trajectories ended: %(reason)s",
                                                  reason=code_label(reason))
    for among, _denominator, _counted, heading in result_tables():
        for name, label in result_rows():
            names[f"result_{among}_{name}"] = f"{heading}: {label}"
            names[f"result_{among}_{name}_rate"] = f"{heading}: {label} (%)"
    return names
