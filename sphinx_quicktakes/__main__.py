"""``python -m sphinx_quicktakes``: the command-line interface."""

from sphinx_quicktakes.cli import main

raise SystemExit(main())
