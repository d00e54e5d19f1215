"""The one exception services raise when a rule is broken; views show it next to the field."""


class RuleError(ValueError):
    """`field` names the form field the message belongs to (None: the whole form)."""

    def __init__(self, field: str | None, message):
        super().__init__(str(message))
        self.field = field
        self.message = message
