from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from ..dates import DateTextField, MomentTextField
from ..forms import (
    CheckboxesField,
    Form,
    duration_field,
    no_formula,
    no_personal_data,
    options,
)
from ..i18n import code_label
from ..models import (
    GROUP_KINDS,
    GROUP_TITLE_MAX_LENGTH,
    MAX_EXTRA_ATTENDEES,
    MAX_GROUP_CAPACITY,
    MAX_GUIDED_WEEKS,
)
from ..timeutil import local_now, local_today

NUMERIC = {"inputmode": "numeric", "autocomplete": "off"}


def count_field(label, least: int, most: int, message, description=None, **kwargs):
    """An optional whole number from `least` to `most`."""
    return IntegerField(label, validators=[Optional(), NumberRange(least, most, message)],
                        description=description,
                        render_kw={**NUMERIC, "min": least, "max": most}, **kwargs)


class GroupForm(Form):
    kind = SelectField(_l("Kind of group"))
    title = StringField(
        _l("Title"),
        validators=[InputRequired(_l("Give the group a title.")),
                    Length(max=GROUP_TITLE_MAX_LENGTH, message=_l(
                        "At most %(most)d characters.", most=GROUP_TITLE_MAX_LENGTH)),
                    no_formula, no_personal_data],
        description=_l("What the group is about, e.g. \"Jobclub autumn\": never a person's name."),
        render_kw={"maxlength": GROUP_TITLE_MAX_LENGTH, "autocomplete": "off"},
    )
    starts_on = DateTextField(
        _l("Starts on"), default=local_today,
        validators=[InputRequired(_l("Give the date the group starts."))],
        description=_l("Day-month-year."), render_kw=NUMERIC,
    )
    guided_weeks = count_field(_l("Guided weeks"), 0, MAX_GUIDED_WEEKS,
                               _l("Between 0 and %(most)d weeks.", most=MAX_GUIDED_WEEKS),
                               _l("Optional: how many weeks the group is guided."))
    capacity = count_field(_l("Places"), 1, MAX_GROUP_CAPACITY,
                           _l("Between 1 and %(most)d participants.", most=MAX_GROUP_CAPACITY),
                           _l("Optional: the most participants at once."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Labels are translated per request, so the choices are built here, not at import.
        self.kind.choices = options((kind, code_label(kind)) for kind in GROUP_KINDS)


class EditGroupForm(GroupForm):
    # Shown only for a cancelled group: cancelling has a confirmation page of its own.
    reopen = BooleanField(_l("Reopen the group: it was cancelled by mistake"))
    version = HiddenField()


class MemberForm(Form):
    visitor_code = StringField(
        _l("Code on the card"), validators=[Length(max=40)],
        description=_l("Capitals, spaces and hyphens do not matter."),
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )
    new_visitor = BooleanField(_l("A new visitor: give them a card"))
    joined_on = DateTextField(
        _l("Joined on"), default=local_today,
        validators=[InputRequired(_l("Give the date the participant joined."))],
        render_kw=NUMERIC,
    )

    def validate_visitor_code(self, field):
        typed = (field.data or "").strip()
        if not typed and not self.new_visitor.data:
            raise ValidationError(_l("Type the code on the card, or tick a new visitor."))
        if typed and self.new_visitor.data:
            raise ValidationError(_l("Clear the code, or untick a new visitor."))


class LeaveForm(Form):
    left_on = DateTextField(
        _l("Left on"), default=local_today,
        validators=[InputRequired(_l("Give the participant's last day in the group."))],
        render_kw=NUMERIC,
    )


class EditMemberForm(Form):
    joined_on = DateTextField(
        _l("Joined on"), validators=[InputRequired(_l("Give the date the participant joined."))],
        render_kw=NUMERIC)
    left_on = DateTextField(
        _l("Left on"), validators=[Optional()],
        description=_l("Empty while they are still a participant."), render_kw=NUMERIC)
    version = HiddenField()


class PresentField(CheckboxesField):
    """One checkbox per participant. A code that is none (posted by a script) is left to the
    session's rules, which name every code that is no participant on the session's date."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.type = "CheckboxesField"  # the templates render it as the checkboxes it is

    def pre_validate(self, form):
        pass


class SessionForm(Form):
    starts_at = MomentTextField(
        _l("Started at"), default=local_now,
        validators=[InputRequired(_l("Give the date and time of the session."))],
        description=_l("Day-month-year hours:minutes."), render_kw=NUMERIC,
    )
    duration_minutes = duration_field()
    guided = BooleanField(_l("Guided by a volunteer or staff member"), default=True)
    topic = SelectField(_l("Topic"), validators=[Optional()])
    present = PresentField(_l("Present"), description=_l(
        "Tick every participant who came. Space ticks, Enter saves."))
    extra_attendees = count_field(
        _l("Others present without a card"), 0, MAX_EXTRA_ATTENDEES,
        _l("Between 0 and %(most)d people.", most=MAX_EXTRA_ATTENDEES), default=0)
    cancelled = BooleanField(_l("The session was cancelled"))


class EditSessionForm(SessionForm):
    version = HiddenField()
