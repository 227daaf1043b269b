#!/usr/bin/env bash
# Install the test dependencies and run the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${VIRTUAL_ENV:-}" ] && [ -z "${CI:-}" ]; then
  [ -x .venv/bin/python ] || python3 -m venv .venv
  PY=.venv/bin/python
else
  PY=python
fi
"$PY" -m pip install --quiet --disable-pip-version-check -e ".[test]"
"$PY" -m pytest -n 2 --dist loadfile "$@"
