#!/bin/sh
# bench.sh — `make bench`: library vs bare MeCab in one run, then the CLI's
# wall time and peak RSS on the same corpus.  BENCH_MB (default 20) sets the
# corpus size, BENCH_RUNS (default 3) the runs per phase.
set -eu
corpus_dir=$1
corpus=$corpus_dir/dev.jsonl
[ -f "$corpus" ] || { echo "make bench: $corpus not found, skipped"; exit 0; }
mb=${BENCH_MB:-20}
runs=${BENCH_RUNS:-3}
./tools/bench_mecab "$corpus" "$mb" "$runs" "$PWD/dict/jiken.dic" "$top_srcdir/dict/rules"
big=$(mktemp)
trap 'rm -f "$big"' EXIT
while [ "$(wc -c < "$big")" -lt $((mb * 1000000)) ]; do cat "$corpus" >> "$big"; done
start=$(date +%s.%N)
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f '%M' -o "$big.rss" ./examples/extract $JIKEN_RUN_FLAGS --jsonl < "$big" > /dev/null
else
  ./examples/extract $JIKEN_RUN_FLAGS --jsonl < "$big" > /dev/null
fi
end=$(date +%s.%N)
size=$(wc -c < "$big")
awk -v s="$start" -v e="$end" -v b="$size" 'BEGIN { printf "extract --jsonl (CLI, JSON in and out): %.2f MB/s of JSON Lines input\n", b / 1e6 / (e - s) }'
[ -f "$big.rss" ] && awk '{ printf "extract --jsonl peak RSS: %.1f MB\n", $1 / 1024 }' "$big.rss" && rm -f "$big.rss"
exit 0
