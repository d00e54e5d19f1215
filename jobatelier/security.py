"""Response headers for a shared PC at a public desk: nothing of a logged-in page stays in
the browser's cache, nothing loads from elsewhere, and no page can be framed."""

from flask import Flask, request
from flask_login import current_user

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def init_app(app: Flask) -> None:
    @app.after_request
    def protect(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        if request.is_secure:
            response.headers["Strict-Transport-Security"] = "max-age=31536000"
        if current_user.is_authenticated or request.endpoint == "auth.logout":
            # The back button after logout must show nothing: no page of a session is kept.
            response.headers["Cache-Control"] = "no-store"
        return response
