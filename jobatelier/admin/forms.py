from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import PasswordInput

from ..forms import CheckboxesField, Form, no_formula, options
from ..i18n import code_label
from ..models import LOCATION_KINDS, ROLES


class LocationForm(Form):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=32)],
                       description=_l("Lower-case letters, digits and hyphens, e.g. lier. "
                                      "It never changes."))
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120), no_formula])
    municipality = StringField(_l("Municipality"),
                               validators=[DataRequired(), Length(max=80), no_formula])
    kind = SelectField(_l("Kind"))
    organisation = StringField(_l("Organisation"),
                               validators=[Optional(), Length(max=120), no_formula])
    visitor_prefix = StringField(
        _l("Visitor code prefix"), validators=[Optional(), Length(max=4)],
        description=_l("2 to 4 characters that start every code issued here. Empty: chosen "
                       "for you."))
    active = BooleanField(_l("Active"), default=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = options((kind, code_label(kind)) for kind in LOCATION_KINDS)


class HelpTypeForm(Form):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=32)],
                       description=_l("Lower-case letters, digits and underscores. It never "
                                      "changes."))
    label_nl = StringField(_l("Label in Dutch"),
                           validators=[DataRequired(), Length(max=120), no_formula])
    label_fr = StringField(_l("Label in French"),
                           validators=[Optional(), Length(max=120), no_formula],
                           description=_l("Empty: French speakers see the Dutch label."))
    label_en = StringField(_l("Label in English"),
                           validators=[Optional(), Length(max=120), no_formula],
                           description=_l("Empty: English speakers see the Dutch label."))
    active = BooleanField(_l("Active (retired types stay on old visits)"), default=True)


class UserForm(Form):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64)],
                           render_kw={"autocomplete": "off"})
    role = SelectField(_l("Role"))
    locations = CheckboxesField(_l("Locations"))
    # An unrelated mistake (a taken username) must not wipe the password typed with it.
    password = PasswordField(
        _l("Password"), validators=[Optional(), Length(max=128)],
        widget=PasswordInput(hide_value=False),
        description=_l("At least 12 characters, not the username. Leave empty to keep it."),
        render_kw={"autocomplete": "new-password"})
    active = BooleanField(_l("Active"), default=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = options((role, code_label(role)) for role in ROLES)
