#!/usr/bin/env bash
# Benchmark of `offprint batch` on an archive of 1,000 articles made from the samples (each the
# text export beside one of the print PDFs), with --jobs 1 and --jobs 2, against poppler's
# pdftotext over the same PDFs driven by GNU parallel (-j1, -j2) as the reference. Prints
# articles/s, pages/s and peak memory (/usr/bin/time -v) side by side, and the ratios.
#
# Usage: benches/batch.sh [ARTICLES]   (default 1000; needs pdftotext, pdfinfo, GNU parallel,
# GNU time — parallel and time are installed with apt-get when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}

need=()
command -v parallel >/dev/null || need+=(parallel)
[ -x /usr/bin/time ] || need+=(time)
command -v pdftotext >/dev/null || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

cargo build --release --locked --quiet
BIN=${CARGO_TARGET_DIR:-$PWD/target}/release/offprint

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
ARCHIVE=$WORK/archive
PDFS=(samples/global-e-2960.pdf samples/global-e-2960.libreoffice.pdf samples/global-e-2960.groff.pdf samples/global-e-2960.gs-resaved.pdf)

# The archive: year/volume/issue folders, N articles, each NNNN.txt + NNNN.pdf (PDFs cycle
# through the four producers). Hard links keep it cheap; every article is its own path.
pdf_pages=0
for ((i = 0; i < N; i++)); do
  dir=$ARCHIVE/$((2010 + i % 10))/v$((1 + i % 10))/i$((1 + (i / 10) % 24))
  mkdir -p "$dir"
  ln samples/global-e-2960.txt "$dir/$i.txt" 2>/dev/null || cp samples/global-e-2960.txt "$dir/$i.txt"
  src=${PDFS[$((i % 4))]}
  ln "$src" "$dir/$i.pdf" 2>/dev/null || cp "$src" "$dir/$i.pdf"
done
for src in "${PDFS[@]}"; do
  p=$(pdfinfo "$src" | awk '/^Pages:/ {print $2}')
  pdf_pages=$((pdf_pages + p * N / 4))
done
find "$ARCHIVE" -name '*.pdf' | sort >"$WORK/pdfs.txt"
echo "archive: $N articles ($N text exports + $N PDFs, $pdf_pages PDF pages); $(nproc) cores"

# Runs a command under GNU time; prints "seconds peak_kib".
measure() {
  /usr/bin/time -v -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/stderr.txt" || true
  local wall peak
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/time.txt" |
    awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
  peak=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")
  echo "$wall $peak"
}

declare -A SECS PEAK CONVERTED PAGES
for j in 1 2; do
  rm -rf "$WORK/out$j"
  read -r s p < <(measure "$BIN" batch "$ARCHIVE" --out "$WORK/out$j" --jobs "$j" --to jats,markdown --report "$WORK/report$j.jsonl")
  SECS[o$j]=$s PEAK[o$j]=$p
  CONVERTED[o$j]=$(grep -c '"status":"converted"' "$WORK/report$j.jsonl" || true)
  PAGES[o$j]=$(grep -o '"pages":[0-9]*' "$WORK/report$j.jsonl" | awk -F: '{s += $2} END {print s + 0}')
  from_pdf=$(grep '"status":"converted"' "$WORK/report$j.jsonl" | grep -c '"source":"[^"]*\.pdf"' || true)
  echo "offprint --jobs $j: ${CONVERTED[o$j]} converted ($from_pdf from the PDF, the rest from the text export), $(tail -n 1 "$WORK/stderr.txt")"
  rm -rf "$WORK/out$j"
  read -r s p < <(measure parallel -j "$j" --halt never 'pdftotext {} {.}.ref-txt' :::: "$WORK/pdfs.txt")
  SECS[p$j]=$s PEAK[p$j]=$p
  PAGES[p$j]=$pdf_pages
  CONVERTED[p$j]=$(find "$ARCHIVE" -name '*.ref-txt' | wc -l)
  find "$ARCHIVE" -name '*.ref-txt' -delete
done

# The resume path: a second run over an up-to-date output folder.
"$BIN" batch "$ARCHIVE" --out "$WORK/resume" --jobs 2 --quiet >/dev/null 2>&1 || true
read -r rs rp < <(measure "$BIN" batch "$ARCHIVE" --out "$WORK/resume" --jobs 2)
echo "offprint --jobs 2, second run (all up to date): $(tail -n 1 "$WORK/stderr.txt")"

rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.1f", (s > 0 ? n / s : 0) }'; }
printf '\n%-28s %8s %10s %10s %10s %9s\n' "run" "seconds" "done" "articles/s" "pages/s" "peak MiB"
for k in o1 p1 o2 p2; do
  case $k in
    o*) name="offprint batch --jobs ${k#o}" ;;
    p*) name="pdftotext | parallel -j${k#p}" ;;
  esac
  printf '%-28s %8s %10s %10s %10s %9s\n' "$name" "${SECS[$k]}" "${CONVERTED[$k]}" \
    "$(rate "${CONVERTED[$k]}" "${SECS[$k]}")" "$(rate "${PAGES[$k]}" "${SECS[$k]}")" \
    "$(awk -v k="${PEAK[$k]}" 'BEGIN { printf "%.1f", k / 1024 }')"
done
printf '%-28s %8s %10s %10s %10s %9s\n' "offprint resume (skip all)" "$rs" "$N" "$(rate "$N" "$rs")" "-" \
  "$(awk -v k="$rp" 'BEGIN { printf "%.1f", k / 1024 }')"
echo
for j in 1 2; do
  echo "ratio jobs=$j: offprint/pdftotext articles/s = $(awk -v a="${CONVERTED[o$j]}" -v b="${SECS[o$j]}" -v c="${CONVERTED[p$j]}" -v d="${SECS[p$j]}" 'BEGIN { printf "%.2f", (a / b) / (c / d) }')," \
    "peak memory = $(awk -v a="${PEAK[o$j]}" -v b="${PEAK[p$j]}" 'BEGIN { printf "%.2f", a / b }')"
done
echo "scaling jobs 1 -> 2: offprint $(awk -v a="${SECS[o1]}" -v b="${SECS[o2]}" 'BEGIN { printf "%.2f", a / b }')x, pdftotext $(awk -v a="${SECS[p1]}" -v b="${SECS[p2]}" 'BEGIN { printf "%.2f", a / b }')x"
