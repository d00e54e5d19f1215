"""How large a request body may be: MAX_CONTENT_LENGTH, unless the view the URL leads to
declares a larger limit (the import page). Decided from the URL, which is matched before
anything runs, so the limit holds whoever reads the body first: CSRF protection reads the
form before any view."""

from flask import Request, current_app


def allow_body(setting: str):
    """Decorate a view: its requests may send up to `current_app.config[setting]` bytes."""

    def decorate(view):
        view.body_limit = setting
        return view

    return decorate


class BodyLimitRequest(Request):
    """Flask's request, with the limit of the view it is for."""

    @property
    def max_content_length(self) -> int | None:
        if self._max_content_length is None and self.url_rule is not None:
            view = current_app.view_functions.get(self.url_rule.endpoint)
            setting = getattr(view, "body_limit", None)
            if setting:
                return current_app.config[setting]
        return super().max_content_length

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value
