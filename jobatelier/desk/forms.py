from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional

from ..forms import CheckboxesField, Form, duration_field, no_formula, no_personal_data
from ..models import NOTE_MAX_LENGTH
from ..timeutil import local_now


class VisitFieldsForm(Form):
    """What every visit has: help given, arrival, duration and a short note."""

    help_types = CheckboxesField(_l("Help given"))
    arrived_at = DateTimeLocalField(
        _l("Arrived at"), format="%Y-%m-%dT%H:%M", default=local_now,
        validators=[InputRequired(_l("Give the date and time of arrival."))],
        description=_l("Now, unless you enter the visit later."),
    )
    duration_minutes = duration_field()
    note = TextAreaField(
        _l("Short note"),
        validators=[Optional(), Length(max=NOTE_MAX_LENGTH, message=_l(
            "At most %(most)d characters.", most=NOTE_MAX_LENGTH)), no_personal_data, no_formula],
        description=_l("A work note only: never a name, phone number or other personal data."),
        render_kw={"rows": 2, "maxlength": NOTE_MAX_LENGTH},
    )


class NewVisitForm(VisitFieldsForm):
    visitor_code = StringField(
        _l("Visitor code"), validators=[Optional(), Length(max=40)],
        description=_l("The code on the visitor's card. Leave empty for a new visitor or a "
                       "one-off visit."),
        render_kw={"autofocus": True, "autocomplete": "off", "autocapitalize": "characters",
                   "spellcheck": "false"},
    )
    new_visitor = BooleanField(_l("New visitor: issue a code"))


class EditVisitForm(VisitFieldsForm):
    version = HiddenField()


class PickLocationForm(Form):
    location = SelectField(_l("Location"), coerce=int)
