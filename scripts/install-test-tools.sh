#!/bin/sh
# Install the system tools the test suite drives (run as root; safe to run again).
# chromium: the headless browser the explorer test drives through Playwright.
# raptor2-utils: `rapper`, the independent RDF parser the export round-trip tests check against.
set -eu

PKGS="chromium raptor2-utils"

missing=""
for pkg in $PKGS; do
    if command -v "$pkg" >/dev/null 2>&1 || dpkg -s "$pkg" >/dev/null 2>&1; then
        continue
    fi
    missing="$missing $pkg"
done

if [ -z "$missing" ]; then
    echo "test tools already installed: $PKGS"
    exit 0
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update
# shellcheck disable=SC2086  # the package list is meant to split into words
apt-get install -y $missing
