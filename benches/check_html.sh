#!/usr/bin/env bash
# Opens the demo's HTML report in headless Chromium (Debian's `chromium`, installed here if
# missing): fails on any console message or failed load, and saves a screenshot.
#
# Usage: bash benches/check_html.sh [extra follow_up options]   → target/follow_up.png
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
cargo run --quiet --example follow_up -- --format html --out target/follow_up.html "$@"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --enable-logging=stderr --v=0 --hide-scrollbars \
    --window-size=1200,5200 --screenshot="$PWD/target/follow_up.png" \
    "file://$PWD/target/follow_up.html" 2> target/chromium.log || true
if grep -E 'CONSOLE|Uncaught|net::ERR_|Failed to load' target/chromium.log; then
    echo "check_html: the report logged errors in Chromium (see target/chromium.log)" >&2
    exit 1
fi
test -s target/follow_up.png
echo "check_html: no console errors; screenshot in target/follow_up.png"
