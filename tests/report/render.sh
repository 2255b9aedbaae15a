#!/usr/bin/env bash
# render.sh DRIVER SCENARIO WORKDIR
# Builds report.html for SCENARIO with DRIVER (tests/report/report_driver.c),
# opens it in headless Chromium with every host name unresolvable and a net
# log, and checks: the screenshot is a real PNG of the window's size, the
# net log holds no request other than file: and data: URLs, and the PDF
# printout has a page per month plus the charts and the uncovered duties.
# Exit 77 (skip) when chromium is not installed.
set -u
driver=$1 scenario=$2 work=$3
case $0 in */*) here=${0%/*} ;; *) here=. ;; esac
here=$(cd "$here" && pwd)

fail() { echo "FAIL: $*" >&2; exit 1; }

chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
    echo "SKIP: chromium is not installed (apt-get install chromium)" >&2
    exit 77
fi
# Under the sanitizers the page's C code is covered by export/report_test.c;
# a browser run adds only minutes there.
if [ "${NR_SANITIZED:-0}" = 1 ]; then
    echo "SKIP: not run in the sanitizer build (NR_SANITIZED=1)"
    exit 77
fi

rm -rf "$work"
mkdir -p "$work" || fail "cannot create $work"
html=$work/report.html

"$driver" "$scenario" "$html" 20 || fail "report_driver failed"
[ -s "$html" ] || fail "no report at $html"

# The page itself names nothing outside it.
if grep -Eiq 'https?://|src=|url\(|@import|<link|<script' "$html"; then
    grep -Eion 'https?://|src=|url\(|@import|<link|<script' "$html" | head >&2
    fail "report.html refers to something outside the page"
fi
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$html" || fail "escaped name missing"
grep -q 'class="d unc" href="#u-' "$html" || fail "no uncovered cell (the fixture leaves one)"

# Chromium's own background services are switched off; what is left must
# not resolve a host name either.
common=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
        --disable-background-networking --disable-component-update --disable-sync
        --disable-default-apps --disable-extensions --no-default-browser-check
        --host-resolver-rules="MAP * ~NOTFOUND" --hide-scrollbars)

png=$work/report.png
netlog=$work/net.json
timeout 90 "$chromium" "${common[@]}" --user-data-dir="$(mktemp -d "$work/profile.XXXXXX")" \
    --log-net-log="$netlog" \
    --screenshot="$png" --window-size=1400,2000 "file://$html" >"$work/chromium.log" 2>&1
[ -s "$png" ] || { cat "$work/chromium.log" >&2; fail "no screenshot"; }

# A PNG of 1400 x 2000 with real content (a blank page compresses to a few KB).
size=$(stat -c %s "$png")
[ "$size" -gt 60000 ] || fail "screenshot only $size bytes"
sig=$(od -An -tx1 -N8 "$png" | tr -d ' \n')
[ "$sig" = "89504e470d0a1a0a" ] || fail "screenshot is not a PNG ($sig)"
dims=$(od -An -tu1 -j16 -N8 "$png" | awk '{print $1*16777216+$2*65536+$3*256+$4 "x" $5*16777216+$6*65536+$7*256+$8}')
[ "$dims" = "1400x2000" ] || fail "screenshot is $dims, not 1400x2000"

# The page requested nothing but file: and data: URLs. The same check must
# catch the control page, which loads a stylesheet and an image from other
# hosts; otherwise it would pass whatever the report did.
[ -s "$netlog" ] || fail "no net log"
python3 "$here/netlog_check.py" "$netlog" || fail "report.html made network requests"
control=$here/../data/report/control/control.html
timeout 90 "$chromium" "${common[@]}" --user-data-dir="$(mktemp -d "$work/profile.XXXXXX")" \
    --log-net-log="$work/control-net.json" --screenshot="$work/control.png" --window-size=400,300 \
    "file://$(cd "$(dirname "$control")" && pwd)/control.html" >>"$work/chromium.log" 2>&1
python3 "$here/netlog_check.py" --expect-found "$work/control-net.json" ||
    fail "the net log check did not catch the control page's requests"

# Printed: A4 landscape, a page per month (April, May), the charts and the
# uncovered duties each on their own page.
pdf=$work/report.pdf
timeout 90 "$chromium" "${common[@]}" --user-data-dir="$(mktemp -d "$work/profile.XXXXXX")" \
    --no-pdf-header-footer --print-to-pdf="$pdf" "file://$html" >>"$work/chromium.log" 2>&1
[ -s "$pdf" ] || fail "no PDF"
head -c 5 "$pdf" | grep -q '%PDF-' || fail "not a PDF"
if command -v pdfinfo >/dev/null; then
    info=$(pdfinfo "$pdf")
    pages=$(awk '/^Pages:/ {print $2}' <<<"$info")
    [ "${pages:-0}" -ge 4 ] || fail "PDF has ${pages:-0} pages, want at least 4"
    # A4 landscape is 841.89 x 595.28 pts (Chromium rounds to 841.92 x 594.96).
    grep -Eq '^Page size: +84[12]\.[0-9]+ x 59[45]\.[0-9]+ pts' <<<"$info" || fail "PDF is not A4 landscape: $(grep 'Page size' <<<"$info")"
    if command -v pdftotext >/dev/null; then
        pdftotext -f 1 -l 1 "$pdf" "$work/page1.txt"
        grep -q 'April 2027' "$work/page1.txt" || fail "page 1 does not show April 2027"
        grep -q 'May 2027' "$work/page1.txt" && fail "May 2027 is on page 1 (no page break per month)"
        pdftotext -f 2 -l 2 "$pdf" "$work/page2.txt"
        grep -q 'May 2027' "$work/page2.txt" || fail "page 2 does not start May 2027"
        grep -q 'April 2027' "$work/page2.txt" && fail "April 2027 runs onto page 2"
        pdftotext "$pdf" "$work/all.txt"
        grep -q 'UNCOVERED' "$work/all.txt" || fail "printout does not name the uncovered cell"
        grep -q '<script>alert(1)</script>' "$work/all.txt" || fail "printout lacks the name as text"
    fi
    if command -v pdftoppm >/dev/null; then
        pdftoppm -f 1 -l 1 -r 80 -png "$pdf" "$work/page" || fail "pdftoppm failed"
    fi
    echo "PDF: $pages pages"
fi
echo "ok: $html, $png ($size bytes), $pdf"
