#!/bin/sh
# cli.sh — the extract CLI: modes, exit codes, error records, encodings.
set -u
X="$top_builddir/examples/extract $JIKEN_RUN_FLAGS"
pass=0 fail=0
ok()   { pass=$((pass + 1)); }
bad()  { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { # check NAME EXPECTED_STATUS COMMAND...
  name=$1 want=$2; shift 2
  "$@" > cli.out 2> cli.err; got=$?
  if [ "$got" -eq "$want" ]; then ok; else bad "$name: exit $got, want $want"; cat cli.err; fi
}
tmp=$(mktemp -d); trap 'rm -rf "$tmp" cli.out cli.err' EXIT

check help 0 $X --help
grep -q -- '--jsonl' cli.out || bad "help lists --jsonl"
check version 0 $X --version
grep -q 'jiken-1' cli.out || bad "version names the schema"
check usage 2 $X --no-such-option

check sample 0 $X "$top_srcdir/examples/sample-notice.txt"
grep -q '"schema":"jiken-1"' cli.out && ok || bad "sample prints a record"
# no dictionary options: the compiled-in defaults find this build tree's
check defaults 0 "$top_builddir/examples/extract" "$top_srcdir/examples/sample-notice.txt"
grep -q '"organization":"株式会社サンプル商事"' cli.out && ok || bad "defaults: same record"

printf '当社サーバへの不正アクセスについて\n' > "$tmp/a.txt"
check stdin 0 sh -c "$X < $tmp/a.txt"
grep -q '"leak_status"' cli.out && ok || bad "stdin record"

printf '{"id":"n1","text":"2023年7月28日、不正アクセスを検知。"}\n{"id":2,"text":"abc\\u0000def"}\nnot json\n\n{"id":"n4","text":"紛失"}\n' > "$tmp/in.jsonl"
check jsonl-bad-lines 1 sh -c "$X --jsonl < $tmp/in.jsonl"
[ "$(wc -l < cli.out)" -eq 4 ] && ok || bad "jsonl: one line per non-blank input line"
sed -n 1p cli.out | grep -q '^{"id":"n1","schema":"jiken-1"' && ok || bad "jsonl: id first"
sed -n 2p cli.out | grep -q '"id":2.*"code":"ENUL"' && ok || bad "jsonl: NUL → ENUL record"
sed -n 3p cli.out | grep -q '"line":3.*"code":"EINVAL"' && ok || bad "jsonl: bad JSON → error record"
sed -n 4p cli.out | grep -q '"id":"n4"' && ok || bad "jsonl: order kept"

# -j N keeps input order and gives the same records as one thread; 600
# lines are more than one batch (256 lines per thread) at -j 1 and -j 2
i=0; : > "$tmp/many.jsonl"
while [ $i -lt 600 ]; do
  printf '{"id":%d,"text":"令和5年%d月%d日、約%d件の個人情報を含むメールを誤送信しました。"}\n' $i $((i % 12 + 1)) $((i % 28 + 1)) $((i * 7 + 1)) >> "$tmp/many.jsonl"
  i=$((i + 1))
done
check jobs-1 0 sh -c "$X --jsonl -j 1 < $tmp/many.jsonl > $tmp/j1.out"
check jobs-2 0 sh -c "$X --jsonl -j 2 < $tmp/many.jsonl > $tmp/j2.out"
check jobs-3 0 sh -c "$X --jsonl -j 3 < $tmp/many.jsonl > $tmp/j3.out"
[ "$(wc -l < "$tmp/j1.out")" -eq 600 ] && ok || bad "-j 1: 600 records"
sed -n 600p "$tmp/j1.out" | grep -q '^{"id":599,' && ok || bad "-j 1: last record last"
cmp -s "$tmp/j1.out" "$tmp/j2.out" && ok || bad "-j 2 output equals -j 1"
cmp -s "$tmp/j1.out" "$tmp/j3.out" && ok || bad "-j 3 output equals -j 1"
check jobs-bad 2 $X --jsonl -j 0

printf '\377\376bad' > "$tmp/bad.txt"
check invalid-utf8 1 sh -c "$X < $tmp/bad.txt"
grep -q EUTF8 cli.err && ok || bad "invalid UTF-8 message"
: > "$tmp/empty.txt"
check empty 1 sh -c "$X < $tmp/empty.txt"
grep -q EEMPTY cli.err && ok || bad "empty input message"
check too-big 1 sh -c "$X --max-input 10 < $tmp/a.txt"
grep -q ETOOBIG cli.err && ok || bad "size limit message"
check missing-file 1 $X "$tmp/nope.txt"

# Shift_JIS and UTF-16 input converted with ICU
if command -v iconv >/dev/null; then
  iconv -f UTF-8 -t SHIFT_JIS "$tmp/a.txt" > "$tmp/sjis.txt"
  check sjis-auto 0 $X --encoding auto "$tmp/sjis.txt"
  grep -q '"schema"' cli.out && ok || bad "auto-detected Shift_JIS"
  check sjis-named 0 $X --encoding shift_jis "$tmp/sjis.txt"
  check sjis-as-utf8 1 $X "$tmp/sjis.txt"
  iconv -f UTF-8 -t UTF-16 "$tmp/a.txt" > "$tmp/u16.txt"
  check utf16-auto 0 $X --encoding auto "$tmp/u16.txt"
fi
check bad-encoding 1 $X --encoding no-such-charset "$tmp/a.txt"

check split 0 $X --split "$top_srcdir/examples/sample-notice.txt"
grep -q '"notice":1' cli.out && ok || bad "split record"

# The project's seed digest (outside the repository): 8 notices, the tagline
# before the first heading dropped, each with its issuer.
seed="$top_srcdir/../shared/corpus/seed-digest.txt"
if [ -f "$seed" ]; then
  check seed-split 0 $X --split "$seed"
  [ "$(wc -l < cli.out)" -eq 8 ] && ok || bad "seed digest: 8 notices"
  grep -q '"notice":1,' cli.out && ok || bad "seed digest: first notice"
  head -n 1 cli.out | grep -q '"organization":"京都精華大学"' && ok || bad "seed digest: tagline dropped"
  i=0
  for org in 京都精華大学 セイコーグループ株式会社 富士ソフト 公立甲賀病院 \
             株式会社東名 沖縄県 東京大学 国立科学博物館; do
    i=$((i + 1))
    sed -n "${i}p" cli.out | grep -q "\"notice\":$i,.*\"organization\":\"$org\"" \
      && ok || bad "seed digest: notice $i is $org"
  done
  sed -n 2p cli.out | grep -q '"report":{"number":3,"final":false}' && ok || bad "seed digest: 第3報"
  sed -n 3p cli.out | grep -q '"report":{"number":null,"final":true}' && ok || bad "seed digest: 最終報"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
