#!/bin/bash
# Score the text export and the print PDF of every article in ../shared/corpus/articles
# against its gold file with the shared scorer; prints one line per article and the means.
# usage: scripts/score-articles.sh [BIN] [OUTDIR]   (run from anywhere)
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-$ROOT/target/release/offprint}
OUT=${2:-$(mktemp -d)}
mkdir -p "$OUT"
ART=$ROOT/../shared/corpus/articles
SCORER=$ROOT/../shared/eval/score_jats.py
ta=0; pa=0; n=0
for d in "$ART"/*/; do id=$(basename "$d")
  "$BIN" convert "$d/article.txt" --to jats -o "$OUT/$id.txt.xml" 2>/dev/null
  "$BIN" convert "$d/article.pdf" --to jats -o "$OUT/$id.pdf.xml" 2>/dev/null
  python3 "$SCORER" "$d/gold.json" "$OUT/$id.txt.xml" > "$OUT/$id.txt.score"
  python3 "$SCORER" "$d/gold.json" "$OUT/$id.pdf.xml" --pdf > "$OUT/$id.pdf.score"
  a=$(tail -1 "$OUT/$id.txt.score" | grep -o '[0-9.]*')
  b=$(tail -1 "$OUT/$id.pdf.score" | grep -o '[0-9.]*')
  printf "%-20s txt %5s%%   pdf %5s%%\n" "$id" "$a" "$b"
  ta=$(echo "$ta + $a" | bc -l); pa=$(echo "$pa + $b" | bc -l); n=$((n+1))
done
printf "%-20s txt %5.1f%%   pdf %5.1f%%   (details in %s)\n" mean "$(echo "$ta / $n" | bc -l)" "$(echo "$pa / $n" | bc -l)" "$OUT"
