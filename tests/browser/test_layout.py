"""The desk fits an old desk PC (1024x768) and a tablet (768 px wide) without sideways
scrolling. The screenshots double as the README's: regenerate them with
`JOBATELIER_SCREENSHOTS=docs/screenshots pytest tests/browser/test_layout.py`."""

import os
from pathlib import Path

import pytest
from browser_support import ROOT

SIZES = {"desk-pc": (1024, 768), "tablet": (768, 1024)}
PAGES = {"desk": ("vera", "/desk"), "new-visit": ("vera", "/visits/new"),
         "yearly-report": ("colette", "/reports/yearly?year=2022")}


@pytest.mark.parametrize("size", list(SIZES))
def test_pages_fit_without_horizontal_scrolling(page, login, live_server, size, tmp_path):
    folder = Path(os.environ.get("JOBATELIER_SCREENSHOTS") or tmp_path)
    if not folder.is_absolute():
        folder = ROOT / folder
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    for name, (user, path) in PAGES.items():
        page.context.clear_cookies()
        login(user)
        page.goto(f"{live_server}{path}")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
        shot = folder / f"{name}-{size}.png"
        page.screenshot(path=str(shot), full_page=size == "desk-pc" and name != "yearly-report")
        assert shot.stat().st_size > 10_000
