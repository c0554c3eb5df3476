#!/usr/bin/env bash
# Prints the training articles (../shared/corpus/articles/*/article.html) and the sample
# (../shared/samples/src/global-e-2960.html) to PDF with the producers a CMS print module may
# use, so the PDF reader can be measured on each (scripts/score-producers.sh).
#
#   scripts/make-producer-pdfs.sh [OUT_DIR]     (default target/producers)
#
# Producers: weasyprint, wkhtmltopdf, dompdf (php-dompdf, fonts registered from their .ttf so
# php-font-lib builds the metrics Debian leaves out), tcpdf (php-tcpdf, its default header and
# footer on), pdfroff (groff -ms through Ghostscript, from the article's text via
# scripts/producers/html2ms.py). Writes OUT_DIR/PRODUCER/ID.pdf; the Chromium PDFs that come
# with the corpus are linked as OUT_DIR/chromium/ID.pdf. Installs what is missing with
# apt-get (Debian 12), and only that. A producer that fails on one article is reported and
# the rest go on.
set -uo pipefail
cd "$(dirname "$0")/.."
here=$(pwd)
shared=${SHARED:-$here/../shared}
out=$(readlink -m "${1:-target/producers}")

need=()
command -v weasyprint >/dev/null || need+=(weasyprint)
command -v wkhtmltopdf >/dev/null || need+=(wkhtmltopdf)
command -v php >/dev/null || need+=(php-cli)
[ -f /usr/share/php/dompdf/autoload.php ] || need+=(php-dompdf)
[ -d /usr/share/php/FontLib ] || need+=(php-font-lib)
[ -f /usr/share/php/tcpdf/tcpdf.php ] || need+=(php-tcpdf)
command -v pdfroff >/dev/null || need+=(groff)
command -v gs >/dev/null || need+=(ghostscript)
[ -d /usr/share/fonts/truetype/dejavu ] || need+=(fonts-dejavu-core)
[ -d /usr/share/fonts/truetype/liberation2 ] || need+=(fonts-liberation2)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}" >&2 ||
    { echo "apt-get install failed (run as root, after apt-get update)" >&2; exit 1; }
fi

mkdir -p "$out"/{chromium,weasyprint,wkhtmltopdf,dompdf,tcpdf,pdfroff} "$out/tmp"
inputs=()
for d in "$shared"/corpus/articles/*/; do
  [ -f "$d/article.html" ] && inputs+=("$(basename "$d"):$d/article.html")
done
inputs+=("global-e-2960:$shared/samples/src/global-e-2960.html")

failed=0
run() { # run PRODUCER ID CMD... : runs CMD with a time bound, reports a failure
  local p=$1 id=$2; shift 2
  if ! timeout 300 "$@" >"$out/tmp/$p-$id.log" 2>&1 || [ ! -s "$out/$p/$id.pdf" ]; then
    echo "failed: $p $id (see $out/tmp/$p-$id.log)" >&2
    failed=$((failed + 1))
  fi
}
for item in "${inputs[@]}"; do
  id=${item%%:*}; html=$(readlink -f "${item#*:}")
  echo "$id" >&2
  if [ -f "$(dirname "$html")/article.pdf" ]; then
    ln -sf "$(dirname "$html")/article.pdf" "$out/chromium/$id.pdf"
  elif [ "$id" = global-e-2960 ]; then
    ln -sf "$shared/samples/global-e-2960.pdf" "$out/chromium/$id.pdf"
  fi
  run weasyprint "$id" weasyprint "$html" "$out/weasyprint/$id.pdf"
  run wkhtmltopdf "$id" wkhtmltopdf --quiet --enable-local-file-access --page-size Letter \
    "$html" "$out/wkhtmltopdf/$id.pdf"
  run dompdf "$id" php scripts/producers/dompdf.php "$html" "$out/dompdf/$id.pdf" "$out/tmp/dompdf-fonts"
  run tcpdf "$id" php scripts/producers/tcpdf.php "$html" "$out/tcpdf/$id.pdf"
  python3 scripts/producers/html2ms.py "$html" >"$out/tmp/$id.ms"
  run pdfroff "$id" sh -c "cd '$out/tmp' && pdfroff -k -ms --no-toc-relocation '$id.ms' >'$out/pdfroff/$id.pdf'"
done
echo "PDFs in $out ($failed failed)" >&2
