"""Resolving: placeholders replaced with content drawn from the whole
knowledge base (``doctree-resolved``): « Cité dans » lists, the catalog, the
facet chips, the citation map, « Témoignages proches », the authors' index.
Each declares what it shows to :mod:`kb.core.incremental`, so an incremental
build rewrites exactly the pages whose content changed."""
