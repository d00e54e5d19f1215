from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, IntegerField, SelectField
from wtforms.validators import InputRequired, NumberRange, Optional

from ..dates import DateTextField
from ..desk.forms import VisitFieldsForm
from ..forms import Form, duration_field, options
from ..groups.forms import MemberForm
from ..i18n import code_label
from ..models.codes import (
    DEFAULT_PLANNED_MONTHS,
    END_REASONS,
    MAX_PLANNED_MONTHS,
    MEETING_PLACES,
    TRAJECTORY_KINDS,
)
from ..timeutil import local_today

NUMERIC = {"inputmode": "numeric", "autocomplete": "off"}


def _ended_on(required: bool):
    validators = [InputRequired(_l("Give the date the trajectory ended."))] if required \
        else [Optional()]
    return DateTextField(_l("Ended on"), default=local_today if required else None,
                         validators=validators, description=_l("Day-month-year."),
                         render_kw=NUMERIC)


class TrajectoryFieldsForm(Form):
    """What every trajectory has: its kind, its coach, its start and planned length. The
    coach's list holds the coach accounts; the service refuses any other username."""

    kind = SelectField(_l("Kind of trajectory"))
    coach = SelectField(_l("Coach"), validate_choice=False,
                        validators=[InputRequired(_l("Choose the coach."))])
    starts_on = DateTextField(
        _l("Starts on"), default=local_today,
        validators=[InputRequired(_l("Give the date the trajectory starts."))],
        description=_l("Day-month-year."), render_kw=NUMERIC,
    )
    planned_months = IntegerField(
        _l("Planned months"), default=DEFAULT_PLANNED_MONTHS,
        validators=[InputRequired(_l("Give the planned length in months.")),
                    NumberRange(1, MAX_PLANNED_MONTHS, _l("Between 1 and %(most)d months.",
                                                          most=MAX_PLANNED_MONTHS))],
        render_kw={**NUMERIC, "min": 1, "max": MAX_PLANNED_MONTHS},
    )

    def __init__(self, *args, coaches=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Labels are translated per request, so the choices are built here, not at import.
        self.kind.choices = options((kind, code_label(kind)) for kind in TRAJECTORY_KINDS)
        self.coach.choices = options([("", ""), *coaches])


class NewTrajectoryForm(TrajectoryFieldsForm):
    # The coachee, as a group's participant: a code on a card, or a new visitor's card.
    visitor_code = MemberForm.visitor_code
    new_visitor = MemberForm.new_visitor
    validate_visitor_code = MemberForm.validate_visitor_code


def _reason_choices(blank):
    return options([("", blank), *((reason, code_label(reason)) for reason in END_REASONS)])


class EditTrajectoryForm(TrajectoryFieldsForm):
    ended_on = _ended_on(required=False)
    end_reason = SelectField(_l("End reason"), default="", validators=[Optional()],
                             description=_l("How it ended, not its result: the result is the "
                                            "coachee's outcome."))
    version = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.end_reason.choices = _reason_choices(_l("Still running"))


class EndForm(Form):
    ended_on = _ended_on(required=True)
    end_reason = SelectField(_l("End reason"), validators=[InputRequired(_l(
        "Choose why the trajectory ended."))], description=_l(
        "How it ended, not its result: the result is the coachee's outcome."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.end_reason.choices = _reason_choices("")


class MeetingForm(Form):
    met_on = DateTextField(
        _l("Met on"), default=local_today,
        validators=[InputRequired(_l("Give the date of the meeting."))],
        description=_l("Day-month-year."), render_kw=NUMERIC,
    )
    duration_minutes = duration_field()
    place = SelectField(_l("Place"), default="desk")
    note = VisitFieldsForm.note  # the visits' note, under the same personal-data guard
    version = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.place.choices = options((place, code_label(place)) for place in MEETING_PLACES)
