from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import InputRequired, Length

from ..dates import DateTextField
from ..forms import Form, options
from ..i18n import code_label
from ..models import CONTRACT_TYPES, OUTCOMES
from ..timeutil import local_today


class OutcomeForm(Form):
    outcome = SelectField(_l("Outcome"), validators=[InputRequired(_l("Choose an outcome."))])
    contract_type = SelectField(_l("Contract type"), default="",
                                description=_l("Only for found work."))
    recorded_on = DateTextField(
        _l("Date"), default=local_today,
        validators=[InputRequired(_l("Give the date, e.g. 29-11-2026."))],
        description=_l("Day-month-year: when it happened or when you heard of it."),
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    version = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Labels are translated per request, so the choices are built here, not at import.
        self.outcome.choices = options([("", "")] + [(code, code_label(code)) for code in OUTCOMES])
        self.contract_type.choices = options([("", _l("Unknown or not applicable"))] + [
            (code, code_label(code)) for code in CONTRACT_TYPES
        ])


class LookupForm(Form):
    """The look-up on every desk page: a visitor's code, typed as on the card (a GET: it
    changes nothing, so it carries no CSRF token)."""

    class Meta:
        csrf = False

    visitor_code = StringField(
        _l("Look up a visitor"),
        validators=[InputRequired(_l("Type the code on the visitor's card.")), Length(max=40)],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false",
                   "placeholder": _l("Code on the card")},
    )
