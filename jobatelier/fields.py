"""Form pieces shared by several blueprints."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectMultipleField
from wtforms.validators import NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from .privacy import personal_data_problem


class CheckboxesField(SelectMultipleField):
    """A list of large checkboxes; the choices are filled in by the view."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        for value in self.data or []:
            if value not in {choice[0] for choice in self.choices}:
                raise ValidationError(_l("Choose from the list."))


def no_personal_data(_form, field):
    """WTForms validator: the privacy guard on free text."""
    problem = personal_data_problem(field.data)
    if problem:
        raise ValidationError(problem)


def duration_field():
    return IntegerField(
        _l("Duration (minutes)"),
        validators=[Optional(), NumberRange(0, 600, _l("Between 0 and 600 minutes."))],
        render_kw={"min": 0, "max": 600, "inputmode": "numeric"},
    )


class ConfirmForm(FlaskForm):
    """A button that changes something: only the CSRF token, and the version it saw."""

    version = HiddenField()


def version_of(form) -> int | None:
    """The version a correction form was opened at, or None when it was tampered with."""
    try:
        return int(form.version.data)
    except (TypeError, ValueError):
        return None


def show_rule_error(form, error) -> None:
    """Put a service's RuleError next to its field (or above the form)."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)
