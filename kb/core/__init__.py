"""The core every feature builds on, importing no feature: the ``kb`` domain
(the single store of what is collected across pages, written through its own
methods), nodes, warnings, the front-matter schema and its parser, the
configuration table, French text helpers, derived queries and the
incremental bookkeeping."""
