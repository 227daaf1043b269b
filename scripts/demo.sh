#!/usr/bin/env bash
# Build the demo site (docs + the library from content/) with its study guides.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${VIRTUAL_ENV:-}" ] && [ -z "${CI:-}" ]; then
  [ -x .venv/bin/python ] || python3 -m venv .venv
  PY=.venv/bin/python
else
  PY=python
fi
"$PY" -m pip install --quiet --disable-pip-version-check -e ".[docs]"
"$PY" -m sphinx -b html docs docs/_build/html "$@"
echo "Demo site: $(pwd)/docs/_build/html/index.html (study guides in docs/_build/html/_downloads/quicktakes/)"
