"""Every page passes axe-core at WCAG 2.1 AA with no serious or critical violation."""

import pytest
from browser_support import AXE

PAGES = {
    None: ["/login", "/nowhere"],
    "vera": ["/desk", "/visits/new", "VISITOR", "VISITOR/card", "VISITOR/outcomes/new",
             "VISIT/edit"],
    "colette": ["/desk/location", "/reports", "/reports/yearly?year=2022", "/reports/yearly",
                "/export"],
    "adam": ["/admin/", "/admin/locations/new", "/admin/help-types/new", "/admin/users/new",
             "/admin/audit", "/import"],
}


def axe_violations(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => await axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
    return [(violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]])
            for violation in result["violations"]
            if violation["impact"] in ("serious", "critical")]


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
        visit = page.locator("a:has-text('Verbeteren')").first.get_attribute("href")
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
