"""Testimonials: their front matter, the header block of their page, and the
catalog of cards that lists them (on the home page and in the PDF)."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.environment import BuildEnvironment
from sphinx.errors import NoUri
from sphinx.util.nodes import make_refnode
from sphinx_design.shared import PassthroughTextElement, create_component

from kb.diagnostics import KbWarning, warn
from kb.frontmatter import blank_front_matter, parse_front_matter
from kb.graph import cached
from kb.incremental import register_for_placeholder
from kb.nodes import catalog_placeholder, pdf_page_ref, placeholder_directive

if TYPE_CHECKING:
    from sphinx.application import Sphinx

WORDS_PER_MINUTE = 230  # an adult reading French prose silently
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet",
          "août", "septembre", "octobre", "novembre", "décembre")


def is_testimonial(env: BuildEnvironment, docname: str) -> bool:
    """Every page under ``kb_testimonials_dir``, except its index, is a testimonial."""
    prefix = env.config.kb_testimonials_dir.strip("/") + "/"
    return docname.startswith(prefix) and docname != prefix + "index"


def french_date(iso: str | None) -> str:
    """« 3 mai 2014 », « mai 2014 », « 2014 », or « date inconnue »."""
    if not iso:
        return "date inconnue"
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    month = MONTHS[parts[1] - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    day = "1er" if parts[2] == 1 else str(parts[2])
    return f"{day} {month} {parts[0]}"


def read_front_matter(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: validate the front matter and store the metadata."""
    env = app.env
    if not is_testimonial(env, docname):
        return
    front = parse_front_matter(source[0], env.config.kb_themes)
    for problem in front.problems:
        warn(problem.message, KbWarning.FRONT_MATTER, (docname, problem.line))
    if not front.problems:
        source[0] = blank_front_matter(source[0])
    env.get_domain("kb").testimonials[docname] = {
        **front.data,
        "lines": front.lines,
        "title": "",
        "minutes": 0,
    }


