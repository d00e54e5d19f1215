"""Browser tests: the app served by gunicorn on 127.0.0.1, driven by Playwright in Debian's
Chromium (no browser download). Skipped, with the reason, where Chromium is not installed."""

import re
import sqlite3
from pathlib import Path

import pytest
from browser_support import CHROMIUM, log_in
from live import gunicorn, prepare
from playwright.sync_api import expect

# fien works at Lier too: the tests that switch her language leave vera's Dutch alone.
USERS = {"vera": ("volunteer", ["lier"]), "colette": ("coordinator", ["lier", "heist-op-den-berg"]),
         "adam": ("admin", []), "fien": ("volunteer", ["lier"])}


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            if not Path(CHROMIUM).exists():
                item.add_marker(pytest.mark.skip(
                    reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)"))


@pytest.fixture(scope="session")
def browser_type_launch_args():
    # The flags keep Chromium off the network: this machine reaches no other host.
    return {"executable_path": CHROMIUM, "args": [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]}


@pytest.fixture(scope="session")
def browser_context_args():
    # bypass_csp lets the test inject axe-core; the app itself never runs inline code.
    return {"viewport": {"width": 1024, "height": 768}, "bypass_csp": True,
            "accept_downloads": True, "locale": "nl-BE", "timezone_id": "Europe/Brussels"}


@pytest.fixture(scope="session")
def live_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("live")


@pytest.fixture(scope="session")
def live_server(live_folder):
    """A prepared instance (demo data, one account per role) under gunicorn on 127.0.0.1."""
    env = prepare(live_folder, USERS, demo=True)
    with gunicorn(env) as (url, _server):
        yield url


@pytest.fixture(scope="session")
def demo_visitor_code(live_server, live_folder) -> str:
    """A visitor of the demo data who came to Lier, as the address writes the code."""
    with sqlite3.connect(live_folder / "live.sqlite3") as database:
        return database.execute(
            "SELECT visitors.code FROM visitors JOIN locations"
            " ON locations.id = visitors.first_location_id"
            " WHERE locations.code = 'lier' ORDER BY visitors.code").fetchone()[0]


@pytest.fixture
def login(page, live_server):
    def log_in_as(username):
        log_in(page, live_server, username)
        expect(page).to_have_url(re.compile(r"/desk"))
        return page
    return log_in_as
