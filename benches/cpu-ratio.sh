#!/usr/bin/env bash
# CPU time of `offprint convert PDF -t jats` against poppler's `pdftotext` on the same PDF, in
# alternating pairs in one run (so machine load hits both alike); prints the median of the
# per-pair ratios (offprint ÷ pdftotext) and both peak memories.
#
#   benches/cpu-ratio.sh [PDF] [PAIRS]
#
# Without a PDF it uses the 500-page benchmark: the sample repeated 100 times with qpdf.
set -euo pipefail
cd "$(dirname "$0")/.."
PAIRS=${2:-7}
command -v pdftotext >/dev/null || { echo "pdftotext is missing (apt-get install poppler-utils)" >&2; exit 1; }
cargo build --release --quiet --bin offprint
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pdf=${1:-}
if [ -z "$pdf" ]; then
  pages=()
  for _ in $(seq 100); do pages+=(samples/global-e-2960.pdf); done
  qpdf --empty --pages "${pages[@]}" -- "$work/x100.pdf"
  pdf=$work/x100.pdf
fi
cpu() { /usr/bin/time -f "%U %S %M" "$@" 2>&1 >/dev/null | tail -1; }
ratios=()
for _ in $(seq "$PAIRS"); do
  read -r ou os om < <(cpu target/release/offprint convert -q --max-pages 100000 "$pdf" -t jats -o "$work/out.xml")
  read -r pu ps pm < <(cpu pdftotext "$pdf" "$work/out.txt")
  ratios+=("$(echo "($ou + $os) / ($pu + $ps)" | bc -l)")
done
median=$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
printf 'PDF -> JATS CPU time / pdftotext CPU time: median %.2fx over %d pairs (%s)\n' "$median" "$PAIRS" "$(basename "$pdf")"
printf 'peak memory: offprint %d MiB, pdftotext %d MiB (last pair)\n' $((om / 1024)) $((pm / 1024))
