#!/bin/sh
# bench.sh — `make bench`.
# 1. tools/bench_mecab: the library next to bare MeCab on the same texts, in
#    one process (phases alternating, BENCH_RUNS runs, medians; BENCH_MB of
#    text, default 20).
# 2. the CLI, `extract --jsonl` with -j 1 and -j $(nproc) on the same texts
#    as JSON Lines of {"id", "text"} (what users feed it): MB/s of notice
#    text (the unit of step 1, so the two compare), notices/s, the -j 1
#    ratio to step 1's bare MeCab, scaling, peak RSS (streaming mode); the
#    two settings alternate BENCH_RUNS times and the medians are shown.
set -eu
corpus_dir=$1
ls "$corpus_dir"/*.jsonl >/dev/null 2>&1 || { echo "make bench: no $corpus_dir/*.jsonl, skipped"; exit 0; }
mb=${BENCH_MB:-20}
runs=${BENCH_RUNS:-3}
big=$(mktemp)
one=$(mktemp)
out=$(mktemp)
trap 'rm -f "$big" "$big.rss" "$big.h1" "$big.h2" "$one" "$out"' EXIT
cat "$corpus_dir"/*.jsonl > "$one"
./tools/bench_mecab "$one" "$mb" "$runs" "$PWD/dict/jiken.dic" "$top_srcdir/dict/rules" | tee "$out"
bare=$(awk '/^bare MeCab/ { print $(NF - 2) }' "$out")
if [ -n "${PYTHON3:-}" ] && [ "$PYTHON3" != no ]; then
  # {"id", "text"} lines up to BENCH_MB of text; prints the text bytes
  text_bytes=$("$PYTHON3" "$top_srcdir/tools/bench_corpus.py" "$one" "$mb" "$big")
else # no python3: the corpus lines as they are, MB/s of the whole lines
  while [ "$(wc -c < "$big")" -lt $((mb * 1000000)) ]; do cat "$one" >> "$big"; done
  text_bytes=$(wc -c < "$big")
fi
size=$text_bytes
lines=$(wc -l < "$big")
cores=$(nproc 2>/dev/null || echo 2)
# -j 1 and -j $cores alternate, BENCH_RUNS times each; medians; peak RSS
# is the largest seen
times1="" timesn="" rss1=0 rssn=0
run=0
while [ "$run" -lt "$runs" ]; do
  for j in 1 "$cores"; do
    start=$(date +%s.%N)
    if [ -x /usr/bin/time ]; then
      /usr/bin/time -f '%M' -o "$big.rss" ./examples/extract $JIKEN_RUN_FLAGS --jsonl -j "$j" < "$big" > /dev/null
      kb=$(cat "$big.rss")
    else
      ./examples/extract $JIKEN_RUN_FLAGS --jsonl -j "$j" < "$big" > /dev/null
      kb=0
    fi
    end=$(date +%s.%N)
    secs=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }')
    if [ "$j" = 1 ]; then
      times1="$times1 $secs"; [ "$kb" -gt "$rss1" ] && rss1=$kb
    else
      timesn="$timesn $secs"; [ "$kb" -gt "$rssn" ] && rssn=$kb
    fi
  done
  run=$((run + 1))
done
median() { printf '%s\n' $1 | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
t1=$(median "$times1")
tn=$(median "$timesn")
for j in 1 "$cores"; do
  if [ "$j" = 1 ]; then t=$t1 kb=$rss1; else t=$tn kb=$rssn; fi
  rss=$( [ "$kb" -gt 0 ] && awk -v k="$kb" 'BEGIN { printf "%.1f MB", k / 1024 }' || echo "n/a (install GNU time)")
  awk -v t="$t" -v b="$size" -v n="$lines" -v j="$j" -v r="$rss" -v runs="$runs" 'BEGIN {
    printf "extract --jsonl -j %-2s %7.2f MB/s %8.0f notices/s  %7.3f s (median of %d)  peak RSS %s\n", j, b / 1e6 / t, n / t, t, runs, r }'
  [ "$j" = 1 ] && [ -n "$bare" ] && awk -v t="$t" -v b="$size" -v m="$bare" 'BEGIN {
    printf "ratio extract --jsonl -j 1 / bare MeCab: %.2f (JSON in and out included)\n", b / 1e6 / t / m }'
done
awk -v a="$t1" -v b="$tn" -v c="$cores" 'BEGIN { printf "scaling -j %s vs -j 1: %.2fx\n", c, a / b }'
# the machine's own ceiling for that figure: two independent -j 1 processes,
# each on half of the lines, next to one of them alone
if [ "$cores" -ge 2 ]; then
  half=$((lines / 2))
  head -n "$half" "$big" > "$big.h1"
  tail -n +"$((half + 1))" "$big" > "$big.h2"
  start=$(date +%s.%N)
  ./examples/extract $JIKEN_RUN_FLAGS --jsonl -j 1 < "$big.h1" > /dev/null
  mid=$(date +%s.%N)
  ./examples/extract $JIKEN_RUN_FLAGS --jsonl -j 1 < "$big.h1" > /dev/null &
  ./examples/extract $JIKEN_RUN_FLAGS --jsonl -j 1 < "$big.h2" > /dev/null
  wait
  end=$(date +%s.%N)
  rm -f "$big.h1" "$big.h2"
  awk -v s="$start" -v m="$mid" -v e="$end" 'BEGIN {
    printf "ceiling: two independent -j 1 processes on the two halves: %.2fx of one (1 half alone %.3f s, both at once %.3f s)\n", 2 * (m - s) / (e - m), m - s, e - m }'
fi
