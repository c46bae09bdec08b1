"""Driving the site as it runs for real: `manage.py` commands and servers in their own
processes, and a browser-like client that keeps its cookies, sends the CSRF token and
fills in forms from the page it was given."""

import html.parser
import http.cookiejar
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(*args: str, env: dict, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        check=check,
        capture_output=True,
        text=True,
        timeout=300,
    )


def start(*args: str, env: dict, log: Path) -> subprocess.Popen:
    """A long-running `manage.py` process, its output in `log`."""
    with log.open("w") as out:
        return subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=PROJECT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def wait_until_up(base_url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base_url + "/", timeout=5)
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise TimeoutError(f"{base_url} did not answer within {seconds} s")


def site_environment(database: Path, **extra: str) -> dict:
    """The environment of a local installation on its own SQLite file."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "NATVERK_", "DATABASE_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DATABASE_URL": f"sqlite:///{database}",
            "DJANGO_DEBUG": "false",
            "NATVERK_PRIVATE_FILES": str(database.parent / "files"),
            "CACHE_URL": f"filecache://{database.parent / 'cache'}",
            **extra,
        }
    )
    return env


class _Form(html.parser.HTMLParser):
    """The fields of the first form on a page whose action matches, as a browser would
    send them unchanged."""

    def __init__(self, action: str | None):
        super().__init__()
        self.action = action
        self.inside = False
        self.found = False
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and not self.found:
            self.inside = self.action is None or attributes.get("action", "") == self.action
            self.found = self.inside
        if not self.inside:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            if kind in ("submit", "button", "file", "image"):
                return
            self.fields.append((name, attributes.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attributes:
            self.fields.append((self._select, attributes.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_data(self, data):
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields.append((self._textarea, self._text.lstrip("\n")))
            self._textarea = None


@dataclass
class Answer:
    status: int
    url: str
    body: str


class Browser:
    """A client of the running site: cookies, CSRF, forms, files."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def _csrf(self) -> str:
        return next((c.value for c in self.cookies if c.name == "csrftoken"), "")

    def _open(self, request: urllib.request.Request) -> Answer:
        try:
            with self.opener.open(request, timeout=120) as response:
                return Answer(response.status, response.url, response.read().decode())
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.url, error.read().decode(errors="replace"))

    def get(self, path: str) -> Answer:
        return self._open(urllib.request.Request(self.base_url + path))

    def post(self, path: str, fields: list[tuple[str, str]], files=None) -> Answer:
        """POST the fields (and files: name → (filename, bytes)), with the CSRF token the
        site gave this client."""
        headers = {"X-CSRFToken": self._csrf(), "Referer": self.base_url + path}
        fields = [*fields, ("csrfmiddlewaretoken", self._csrf())]
        if files:
            boundary = uuid.uuid4().hex
            parts = []
            for name, value in fields:
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                    f"{value}\r\n".encode()
                )
            for name, (filename, content) in files.items():
                parts.append(
                    (
                        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                        f'filename="{filename}"\r\n'
                        "Content-Type: application/octet-stream\r\n\r\n"
                    ).encode()
                    + content
                    + b"\r\n"
                )
            body = b"".join(parts) + f"--{boundary}--\r\n".encode()
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        else:
            body = urllib.parse.urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(
            self.base_url + path, data=body, headers=headers, method="POST"
        )
        return self._open(request)

    def form(self, path: str, action: str | None = None) -> list[tuple[str, str]]:
        """The fields of the page's form, as they stand."""
        parser = _Form(action)
        parser.feed(self.get(path).body)
        return parser.fields

    def log_in(self, email: str, password: str) -> Answer:
        self.get("/konto/logga-in/")
        return self.post("/konto/logga-in/", [("username", email), ("password", password)])
