"""Serving the installed site as the intranet will: Debian's nginx on a loopback
port with the repository's configuration (deploy/nginx/kb.conf), raw HTTP
requests, and the inline scripts and styles a Content-Security-Policy must allow."""

from __future__ import annotations

import base64
import gzip
import hashlib
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from tests.helpers import ROOT

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SITE_CONF = ROOT / "deploy" / "nginx" / "kb.conf"
REALM = "Base de connaissances"
# What the files a reader must never get contain (put into the installed release by tests/deploy/conftest.py).
SECRET = "secret-ne-doit-pas-sortir"

# The whole server configuration around kb.conf, as Debian's /etc/nginx/nginx.conf
# sets up the http block (mime.types, default type), with every path in a temporary folder.
MAIN_CONF = """\
{user}worker_processes 1;
error_log {tmp}/error.log warn;
events {{ worker_connections 128; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/kb.conf;
}}
"""


def _replace_line(text: str, pattern: str, replacement: str | None) -> str:
    """Replace the one line of kb.conf matching *pattern* (None: remove it); fail if it is not there once."""
    found = re.findall(rf"^[ \t]*{pattern}.*\n", text, flags=re.M)
    assert len(found) == 1, f"deploy/nginx/kb.conf: {len(found)} lines match {pattern!r}, expected one"
    line = found[0]
    indent = line[: len(line) - len(line.lstrip())]
    return text.replace(line, "" if replacement is None else f"{indent}{replacement}\n")


def site_config(root: Path, port: int, *, htpasswd: Path | None = None, sso: str | None = None,
                loopback_allowed: bool = True) -> str:
    """deploy/nginx/kb.conf with its ADAPT lines set for a test on 127.0.0.1:*port*."""
    text = SITE_CONF.read_text(encoding="utf-8")
    text = _replace_line(text, r"listen 80;", f"listen 127.0.0.1:{port};")
    text = _replace_line(text, r"listen \[::\]:80;", None)
    text = _replace_line(text, r"root /srv/kb/current;", f"root {root};")
    if htpasswd is not None:
        text = _replace_line(text, r"auth_basic off;", f'auth_basic "{REALM}";')
        text = _replace_line(text, r"auth_basic_user_file ", f"auth_basic_user_file {htpasswd};")
    if sso is not None:
        assert "#sso " in text
        text = re.sub(r"^([ \t]*)#sso ", r"\1", text, flags=re.M)
        assert text.count("http://sso.intranet/verifier") == 1
        text = text.replace("http://sso.intranet/verifier", sso)
    if not loopback_allowed:
        text = _replace_line(text, r"allow 127\.0\.0\.1;", None)
        text = _replace_line(text, r"allow ::1;", None)
    return text


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_config(folder: Path, root: Path, port: int, **options) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kb.conf").write_text(site_config(root, port, **options), encoding="utf-8")
    # As root, nginx's workers would switch to nobody, who cannot read a test's temporary folder.
    user = "user root;\n" if os.geteuid() == 0 else ""
    main = folder / "nginx.conf"
    main.write_text(MAIN_CONF.format(user=user, tmp=folder), encoding="utf-8")
    return main


def nginx_command(folder: Path, *extra: str) -> list[str]:
    return [NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf"),
            "-g", f"daemon off; pid {folder}/nginx.pid;", *extra]


