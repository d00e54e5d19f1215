"""Every page passes axe-core at WCAG 2.1 AA with no serious or critical violation."""

import pytest
from browser_support import (
    AXE,
    DELETABLE,
    axe_violations,
    axe_violations_at_each_size,
    days_ago,
    open_correction,
    register_visit,
    show_every_mistake,
    show_the_timeout_warning,
)
from playwright.sync_api import expect

PAGES = {
    None: ["/login", "/nowhere"],
    "vera": ["/desk", "/visits/new", "VISITOR", "VISITOR/card", "VISITOR/outcomes/new",
             "VISIT/edit"],
    "colette": ["/desk/location", "/reports", "/reports/yearly?year=2022", "/reports/yearly",
                "/export"],
    "adam": ["/admin/", "/admin/locations/new", "/admin/help-types/new", "/admin/users/new",
             "/admin/audit", "/import"],
}


@pytest.mark.parametrize("user", list(PAGES))
def test_no_serious_or_critical_violation_on_any_page(page, login, live_server, user):
    if not AXE.exists():
        pytest.skip(f"axe-core not installed at {AXE} (npm install axe-core)")
    if user:
        login(user)
    paths = PAGES[user]
    if user == "vera":
        page.goto(f"{live_server}/visits/new")
        page.check("input[name=way_in][value=new]")
        page.check("input[value=talk]")
        page.click("button:has-text('Bezoek bewaren')")
        page.wait_for_url("**/card")
        visitor = page.url.rsplit("/", 1)[0].replace(live_server, "")
        page.goto(f"{live_server}{visitor}")
        visit = page.locator("a:has-text('Wijzigen')").first.get_attribute("href")
        paths = [p.replace("VISITOR", visitor).replace("VISIT/edit", visit) for p in paths]
    found = {}
    for path in paths:
        page.goto(f"{live_server}{path}")
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    assert found == {}


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_the_page_language_is_declared(page, live_server, language):
    page.goto(f"{live_server}/login")
    page.select_option("#language-choice", language)
    page.click(".language button")
    assert page.get_attribute("html", "lang") == language


def open_deletion(page, base, kind):
    """The page that asks before a visit or an outcome is deleted."""
    open_correction(page, base, kind)
    page.get_by_role("link", name=DELETABLE[kind][0]).click()
    expect(page.get_by_role("button", name="Ja, verwijderen")).to_be_visible()


def look_up_a_mistyped_code(page, base):
    page.goto(f"{base}/visitors/find?lookup-visitor_code=er-zzzzzz")
    expect(page.get_by_role("alert")).to_be_visible()


def open_earlier_day(page, base):
    """An earlier day on the desk, with a visit in its list (the demo has none at weekends)."""
    arrival = days_ago(3)
    register_visit(page, base, arrival=arrival)
    page.goto(f"{base}/desk?day={arrival.date().isoformat()}")
    expect(page.get_by_role("link", name="Wijzigen").first).to_be_visible()


# The pages issue 21 added or changed, each in the state that shows what is new.
NEW_PAGES = {
    "look-up with a typing error": look_up_a_mistyped_code,
    "desk of an earlier day": open_earlier_day,
    "new visit with every mistake": show_every_mistake,
    "deleting a visit": lambda page, base: open_deletion(page, base, "visit"),
    "deleting an outcome": lambda page, base: open_deletion(page, base, "outcome"),
    "the timeout warning": show_the_timeout_warning,
}


@pytest.mark.parametrize("state", list(NEW_PAGES))
def test_the_new_desk_pages_pass_at_a_desk_pc_and_a_tablet(page, login, live_server, state):
    login("vera")
    NEW_PAGES[state](page, live_server)
    assert axe_violations_at_each_size(page) == {}
