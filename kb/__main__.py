"""``python -m kb build|check|…``: the knowledge base's tools (``kbtools``).

Not part of the extension: Sphinx never imports this module, and it is left
out of the extension's ``env_version``."""

import sys

from kbtools.cli import main

sys.exit(main())
