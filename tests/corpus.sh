#!/bin/sh
# corpus.sh — every notice of ../shared/corpus/dev.jsonl gives a schema-valid
# record whose spans' text equals the original bytes (skipped, exit 77, when
# ../shared is not beside the repository).
set -eu
corpus="$top_srcdir/../shared/corpus/dev.jsonl"
[ -f "$corpus" ] || { echo "no $corpus: skipped"; exit 77; }
command -v python3 >/dev/null || { echo "no python3: skipped"; exit 77; }
out=$(mktemp); trap 'rm -f "$out"' EXIT
"$top_builddir/examples/extract" $JIKEN_RUN_FLAGS --jsonl < "$corpus" > "$out"
python3 "$top_srcdir/tools/validate.py" "$corpus" "$out"
