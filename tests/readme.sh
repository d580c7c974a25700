#!/bin/sh
# readme.sh — the C example in README.md compiles against this build and runs.
set -eu
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
awk '/^```c$/ {on=1; next} /^```$/ {on=0} on' "$top_srcdir/README.md" > "$tmp/app.c"
[ -s "$tmp/app.c" ] || { echo "no C block in README.md"; exit 1; }
${CC:-cc} -std=c11 -Wall -Wextra -Werror -I"$top_srcdir/include" -o "$tmp/app" "$tmp/app.c" \
  -L"$top_builddir/lib/.libs" -ljiken -Wl,-rpath,"$top_builddir/lib/.libs" $SANITIZER_CFLAGS
# the example uses the installed defaults; in the build tree that is the
# compiled-in pkgdatadir, which may not exist yet: only run it when it does
if [ -f "$PKGDATADIR/jiken.dic" ]; then
  "$tmp/app" > "$tmp/out" && grep -q '"schema": "jiken-1"' "$tmp/out"
fi
echo "1 passed, 0 failed"
