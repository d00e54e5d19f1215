"""Response headers for a shared PC at a public desk: nothing of a logged-in page stays in
the browser's cache, nothing loads from elsewhere, and no page can be framed."""

from flask import Flask, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


class SessionCookies(SecureCookieSessionInterface):
    """The session cookie is Secure whenever the page is served over HTTPS (behind a proxy:
    with X-Forwarded-Proto passed on), without a setting to forget. Its signing serializer is
    made once for the app's keys, not twice in every request (reading and writing the cookie)."""

    def __init__(self):
        self._serializers = {}

    def get_cookie_secure(self, app) -> bool:
        return super().get_cookie_secure(app) or (has_request_context() and request.is_secure)

    def get_signing_serializer(self, app):
        keys = (app.secret_key, *(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        if keys not in self._serializers:
            self._serializers[keys] = super().get_signing_serializer(app)
        return self._serializers[keys]


def init_app(app: Flask) -> None:
    app.session_interface = SessionCookies()

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
