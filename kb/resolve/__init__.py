"""Resolving: placeholders replaced when a page is written
(``doctree-resolved``): a testimonial's header fields, and content drawn from
the whole knowledge base: « Cité dans » lists, the catalog, the
facet chips, the citation map, « Témoignages proches », the authors' index.
Each declares what it shows to :mod:`kb.core.incremental`, so an incremental
build rewrites exactly the pages whose content changed."""
