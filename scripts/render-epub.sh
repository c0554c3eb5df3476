#!/bin/sh
# Renders one content document of an EPUB in headless Chromium to a PNG, to look at the
# result by eye: scripts/render-epub.sh BOOK.epub [DOCUMENT] [OUT.png]
# DOCUMENT is a file name inside OEBPS/ (default article-1.xhtml); OUT defaults to BOOK.png.
set -eu
book=${1:?usage: render-epub.sh BOOK.epub [DOCUMENT] [OUT.png]}
doc=${2:-article-1.xhtml}
out=${3:-${book%.epub}.png}
case $out in /*) ;; *) out=$(pwd)/$out ;; esac
work=$(mktemp -d)
profile=$(mktemp -d)
trap 'rm -rf "$work" "$profile"' EXIT
unzip -q "$book" -d "$work"
page="$work/OEBPS/$doc"
[ -f "$page" ] || { echo "render-epub: $doc not in $book" >&2; exit 1; }
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --screenshot="$out" --window-size=900,2400 \
  "file://$page" >/dev/null 2>&1
echo "$out"
