from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, SelectField

from ..forms import CheckboxesField, Form, options


class ExportForm(Form):
    locations = CheckboxesField(_l("Locations"), description=_l("None ticked: all your locations."))
    with_notes = BooleanField(_l("Include the work notes of the visits"))
    format = SelectField(_l("Format"), default="zip")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.format.choices = options([
            ("zip", _l("Handover package (ZIP with CSV files, for the VDAB or another instance)")),
            ("xlsx", _l("Excel workbook (for people)")),
        ])


class ImportForm(Form):
    package = FileField(_l("Handover package (.zip)"),
                        validators=[FileRequired(_l("Choose the .zip file."))])
    overwrite = BooleanField(_l("Replace rows that differ here (otherwise the import stops)"))


class ConfirmImportForm(Form):
    token = HiddenField()
    overwrite = HiddenField()
