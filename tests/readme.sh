#!/bin/sh
# readme.sh — the C example in README.md compiles against this build and runs.
set -eu
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
awk '/^```c$/ {on=1; next} /^```$/ {on=0} on' "$top_srcdir/README.md" > "$tmp/app.c"
[ -s "$tmp/app.c" ] || { echo "no C block in README.md"; exit 1; }
${CC:-cc} -std=c11 -Wall -Wextra -Werror -I"$top_srcdir/include" -o "$tmp/app" "$tmp/app.c" \
  -L"$top_builddir/lib/.libs" -ljiken -Wl,-rpath,"$top_builddir/lib/.libs" $SANITIZER_CFLAGS
# the example uses the default dictionary and rules: the installed ones,
# or this build tree's while the library is not installed
"$tmp/app" > "$tmp/out"
grep -q '"schema": "jiken-1"' "$tmp/out"
grep -q '^date 2023年7月28日 -> 2023-07-28..2023-07-28' "$tmp/out"
grep -q '^count 60000 件 (approx)' "$tmp/out"
echo "1 passed, 0 failed"
