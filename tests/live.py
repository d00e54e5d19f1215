"""A real instance for the tests that need one: prepared with the command line, served by
gunicorn on 127.0.0.1 (browser tests, the crash test)."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from support import PASSWORD, login_form

ROOT = Path(__file__).resolve().parents[1]
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def prepare(folder: Path, users: dict, demo: bool = False,
            database_url: str | None = None, locations: tuple[str, ...] = ()) -> dict:
    """An instance in `folder` (on SQLite there, or on the empty database at `database_url`)
    with `locations` (codes, added to the first start's) and `users` ({name: (role,
    [location codes])}); returns the environment that points the app at it."""
    env = {**os.environ, "JOBATELIER_DATABASE_URL":
           database_url or f"sqlite:///{folder / 'live.sqlite3'}",
           "JOBATELIER_SECRET_KEY": "live-tests"}
    env.pop("JOBATELIER_TEST_DATABASE_URL", None)
    command = [sys.executable, "-m", "flask", "--app", "jobatelier"]
    steps = [["demo"] if demo else ["init"]] + [
        ["add-location", code, f"Jobatelier {code}", "--municipality", code]
        for code in locations] + [
        ["create-user", name, "--role", role, "--password-stdin",
         *[arg for code in locations for arg in ("--location", code)]]
        for name, (role, locations) in users.items()]
    for args in steps:
        done = subprocess.run([*command, *args], input=PASSWORD + "\n", text=True, env=env,
                              capture_output=True, cwd=ROOT)
        assert done.returncode == 0, done.stdout + done.stderr
    return env


@contextmanager
def gunicorn(env: dict, workers: int = 2, target: str = "wsgi:app"):
    """Serve the instance (or another WSGI `target`, as the benchmarks' baseline); yields
    (base URL, the gunicorn master process)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind",
         f"127.0.0.1:{port}", target],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    try:
        yield f"http://127.0.0.1:{port}", server
    finally:
        server.terminate()
        server.wait(timeout=20)


class Desk:
    """One desk PC's browser against a served instance: its own cookies, logged in; answers
    are returned as they come (a redirect is not followed)."""

    def __init__(self, base: str, username: str):
        self.base, self.jar = base, http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())
        self.post("/login", login_form(username))

    def token(self, path: str) -> str:
        page = self.opener.open(self.base + path, timeout=10).read().decode()
        return TOKEN.search(page).group(1)

    def form(self, path: str, fields: dict) -> str:
        """The urlencoded form, with the CSRF token of the page at `path`."""
        return urllib.parse.urlencode({**fields, "csrf_token": self.token(path)}, doseq=True)

    def post(self, path: str, fields: dict):
        try:
            return self.opener.open(self.base + path, self.form(path, fields).encode(),
                                    timeout=10)
        except urllib.error.HTTPError as answer:
            return answer

    def cookie(self) -> str:
        """The Cookie header this browser sends."""
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.jar)


def session_is_live(base: str, cookie: str) -> bool:
    """Whether the session in `cookie` (a Cookie header) is still live: a desk page answers
    rather than the login page. Asked aside, so the browser the cookie came from keeps its
    own, with its own time of the last request; the first question after the idle time ends
    the session, as the browser's own next request would."""
    opener = urllib.request.build_opener(NoRedirect())
    try:
        return opener.open(urllib.request.Request(
            base + "/desk", headers={"Cookie": cookie}), timeout=10).status == 200
    except urllib.error.HTTPError as answer:
        if answer.code == 302 and answer.headers["Location"].endswith("/login"):
            return False
        raise


def wait_for(condition, seconds: float, what: str) -> None:
    """Ask `condition` twice a second until it holds, for the server's own clock to pass
    (browser tests wait for what the page shows with Playwright's expect instead)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"not within {seconds} s: {what}"
        time.sleep(0.5)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
