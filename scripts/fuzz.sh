#!/bin/sh
# Fuzzes each target in turn with cargo-fuzz (libFuzzer), SECS seconds each (default 600):
#   scripts/fuzz.sh [SECS] [TARGET...]
# Needs cargo-fuzz; on stable, RUSTC_BOOTSTRAP=1 stands in for nightly. New inputs go to
# fuzz/corpus/TARGET; crashes to fuzz/artifacts/TARGET. The shared hostile corpus, when
# present, seeds read_pdf (read only). Logs go to fuzz/logs/TARGET.log. One process per
# target (the same as -jobs=1), niced, so it can share a machine.
set -eu
cd "$(dirname "$0")/.."
secs=${1:-600}
[ $# -gt 0 ] && shift
targets=${*:-read_pdf read_text write_all}
hostile=${OFFPRINT_CORPUS:-../shared/corpus}/hostile
[ -d "$hostile" ] || hostile=../../shared/corpus/hostile
mkdir -p fuzz/logs
for t in $targets; do
  mkdir -p "fuzz/corpus/$t"
  seeds=""
  if [ "$t" = read_pdf ] && [ -d "$hostile" ]; then seeds=$hostile; fi
  RUSTC_BOOTSTRAP=1 nice -n 10 cargo fuzz run -O "$t" "fuzz/corpus/$t" $seeds -- \
    -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -max_len=262144 \
    -print_final_stats=1 >"fuzz/logs/$t.log" 2>&1 || echo "$t: exit $?"
  tail -n 30 "fuzz/logs/$t.log" | grep -E 'stat::|cov:|Done' | tail -n 12
done