def check_config(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(nginx_command(folder, "-t"), capture_output=True, text=True, timeout=30)


@contextmanager
def nginx(folder: Path, root: Path, **options) -> Iterator[str]:
    """Debian's nginx serving *root* with kb.conf on a free loopback port; yields the base URL.

    nginx runs in its own process group, stopped (then killed) when the block
    ends, whatever happens in it.
    """
    process, port = _start(folder, root, **options)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        _stop(process)


def _start(folder: Path, root: Path, **options) -> tuple[subprocess.Popen, int]:
    error = ""
    for _attempt in range(3):  # another program may take the free port first
        port = free_port()
        write_config(folder, root, port, **options)
        log = folder / "stderr.log"
        with log.open("wb") as stderr:
            process = subprocess.Popen(nginx_command(folder), stdout=subprocess.DEVNULL, stderr=stderr,
                                       start_new_session=True)
        for _ in range(100):  # up to 5 s
            if process.poll() is not None:
                break
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                return process, port
            except OSError:
                time.sleep(0.05)
        _stop(process)
        error = log.read_text(errors="replace")
        if "Address already in use" not in error:
            break
    raise RuntimeError(f"nginx did not start: {error}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)  # nginx's fast shutdown, for the master and its workers
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


@dataclass
class Response:
    status: int
    headers: dict[str, str]  # lower-case names; repeated headers joined with ", "
    raw: bytes  # as sent (compressed or not)
    all_headers: list[tuple[str, str]] = field(default_factory=list)

    @property
    def body(self) -> bytes:
        return gzip.decompress(self.raw) if self.headers.get("content-encoding") == "gzip" else self.raw

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def get(base_url: str, path: str, headers: dict[str, str] | None = None,
        connection: http.client.HTTPConnection | None = None) -> Response:
    """GET *path* exactly as written (no normalisation of ``..``), gzip accepted."""
    own = connection is None
    if own:
        host, port = base_url.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        for name, value in {"Accept-Encoding": "gzip", **(headers or {})}.items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        raw = response.read()
        pairs = response.getheaders()
        merged: dict[str, str] = {}
        for name, value in pairs:
            merged[name.lower()] = f"{merged[name.lower()]}, {value}" if name.lower() in merged else value
        return Response(response.status, merged, raw, pairs)
    finally:
        if own:
            connection.close()


def basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def ssha(password: str, salt: bytes = b"kb-test!") -> str:
    """An htpasswd entry in nginx's ``{SSHA}`` scheme (salted SHA-1), without crypt()."""
    digest = hashlib.sha1(password.encode() + salt).digest()
    return "{SSHA}" + base64.b64encode(digest + salt).decode()


# --- What a Content-Security-Policy must allow -------------------------------

def csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


class InlineCode(HTMLParser):
    """Inline scripts, ``<style>`` blocks and ``style`` attributes of a page,
    and what no policy should have to allow: event-handler attributes,
    ``javascript:`` addresses and resources from another host."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.style_attributes: list[str] = []
        self.handlers: list[str] = []
        self.javascript_urls: list[str] = []
        self.resources: list[str] = []
        self._inline: str | None = None
        self._data: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}>")
            if name == "style":
                self.style_attributes.append(value)
            if name in ("href", "src", "action") and value.strip().lower().startswith("javascript:"):
                self.javascript_urls.append(value)
        if tag == "script" and "src" in values:
            self.resources.append(values["src"])
        elif tag == "link" and "stylesheet" in values.get("rel", "").split():
            self.resources.append(values.get("href", ""))
        elif tag in ("img", "iframe", "embed", "source", "audio", "video") and "src" in values:
            self.resources.append(values["src"])
        if tag in ("script", "style") and "src" not in values:
            self._inline, self._data = tag, []

    def handle_data(self, data: str) -> None:
        if self._inline:
            self._data.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == self._inline:
            (self.scripts if tag == "script" else self.styles).append("".join(self._data))
            self._inline = None


def inline_code(site: Path) -> InlineCode:
    """Everything inline in every HTML page of *site*."""
    found = InlineCode()
    for page in sorted(site.rglob("*.html")):
        found.feed(page.read_text(encoding="utf-8"))
        found.close()
        found.reset()
    return found


def directives(policy: str) -> dict[str, list[str]]:
    result = {}
    for part in policy.split(";"):
        if part.strip():
            name, *values = part.split()
            result[name] = values
    return result


def make_current(build: Path, release_id: str) -> None:
    """Point ``build/current`` at ``releases/<release_id>`` with one rename, as publication does."""
    link = build / f".current.{release_id}"
    link.symlink_to(Path("releases") / release_id)
    os.replace(link, build / "current")
