"""The knowledge base's tools, outside the Sphinx extension: the command line
(``python -m kb``), building and publishing the editions, and authoring.

The extension (``kb``) never imports this package, so editing a tool never
changes the extension's ``env_version`` (no full rebuild)."""
