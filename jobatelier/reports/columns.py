"""The yearly table's columns: a stable code for tools (the CSV's header) and a name in the
user's language for people (the workbook's header, with the codes in its codebook)."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..i18n import code_label

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


def column_name(code: str, help_labels: dict[str, str]) -> str:
    """The name people read for the column `code`; help types by their label in the user's
    language, outcomes by theirs. A column without a name is a mistake a test catches."""
    if code.startswith("help_") and code[len("help_"):] in help_labels:
        return _("Help: %(label)s", label=help_labels[code[len("help_"):]])
    if code.startswith("outcome_"):
        return _("Outcome: %(label)s", label=code_label(code[len("outcome_"):]))
    return str(COLUMN_NAMES[code])
