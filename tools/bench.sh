#!/bin/sh
# bench.sh — `make bench`.
# 1. tools/bench_mecab: the library next to bare MeCab on the same texts, in
#    one process (median of BENCH_RUNS runs; BENCH_MB of text, default 20).
# 2. the CLI, `extract --jsonl` with -j 1 and -j $(nproc) on the same corpus
#    as JSON Lines: wall time, scaling, peak RSS (streaming mode).
set -eu
corpus_dir=$1
ls "$corpus_dir"/*.jsonl >/dev/null 2>&1 || { echo "make bench: no $corpus_dir/*.jsonl, skipped"; exit 0; }
mb=${BENCH_MB:-20}
runs=${BENCH_RUNS:-3}
big=$(mktemp)
one=$(mktemp)
trap 'rm -f "$big" "$big.rss" "$one"' EXIT
cat "$corpus_dir"/*.jsonl > "$one"
while [ "$(wc -c < "$big")" -lt $((mb * 1000000)) ]; do cat "$one" >> "$big"; done
./tools/bench_mecab "$one" "$mb" "$runs" "$PWD/dict/jiken.dic" "$top_srcdir/dict/rules"
size=$(wc -c < "$big")
lines=$(wc -l < "$big")
cores=$(nproc 2>/dev/null || echo 2)
t1=""
for j in 1 "$cores"; do
  start=$(date +%s.%N)
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%M' -o "$big.rss" ./examples/extract $JIKEN_RUN_FLAGS --jsonl -j "$j" < "$big" > /dev/null
  else
    ./examples/extract $JIKEN_RUN_FLAGS --jsonl -j "$j" < "$big" > /dev/null
  fi
  end=$(date +%s.%N)
  secs=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }')
  rss=$( [ -f "$big.rss" ] && awk '{ printf "%.1f MB", $1 / 1024 }' "$big.rss" || echo "n/a (install GNU time)")
  awk -v t="$secs" -v b="$size" -v n="$lines" -v j="$j" -v r="$rss" 'BEGIN {
    printf "extract --jsonl -j %-2s %7.2f MB/s %8.0f notices/s  %7.3f s  peak RSS %s\n", j, b / 1e6 / t, n / t, t, r }'
  [ -n "$t1" ] || t1=$secs
done
awk -v a="$t1" -v b="$secs" -v c="$cores" 'BEGIN { printf "scaling -j %s vs -j 1: %.2fx\n", c, a / b }'
