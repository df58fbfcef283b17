"""The Atom feed of new testimonials (``flux.xml``), announced in every page.

Newest first by their front-matter date, undated ones last (the catalog's
order). Nothing in it depends on when the site was built, so two builds of
the same sources give the same bytes:

- an entry's ``updated`` is the date of the page's last commit (else its
  front-matter date); the feed's is the latest of them;
- ids are ``urn:uuid:`` names derived from each testimonial's permanent
  identifier: absolute, as Atom requires, and the same wherever the site is
  published, so moving it never makes readers see every entry again;
- links are absolute when ``html_baseurl`` is set (``KB_BASE_URL``), and
  relative to the feed otherwise, which Atom allows for links (feed readers
  resolve them against the feed's own address) but not for ids.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kb.core.config import FEED_PATH, permalink
from kb.core.domain import domain_of
from kb.core.editions import is_web
from kb.core.french import byline, french_date
from kb.core.graph import sorted_testimonials

if TYPE_CHECKING:
    from sphinx.application import Sphinx

ATOM = "http://www.w3.org/2005/Atom"
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:kb:temoignages-transformation-digitale")
LIMIT = 50  # the newest testimonials only: a feed is a list of news, not the catalog
TITLE = "Nouveaux témoignages"
EPOCH = "1970-01-01T00:00:00Z"


def timestamp(date: str | None) -> str | None:
    """An Atom date (RFC 3339) for ``2024``, ``2024-03`` or ``2024-03-05``."""
    if not date:
        return None
    parts = [*date.split("-"), "01", "01"][:3]
    return f"{parts[0]}-{parts[1]}-{parts[2]}T00:00:00Z"


def absolute(app: Sphinx, target: str) -> str:
    base = app.config.html_baseurl
    return base.rstrip("/") + "/" + target if base else target


def feed(app: Sphinx) -> bytes:
    env = app.env
    dates = domain_of(env).git_dates
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "fr"})

    def add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        if text is not None:
            element.text = text
        return element

    add(root, "title", f"{app.config.project} — {TITLE}")
    add(root, "id", f"urn:uuid:{uuid.uuid5(NAMESPACE, 'flux')}")
    add(root, "link", rel="self", type="application/atom+xml", href=absolute(app, FEED_PATH))
    add(root, "link", rel="alternate", type="text/html",
        href=absolute(app, f"{app.config.kb_testimonials_dir}/index.html"))
    updated = add(root, "updated", EPOCH)
    add(add(root, "author"), "name", app.config.author)
    latest = EPOCH
    for docname, meta in sorted_testimonials(env)[:LIMIT]:
        entry = add(root, "entry")
        identifier = meta.get("identifiant") or docname
        add(entry, "title", meta.get("title") or docname)
        add(entry, "id", f"urn:uuid:{uuid.uuid5(NAMESPACE, identifier)}")
        target = (permalink(meta["identifiant"]) if meta.get("identifiant") else docname) + app.builder.out_suffix
        add(entry, "link", rel="alternate", type="text/html", href=absolute(app, target))
        published = timestamp(meta.get("date"))
        changed = timestamp(dates.get(docname)) or published or EPOCH
        add(entry, "updated", changed)
        if published:
            add(entry, "published", published)
        latest = max(latest, changed)
        add(add(entry, "author"), "name", meta.get("auteur") or "")
        for theme in meta.get("themes", []):
            add(entry, "category", term=theme, label=f"Thème : {theme}")
        if meta.get("organisation"):
            add(entry, "category", term=meta["organisation"], label=f"Organisation : {meta['organisation']}",
                scheme="urn:kb:organisation")
        summary = f"{byline(meta)} ({french_date(meta.get('date'))})."
        if meta.get("resume"):
            summary += " " + meta["resume"]
        add(entry, "summary", summary)
    updated.text = latest
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def write_feed(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: ``flux.xml`` (written only when its bytes change)."""
    if exception is not None or not is_web(app):
        return
    path = Path(app.outdir, FEED_PATH)
    data = feed(app)
    if not path.is_file() or path.read_bytes() != data:
        path.write_bytes(data)


def announce(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: every page tells browsers and feed readers where the feed is."""
    if not is_web(app):
        return
    href = escape(context["pathto"](FEED_PATH, 1))
    link = f'<link rel="alternate" type="application/atom+xml" title="{escape(TITLE)}" href="{href}">\n'
    context["metatags"] = context.get("metatags", "") + link


def setup_feed(app: Sphinx) -> None:
    app.connect("html-page-context", announce)
    app.connect("build-finished", write_feed)
