#!/usr/bin/env bash
# Install the test dependencies and run the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_python.sh
"$PY" -m pip install --quiet --disable-pip-version-check -e ".[test]"
"$PY" -m pytest -n 2 --dist loadfile "$@"
