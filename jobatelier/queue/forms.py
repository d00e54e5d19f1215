"""The queue's forms: joining it, and the buttons on a ticket."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import Length

from ..forms import CheckboxesField, Form


class JoinForm(Form):
    """Someone joins the queue: the code on their card if they have one, and optionally the
    help they came for."""

    visitor_code = StringField(
        _l("Code on the card"), validators=[Length(max=40)],
        description=_l("Empty when they have no card. Capitals, spaces and hyphens do not "
                       "matter."),
        render_kw={"autocomplete": "off", "autocapitalize": "characters",
                   "spellcheck": "false"},
    )
    help_types = CheckboxesField(_l("Help they came for (if they said)"))


class TicketForm(Form):
    """A button on a ticket (call, left, back in the queue): only the CSRF token."""
