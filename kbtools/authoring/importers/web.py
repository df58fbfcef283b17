"""A web page saved from a browser (``.html``, ``.htm``).

1. Metadata from the page's head, where the page states it: the canonical
   address (``<link rel="canonical">``, ``og:url``, or the browser's « saved
   from url » mark), the publication date (``article:published_time``,
   JSON-LD ``datePublished``, ``<time datetime>`` in the article's header),
   the author (``<meta name="author">``, JSON-LD), the title (``<h1>``,
   ``og:title``, ``<title>``).
2. The article: trafilatura finds the main text; its paragraphs are looked
   up in the page, and the article is the smallest element holding nearly
   all of them (trafilatura's own output is not used as the text: it drops
   short paragraphs and quotations). Without trafilatura's help, the element
   holding most paragraph text. No article → the import is refused.
3. Inside the article, the page's chrome is removed (``chrome``: menus,
   share buttons, comments, related posts, labels); scripts, styles, frames,
   forms, event handlers and ``javascript:`` links never go further.
4. pandoc reads what is left (emphasis, lists, quotations, tables, links).
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

from kbtools.authoring import chrome
from kbtools.authoring import document as d
from kbtools.authoring.errors import Refused
from kbtools.authoring.importers import pandoc
from kbtools.authoring.metadata import iso_date, person_name
from kbtools.authoring.sources import accept_image, decode_text

COVERAGE = 0.85  # the article holds at least this share of the main text
MIN_PARAGRAPH = 40  # characters: shorter text is no evidence of an article
ALWAYS_DROP = ("script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed",
               "applet", "svg", "canvas", "link", "meta", "base", "audio", "video", "source", "track", "map",
               "head", "title")
BLOCKS = ("p", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "pre", "dd", "dt",
          "figcaption")
SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)(https?://[^\s>]+?)\s*-->", re.I)
CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)

for _name in ("trafilatura", "htmldate", "courlan", "justext"):  # quiet: no library log lines
    logging.getLogger(_name).setLevel(logging.CRITICAL)


# --- text ------------------------------------------------------------------------
def decode(data: bytes) -> str:
    """The page's text, in the encoding it declares (UTF-8 otherwise)."""
    declared = CHARSET.search(data[:8192])
    if declared and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        encoding = declared.group(1).decode("ascii").lower()
        if encoding not in ("utf-8", "utf8"):
            try:
                return data.decode(encoding)
            except LookupError:
                pass  # an unknown name: read as UTF-8 below
            except UnicodeDecodeError as error:
                line = data.count(b"\n", 0, error.start) + 1
                raise Refused(f"la page n’est pas dans l’encodage qu’elle annonce ({encoding})", line=line) from None
    return decode_text(data)


def _key(text: str) -> str:
    return " ".join(text.split())


def _text(element) -> str:
    return _key(element.text_content())


def _squash(text: str) -> str:
    """Runs of ASCII white space as one space; no-break spaces stay (a title)."""
    return re.sub(r"[ \t\r\n\f]+", " ", text).strip(" \t\r\n\f")


# --- metadata ----------------------------------------------------------------------
def _json_ld(tree) -> list[dict]:
    found: list[dict] = []
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                found.append(item)
                stack.extend(v for k, v in item.items() if k == "@graph")
    return found


def _ld_author(item: dict) -> str | None:
    author = item.get("author")
    if isinstance(author, list) and author:
        author = author[0]
    if isinstance(author, dict):
        author = author.get("name")
    return author if isinstance(author, str) else None


