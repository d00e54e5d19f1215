"""What each figure of the yearly report means, as the page and the workbook print them."""

from flask_babel import gettext as _

from .queue import definitions as queue_definitions


def definitions():
    """The definitions of docs/domain.md, as the page and the workbook print them."""
    return [
        (_("Unique visitors"), _("Distinct visitor codes with at least one visit at these "
                                 "locations in the year; a one-off visit without a code counts "
                                 "as one visitor of its own.")),
        (_("New visitors"), _("Visitors whose first visit ever falls in the year.")),
        (_("Returning visitors"), _("Unique visitors who had come before the year.")),
        (_("Visits"), _("Visits at these locations in the year.")),
        (_("Positive outcome rate"), _("Among the unique visitors of the year, the share whose "
                                       "latest outcome recorded on or before 31 December is "
                                       "positive (work, internship, training, study or "
                                       "referral). Later outcomes do not change a past year.")),
        (_("Positive rate of known outcomes"), _("The same, among the visitors with an outcome "
                                                 "recorded on or before 31 December.")),
        (_("Within 6 months"), _("Visitors of the year who found work (or started a training) "
                                 "at most 183 days after their first visit.")),
        (_("Reached"), _("Everyone helped in the year at these locations, each once: the "
                         "distinct visitor codes with a visit, a presence at a held group "
                         "session or a trajectory meeting, plus each one-off visit and each "
                         "attendee of a session without a code. \"In more than one way\": "
                         "visitors with a code who used two or three of these ways of help at any "
                         "of the chosen locations (for a location: of those reached there).")),
        (_("Groups"), _("Sessions held and cancelled in the year of the groups at these "
                        "locations; participants: distinct visitor codes present at a held "
                        "session in the year; attendees without a code: the sum of the "
                        "sessions' headcounts. Attendance rate: present marks divided by the "
                        "participants enrolled on each held session's date.")),
        (_("Groups that started in the year"), _(
            "The participants of the groups that started in the year (not cancelled as a "
            "whole), each once, with an outcome of work, training or any positive outcome "
            "recorded from the group's start to 183 days after it; no outcome known: nothing "
            "recorded in that window.")),
        (_("Trajectories"), _("Started and ended (by end reason) in the year; running on 31 "
                              "December: started by then and not ended by then; meetings in "
                              "the year.")),
        (_("Result of a trajectory"), _(
            "For the trajectories that ended in the year: the coachee's latest outcome recorded "
            "from the trajectory's start to 183 days after its end (as far as recorded). "
            "Positive the way mentoring programmes count: work, internship, training or "
            "study; the way the desk counts, referral included. Each as a share of all ended "
            "trajectories and of the completed ones.")),
        *queue_definitions(),
        (_("Small counts"), _("Counts from 1 to k-1 are shown as \"< k\", and so are other "
                              "counts, chosen so that no hidden count can be worked out from "
                              "the published counts and totals, not even to within fewer than "
                              "k values.")),
    ]


def cohort_rows():
    """The rows of the table of the groups that started in the year: (figure, label)."""
    return [("groups", _("Groups")), ("participants", _("Participants")),
            ("work", _("Found work within 6 months")),
            ("training", _("Started a training within 6 months")),
            ("positive", _("Positive outcome within 6 months")),
            ("unknown", _("No outcome known"))]


def result_tables():
    """The tables of trajectories' results: (among, their count's figure, its label, title)."""
    return [("all", ("trajectories", "ended"), _("Ended"),
             _("Result of the trajectories that ended in the year")),
            ("completed", ("trajectories", "ended", "completed"), _("Completed"),
             _("Result of the completed trajectories that ended in the year"))]


def result_rows():
    """The rows of a table of trajectories' results: (figure, label)."""
    return [("work", _("Found work")),
            ("positive_strict", _("Positive: work, internship, training or study")),
            ("positive", _("Positive, referral included")),
            ("unknown", _("No result known"))]
