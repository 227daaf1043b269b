"""``python -m sphinx_quicktakes``: the command-line interface."""

import os
import sys

from sphinx_quicktakes.cli import main

status = main()
if sys.argv[1:2] == ["shard"]:
    # A shard's process ends holding its whole build; freeing it object by object would take
    # seconds at library scale, and nothing is left to write.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
raise SystemExit(status)
