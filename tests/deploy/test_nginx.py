"""The intranet kit, run: the real site installed with ``python -m kb install``
and served by Debian's nginx with deploy/nginx/kb.conf on a loopback port.
Headers (cache, types, compression, security), the French 404 page, what is
refused, access control (networks, HTTP authentication, single sign-on), and a
release swapped while a reader keeps fetching."""

from __future__ import annotations

import hashlib
import http.client
import http.server
import os
import re
import shutil
import subprocess
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import kbtools.deploy.install as install_module
from kbtools.build import Layout
from kbtools.deploy.install import install
from tests.helpers import ROOT
from tests.helpers.deploy import (
    MAIN_CONF,
    REALM,
    SECRET,
    SITE_CONF,
    basic,
    check_config,
    csp_hash,
    directives,
    get,
    inline_code,
    make_current,
    nginx,
    ssha,
    write_config,
)

pytestmark = [pytest.mark.site, pytest.mark.deploy]

LONG = "public, max-age=31536000, immutable"
SECURITY = {"x-content-type-options": "nosniff", "x-frame-options": "SAMEORIGIN", "referrer-policy": "same-origin",
            "cross-origin-resource-policy": "same-origin", "cross-origin-opener-policy": "same-origin"}


def release(installed: Path) -> Path:
    return (installed / "current").resolve()


def site_title(installed: Path) -> str:
    return re.search(r"<title>([^<]*)</title>", (release(installed) / "index.html").read_text(encoding="utf-8"))[1]


def assert_security_headers(response, *, pdf: bool = False) -> None:
    assert {name: response.headers.get(name) for name in SECURITY} == SECURITY
    assert response.headers["server"] == "nginx"  # no version
    policy = response.headers["content-security-policy"]
    if pdf:  # Chromium's PDF viewer is blocked by default-src 'none' on the PDF itself
        assert policy == "frame-ancestors 'self'"
    else:
        assert directives(policy)["default-src"] == ["'none'"]


def assert_no_site_content(response, installed: Path) -> None:
    assert SECRET not in response.text and site_title(installed) not in response.text
    assert "Index of" not in response.text


# --- The configuration ---------------------------------------------------------

def test_the_configuration_as_shipped_and_as_tested_is_valid(tmp_path: Path, installed: Path):
    shipped = tmp_path / "shipped"
    shipped.mkdir()
    shutil.copyfile(SITE_CONF, shipped / "kb.conf")
    user = "user root;\n" if os.geteuid() == 0 else ""
    (shipped / "nginx.conf").write_text(MAIN_CONF.format(user=user, tmp=shipped), encoding="utf-8")
    for folder, options in [(shipped, None), (tmp_path / "plain", {}), (tmp_path / "basic", {"htpasswd": tmp_path / "p"}),
                            (tmp_path / "sso", {"sso": "http://127.0.0.1:9/verifier"})]:
        if options is not None:
            write_config(folder, installed / "current", 8080, **options)
        result = check_config(folder)
        assert result.returncode == 0, result.stderr
        assert "[warn]" not in result.stderr and "[emerg]" not in result.stderr, result.stderr


# --- Headers -------------------------------------------------------------------

def static_addresses(installed: Path) -> dict[str, str]:
    """A fingerprinted stylesheet and script of the home page (``?v=`` + checksum), as Sphinx links them."""
    page = (release(installed) / "index.html").read_text(encoding="utf-8")
    css = re.search(r'href="(_static/[^"?]+\.css\?v=[0-9a-f]+)"', page)[1]
    js = re.search(r'src="(_static/[^"?]+\.js\?v=[0-9a-f]+)"', page)[1]
    return {"css": "/" + css, "js": "/" + js}


