#!/usr/bin/env bash
# Set up diplokg in .venv, then run the main job on the bundled sample articles:
# ingest them into the embedded store, ask who visited whom, and write a Turtle export.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
STORE=${DIPLOKG_STORE:-./diplokg-store}

[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[model]"

.venv/bin/diplokg --store "$STORE" ingest examples/articles
echo
echo "Who visited whom (diplokg query who_visited):"
.venv/bin/diplokg --store "$STORE" query who_visited --format tsv | cut -f2,4,5
mkdir -p out
.venv/bin/diplokg --store "$STORE" export --format turtle -o out/diplokg.ttl
.venv/bin/diplokg --store "$STORE" stats
