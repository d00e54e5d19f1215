"""The fixed codes of docs/domain.md, so every export and report means the same thing."""

import re

# Codes' patterns and the limits of free input, defined once: the models, the forms and the
# handover package's schema all read them here.
LOCATION_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{1,31}$")
HELP_TYPE_CODE = re.compile(r"^[a-z0-9][a-z0-9_]{0,31}$")
# Any visitor code the handover format allows (codes made by other systems too).
VISITOR_CODE = re.compile(r"^[a-z0-9-]{1,32}$")
MAX_MINUTES = 600  # a duration in minutes: a visit, a session, a meeting
NOTE_MAX_LENGTH = 500  # a work note

ROLES = ("volunteer", "coordinator", "admin", "coach")
LOCATION_KINDS = ("jobatelier", "infopunt_werk", "jobclub")
POSITIVE_OUTCOMES = ("work", "internship", "training", "study", "referral")
OUTCOMES = (*POSITIVE_OUTCOMES, "stopped", "lost_contact", "other")
CONTRACT_TYPES = ("open_ended", "fixed_term", "temp_agency", "self_employed", "social_economy")
AGE_BANDS = ("lt25", "25_49", "50plus")
GENDERS = ("f", "m", "x")
DUTCH_LEVELS = ("none", "basic", "good", "native")
EDUCATION_LEVELS = ("low", "medium", "high")
UNEMPLOYMENT_DURATIONS = ("lt1y", "1_2y", "gt2y")
# Groups: their kinds and the limits of their figures.
GROUP_KINDS = ("jobclub", "cosearching", "job_search_group", "orientation_group", "workshop",
               "info_session", "other")
GROUP_TITLE_MAX_LENGTH = 80
MAX_GUIDED_WEEKS = 104
MAX_GROUP_CAPACITY = 200
MAX_EXTRA_ATTENDEES = 500
# Trajectories: one coach with one job seeker.
TRAJECTORY_KINDS = ("mentoring", "jobcoaching", "other")
END_REASONS = ("completed", "participant_stopped", "coach_stopped", "mismatch", "moved", "other")
MEETING_PLACES = ("desk", "workplace", "remote", "elsewhere")
MAX_PLANNED_MONTHS = 36
DEFAULT_PLANNED_MONTHS = 6
# The queue: waiting, called (being helped), then served (a visit), left without help, or
# closed at the end of the day still on the list.
TICKET_STATUSES = ("waiting", "called", "served", "left", "closed")
# "Within 6 months" of a first visit, a group's start or a trajectory's end: at most this many
# days after it (docs/domain.md).
SIX_MONTHS_DAYS = 183


def one_of(column: str, values: tuple[str, ...], nullable: bool = False) -> str:
    """SQL for a check constraint that keeps `column` within `values`."""
    listed = ", ".join(f"'{value}'" for value in values)
    check = f"{column} IN ({listed})"
    return f"{column} IS NULL OR {check}" if nullable else check
