"""The one way a view carries out a change: run the service, say it worked, or show why not."""

from dataclasses import dataclass

from flask import flash, redirect, render_template, request

from .errors import RuleError, RuleErrors, each_error
from .extensions import db
from .forms import ConfirmForm, show_rule_error, version_of


@dataclass
class Attempt:
    """What came of a change: truthy when it was made; `value` is what the service returned."""

    made: bool
    value: object = None

    def __bool__(self) -> bool:
        return self.made


def carry_out(change, *, success=None, form=None) -> Attempt:
    """Run `change()`; on success flash `success` (if any). A broken rule rolls back, so that
    nothing is half-saved, and goes next to its field in `form`, or, for a form that is not
    shown again (a delete button), into a flashed message."""
    try:
        value = change()
    except (RuleError, RuleErrors) as error:
        db.session.rollback()
        if form is None:
            for each in each_error(error):
                flash(str(each.message), "error")
        else:
            show_rule_error(form, error)
        return Attempt(False)
    if success is not None:
        flash(success, "success")
    return Attempt(True, value)


def confirm_then(row, *, title, shown, back, done, change, success, refused=None,
                 template="confirm_delete.html"):
    """A delete (or cancel) asked first on a page of its own that shows what will go, with
    the version the page showed; the confirmed POST makes `change(version)` and goes to
    `done`, or, when a rule refuses it, to `refused` (by default `back`, the cancel link)."""
    form = ConfirmForm()
    if not form.validate_on_submit():
        form.version.data = row.version
        return render_template(template, title=title, form=form, shown=shown(),
                               action=request.path, cancel=back)
    if not carry_out(lambda: change(version_of(form)), success=success):
        return redirect(refused or back)
    return redirect(done)
