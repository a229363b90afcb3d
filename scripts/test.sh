#!/usr/bin/env bash
# Set up diplokg with its test dependencies in .venv, install the outside tools some tests
# drive (Chromium, rapper), and run the whole test suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}

[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
if [ -f scripts/install-test-tools.sh ]; then
    bash scripts/install-test-tools.sh || echo "warning: could not install the test tools; the tests that need them will skip" >&2
fi
PATH="$PWD/.venv/bin:$PATH" exec .venv/bin/python -m pytest "$@"
