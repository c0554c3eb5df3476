#!/usr/bin/env bash
# Times offprint (release build) against poppler's pdftotext on the same PDFs, in one run,
# and prints pages per second for each and their ratio.
#
#   benches/pdf-vs-pdftotext.sh [PDF...]
#
# Without arguments it uses the sample and a 500-page PDF made from it with qpdf (the
# sample repeated 100 times). Three measures per file: pdftotext (text only), offprint's PDF
# reader alone (examples/pdfdump), and the whole `offprint convert` to JSON (read + clean +
# write). Each is the best of RUNS runs (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
command -v pdftotext >/dev/null || { echo "pdftotext is missing (apt-get install poppler-utils)" >&2; exit 1; }
command -v qpdf >/dev/null || { echo "qpdf is missing (apt-get install qpdf)" >&2; exit 1; }

cargo build --release --quiet --bin offprint --example pdfdump
BIN=target/release/offprint
DUMP=target/release/examples/pdfdump
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  sample=samples/global-e-2960.pdf
  pages=()
  for _ in $(seq 100); do pages+=("$sample"); done
  qpdf --empty --pages "${pages[@]}" -- "$work/sample-x100.pdf"
  files=("$sample" "$work/sample-x100.pdf")
fi

# best_of CMD...: the fastest wall time of $RUNS runs, in seconds.
best_of() {
  local best=""
  for _ in $(seq "$RUNS"); do
    local t0 t1 dt
    t0=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    t1=$(date +%s.%N)
    dt=$(echo "$t1 - $t0" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$dt < $best" | bc -l)" = 1 ]; then best=$dt; fi
  done
  echo "$best"
}

printf '%-28s %6s %12s %12s %12s %9s %9s\n' file pages pdftotext reader convert "rd/ptt" "cv/ptt"
for f in "${files[@]}"; do
  n=$(qpdf --show-npages "$f")
  t_ptt=$(best_of pdftotext "$f" "$work/out.txt")
  t_rd=$(best_of "$DUMP" "$f")
  t_cv=$(best_of "$BIN" convert "$f" --to json -o "$work/out.json")
  rate() { echo "scale=1; $n / $1" | bc -l; }
  printf '%-28s %6d %10s/s %10s/s %10s/s %8.2fx %8.2fx\n' "$(basename "$f")" "$n" \
    "$(rate "$t_ptt")" "$(rate "$t_rd")" "$(rate "$t_cv")" \
    "$(echo "$t_ptt / $t_rd" | bc -l)" "$(echo "$t_ptt / $t_cv" | bc -l)"
done
echo "(pages per second, best of $RUNS; ratio > 1 means offprint is faster than pdftotext)"