def test_an_html_page(server: str, installed: Path):
    response = get(server, "/index.html")
    assert response.status == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["content-encoding"] == "gzip" and response.headers["vary"] == "Accept-Encoding"
    assert response.headers["cache-control"] == "no-cache"
    assert "etag" in response.headers and "last-modified" in response.headers  # revalidation is a cheap 304
    assert response.body == (release(installed) / "index.html").read_bytes()
    assert_security_headers(response)
    policy = directives(response.headers["content-security-policy"])
    assert policy["frame-ancestors"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"] and policy["form-action"] == ["'self'"]
    revalidated = get(server, "/index.html", {"If-None-Match": response.headers["etag"]})
    assert revalidated.status == 304 and revalidated.headers["cache-control"] == "no-cache"
    assert get(server, "/").body == response.body


@pytest.mark.parametrize(("kind", "content_type", "cache", "compressed"), [
    ("search index", "application/javascript; charset=utf-8", "no-cache", True),
    ("fingerprinted css", "text/css; charset=utf-8", LONG, True),
    ("fingerprinted js", "application/javascript; charset=utf-8", LONG, True),
    ("css without fingerprint", "text/css; charset=utf-8", "no-cache", True),
    ("favicon", "image/svg+xml; charset=utf-8", "no-cache", None),
    ("pdf", "application/pdf", "no-cache", False),
    ("epub", "application/epub+zip", "no-cache", False),
    ("feed", "application/atom+xml; charset=utf-8", "no-cache", None),
])
def test_types_cache_and_compression(server: str, installed: Path, kind: str, content_type: str, cache: str,
                                     compressed: bool | None):
    site = release(installed)
    path = {
        "search index": "/searchindex.js",
        "fingerprinted css": static_addresses(installed)["css"],
        "fingerprinted js": static_addresses(installed)["js"],
        "css without fingerprint": static_addresses(installed)["css"].split("?")[0],
        "favicon": "/" + next(site.glob("_static/*.svg")).relative_to(site).as_posix(),
        "pdf": "/" + next(site.glob("edition/*.pdf")).relative_to(site).as_posix(),
        "epub": "/" + next(site.glob("edition/*.epub")).relative_to(site).as_posix(),
        "feed": "/flux.xml",
    }[kind]
    response = get(server, path)
    assert response.status == 200
    assert response.headers["content-type"] == content_type
    assert response.headers["cache-control"] == cache
    if compressed is not None:
        assert (response.headers.get("content-encoding") == "gzip") is compressed
    assert response.body == (site / path.lstrip("/").split("?")[0]).read_bytes()
    assert_security_headers(response, pdf=kind == "pdf")


def test_an_unknown_deep_address_gets_the_french_404_page(server: str, installed: Path):
    response = get(server, "/temoignages/2019/n-existe/plus/du-tout.html")
    assert response.status == 404
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.body == (release(installed) / "404.html").read_bytes()
    assert "Page introuvable" in response.text
    assert response.headers["cache-control"] == "no-cache"
    assert_security_headers(response)
    # Its links are absolute, so its styles load from any depth.
    stylesheet = re.search(r'<link rel="stylesheet"[^>]*href="(/_static/[^"]+)"', response.text)[1]
    assert get(server, stylesheet).status == 200


# --- What is refused -------------------------------------------------------------

@pytest.mark.parametrize("path", [
    "/.git/", "/.git/config", "/.kb-pdf.json", "/.buildinfo", "/temoignages/.brouillon.md", "/.kb-install",
    "/../secret.txt", "/../../../../../etc/passwd", "/_static/../../secret.txt", "/%2e%2e/secret.txt",
    "/..%2fsecret.txt", "/_static/..%2f..%2fsecret.txt", "/lien-sortant.txt",
    "/dossier-sans-page/", "/_static/", "/temoignages/facettes/", "/releases/", "/current/",
])
def test_dot_files_traversal_links_and_listings_are_refused(server: str, installed: Path, path: str):
    response = get(server, path)  # sent as written: http.client does not normalise ``..``
    assert response.status in (400, 403, 404), path
    if response.status == 404:  # the site's French page
        assert response.body == (release(installed) / "404.html").read_bytes()
    else:  # nginx refuses a path out of the root (400) before looking for it
        assert_no_site_content(response, installed)
    assert SECRET not in response.text and "Index of" not in response.text


def test_a_folder_address_redirects_to_its_page_and_files_in_a_folder_without_page_are_served(server: str):
    response = get(server, "/temoignages")
    assert response.status == 301 and response.headers["location"] == "/temoignages/"
    assert get(server, "/temoignages/").body == get(server, "/temoignages/index.html").body
    assert get(server, "/dossier-sans-page/note.txt").text == "une note"


# --- Who may read ----------------------------------------------------------------

def test_a_network_outside_the_allow_list_is_refused(installed: Path, tmp_path: Path):
    with nginx(tmp_path, installed / "current", loopback_allowed=False) as url:
        for path in ("/index.html", "/n-existe-pas.html", "/.git/config"):
            response = get(url, path)
            assert response.status == 403
            assert_no_site_content(response, installed)
            assert_security_headers(response)


def test_http_authentication_when_switched_on(installed: Path, tmp_path: Path):
    htpasswd = tmp_path / "kb.htpasswd"
    users = {"alice": ("mot de passe d’Alice", ssha("mot de passe d’Alice"))}
    if shutil.which("openssl"):  # SHA-512 crypt, as deploy/README.md suggests
        hashed = subprocess.run(["openssl", "passwd", "-6", "secret de Bob"], capture_output=True, text=True,
                                check=True).stdout.strip()
        users["bob"] = ("secret de Bob", hashed)
    htpasswd.write_text("".join(f"{user}:{hashed}\n" for user, (_, hashed) in users.items()), encoding="utf-8")
    page = (release(installed) / "index.html").read_bytes()
    with nginx(tmp_path / "nginx", installed / "current", htpasswd=htpasswd) as url:
        for path in ("/index.html", "/n-existe-pas.html", "/.git/config"):
            refused = get(url, path)
            assert refused.status == 401
            assert refused.headers["www-authenticate"] == f'Basic realm="{REALM}"'
            assert_no_site_content(refused, installed)
            assert_security_headers(refused)
        assert get(url, "/index.html", basic("alice", "mauvais")).status == 401
        assert get(url, "/index.html", basic("mallory", "mot de passe d’Alice")).status == 401
        for user, (password, _) in users.items():
            response = get(url, "/index.html", basic(user, password))
            assert response.status == 200 and response.body == page, user


class _SSO(http.server.BaseHTTPRequestHandler):
    """A stand-in for the company's single sign-on: a cookie says who is signed in."""

    seen: list[tuple[str, str | None]] = []

    def do_GET(self) -> None:
        cookie = self.headers.get("Cookie", "")
        self.seen.append((self.path, self.headers.get("X-Original-URI")))
        self.send_response(204 if "sso=valide" in cookie else 403 if "sso=refuse" in cookie else 401)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_single_sign_on_through_auth_request(installed: Path, tmp_path: Path):
    sso = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _SSO)
    threading.Thread(target=sso.serve_forever, daemon=True).start()
    page = release(installed) / "temoignages" / "index.html"
    try:
        with nginx(tmp_path, installed / "current", sso=f"http://127.0.0.1:{sso.server_address[1]}/verifier") as url:
            anonymous = get(url, "/temoignages/index.html")
            assert anonymous.status == 302
            netloc = urlsplit(url).netloc
            assert anonymous.headers["location"] == \
                f"https://sso.intranet/connexion?retour=http://{netloc}/temoignages/index.html"
            assert_no_site_content(anonymous, installed)
            signed_in = get(url, "/temoignages/index.html", {"Cookie": "sso=valide"})
            assert signed_in.status == 200 and signed_in.body == page.read_bytes()
            refused = get(url, "/temoignages/index.html", {"Cookie": "sso=refuse"})
            assert refused.status == 403
            assert_no_site_content(refused, installed)
            assert get(url, "/_kb_sso", {"Cookie": "sso=valide"}).status == 404  # internal only
    finally:
        sso.shutdown()
        sso.server_close()
    assert ("/verifier", "/temoignages/index.html") in _SSO.seen


