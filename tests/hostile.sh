#!/bin/sh
# hostile.sh — the extract CLI fed what a crawler scrapes: a 50 MB line in
# both modes, 20k JSON Lines, invalid UTF-8 quoted in a parse error, NUL,
# unreadable and odd paths, a full disk.  Each gives a clear error record or
# message and the right exit status, within seconds and bounded memory.
set -u
X="$top_builddir/examples/extract $JIKEN_RUN_FLAGS"
pass=0 fail=0
ok()   { pass=$((pass + 1)); }
bad()  { fail=$((fail + 1)); echo "FAIL: $*"; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
check() { # check NAME EXPECTED_STATUS COMMAND...
  name=$1 want=$2; shift 2
  "$@" > "$tmp/out" 2> "$tmp/err"; got=$?
  if [ "$got" -eq "$want" ]; then ok; else
    bad "$name: exit $got, want $want"; head -c 2000 "$tmp/err"; fi
}
# Bound the address space when not under a sanitizer (ASan/TSan reserve
# terabytes of it): reading must stop at the limit, not swallow 50 MB x k.
limit=
case "${SANITIZER_CFLAGS:-}" in *sanitize*) ;; *) limit="ulimit -v 1500000;" ;; esac

# a single 50 MB line (default limit 32 MiB): plain mode and --jsonl
head -c 52428800 /dev/zero | tr '\0' 'a' > "$tmp/big.txt"
check big-plain 1 sh -c "$limit $X < $tmp/big.txt"
grep -q 'ETOOBIG' "$tmp/err" && ok || bad "50 MB plain: ETOOBIG message"
grep -q '33554432' "$tmp/err" && ok || bad "50 MB plain: names the limit"
[ -s "$tmp/out" ] && bad "50 MB plain: no record on stdout" || ok
{ printf '{"id":"big","text":"'; cat "$tmp/big.txt"; printf '"}\n{"id":"after","text":"紛失"}\n'; } > "$tmp/big.jsonl"
rm -f "$tmp/big.txt"
check big-jsonl 1 sh -c "$limit $X --jsonl < $tmp/big.jsonl"
[ "$(wc -l < "$tmp/out")" -eq 2 ] && ok || bad "50 MB jsonl: one record per line"
sed -n 1p "$tmp/out" | grep -q '"id":"big".*"code":"ETOOBIG"' && ok || bad "50 MB jsonl: ETOOBIG record"
sed -n 2p "$tmp/out" | grep -q '"id":"after","schema"' && ok || bad "50 MB jsonl: next line still extracted"
# a line longer than the JSON Lines cap is skipped to its end, not stored
check long-line 1 sh -c "$limit $X --max-input 1000 --jsonl < $tmp/big.jsonl"
sed -n 1p "$tmp/out" | grep -q '"line":1.*"code":"ETOOBIG"' && ok || bad "over-cap line: ETOOBIG record"
sed -n 2p "$tmp/out" | grep -q '"id":"after"' && ok || bad "over-cap line: next line kept"
rm -f "$tmp/big.jsonl"
# more than the limit from a stream that never ends
check endless 1 sh -c "$limit head -c 200000000 /dev/zero | $X --max-input 1000000"
grep -q 'ETOOBIG' "$tmp/err" && ok || bad "endless stream: ETOOBIG"

# 20k JSON Lines: one record each, in order (100k lines in one notice are
# in test_hostile; each CLI line costs a MeCab tagger, ~1 ms)
awk 'BEGIN { for (i = 1; i <= 20000; i++)
  printf "{\"id\":%d,\"text\":\"%d件の不正アクセス。\"}\n", i, i }' > "$tmp/many.jsonl"
check many-lines 0 sh -c "$X --jsonl < $tmp/many.jsonl"
[ "$(wc -l < "$tmp/out")" -eq 20000 ] && ok || bad "20k lines: 20k records"
sed -n '20000p' "$tmp/out" | grep -q '^{"id":20000,' && ok || bad "20k lines: order kept"
rm -f "$tmp/many.jsonl"

# a JSON parse error quoting invalid UTF-8 is still a record (fuzz find)
printf '{"id":1,"text":"\\u98\377"}\n{"id":2,"text":"紛失"}\n' > "$tmp/badesc.jsonl"
check bad-escape 1 sh -c "$X --jsonl < $tmp/badesc.jsonl"
[ "$(wc -l < "$tmp/out")" -eq 2 ] && ok || bad "invalid UTF-8 in error: both lines answered"
sed -n 1p "$tmp/out" | grep -q '"code":"EINVAL"' && ok || bad "invalid UTF-8 in error: EINVAL record"

# invalid UTF-8 / NUL in plain mode: code and offset
printf '漏えい\300\257' > "$tmp/overlong.txt"
check overlong 1 $X "$tmp/overlong.txt"
grep -q '"code":"EUTF8".*"offset":9' "$tmp/out" && ok || bad "overlong: EUTF8 at 9"
printf '漏えい\000です' > "$tmp/nul.txt"
check nul 1 $X "$tmp/nul.txt"
grep -q '"code":"ENUL".*"offset":9' "$tmp/out" && ok || bad "NUL: ENUL at 9"
# the same file given with --encoding auto is not "converted" around it
check nul-auto 1 $X --encoding auto "$tmp/nul.txt"

# paths: a directory, a name that is not UTF-8, an absurdly long --dict-dir
check directory 1 $X "$tmp"
fname=$(printf "$tmp/\377name.txt")
printf '紛失しました。' > "$fname"
check non-utf8-name 0 $X "$fname"
grep -q '"file":".*?name.txt"' "$tmp/out" && ok || bad "non-UTF-8 file name kept (as ?)"
check non-utf8-name-split 0 $X --split "$fname"
grep -q '"notice":1' "$tmp/out" && ok || bad "non-UTF-8 file name: split record"
long=$(awk 'BEGIN { for (i = 0; i < 5000; i++) printf "d" }')
check long-dict-dir 2 $X --dict-dir "/tmp/$long"
check missing-rules 3 "$top_builddir/examples/extract" \
  --user-dic "$top_builddir/dict/jiken.dic" --rules-dir "$tmp/none" "$fname"
grep -q 'EIO' "$tmp/err" && ok || bad "missing rules dir: EIO"

# output errors are reported, not ignored
if [ -w /dev/full ]; then
  check disk-full 3 sh -c "$X $top_srcdir/examples/sample-notice.txt > /dev/full"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
