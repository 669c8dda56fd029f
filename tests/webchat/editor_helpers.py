"""Helpers for the editor tests: read forms and their CSRF tokens from the HTML, as a browser would."""

from __future__ import annotations

import re
from html.parser import HTMLParser

PASSWORD = "sicheres-passwort-1"
_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client, path: str, **request) -> str:
    """Fetch a page and return the CSRF token of its forms (`request`: base_url, headers ...)."""
    response = client.get(path, **request)
    assert response.status_code == 200, response.status_code
    match = _TOKEN.search(response.get_data(as_text=True))
    assert match, f"no csrf_token on {path}"
    return match[1]


def login(client, username: str = "erika", password: str = PASSWORD, path: str = "/redaktion/anmelden", **request):
    """Sign in through the login form."""
    token = csrf_token(client, path, **request)
    return client.post(path, data={"csrf_token": token, "username": username, "password": password}, **request)


def post(client, page: str, url: str, **data: str):
    """Post to `url` with the CSRF token of `page` (like a form on that page)."""
    return client.post(url, data={"csrf_token": csrf_token(client, page), **data})


class _FormReader(HTMLParser):
    """Collects the values a browser would submit for the form whose class contains `css_class`."""

    def __init__(self, css_class: str):
        super().__init__(convert_charrefs=True)
        self.css_class = css_class
        self.inside = False
        self.values: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None
        self._option: str | None = None

    def _add(self, name: str, value: str) -> None:
        self.values.setdefault(name, []).append(value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = self.css_class in a.get("class", "").split()
        if not self.inside or "name" not in a and tag != "option":
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._add(a["name"], a.get("value", "on"))
            elif kind not in ("submit", "button"):
                self._add(a["name"], a.get("value", ""))
        elif tag == "textarea":
            self._textarea = a["name"]
            self._add(self._textarea, "")
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self._add(self._select, a.get("value", ""))

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea][-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea:
            # Browsers drop the newline right after <textarea>.
            value = self.values[self._textarea][-1]
            self.values[self._textarea][-1] = value[1:] if value.startswith("\n") else value
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_values(html: str, css_class: str = "entry-form") -> dict[str, list[str]]:
    """Return what submitting the form unchanged would send."""
    reader = _FormReader(css_class)
    reader.feed(html)
    return reader.values


def field_error(html: str, field_id: str) -> str | None:
    """Return the error text shown next to a field, checking that the field points at it."""
    match = re.search(rf'<p class="field__error" id="{field_id}-error">(.*?)</p>', html, re.S)
    if not match:
        return None
    control = re.search(rf'<(?:input|textarea|select)[^>]*\bid="{field_id}"[^>]*>', html)
    assert control, f"no control #{field_id}"
    assert 'aria-invalid="true"' in control[0], control[0]
    described = re.search(r'aria-describedby="([^"]*)"', control[0])
    assert described and f"{field_id}-error" in described[1].split(), control[0]
    return re.sub(r"<[^>]+>", "", match[1]).replace("Fehler: ", "").strip()


WORKSPACE_COOKIE = "sozialauskunft_redaktion"


def workspace_cookie(client) -> str:
    """Return the workspace's session cookie as a thief would copy it."""
    cookie = client.get_cookie(WORKSPACE_COOKIE, path="/redaktion")
    assert cookie is not None, "no workspace cookie"
    return cookie.value


def replay(app, cookie: str):
    """Return a fresh browser that has nothing but the copied workspace cookie."""
    fresh = app.test_client()
    fresh.set_cookie(WORKSPACE_COOKIE, cookie, path="/redaktion")
    return fresh
