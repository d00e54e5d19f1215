"""The idle timeout in a real browser (issue 21): the warning before it, "Aangemeld blijven",
and a visit saved after it, which comes back to its own user only.

The warning is the page's own timer: the tests move the browser's clock (page.clock). The
session's end is the server's clock, which no test moves: the desks below wait for it on an
instance whose sessions end after one minute, all together, once for the module."""

import re

import pytest
from browser_support import (
    axe_violations_at_each_size,
    log_in,
    show_the_timeout_warning,
)
from live import gunicorn, prepare, session_is_live, wait_for
from playwright.sync_api import expect

IDLE_MINUTES = 1
NOTE = "Vacatures magazijn bekeken"


def test_the_warning_takes_the_focus_and_stay_logged_in_keeps_the_page(
        page, login, live_server):
    login("vera")
    warning = show_the_timeout_warning(page, live_server, note=NOTE)
    stay = warning.get_by_role("button", name="Aangemeld blijven")
    expect(stay).to_be_focused()  # the warning's one action, ready for Enter
    expect(warning).to_contain_text("Na 15 minuten zonder activiteit word je afgemeld")
    with page.expect_response(re.compile(r"/session/keep-alive$")) as kept:
        page.keyboard.press("Enter")
    assert (kept.value.request.method, kept.value.status) == ("POST", 204)
    expect(warning).to_be_hidden()
    expect(page).to_have_url(f"{live_server}/visits/new")  # no reload: what was typed stays
    expect(page.locator("textarea[name=note]")).to_have_value(NOTE)
    expect(page.locator("textarea[name=note]")).to_be_focused()  # back where it was typed
    # The timer starts again from "Aangemeld blijven".
    page.clock.run_for("12:50")
    expect(warning).to_be_hidden()
    page.clock.run_for("00:20")
    expect(warning).to_be_visible()


@pytest.fixture(scope="module")
def short_idle_server(tmp_path_factory):
    """An instance whose sessions end after IDLE_MINUTES without a request."""
    env = prepare(tmp_path_factory.mktemp("short-idle"), {
        "vera": ("volunteer", ["demo"]), "otto": ("volunteer", ["demo"])})
    with gunicorn({**env, "JOBATELIER_SESSION_IDLE_MINUTES": str(IDLE_MINUTES)}) as (url, _):
        yield url


def test_with_a_short_idle_time_the_warning_comes_half_way(page, short_idle_server):
    log_in(page, short_idle_server, "otto")
    warning = show_the_timeout_warning(page, short_idle_server, quiet_for="00:29")
    expect(warning.get_by_role("button", name="Aangemeld blijven")).to_be_focused()
    expect(warning).to_contain_text(re.compile(rf"Na {IDLE_MINUTES} \w+ zonder activiteit"))


@pytest.fixture(scope="module")
def timed_out(browser, browser_context_args, short_idle_server):
    """Desk PCs on which vera typed a visit, was warned and left it until her session ended,
    one for each test below. They wait together, once."""
    base = short_idle_server
    contexts = [browser.new_context(**browser_context_args) for _ in range(4)]
    pages = [context.new_page() for context in contexts]
    for page in pages:
        log_in(page, base, "vera")
        page.goto(f"{base}/visits/new")
        page.check("input[name=way_in][value=one_off]")
        page.check("input[name=help_types][value=cv]")
        page.check("input[name=help_types][value=talk]")
        page.fill("input[name=duration_minutes]", "75")
        page.fill("textarea[name=note]", NOTE)
    for page in pages:
        # Half the idle time in: the warning takes the focus from the form.
        expect(page.get_by_role("button", name="Aangemeld blijven")).to_be_focused(
            timeout=IDLE_MINUTES * 60_000)
    for page in pages:
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in page.context.cookies())
        wait_for(lambda cookie=cookie: not session_is_live(base, cookie),
                 IDLE_MINUTES * 60 + 30, "the session ends")
    yield pages
    for context in contexts:
        context.close()


def save_too_late(page, base):
    page.get_by_role("button", name="Bezoek bewaren").click()
    expect(page).to_have_url(f"{base}/login")


def test_a_visit_saved_after_the_timeout_comes_back_to_the_same_user(
        timed_out, short_idle_server):
    page = timed_out[0]
    save_too_late(page, short_idle_server)
    expect(page.get_by_role("status")).to_contain_text(re.compile(
        rf"Je werd afgemeld na {IDLE_MINUTES} \w+ zonder activiteit\. .*wat je typte"))
    log_in(page, short_idle_server, "vera")
    expect(page).to_have_url(f"{short_idle_server}/visits/new")
    expect(page.get_by_role("status")).to_contain_text("Wat je typte is terug")
    expect(page.locator("textarea[name=note]")).to_have_value(NOTE)
    expect(page.locator("input[name=duration_minutes]")).to_have_value("75")
    expect(page.locator("input[name=help_types]:checked")).to_have_count(2)
    expect(page.locator("input[name=way_in][value=one_off]")).to_be_checked()
    expect(page.get_by_role("button", name="Bezoek bewaren")).to_be_focused()
    page.keyboard.press("Enter")  # the one key it takes to save it now
    expect(page).to_have_url(f"{short_idle_server}/desk")
    expect(page.get_by_role("status")).to_have_text("Bezoek geregistreerd.")
    expect(page.get_by_role("row").filter(has_text="75 min")).to_have_count(1)


def test_a_visit_saved_after_the_timeout_never_reaches_another_user(
        timed_out, short_idle_server):
    page = timed_out[1]
    save_too_late(page, short_idle_server)
    log_in(page, short_idle_server, "otto")
    expect(page).to_have_url(f"{short_idle_server}/desk")
    expect(page.get_by_text("Wat je typte is terug")).to_have_count(0)
    page.goto(f"{short_idle_server}/visits/new")
    expect(page.locator("textarea[name=note]")).to_have_value("")
    expect(page.locator("input[name=help_types]:checked")).to_have_count(0)
    expect(page.get_by_text(NOTE)).to_have_count(0)


def test_the_login_page_after_the_timeout_passes_at_a_desk_pc_and_a_tablet(
        timed_out, short_idle_server):
    page = timed_out[3]
    save_too_late(page, short_idle_server)
    expect(page.get_by_role("status")).to_contain_text("zonder activiteit")
    assert axe_violations_at_each_size(page) == {}


def test_stay_logged_in_once_the_session_has_ended_says_so(timed_out, short_idle_server):
    page = timed_out[2]
    page.get_by_role("button", name="Aangemeld blijven").click()
    expect(page).to_have_url(f"{short_idle_server}/login", timeout=5000)
    log_in(page, short_idle_server, "vera")
    expect(page).to_have_url(re.compile(r"/(desk|visits/new)$"), timeout=5000)
