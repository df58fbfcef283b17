"""The theses of the manifesto: the ``these`` directive that defines one, the
``these`` role that cites one.

Authors write ``{these}`22` `` (rendered « thèse 22 ») or
``{these}`autre texte <22>` ``; the manifesto page defines each thesis with::

    :::{these} 22
    :titre: Un titre court
    Un résumé en une ou deux phrases.
    :::
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.addnodes import pending_xref
from sphinx.util.docutils import SphinxDirective, SphinxRole
from sphinx.util.nodes import split_explicit_title

from kb.core.diagnostics import KbWarning, warn
from kb.core.domain import domain_of
from kb.core.french import shorten
from kb.core.nodes import citedin_placeholder

if TYPE_CHECKING:
    from sphinx.application import Sphinx

FIRST_THESIS, LAST_THESIS = 1, 95


def thesis_anchor(number: int) -> str:
    """The stable HTML anchor of a thesis: a published URL, never to change."""
    return f"these-{number}"


def parse_thesis_number(text: str) -> int | None:
    """The thesis number written in *text*, or None unless it is 1 to 95."""
    text = text.strip()
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if FIRST_THESIS <= number <= LAST_THESIS else None


def number_error(found: str) -> str:
    return (
        f"numéro de thèse invalide : « {shorten(found)} » ; le manifeste compte les thèses "
        f"{FIRST_THESIS} à {LAST_THESIS}, écrivez par exemple {{these}}`22` "
        f"(invalid thesis number {shorten(found, 40)!r}: expected an integer from "
        f"{FIRST_THESIS} to {LAST_THESIS})"
    )


class ThesisRole(SphinxRole):
    """``{these}`22` ``: a link to thesis 22, checked at read time."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        has_title, title, target = split_explicit_title(self.text)
        number = parse_thesis_number(target)
        if number is None:
            warn(number_error(target), KbWarning.THESIS_NUMBER, self.get_location())
            return [nodes.inline(self.rawtext, self.text, classes=["kb-these-invalide"])], []
        label = title if has_title else f"thèse {number}"
        refnode = pending_xref(
            self.rawtext,
            refdomain="kb",
            reftype="these",
            reftarget=str(number),
            refexplicit=has_title,
            refwarn=True,
        )
        refnode += nodes.inline(label, label, classes=["xref", "kb-these"])
        self.set_source_info(refnode)
        return [refnode], []


class ThesisDirective(SphinxDirective):
    """Define one thesis: its number, a French title, a French summary."""

    required_arguments = 1
    has_content = True
    option_spec: ClassVar[dict] = {"titre": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        number = parse_thesis_number(self.arguments[0])
        if number is None:
            warn(number_error(self.arguments[0]), KbWarning.THESIS_NUMBER, self.get_location())
            return []
        title = self.options.get("titre", "").strip()
        if not title or not self.content:
            warn(
                f"la thèse {number} doit avoir un titre (option :titre:) et un résumé "
                f"(le contenu de la directive) (thesis {number} needs :titre: and a summary)",
                KbWarning.THESIS_DEFINITION,
                self.get_location(),
            )
            return []
        anchor = thesis_anchor(number)
        document = self.state.document
        summary = " ".join(line.strip() for line in self.content if line.strip())
        domain = domain_of(self.env)
        if not domain.note_thesis({
            "number": number,
            "docname": self.env.docname,
            "anchor": anchor,
            "lineno": self.lineno,
            "title": title,
            "summary": summary,
        }):
            return []
        if anchor in document.ids:
            domain.forget_thesis(number)
            warn(
                f"l’ancre « {anchor} » existe déjà sur cette page ; elle est réservée à la thèse "
                f"{number} : renommez l’autre cible (duplicate anchor {anchor!r})",
                KbWarning.DUPLICATE_ANCHOR,
                self.get_location(),
            )
            return []
        domain.note_placeholder(self.env.docname, "citedin")
        # A separate target carries the anchor so that every builder keeps it
        # (LaTeX turns it into a \label the PDF links to).
        target = nodes.target("", "", ids=[anchor])
        document.ids[anchor] = target
        box = nodes.container(classes=["kb-these"])
        self.set_source_info(box)
        heading = nodes.paragraph(classes=["kb-these-titre"])
        heading += nodes.strong("", f"Thèse {number}")
        heading += nodes.Text(f" — {title}")
        box += heading
        box += self.parse_content_to_nodes()
        original = self.config.kb_theses_original_url
        if original:
            source = nodes.paragraph(classes=["kb-these-source"])
            source += nodes.reference("", "Lire le texte original (en anglais) sur cluetrain.com",
                                      refuri=original)
            box += source
        box += citedin_placeholder(kind="these", target=str(number))
        return [target, box]


def setup_theses(app: Sphinx) -> None:
    app.add_role("these", ThesisRole())
    app.add_directive("these", ThesisDirective)