# --- Content-Security-Policy -------------------------------------------------------

def test_the_policy_allows_exactly_the_inline_code_of_the_built_site(server: str, installed: Path):
    """Every inline script and style of every page is allowed by its hash, and
    the policy allows nothing else: no 'unsafe-inline', no other host, no
    hash left over. A theme upgrade that changes them fails here, naming what
    to put into deploy/nginx/kb.conf."""
    found = inline_code(release(installed))
    policy = directives(get(server, "/index.html").headers["content-security-policy"])
    assert found.handlers == [] and found.javascript_urls == []
    assert [url for url in found.resources if re.match(r"^(?:[a-z]+:|//)", url)] == []
    scripts = {csp_hash(code): code for code in found.scripts}
    styles = {csp_hash(code): code for code in found.styles + found.style_attributes}
    allowed_scripts = {value for value in policy["script-src"] if value.startswith("'sha256-")}
    allowed_styles = {value for value in policy["style-src"] if value.startswith("'sha256-")}
    missing = {h: code.strip()[:80] for h, code in {**scripts, **styles}.items()
               if h not in allowed_scripts | allowed_styles}
    assert missing == {}, "add these hashes to deploy/nginx/kb.conf"
    assert allowed_scripts == set(scripts) and allowed_styles == set(styles), "hashes no page needs any more"
    assert ("'unsafe-hashes'" in policy["style-src"]) == bool(found.style_attributes)
    everything = " ".join(value for values in policy.values() for value in values)
    assert "unsafe-inline" not in everything and "unsafe-eval" not in everything
    assert not re.search(r"\*|https?:|//", everything.replace("data:", ""))
    assert policy["script-src"][0] == "'self'" and policy["style-src"][0] == "'self'"


