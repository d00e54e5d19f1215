from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField
from wtforms.validators import InputRequired

from ..forms import Form


class YearForm(Form):
    """The report's question, read from the address (a GET form: bookmarks work)."""

    class Meta:
        csrf = False

    year = IntegerField(_l("Year"), validators=[InputRequired(_l("Choose a year."))])
    raw = BooleanField(_l("Show small counts (for internal use only)"))
