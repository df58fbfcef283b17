"""Writing testimonials: ``python -m kb new``, ``import`` (and ``suggest``, in
its own subpackage).

Every source type is read by one module of ``importers`` into the same
intermediate document (``document``: a title, metadata, blocks of inline
text); ``finish`` applies the rules shared by every source (title, byline,
page residue, language); ``myst`` writes the one MyST page; ``page`` names it,
numbers it and writes it without ever replacing a file.
"""
