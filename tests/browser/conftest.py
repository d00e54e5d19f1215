"""Browser tests: the app served by gunicorn on 127.0.0.1, driven by Playwright in Debian's
Chromium (no browser download). Skipped, with the reason, where Chromium is not installed."""

from pathlib import Path

import pytest
from browser_support import CHROMIUM
from live import gunicorn, prepare
from support import PASSWORD

USERS = {"vera": ("volunteer", ["lier"]), "colette": ("coordinator", ["lier", "heist-op-den-berg"]),
         "adam": ("admin", [])}


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
def live_server(tmp_path_factory):
    """A prepared instance (demo data, one account per role) under gunicorn on 127.0.0.1."""
    env = prepare(tmp_path_factory.mktemp("live"), USERS, demo=True)
    with gunicorn(env) as (url, _server):
        yield url


@pytest.fixture
def login(page, live_server):
    def log_in(username):
        page.goto(f"{live_server}/login")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", PASSWORD)
        page.press("input[name=password]", "Enter")
        page.wait_for_url(f"{live_server}/desk**")
        return page
    return log_in
