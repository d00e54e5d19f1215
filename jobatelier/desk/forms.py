from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from ..dates import MomentTextField
from ..forms import (
    CheckboxesField,
    Form,
    duration_field,
    no_formula,
    no_personal_data,
    options,
)
from ..models import NOTE_MAX_LENGTH
from ..timeutil import local_now

# The three ways in of a new visit.
CARD, NEW, ONE_OFF = "card", "new", "one_off"


class VisitFieldsForm(Form):
    """What every visit has: help given, arrival, duration and a short note."""

    help_types = CheckboxesField(_l("Help given"))
    arrived_at = MomentTextField(
        _l("Arrived at"), default=local_now,
        validators=[InputRequired(_l("Give the date and time of arrival."))],
        description=_l("Day-month-year hours:minutes. Now, unless you enter the visit later."),
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
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
    """A new visit: who it is, said out loud (a forgotten tick must not silently make a
    one-off visit without a card), then the visit's fields."""

    way_in = RadioField(
        _l("Who came?"), default=CARD,
        choices=options([(CARD, _l("A visitor with a card")),
                         (NEW, _l("A new visitor: give them a card")),
                         (ONE_OFF, _l("Only this once, without a card"))]),
    )
    visitor_code = StringField(
        _l("Code on the card"), validators=[Length(max=40)],
        description=_l("Capitals, spaces and hyphens do not matter."),
        render_kw={"autofocus": True, "autocomplete": "off", "autocapitalize": "characters",
                   "spellcheck": "false"},
    )

    # The queue ticket this visit closes (the form's own copy of `?ticket=`).
    ticket = HiddenField()

    def validate_visitor_code(self, field):
        typed = (field.data or "").strip()
        if self.way_in.data == CARD and not typed:
            raise ValidationError(_l(
                "Type the code on the card, or choose a new visitor or a visit without a card."))
        if self.way_in.data != CARD and typed:
            raise ValidationError(_l(
                "Clear the code, or choose \"a visitor with a card\"."))

    def __iter__(self):
        """The fields in the order the page shows them (who came first), so that the summary
        of mistakes lists them as the volunteer reads the form."""
        first = (self.way_in, self.visitor_code)
        return iter([*first, *(field for field in super().__iter__() if field not in first)])

    @property
    def card_code(self) -> str | None:
        """The code typed for a visitor with a card; None for the other two ways in."""
        return self.visitor_code.data if self.way_in.data == CARD else None

    @property
    def new_visitor(self) -> bool:
        return self.way_in.data == NEW


class EditVisitForm(VisitFieldsForm):
    version = HiddenField()


class PickLocationForm(Form):
    location = SelectField(_l("Location"), coerce=int)


class DayForm(Form):
    """Which day the desk page shows (a GET: today when none or a wrong one is asked)."""

    class Meta:
        csrf = False

    day = DateField(_l("Day"), validators=[Optional()])
