"""Browser tests: the app served by gunicorn on 127.0.0.1, driven by Playwright in Debian's
Chromium (no browser download). Skipped, with the reason, where Chromium is not installed."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from browser_support import CHROMIUM, PASSWORD, ROOT

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


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """A prepared instance (demo data, one account per role) under gunicorn on 127.0.0.1."""
    folder = tmp_path_factory.mktemp("live")
    env = {**os.environ, "JOBATELIER_DATABASE_URL": f"sqlite:///{folder / 'live.sqlite3'}",
           "JOBATELIER_SECRET_KEY": "browser-tests"}
    env.pop("JOBATELIER_TEST_DATABASE_URL", None)
    command = [sys.executable, "-m", "flask", "--app", "jobatelier"]
    prepare = [["demo"]] + [
        ["create-user", name, "--role", role, "--password-stdin",
         *[arg for code in locations for arg in ("--location", code)]]
        for name, (role, locations) in USERS.items()]
    for args in prepare:
        done = subprocess.run([*command, *args], input=PASSWORD + "\n", text=True, env=env,
                              capture_output=True, cwd=ROOT)
        assert done.returncode == 0, done.stdout + done.stderr
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "wsgi:app"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    yield url
    server.terminate()
    server.wait(timeout=10)


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
