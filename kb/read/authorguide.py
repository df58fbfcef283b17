"""``{kb-schema}``: the front-matter schema, rendered for the author guide
from the same table the build checks against (``kb.core.schema``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from kb.core.schema import KINDS, SCHEMA

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class SchemaDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        items = nodes.definition_list(classes=["kb-schema"])
        for field in SCHEMA:
            term = nodes.term("", "", nodes.literal("", field.name),
                              nodes.Text(" (obligatoire)" if field.required else " (facultatif)"))
            body = nodes.definition("", nodes.paragraph("", field.description),
                                    nodes.paragraph("", f"Valeur attendue : {KINDS[field.kind]}."))
            if field.kind == "themes":
                themes = ", ".join(f"« {t} »" for t in self.config.kb_themes)
                body += nodes.paragraph("", f"Thèmes possibles : {themes}.")
            items += nodes.definition_list_item("", term, body)
        return [items]


def setup_authorguide(app: Sphinx) -> None:
    app.add_directive("kb-schema", SchemaDirective)
