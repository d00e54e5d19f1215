"""Date and time fields that look the same whatever the browser's language.

The browser's own date widgets follow the browser, not the page: a Dutch page on an
English-language PC showed `11/29/2026, 09:26 PM`. These are plain text fields written the
Belgian way (`29-11-2026 14:30`, 24 hours) that read what a volunteer may type: `29/11/2026`,
`29.11.26`, `2026-11-29`, a time as `14:30`, `14.30`, `14u30` or `1430`.
"""

import re
from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from wtforms import StringField

DATE_FORMAT = "%d-%m-%Y"
TIME_FORMAT = "%H:%M"
DAY_FIRST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$")
YEAR_FIRST = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
CLOCK = re.compile(r"^(\d{1,2})(?:[:.hu]?(\d{2}))?$")


def read_date(text: str) -> date | None:
    """The date in `text` (day first, or ISO), or None when it is not one."""
    text = text.strip()
    if found := DAY_FIRST.match(text):
        day, month, year = (int(part) for part in found.groups())
        year += 2000 if year < 100 else 0
    elif found := YEAR_FIRST.match(text):
        year, month, day = (int(part) for part in found.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def read_time(text: str) -> time | None:
    """The time of day in `text` (24 hours), or None when it is not one."""
    found = CLOCK.match(text.strip().lower())
    if not found:
        return None
    hours, minutes = int(found.group(1)), int(found.group(2) or 0)
    return time(hours, minutes) if hours < 24 and minutes < 60 else None


def read_moment(text: str) -> datetime | None:
    """A date and a time (`29-11-2026 14:30`, or ISO's `2026-11-29T14:30`), or None."""
    parts = re.split(r"[\sT]+", text.strip(), maxsplit=1)
    if len(parts) != 2:
        return None
    day, clock = read_date(parts[0]), read_time(parts[1])
    return datetime.combine(day, clock) if day and clock else None


class _TypedField(StringField):
    """A text field holding a value that is read from, and written as, text."""

    read = None
    write_format = ""
    message = ""

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return self.data.strftime(self.write_format) if self.data else ""

    def process_formdata(self, valuelist):
        self.data = None
        if not valuelist:
            return
        if not valuelist[0].strip():
            self.raw_data = [""]  # blanks are nothing typed, as InputRequired should see it
            return
        self.data = type(self).read(valuelist[0])
        if self.data is None:
            raise ValueError(self.message)


class DateTextField(_TypedField):
    """A day, written `29-11-2026`."""

    read = staticmethod(read_date)
    write_format = DATE_FORMAT
    message = _l("Give the date as day-month-year, e.g. 29-11-2026.")


class MomentTextField(_TypedField):
    """A day and a time, written `29-11-2026 14:30`."""

    read = staticmethod(read_moment)
    write_format = f"{DATE_FORMAT} {TIME_FORMAT}"
    message = _l("Give the date and time as day-month-year hours:minutes, "
                 "e.g. 29-11-2026 14:30.")
