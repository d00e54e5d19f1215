"""Headers for a shared PC: no cached pages of a session, no inline code, no framing."""

import re

from support import log_in


def test_every_response_carries_the_protective_headers(client):
    response = client.get("/login")
    policy = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    for directive in ("frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"):
        assert directive in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_pages_of_a_session_are_never_cached_and_logout_clears_the_browser(as_volunteer):
    assert as_volunteer.get("/desk").headers["Cache-Control"] == "no-store"
    response = as_volunteer.post("/logout")
    assert "cache" in response.headers["Clear-Site-Data"]
    assert response.headers["Cache-Control"] == "no-store"


def test_pages_have_no_inline_scripts_or_styles(as_volunteer):
    for url in ("/desk", "/visits/new"):
        page = as_volunteer.get(url).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", page)
        assert "style=" not in page and "<style" not in page


def test_the_session_cookie_is_secure_over_https_and_never_readable_by_scripts(client,
                                                                            volunteer):
    response = log_in(client, volunteer, base_url="https://desk.example")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Strict-Transport-Security" in response.headers
    plain = log_in(client, volunteer)
    assert "Secure" not in plain.headers["Set-Cookie"]


def test_the_admin_settings_show_the_session_timeouts(as_admin):
    page = as_admin.get("/admin/").get_data(as_text=True)
    assert "Time-out bij inactiviteit" in page and "15 minuten" in page and "8 uur" in page


def test_request_bodies_are_capped(as_volunteer):
    response = as_volunteer.post("/visits/new", data={"note": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert "Te groot" in response.get_data(as_text=True)
