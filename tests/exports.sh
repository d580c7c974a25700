#!/bin/sh
# exports.sh — the shared library exports exactly tests/exports.txt.
set -eu
so=$(ls "$top_builddir"/lib/.libs/libjiken.so.*.*.* 2>/dev/null | head -n 1)
[ -n "$so" ] || { echo "libjiken.so not built"; exit 1; }
nm -D --defined-only "$so" | awk '$2 ~ /^[TDRB]$/ {print $3}' | sort > exports.actual
if diff -u "$top_srcdir/tests/exports.txt" exports.actual; then
  echo "1 passed, 0 failed"; rm -f exports.actual
else
  echo "exported symbols differ from tests/exports.txt"; exit 1
fi
