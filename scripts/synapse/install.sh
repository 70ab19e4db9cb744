#!/usr/bin/env bash
# Installs Synapse from PyPI into a virtualenv for the Matrix integration tests (kept between runs).
set -euo pipefail
venv="${SYNAPSE_VENV:-$HOME/.cache/vigie/synapse-venv}"
version="1.163.2"
if "$venv/bin/python" -c "import synapse, sys; sys.exit(synapse.__version__ != '$version')" 2>/dev/null; then
  echo "Synapse $version already in $venv"
  exit 0
fi
python3 -m venv "$venv"
"$venv/bin/pip" install -q --upgrade pip
"$venv/bin/pip" install -q "matrix-synapse==$version"
echo "Synapse $version installed in $venv"