def head_metadata(tree, data: bytes) -> dict:
    """What the page says about itself, before anything is removed."""
    metas: dict[str, str] = {}
    for meta in tree.xpath("//meta[@content]"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key and key not in metas:
            metas[key] = meta.get("content").strip()
    ld = [item for item in _json_ld(tree) if any(k in item for k in ("datePublished", "headline", "author"))]
    found: dict[str, str] = {}

    canonical = [link.get("href") for link in tree.xpath("//link[@href]")
                 if "canonical" in (link.get("rel") or "").lower().split()]
    saved = SAVED_FROM.search(data[:4096])
    for address, origin in ((canonical[0] if canonical else None, "adresse canonique de la page"),
                            (metas.get("og:url"), "og:url de la page"),
                            (saved.group(1).decode("ascii", "replace") if saved else None,
                             "adresse d’enregistrement de la page")):
        if address and re.match(r"https?://[^\s/?#]+\S*$", address.strip()):
            found["source"], found["source:origine"] = address.strip(), origin
            break

    dates = [metas.get(k) for k in ("article:published_time", "og:published_time", "datepublished",
                                    "dc.date.issued", "dcterms.issued", "citation_publication_date",
                                    "publish-date", "pubdate")]
    dates += [item.get("datePublished") for item in ld if isinstance(item.get("datePublished"), str)]
    dates += tree.xpath("//time[@itemprop='datePublished']/@datetime | //time[@pubdate]/@datetime")
    for value in dates:
        if iso_date(value):
            found["date"], found["date:origine"] = iso_date(value), "date de publication de la page"
            break

    authors = [metas.get("author"), metas.get("article:author"), metas.get("dc.creator")]
    authors += [_ld_author(item) for item in ld]
    authors += [_key(e.text_content()) for e in tree.xpath("//*[@itemprop='author']//*[@itemprop='name'] | "
                                                            "//*[@rel='author'] | //*[contains(@class,'author')]"
                                                            "//*[contains(concat(' ',@class,' '),' fn ')]")]
    for value in authors:  # the first that is a person's name (« admin » is none)
        if value and person_name(value):
            found["auteur"], found["auteur:origine"] = value, "auteur déclaré par la page"
            break

    titles = [metas.get("og:title"), *[item.get("headline") for item in ld if isinstance(item.get("headline"), str)]]
    page_title = tree.findtext(".//title")
    site = metas.get("og:site_name")
    if page_title:
        page_title = _key(page_title)
        if site:
            page_title = re.sub(rf"\s*[-–—|:·•]\s*{re.escape(site)}\s*$|^\s*{re.escape(site)}\s*[-–—|:·•]\s*", "",
                                page_title)
        titles.append(page_title)
    found["titres"] = [t for t in titles if t and t.strip()]
    found["site"] = site
    return found


# --- the article -------------------------------------------------------------------------
def _main_text(html_text: str) -> list[str]:
    try:
        import trafilatura

        text = trafilatura.extract(html_text, output_format="txt", include_comments=False, include_tables=True,
                                   include_images=False, include_links=False, favor_recall=True, deduplicate=False,
                                   with_metadata=False)
    except Exception:  # trafilatura is a help to locate the article, not a requirement
        return []
    lines = [re.sub(r"^[-*•]\s+", "", _key(line)) for line in (text or "").split("\n")]
    return [line for line in lines if len(line) >= 2]


def _blocks(root) -> list:
    return [e for e in root.iter(*BLOCKS)] or [root]


def _descend(root, weights: dict) -> object:
    """The deepest element holding at least COVERAGE of the weight under *root*."""
    total = weights.get(root, 0)
    node = root
    while True:
        heavy = [child for child in node if weights.get(child, 0) >= COVERAGE * total]
        if not heavy:
            return node
        node = heavy[0]


def _add_weight(weights: dict, element, weight: int) -> None:
    while element is not None:
        weights[element] = weights.get(element, 0) + weight
        element = element.getparent()


def _is_chrome(element) -> bool:
    if not isinstance(element.tag, str) or element.tag in ("body", "html"):
        return False
    if element.tag in chrome.CHROME_TAGS or (element.tag == "header" and not _inside(element, ("article", "main"))):
        return True
    if (element.get("role") or "").lower() in chrome.CHROME_ROLES:
        return True
    if chrome.is_chrome_name(f"{element.get('class') or ''} {element.get('id') or ''}"):
        return True
    return _hidden(element)


def _inside(element, tags: tuple) -> bool:
    return any(a.tag in tags for a in element.iterancestors())


def _hidden(element) -> bool:
    style = (element.get("style") or "").replace(" ", "").lower()
    return element.get("hidden") is not None or (element.get("aria-hidden") or "").lower() == "true" \
        or "display:none" in style or "visibility:hidden" in style


def _in_chrome(element, stop=None) -> bool:
    """*element* or one of its ancestors (below *stop*) is page chrome."""
    for node in (element, *element.iterancestors()):
        if node is stop:
            return False
        if _is_chrome(node):
            return True
    return False


def locate(tree, html_text: str) -> object:
    """The element that holds the article."""
    body = tree.body if tree.find(".//body") is not None else tree
    weights: dict = {}
    lines = _main_text(html_text)
    if lines:
        by_text: dict[str, list] = {}
        candidates = [(_text(element), element) for element in _blocks(body)]
        for text, element in candidates:
            by_text.setdefault(text, []).append(element)
        for line in lines:
            matches = by_text.get(line)
            if not matches:  # a line trafilatura joined or split: the smallest block holding it
                holding = [(len(text), index) for index, (text, _e) in enumerate(candidates) if line in text]
                matches = [candidates[min(holding)[1]][1]] if holding else []
            for element in matches[:1]:
                _add_weight(weights, element, len(line))
    if not weights:  # the element with most paragraph text outside the page's chrome
        for paragraph in body.iter("p", "li", "blockquote", "pre"):
            text = _text(paragraph)
            links = sum(len(_text(a)) for a in paragraph.iter("a"))
            if len(text) >= MIN_PARAGRAPH and links < 0.5 * len(text) and not _in_chrome(paragraph):
                _add_weight(weights, paragraph, len(text))
    root = _descend(body, weights) if weights.get(body) else None
    if root is None or not any(len(_text(e)) >= MIN_PARAGRAPH and _link_share(e) < 0.5 and not _in_chrome(e, root)
                               for e in _blocks(root)):
        raise Refused("aucun article trouvé dans cette page (seulement des menus, des liens ou rien) ; "
                      "enregistrez la page de l’article lui-même")
    return root


def find_title(tree, root) -> object | None:
    """The article's ``<h1>``: in the article, else the last one before it
    outside the site's header, else one in an ``<article>``."""
    inside = root.xpath(".//h1")
    if inside:
        return inside[0]
    before = None
    for h1 in tree.iter("h1"):
        if h1 is root or root in h1.iterancestors():
            break
        if _position(tree, h1) < _position(tree, root) and not _site_header(h1) and _text(h1):
            before = h1
    if before is not None:
        return before
    articles = [h1 for h1 in tree.iter("h1") if _inside(h1, ("article",)) and _text(h1)]
    return articles[0] if articles else None


SITE_HEADER = re.compile(r"(?:^|[-_])(?:site-header|masthead|logo|site-title|site-branding|branding|main-header"
                         r"|top-header|navbar|menu|nav)(?:$|[-_])")


def _site_header(element) -> bool:
    """Inside the site's banner, menus or footer (a logo in an ``<h1>``)."""
    for node in (element, *element.iterancestors()):
        if node.tag in ("nav", "footer", "aside") or (node.get("role") or "").lower() in chrome.CHROME_ROLES:
            return True
        if SITE_HEADER.search(f"{node.get('class') or ''} {node.get('id') or ''}".lower().replace("_", "-")):
            return True
    return False


def _position(tree, element) -> int:
    for index, node in enumerate(tree.iter()):
        if node is element:
            return index
    return -1


def _common(a, b) -> object:
    ancestors = [a, *a.iterancestors()]  # held: lxml's proxies are only stable while referenced
    for node in (b, *b.iterancestors()):
        if any(node is x for x in ancestors):
            return node
    return a


def widen(root, title) -> object:
    """The article with its title, when they sit in one container that adds
    little else (a wrapper with the post's header), so that a byline or a
    label above the text is seen (and handled) with it."""
    if title is None or root is title or root in title.iterancestors():
        return root
    common = _common(root, title)
    if common.tag in ("body", "html"):
        return root
    extra = len(_text(common)) - len(_text(root)) - len(_text(title))
    return common if extra <= 0.5 * max(len(_text(root)), 1) else root


# --- cleaning --------------------------------------------------------------------------
ELSEWHERE = re.compile(r"(?:^|[-_\s])(?:comments?|respond|sidebar|widgets?|related|recent|nav|menu)(?:$|[-_\s])")


def article_date(root) -> str | None:
    """The ``<time datetime>`` of the article's header or meta line: in the
    article, or just around it (its container), never in comments, sidebars
    or lists of other posts."""
    parent = root.getparent()
    scopes = [root] + ([parent] if parent is not None and parent.tag not in ("body", "html") else [])
    for scope in scopes:
        for time in scope.iter("time"):
            chain = []
            for node in (time, *time.iterancestors()):
                chain.append(node)
                if node is scope:
                    break
            if any(n.tag in ("aside", "nav", "footer") or ELSEWHERE.search(
                    f"{n.get('class') or ''} {n.get('id') or ''}".lower()) for n in chain):
                continue
            stated = any(n.tag == "header" or chrome.META_NAMES.search((n.get("class") or "").lower().replace("_", "-"))
                         for n in chain)
            if stated and iso_date(time.get("datetime")):
                return iso_date(time.get("datetime"))
    return None


def _drop(element) -> None:
    if element.getparent() is not None:
        element.drop_tree()  # its tail (the text after it) stays with the parent


def count_active(root) -> int:
    count = len(root.xpath(".//script"))
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        count += sum(1 for name in element.attrib if name.lower().startswith("on"))
        for name in ("href", "src", "action", "formaction"):
            if re.match(r"\s*(javascript|vbscript)\s*:", element.get(name) or "", re.I):
                count += 1
    return count


def strip_chrome(root) -> None:
    """Remove the page's chrome inside the article (never the article itself,
    nor an element holding most of its text)."""
    from lxml import etree

    size = max(len(_text(root)), 1)
    for element in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        _drop(element)
    for element in list(root.iterdescendants()):
        if not isinstance(element.tag, str) or not any(a is root for a in element.iterancestors()):
            continue  # already removed with an ancestor
        if element.tag in ALWAYS_DROP:
            _drop(element)
        elif _is_chrome(element) and len(_text(element)) < 0.5 * size:
            _drop(element)
        elif element.tag == "a" and (chrome.SHARE_LINK.search(element.get("href") or "")
                                     or set((element.get("rel") or "").lower().split()) & {"category", "tag"}):
            _drop(element)
        elif element.tag == "img" and _tracking(element):
            _drop(element)
    for heading in list(root.iter("h2", "h3", "h4", "h5", "h6")):
        if heading.getparent() is None or not chrome.is_chrome_heading(_text(heading)):
            continue
        parent = heading.getparent()
        if parent is not root and parent.index(heading) == 0 and not (parent.text or "").strip() \
                and len(_text(parent)) < 0.5 * size:
            _drop(parent)  # a section opened by the heading: « Articles récents », comments…
        else:
            for sibling in [heading, *heading.itersiblings()]:
                _drop(sibling)
    for element in list(root.iter(*BLOCKS, "div", "span", "section")):
        if element is root or element.getparent() is None:
            continue
        text = _text(element)
        if text and len(text) <= 80 and chrome.is_interface(text):
            _drop(element)


LEAVES = ("p", "li", "dt", "dd", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "div",
          "section", "figcaption", "small", "address")
FINE_PRINT = re.compile(r"(©|\(c\)\s*\d{4}|copyright|tous droits réservés|all rights reserved|mentions légales"
                        r"|propulsé par|powered by|site (réalisé|conçu|créé) par|hébergé par)", re.I)


def _fine_print(leaf) -> bool:
    """Small print at the foot of a page (©, « mentions légales », ``<small>``)."""
    text = _text(leaf)
    return len(text) < 300 and (bool(FINE_PRINT.search(text)) or leaf.tag == "small"
                                or (len(leaf) and all(c.tag == "small" for c in leaf)
                                    and not (leaf.text or "").strip()))


def _link_share(element) -> float:
    text = len(_text(element))
    return sum(len(_text(a)) for a in element.iter("a")) / text if text else 0.0


def trim_edges(root) -> None:
    """Before and after the text: link lists (menus, « articles récents »)
    and, after it, fine print (©, « mentions légales », « réalisé par »).
    Only at the edges: inside the text, an author's list of links stays."""
    leaves = [e for e in root.iter(*LEAVES) if e is not root and _text(e)
              and not any(c.tag in LEAVES and _text(c) for c in e.iterdescendants())]
    substantial = [i for i, e in enumerate(leaves)
                   if len(_text(e)) >= MIN_PARAGRAPH and _link_share(e) < 0.5 and not _fine_print(e)]
    if not substantial:
        return
    first, last = substantial[0], substantial[-1]
    for index, leaf in enumerate(leaves):
        if first <= index <= last:
            continue
        text = _text(leaf)
        after = index > last
        if _link_share(leaf) >= 0.8 or chrome.is_interface(text) or \
                (after and (FINE_PRINT.search(text) or (all(c.tag == "small" for c in leaf) and len(leaf)
                            and not (leaf.text or "").strip()))):
            _drop(leaf)


def _tracking(image) -> bool:
    tiny = all((image.get(a) or "").strip().rstrip("px") in ("0", "1") for a in ("width", "height"))
    return tiny or bool(chrome.TRACKING.search(image.get("src") or ""))


def sanitise(root, folder: Path, context: pandoc.Context) -> None:
    """No code goes further: event handlers and styles removed, unsafe links
    unwrapped; images are local files, accepted or refused with a message."""
    from lxml_html_clean import Cleaner

    for number, image in enumerate(list(root.iter("img")), start=1):
        source = (image.get("src") or "").strip()
        parsed = urlparse(source)
        if parsed.scheme in ("http", "https") or source.startswith("//"):
            context.problems.append((None, f"image distante « {source[:80]} » non reprise : la base ne dépend "
                                           f"d’aucun autre site ; enregistrez la page complète (avec ses images)"))
            _drop(image)
            continue
        if parsed.scheme or not parsed.path:
            if source:
                context.problems.append((None, f"image « {source[:60]} » non reprise (adresse non locale)"))
            _drop(image)
            continue
        path = folder / unquote(parsed.path)
        if accept_image(path, unquote(parsed.path), context.problems, inside=folder):
            token = f"kb-image-{number}"
            context.images[token] = path.resolve()
            image.set("src", token)
        else:
            _drop(image)
    cleaner = Cleaner(scripts=True, javascript=True, comments=True, style=True, inline_style=True, links=True,
                      meta=True, page_structure=False, processing_instructions=True, embedded=True, frames=True,
                      forms=True, annoying_tags=True, remove_unknown_tags=False, safe_attrs_only=True,
                      safe_attrs=frozenset({"href", "src", "alt", "title", "colspan", "rowspan", "start", "type",
                                            "lang"}))
    cleaner(root)  # lxml's own cleaner, after ours: no script, handler or javascript: link gets through


def to_blocks(root, folder: Path, context: pandoc.Context) -> list:
    """The blocks of a cleaned element: sanitised, then read by pandoc."""
    import lxml.html

    sanitise(root, folder, context)
    html = lxml.html.tostring(root, encoding="unicode", method="html")
    ast = pandoc.run_pandoc(None, "html", data=html.encode("utf-8"))
    return pandoc.blocks(ast["blocks"], context)


def strip_code(root) -> int:
    """Remove what is code or invisible, not chrome (an e-mail's HTML); return the active content found."""
    removed = count_active(root)
    for element in list(root.iter()):
        if isinstance(element.tag, str) and element is not root and (
                element.tag in ALWAYS_DROP or _hidden(element) or (element.tag == "img" and _tracking(element))):
            _drop(element)
    return removed


def load(path: Path, data: bytes, work: Path) -> d.Document:
    import lxml.html

    text = decode(data)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        tree = lxml.html.document_fromstring(text)
    except Exception:
        raise Refused("cette page HTML est illisible") from None
    found = head_metadata(tree, data)
    for element in list(tree.iter("script", "style", "noscript", "template")):
        if element.tag == "script" and element.get("type") == "application/ld+json":
            _drop(element)
    root = locate(tree, text)
    title = find_title(tree, root)
    root = widen(root, title)
    removed = count_active(root)
    title_text = _squash(title.text_content()) if title is not None else None
    if title is not None and (title is root or root in title.iterancestors()):
        _drop(title)
    if "date" not in found:
        date = article_date(root)
        if date:
            found["date"], found["date:origine"] = date, "date de l’article"
    strip_chrome(root)
    trim_edges(root)
    context = pandoc.Context(base_url=found.get("source"), removed=removed)
    blocks = to_blocks(root, path.parent, context)
    titles = found.pop("titres")
    found.pop("site", None)
    document = d.Document(blocks, title=title_text or (titles[0] if titles else None), problems=context.problems,
                          removed=context.removed)
    document.candidates.update({k: v for k, v in found.items() if v})
    return document