def add_header(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: the header block under the title, from the front matter."""
    env = app.env
    docname = env.docname
    meta = env.get_domain("kb").testimonials.get(docname)
    if meta is None:
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        warn("le témoignage n’a pas de titre : ajoutez une ligne « # Titre » après l’en-tête "
             "(the testimonial has no title)", KbWarning.FRONT_MATTER,
             (docname, max(meta["lines"].values(), default=0) + 2))
        return
    title = section[0].astext()
    words = len(re.findall(r"\w+", doctree.astext()))
    meta["title"] = title
    meta["minutes"] = max(1, math.ceil(words / WORDS_PER_MINUTE))

    fields = nodes.field_list(classes=["kb-fiche"])

    def add(name: str, *body: nodes.Node) -> None:
        paragraph = nodes.paragraph("", "", *body)
        fields.append(nodes.field("", nodes.field_name("", name), nodes.field_body("", paragraph)))

    if meta.get("auteur"):
        add("Auteur", nodes.Text(meta["auteur"]))
    if meta.get("role"):
        add("Fonction", nodes.Text(meta["role"]))
    if meta.get("organisation"):
        add("Organisation", nodes.Text(meta["organisation"]))
    add("Date", nodes.Text(french_date(meta.get("date"))))
    if meta.get("source"):
        add("Source", nodes.reference(meta["source"], meta["source"], refuri=meta["source"]))
    if meta.get("themes"):
        add("Thèmes", nodes.Text(", ".join(meta["themes"])))
    add("Lecture", nodes.Text(f"{meta['minutes']} min"))
    if meta.get("identifiant"):
        add("Identifiant", nodes.literal("", meta["identifiant"]))
    header = nodes.container("", fields, classes=["kb-entete"])
    if meta.get("resume"):
        header += nodes.paragraph("", meta["resume"], classes=["kb-resume"])
    section.insert(1, header)


def check_identifiers(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: an identifier belongs to one testimonial."""
    seen: dict[str, str] = {}
    testimonials = env.get_domain("kb").testimonials
    slugs: dict[str, str] = {}
    for docname in sorted(testimonials):
        slug = docname.rsplit("/", 1)[-1]
        if slug in slugs:
            warn(f"le nom de fichier « {slug} » est déjà celui de {env.doc2path(slugs[slug])} ; "
                 f"donnez un nom unique à ce témoignage (duplicate testimonial slug {slug!r})",
                 KbWarning.DUPLICATE_ID, (docname, 1))
        slugs.setdefault(slug, docname)
    for docname in sorted(testimonials):
        identifier = testimonials[docname].get("identifiant")
        if not identifier:
            continue
        if identifier in seen:
            warn(
                f"l’identifiant {identifier} est déjà celui de {env.doc2path(seen[identifier])} ; "
                "donnez à ce témoignage le prochain identifiant libre "
                f"(duplicate testimonial identifier {identifier})",
                KbWarning.DUPLICATE_ID,
                (docname, testimonials[docname]["lines"].get("identifiant", 1)),
            )
        else:
            seen[identifier] = docname


@cached
def sorted_testimonials(env: BuildEnvironment) -> list[tuple[str, dict[str, Any]]]:
    """Newest first; undated testimonials last, then by title."""
    items = list(env.get_domain("kb").testimonials.items())
    items.sort(key=lambda item: item[1].get("title", ""))
    items.sort(key=lambda item: item[1].get("date") or "", reverse=True)
    return items


def byline(meta: dict[str, Any]) -> str:
    parts = [meta.get(key) for key in ("auteur", "role", "organisation")]
    return " — ".join(p for p in parts if p)


def _card(link: nodes.Node, meta: dict[str, Any]) -> nodes.Element:
    card = create_component("card", ["sd-card", "sd-sphinx-override", "sd-mb-3",
                                     "sd-shadow-sm", "sd-card-hover", "kb-carte"])
    body = create_component("card-body", ["sd-card-body"])
    title = create_component("card-title", ["sd-card-title", "sd-font-weight-bold"])
    title += nodes.Text(meta.get("title", ""))
    body += title
    body += nodes.paragraph("", byline(meta), classes=["sd-card-text"])
    if meta.get("resume"):
        body += nodes.paragraph("", meta["resume"], classes=["sd-card-text"])
    body += nodes.paragraph("", f"{french_date(meta.get('date'))} · {meta['minutes']} min de lecture",
                            classes=["sd-card-text", "kb-carte-date"])
    card += body
    card += PassthroughTextElement("", "", link)
    return card


def resolve_catalogs(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: fill the catalog placeholders of *docname*."""
    env = app.env
    for placeholder in list(doctree.findall(catalog_placeholder)):
        items = sorted_testimonials(env)
        if not items:
            placeholder.replace_self(nodes.paragraph("", "Aucun témoignage pour l’instant."))
            continue
        limit = placeholder.get("limite")
        more = _more_testimonials(app, docname, len(items)) if limit and len(items) > limit else None
        if more is not None:
            items = items[:limit]
        html = app.builder.format == "html"
        if html:
            row = create_component("grid-row", ["sd-row", "sd-row-cols-1", "sd-row-cols-sm-1",
                                                "sd-row-cols-md-2", "sd-g-3"])
            grid = create_component("grid-container",
                                    ["sd-container-fluid", "sd-sphinx-override", "sd-mb-4"])
            grid += row
            result: nodes.Element = grid
        else:
            result = nodes.bullet_list()
        for target, meta in items:
            try:
                if html:
                    link = make_refnode(app.builder, docname, target, "",
                                        nodes.inline("", meta["title"]), meta["title"])
                    link["classes"] = ["sd-stretched-link", "sd-hide-link-text"]
                    column = create_component("grid-item", ["sd-col", "sd-d-flex-row", "kb-carte-col",
                                                            *card_classes(env, target)])
                    column += _card(link, meta)
                    row += column
                else:
                    link = make_refnode(app.builder, docname, target, "",
                                        nodes.emphasis("", meta["title"]))
                    paragraph = nodes.paragraph("", "", link, nodes.Text(f", {byline(meta)}"),
                                                pdf_page_ref(target))
                    result += nodes.list_item("", paragraph)
            except NoUri:  # not part of this output (a PDF without the page)
                continue
        placeholder.replace_self([result, more] if more is not None else result)


def _more_testimonials(app: Sphinx, docname: str, count: int) -> nodes.paragraph | None:
    """« Tous les N témoignages », under a catalog cut by ``:limite:``."""
    catalog = f"{app.config.kb_testimonials_dir}/index"
    if catalog == docname:
        return None
    try:
        link = make_refnode(app.builder, docname, catalog, "", nodes.Text(f"Tous les {count} témoignages"))
    except NoUri:
        return None
    return nodes.paragraph("", "", link, classes=["kb-catalogue-suite"])


@register_for_placeholder("catalog")
def catalog_inputs(env: BuildEnvironment) -> str:
    """Pages holding a catalog show every testimonial's metadata."""
    return repr(sorted_testimonials(env))


def card_classes(env: BuildEnvironment, docname: str) -> list[str]:
    from kb.facets import card_classes as classes  # facets build on this module

    return classes(env, docname)


def setup_testimonials(app: Sphinx) -> None:
    app.add_config_value("kb_testimonials_dir", "temoignages", "env", types=(str,))
    app.add_config_value("kb_themes", [], "env", types=(list, tuple))
    # :limite: N shows the N newest testimonials and a link to all of them
    # (the home page stays small whatever the size of the knowledge base).
    app.add_directive("temoignages", placeholder_directive("catalog", catalog_placeholder,
                                                           {"limite": directives.positive_int}))
    app.connect("source-read", read_front_matter)
    app.connect("doctree-read", add_header)
    app.connect("env-check-consistency", check_identifiers)
    app.connect("doctree-resolved", resolve_catalogs)
