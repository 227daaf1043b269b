# Sourced by the scripts: the Python to use, in a virtual environment unless one is active
# or this is CI (which installs into the machine's Python).
if [ -z "${VIRTUAL_ENV:-}" ] && [ -z "${CI:-}" ]; then
  [ -x .venv/bin/python ] || python3 -m venv .venv
  PY=.venv/bin/python
else
  PY=python
fi
