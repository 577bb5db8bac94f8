#!/bin/sh
# Install socialpolicy with its service into a fresh virtual environment, from a source tree:
# build the wheel, install it (non-editable) with the `serve` extra, check that it runs.
# The Dockerfile runs exactly this; tests/server/test_deploy.py runs it too.
#
#   deploy/install.sh SOURCE_DIR VENV_DIR
#
# PYTHON picks the interpreter (default python3). durable-rules is compiled from source:
# a C compiler is needed (build-essential, or gcc and libc6-dev).
set -eu
src=${1:?usage: deploy/install.sh SOURCE_DIR VENV_DIR}
venv=${2:?usage: deploy/install.sh SOURCE_DIR VENV_DIR}
python=${PYTHON:-python3}
wheels=$(mktemp -d)
trap 'rm -rf "$wheels"' EXIT

"$python" -m venv "$venv"
# The wheel, not the tree: packs, schemas and the page's files must ship inside it.
"$venv/bin/python" -m pip wheel --quiet --no-deps --wheel-dir "$wheels" "$src"
wheel=$(ls "$wheels"/socialpolicy-*.whl)
# durable-rules compiles its C core at -O0 unless told otherwise; -O2 about doubles its speed.
CPPFLAGS=-O2 "$venv/bin/python" -m pip install --quiet "${wheel}[serve]"

"$venv/bin/socialpolicy" --version
"$venv/bin/python" -c "import socialpolicy.server; print('serve extra: ok')"
