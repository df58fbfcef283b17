"""Writing: what the builders produce beyond the resolved pages
(``html-page-context``, ``html-collect-pages``, ``build-finished``): the
navigation, facet pages, redirects, the JSON export, data scripts and static
assets, the search language, the PDF link and the LaTeX translator."""
