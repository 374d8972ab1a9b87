#!/usr/bin/env bash
# Prints the demo's annual report to PDF on A4 and takes screenshots at 1280 and 375 px in
# headless Chromium (Debian's `chromium` and `poppler-utils`, installed here if missing).
# Fails when the page scrolls sideways in a 375 px frame (tables scroll in their own box), or
# when a section or a trace's body is missing from the PDF's text.
#
# Usage: bash benches/check_print.sh   → target/annual.pdf, target/annual-1280.png,
#                                        target/annual-375.png
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null
fi
mkdir -p target
cargo run --quiet --example follow_up -- --kind annual --as-of 2022-12 --format html --out target/annual.html
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
browse() {
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --hide-scrollbars "$@" 2>/dev/null
}
browse --no-pdf-header-footer --print-to-pdf="$PWD/target/annual.pdf" "file://$PWD/target/annual.html" || true
browse --window-size=1280,4000 --screenshot="$PWD/target/annual-1280.png" "file://$PWD/target/annual.html" || true
browse --window-size=375,4000 --screenshot="$PWD/target/annual-375.png" "file://$PWD/target/annual.html" || true
# The page's width in a 375 px frame (a desktop window cannot be made that narrow): a host
# page frames the report and writes the report's scroll and client widths into its title.
cat > target/annual-host.html <<'HOST'
<!doctype html><html><head><title>pending</title></head><body style="margin:0">
<iframe id="f" src="annual.html" style="width:375px;height:800px;border:0"></iframe>
<script>
document.getElementById("f").onload = function () {
  const page = this.contentDocument.documentElement;
  document.title = "width " + page.scrollWidth + " of " + page.clientWidth;
};
</script></body></html>
HOST
read -r width client < <(browse --allow-file-access-from-files --window-size=800,900 --virtual-time-budget=3000 \
    --dump-dom "file://$PWD/target/annual-host.html" | sed -n 's#.*<title>width \([0-9]*\) of \([0-9]*\)</title>.*#\1 \2#p')
echo "check_print: in a 375 px frame the page is ${width:-?} px wide for ${client:-?} px of view"
if [ -z "${width:-}" ] || [ "$width" -gt "$client" ]; then
    echo "check_print: the page scrolls sideways at 375 px" >&2
    exit 1
fi
text=$(pdftotext -layout target/annual.pdf -)
pages=$(pdfinfo target/annual.pdf | sed -n 's/^Pages: *//p')
size=$(pdfinfo target/annual.pdf | sed -n 's/^Page size: *//p')
echo "check_print: target/annual.pdf, $pages pages of $size"
missing=0
for section in "Årsredovisning" "Ekonomi" "Resultaträkning" "Balanskravsutredning" "Balansräkning" "Kassaflödesanalys" "Finansiella nyckeltal" "Investeringar" "Slutredovisning" "Mål" "Uppdrag" "Kommentarer" "Spår"; do
    if ! grep -q "$section" <<<"$text"; then
        echo "check_print: section \"$section\" is missing from the PDF" >&2
        missing=1
    fi
done
# A trace's body, not only its heading: closed traces must open when printed.
if ! grep -q "N15419: 78" <<<"$text"; then
    echo "check_print: the traces' bodies are missing from the PDF" >&2
    missing=1
fi
exit $missing
