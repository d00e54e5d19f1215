"""The forms' base: the form every form derives from, and the pieces several forms share."""

import functools

from babel import support
from flask import current_app, has_request_context, request
from flask_babel import LazyString, get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.csrf import _FlaskFormCSRF
from wtforms import HiddenField, IntegerField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.i18n import messages_path
from wtforms.validators import NumberRange, Optional, StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from . import pending
from .errors import each_error
from .freetext import CONTROL_CHARACTERS, FORMULA_MESSAGE, starts_like_formula
from .models import MAX_MINUTES
from .privacy import personal_data_problem


def strip_control_characters(value):
    """Control and text-direction characters (freetext.CONTROL_CHARACTERS) never reach a
    service."""
    if isinstance(value, str):
        return CONTROL_CHARACTERS.sub("", value)
    if isinstance(value, list):
        return [strip_control_characters(item) for item in value]
    return value


class FirstFailure:
    """A validator whose failure ends the field's checks: the ones after it (the note's
    personal-data guard after its length) never see text that is already refused."""

    def __init__(self, validator):
        self.validator = validator
        self.field_flags = getattr(validator, "field_flags", {})  # required, maxlength...

    def __call__(self, form, field):
        try:
            self.validator(form, field)
        except ValidationError as error:
            raise StopValidation(*error.args) from None


class TokenSignedWhenShown(_FlaskFormCSRF):
    """Flask-WTF's CSRF protection, unchanged, except that the page's token is signed when the
    page shows it: a form that is posted, saved and answered with a redirect (the desk's new
    visit) never shows it, and signing it was among the form's costliest steps."""

    def generate_csrf_token(self, csrf_token_field):
        return LazyString(super().generate_csrf_token, csrf_token_field)


class Form(FlaskForm):
    """The base of every form: CSRF from Flask-WTF, clean text in every field, one problem
    per field (the first its validators find), and what was typed before a session timed
    out back in the form when its user opens it again."""

    def __init__(self, *args, **kwargs):
        self.restored = False  # filled with what was typed before a timeout
        if not args and "formdata" not in kwargs and has_request_context() \
                and request.method == "GET":
            typed = pending.take(request.path)
            if typed is not None:
                kwargs["formdata"], self.restored = typed, True
        super().__init__(*args, **kwargs)

    def first_shown(self) -> bool:
        """Shown for the first time: neither posted nor filled with what was typed before a
        timeout (whose version and choices must stay the ones it was opened with)."""
        return not self.is_submitted() and not self.restored

    class Meta:
        csrf_class = TokenSignedWhenShown

        def get_translations(self, form):
            """WTForms' own messages in the request's language, read from their catalogue
            once per worker and language (Flask-WTF parses it again in every request)."""
            if not has_request_context() or not current_app.config.get("WTF_I18N_ENABLED",
                                                                        True):
                return super().get_translations(form)
            return _wtforms_translations(str(get_locale()))

        def bind_field(self, form, unbound_field, options):
            filters, validators = _checks_of(unbound_field)
            return unbound_field.bind(form=form, **{**options, "filters": filters,
                                                    "validators": validators})


@functools.cache
def _checks_of(unbound_field) -> tuple[tuple, tuple]:
    """A field's filters and validators as every form binds them: made once per field of a
    form class (they hold no state of a request), not again for each form."""
    filters = (*unbound_field.kwargs.get("filters", ()), strip_control_characters)
    validators = tuple(FirstFailure(validator)
                       for validator in unbound_field.kwargs.get("validators", ()))
    return filters, validators


@functools.cache
def _wtforms_translations(locale: str) -> support.Translations:
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class CheckboxesField(SelectMultipleField):
    """A list of large checkboxes; the choices are filled in by the view."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        for value in self.data or []:
            if value not in {choice.value for choice in self.choices}:
                raise ValidationError(_l("Choose from the list."))


def options(pairs) -> list[SelectChoice]:
    """Choices for a select or checkbox field from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def no_personal_data(_form, field):
    """WTForms validator: the privacy guard on free text."""
    problem = personal_data_problem(field.data)
    if problem:
        raise ValidationError(problem)


def no_formula(_form, field):
    """WTForms validator: text that a spreadsheet opening an export would run as a formula."""
    if starts_like_formula(field.data):
        raise ValidationError(FORMULA_MESSAGE)


def duration_field():
    return IntegerField(
        _l("Duration (minutes)"),
        validators=[Optional(), NumberRange(0, MAX_MINUTES, _l(
            "Between 0 and %(most)d minutes.", most=MAX_MINUTES))],
        render_kw={"min": 0, "max": MAX_MINUTES, "inputmode": "numeric"},
    )


class ConfirmForm(Form):
    """A button that changes something: only the CSRF token, and the version it saw."""

    version = HiddenField()


def version_of(form) -> int | None:
    """The version a correction form was opened at, or None when it was tampered with."""
    try:
        return int(form.version.data)
    except (TypeError, ValueError):
        return None


def readable(form, *names) -> dict:
    """The data of the named fields that passed the form's own checks (None for the others),
    keyed as the services name them, for checking a form that has mistakes of its own."""
    keys = {"help_types": "help_type_codes"}
    return {keys.get(name, name): None if form[name].errors else form[name].data
            for name in names}


def show_rule_error(form, error) -> None:
    """Put a service's broken rules (a RuleError or RuleErrors) next to their fields, or above
    the form; a field the form already found wrong keeps its own, first message."""
    for each in each_error(error):
        field = getattr(form, each.field, None) if each.field else None
        if field is None:
            form.form_errors.append(each.message)
        elif not field.errors:
            field.errors = [*field.errors, each.message]
