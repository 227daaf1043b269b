#!/usr/bin/env bash
# Build the demo site (docs + the library from content/) with its study guides.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_python.sh
"$PY" -m pip install --quiet --disable-pip-version-check -e ".[docs]"
"$PY" -m sphinx -b html docs docs/_build/html "$@"
echo "Demo site: $(pwd)/docs/_build/html/index.html (study guides in docs/_build/html/_downloads/quicktakes/)"
