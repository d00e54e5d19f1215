"""The exceptions services raise when rules are broken; views show them next to the fields."""


class RuleError(ValueError):
    """`field` names the form field the message belongs to (None: the whole form)."""

    def __init__(self, field: str | None, message):
        super().__init__(str(message))
        self.field = field
        self.message = message


class RuleErrors(ValueError):
    """Several broken rules at once, so that a form shows every mistake in one go."""

    def __init__(self, errors: list[RuleError]):
        super().__init__("; ".join(str(error) for error in errors))
        self.errors = errors


def checked(*checks) -> list:
    """Run every check (a callable) and return their results in order; when any rule is
    broken, raise all of them together, not only the first."""
    results, broken = [], []
    for check in checks:
        try:
            results.append(check())
        except RuleError as error:
            results.append(None)
            broken.append(error)
        except RuleErrors as errors:
            results.append(None)
            broken.extend(errors.errors)
    if len(broken) == 1:
        raise broken[0]
    if broken:
        raise RuleErrors(broken)
    return results


def each_error(error: RuleError | RuleErrors) -> list[RuleError]:
    """The broken rules one exception carries."""
    return error.errors if isinstance(error, RuleErrors) else [error]
