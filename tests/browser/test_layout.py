"""The desk fits an old desk PC (1024x768) and a tablet (768 px wide): no sideways scrolling,
each page's main actions on screen as it opens, and wide tables scroll inside their own box.
The screenshots double as the README's: regenerate them with
`JOBATELIER_SCREENSHOTS=docs/screenshots pytest tests/browser/test_layout.py`."""

import os

import pytest
from browser_support import ROOT
from playwright.sync_api import expect

SIZES = {"desk-pc": (1024, 768), "tablet": (768, 1024)}
# Each page, who opens it, and what its user must see whole without scrolling: (role, name).
PAGES = {
    "desk": ("vera", "/desk", [("link", "Nieuw bezoek")]),
    "new-visit": ("vera", "/visits/new", [("textbox", "Code op de kaart"),
                                          ("radio", "Een nieuwe bezoeker: geef een kaart"),
                                          ("group", "Gegeven hulp")]),
    "yearly-report": ("colette", "/reports/yearly?year=2022",
                      [("button", "Tonen"),
                       ("link", "Downloaden voor Excel of een ander rekenblad (.xlsx)"),
                       ("link", "CSV voor programma's (RFC 4180)")]),
}

# Tables wider than the room they have, unless they scroll inside a .table-scroll box that
# itself fits the page.
TABLES_THAT_STICK_OUT = """() => {
    const page = document.documentElement.clientWidth;
    return [...document.querySelectorAll("main table")].filter(table => {
        const box = table.closest(".table-scroll");
        const scrolls = box && ["auto", "scroll"].includes(getComputedStyle(box).overflowX);
        const frame = scrolls ? box : table;
        return frame.getBoundingClientRect().right > page
            || (scrolls && box.getBoundingClientRect().left < 0);
    }).map(table => table.querySelector("th, td")?.textContent.trim() ?? "a table");
}"""


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", list(PAGES))
def test_pages_fit_the_screen(page, login, live_server, size, name):
    width, height = SIZES[size]
    user, path, seen = PAGES[name]
    page.set_viewport_size({"width": width, "height": height})
    login(user)
    page.goto(f"{live_server}{path}")
    sideways = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert sideways <= 0, f"{path} scrolls sideways by {sideways}px at {width}px"
    for role, label in seen:
        expect(page.locator("main").get_by_role(role, name=label)).to_be_in_viewport(ratio=1)
    assert page.evaluate(TABLES_THAT_STICK_OUT) == [], f"{path} at {width}px"
    if os.environ.get("JOBATELIER_SCREENSHOTS"):
        folder = ROOT / os.environ["JOBATELIER_SCREENSHOTS"]  # an absolute path stays one
        page.screenshot(path=str(folder / f"{name}-{size}.png"),
                        full_page=size == "desk-pc" and name != "yearly-report")
