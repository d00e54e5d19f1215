from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField
from wtforms.validators import InputRequired

from ..forms import CheckboxesField, Form


class YearForm(Form):
    """The report's question, read from the address (a GET form: bookmarks work). The view
    fills in the locations the user may choose from."""

    class Meta:
        csrf = False

    year = IntegerField(_l("Year"), validators=[InputRequired(_l("Choose a year."))])
    location = CheckboxesField(_l("Locations"),
                               description=_l("None ticked: all your locations."))
    raw = BooleanField(_l("Show small counts (for internal use only)"))
