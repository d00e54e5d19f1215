"""The privacy guard: free text never holds personal data (docs/domain.md, 'Privacy and
retention')."""

import re

from flask_babel import lazy_gettext as _l

# Every quantifier is bounded and no two overlap, so a search takes time in proportion to the
# text: the unbounded `[^\s@]+\s*@` this replaces tried every start against the whole rest of
# the text (20,000 characters took 10 s). Searching, one character before the "@" finds what
# a whole address before it would; the domain stops at brackets, which no domain holds.
EMAIL = re.compile(r"[^\s@]\s{0,3}(?:@|\(at\)|\[at\])\s{0,3}[^\s@()\[\]]{1,253}\.[a-z]{2}", re.I)
# Belgian phone numbers, national (0..) or international (+32 / 0032), with common separators.
# Digits that run on into a clock time are a date and a time, not a number: on the first nine
# days of a month "05-12-2026 14:30" is a 0 and nine digits (the arrival field, a note's
# appointment) and was refused as a phone number.
PHONE = re.compile(r"(?:(?:\+|\b00)\s?32|\b0)(?:[\s./-]?\d){8,9}\b(?!:\d)")
# Rijksregisternummer: YY.MM.DD-NNN.CC, with or without the punctuation.
NATIONAL_NUMBER = re.compile(r"\b\d{2}\.?\d{2}\.?\d{2}[\s.-]?\d{3}\.?\d{2}\b")

CHECKS = (
    (EMAIL, _l("This looks like an e-mail address. Notes never hold personal data.")),
    (NATIONAL_NUMBER,
     _l("This looks like a national register number. Notes never hold personal data.")),
    (PHONE, _l("This looks like a phone number. Notes never hold personal data.")),
)


def personal_data_problem(text: str | None):
    """Why `text` may not be stored (it looks like personal data), or None when it is fine."""
    for pattern, message in CHECKS:
        if text and pattern.search(text):
            return message
    return None
