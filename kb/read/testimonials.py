"""Testimonials as they are read: their front matter (validated, stored in the
domain), the header block under their title, one identifier each."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.environment import BuildEnvironment

from kb.core.diagnostics import KbWarning, warn
from kb.core.domain import domain_of
from kb.core.frontmatter import blank_front_matter, parse_front_matter
from kb.core.nodes import fields_placeholder

if TYPE_CHECKING:
    from sphinx.application import Sphinx

WORDS_PER_MINUTE = 230  # an adult reading French prose silently


def read_front_matter(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: validate the front matter and store the metadata."""
    domain = domain_of(app.env)
    if not domain.is_testimonial(docname):
        return
    front = parse_front_matter(source[0], app.config.kb_themes)
    for problem in front.problems:
        warn(problem.message, KbWarning.FRONT_MATTER, (docname, problem.line))
    # Even when it is wrong: each problem is reported once, above, and MyST
    # never parses (nor expands) what was refused.
    source[0] = blank_front_matter(source[0])
    domain.note_testimonial(docname, {**front.data, "lines": front.lines})


def add_header(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: the header block under the title, its fields left to fill."""
    env = app.env
    docname = env.docname
    domain = domain_of(env)
    meta = domain.testimonials.get(docname)
    if meta is None:
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        warn("le témoignage n’a pas de titre : ajoutez une ligne « # Titre » après l’en-tête "
             "(the testimonial has no title)", KbWarning.FRONT_MATTER,
             (docname, max(meta["lines"].values(), default=0) + 2))
        return
    words = len(re.findall(r"\w+", doctree.astext()))
    domain.note_title(docname, section[0].astext(), max(1, math.ceil(words / WORDS_PER_MINUTE)))

    # The fields (eight of them: 36 nodes) are made when the page is written
    # (kb.resolve.header): stored in the doctree, they were pickled and walked
    # by every later handler and post-transform (0.5 s of a 14 s build at
    # 1,000 testimonials).
    header = nodes.container("", fields_placeholder(page=docname), classes=["kb-entete"])
    if meta.get("resume"):
        header += nodes.paragraph("", meta["resume"], classes=["kb-resume"])
    section.insert(1, header)


def check_identifiers(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: an identifier belongs to one testimonial."""
    seen: dict[str, str] = {}
    testimonials = domain_of(env).testimonials
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


def setup_testimonials(app: Sphinx) -> None:
    app.connect("source-read", read_front_matter)
    app.connect("doctree-read", add_header)
    app.connect("env-check-consistency", check_identifiers)
