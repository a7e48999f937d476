#!/usr/bin/env bash
# Renders one client's HTML summary of the bundled samples the way a person would see it: builds recruit, loads
# the demo samples into a throwaway RECRUIT_HOME, writes the HTML summary, and screenshots it with headless
# Chromium to docs/summary.png, and prints it on A4 and Letter to report the page counts. Look at the PNG (and, with
# KEEP_HTML, the PDFs) afterwards: the script only checks that the files were made.
#
# Usage: scripts/render-summary.sh [CLIENT]      (default: "Acme Corp", the client with the most going on)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
client="${1:-Acme Corp}"
source "$root/scripts/prerequisites.sh"
recruit_prerequisites

browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
    if [ "$(id -u)" -eq 0 ]; then
        echo "installing chromium ..." >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2 && apt-get install -y -qq chromium >&2
        browser="$(command -v chromium)"
    else
        echo "render-summary needs Chromium: sudo apt-get install -y chromium" >&2
        exit 1
    fi
fi

swift build --package-path "$root" --product recruit >&2
recruit="$(swift build --package-path "$root" --show-bin-path)/recruit"

work="$(mktemp -d)"
# The server runs as the postgres user when recruit runs as root: let it reach its folder.
chmod 755 "$work"
export RECRUIT_HOME="$work/home"
cleanup() {
    # Stop only the private server this script started, then remove its folder.
    env -u DATABASE_URL "$recruit" db stop >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

# The demo loads the samples into its own database and prints how to reach it (--database "...").
demo_output="$(env -u DATABASE_URL "$recruit" demo)"
database="$(printf '%s\n' "$demo_output" | sed -n 's/.*recruit policy show --database "\(.*\)"$/\1/p' | head -1)"
[ -n "$database" ] || { echo "could not find the demo database in recruit demo's output" >&2; exit 1; }
html="$work/summary.html"
"$recruit" summary --client "$client" --as-of 2026-11-20 --format html --database "$database" >"$html"

mkdir -p "$root/docs"
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --disable-extensions)
"$browser" "${flags[@]}" --screenshot="$root/docs/summary.png" --window-size=1000,1400 "file://$html" >/dev/null 2>&1
[ -s "$root/docs/summary.png" ] || { echo "no screenshot was written" >&2; exit 1; }
# Print it on both paper sizes (the page itself names none, so the same file serves both) and report the pages.
for paper in A4 letter; do
    sed "s|@page {|@page { size: $paper;|" "$html" >"$work/summary-$paper.html"
    "$browser" "${flags[@]}" --no-pdf-header-footer --print-to-pdf="$work/summary-$paper.pdf" \
        "file://$work/summary-$paper.html" >/dev/null 2>&1 || true
    if [ -s "$work/summary-$paper.pdf" ] && command -v pdfinfo >/dev/null 2>&1; then
        echo "printed on $paper: $(pdfinfo "$work/summary-$paper.pdf" | sed -n 's/^Pages: *//p') page(s)," \
             "$(pdfinfo "$work/summary-$paper.pdf" | sed -n 's/^Page size: *//p')"
    fi
done
# KEEP_HTML=path/summary.html keeps the page and its two prints (summary-A4.pdf, summary-letter.pdf) beside it.
if [ -n "${KEEP_HTML:-}" ]; then
    cp "$html" "$KEEP_HTML"
    for paper in A4 letter; do
        [ -s "$work/summary-$paper.pdf" ] && cp "$work/summary-$paper.pdf" "$(dirname "$KEEP_HTML")/summary-$paper.pdf"
    done
fi
echo "wrote $root/docs/summary.png ($client, as of 2026-11-20)"
