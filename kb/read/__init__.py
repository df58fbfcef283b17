"""Reading: from a source file to a doctree (``source-read``, ``doctree-read``,
``env-check-consistency``). Roles and directives, the front matter, the
glossary and the citations are collected into the ``kb`` domain here;
content that depends on other pages is left as placeholders."""