# --- A release swapped under a reader ------------------------------------------------

ID_A, ID_B = "20300101-000000-000000001", "20300102-000000-000000002"


def publish_marked(site: Path, build: Path, release_id: str, marker: str, ballast: int = 0) -> bytes:
    """The real release, published again in *build* with a marked home page (and *ballast* more files)."""
    html = build / "releases" / release_id / "html"
    shutil.copytree((site / "current").resolve() / "html", html, copy_function=os.link)
    page = html / "index.html"
    text = page.read_bytes().replace(b"<body", f"<!-- {marker} -->\n<body".encode(), 1)
    page.unlink()  # a hard link to the session's site: replaced, never written through
    page.write_bytes(text)
    for number in range(ballast):
        (html / "_static" / f"lest-{number}.txt").write_text(f"{marker} {number}\n", encoding="utf-8")
    (build / "releases" / release_id / "pdf").mkdir()
    make_current(build, release_id)
    return text


def test_a_reader_gets_one_whole_release_or_the_other_during_an_installation(site: Path, tmp_path: Path,
                                                                            monkeypatch):
    build, dest = tmp_path / "build", tmp_path / "kb"
    page_a = publish_marked(site, build, ID_A, "ÉDITION A")
    install(Layout(ROOT, build), dest)
    page_b = publish_marked(site, build, ID_B, "ÉDITION B", ballast=300)
    files_b = sum(1 for p in (build / "releases" / ID_B / "html").rglob("*") if p.is_file())
    digests = {hashlib.sha256(page_a).hexdigest(): "A", hashlib.sha256(page_b).hexdigest(): "B"}
    real = install_module._copy_file

    def slow(source: Path, target: Path, *, link: bool) -> bool:
        time.sleep(0.002)  # a copy long enough for the reader to read during it
        return real(source, target, link=link)

    monkeypatch.setattr(install_module, "_copy_file", slow)
    reads: list[str] = []
    disk: list[tuple[str, bool, bool]] = []  # (current ->, A complete, B partial copy present)
    installed = threading.Event()
    stop = threading.Event()

    def read(url: str) -> None:
        connection = http.client.HTTPConnection(*urlsplit(url).netloc.split(":"), timeout=10)
        after = 0
        deadline = time.monotonic() + 30
        while not stop.is_set() and time.monotonic() < deadline and len(reads) < 50_000:
            response = get(url, "/index.html", connection=connection)
            reads.append(digests.get(hashlib.sha256(response.body).hexdigest(), f"{response.status} ?"))
            after += installed.is_set()
            if after >= 50:
                break
        connection.close()

    def watch() -> None:
        deadline = time.monotonic() + 30
        while not stop.is_set() and time.monotonic() < deadline:
            disk.append((os.readlink(dest / "current"), (dest / "releases" / ID_A / "index.html").is_file(),
                         (dest / "releases" / f".{ID_B}.partial").is_dir()))
            time.sleep(0.001)

    with nginx(tmp_path / "nginx", dest / "current") as url:
        reader = threading.Thread(target=read, args=(url,))
        watcher = threading.Thread(target=watch)
        reader.start()
        watcher.start()
        try:
            while not reads:
                time.sleep(0.001)
            done = install(Layout(ROOT, build), dest)
            installed.set()
            reader.join(timeout=40)
        finally:
            stop.set()
            reader.join(timeout=40)
            watcher.join(timeout=40)
    assert done.files == files_b and done.previous == ID_A
    # Every answer was one release's page, whole; once B was served, never A again.
    assert set(reads) == {"A", "B"}, set(reads)
    first_b = reads.index("B")
    assert reads[first_b:] == ["B"] * (len(reads) - first_b)
    assert reads[:first_b] == ["A"] * first_b and first_b > 10  # read during the copy
    # A stayed whole while B was being copied, and current only ever named a complete release.
    assert {target for target, _, _ in disk} == {f"releases/{ID_A}", f"releases/{ID_B}"}
    assert all(a_complete for target, a_complete, _ in disk if target == f"releases/{ID_A}")
    assert any(partial for target, _, partial in disk if target == f"releases/{ID_A}")
    assert not any(partial for target, _, partial in disk if target == f"releases/{ID_B}")
    assert (dest / "releases" / ID_A / "index.html").read_bytes() == page_a  # kept after the swap
