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
        *queue_definitions(),
        (_("Small counts"), _("Counts from 1 to k-1 are shown as \"< k\", and so are other "
                              "counts, chosen so that no hidden count can be worked out from "
                              "the published counts and totals, not even to within fewer than "
                              "k values.")),
    ]
