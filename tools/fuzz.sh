#!/bin/sh
# fuzz.sh — build the libFuzzer harnesses with clang and run each for a
# bounded time, one after the other (make fuzz; FUZZ_SECONDS per harness).
#
# Builds into fuzz-build/ of the build tree: the library sources compiled
# with -fsanitize=fuzzer-no-link,address,undefined, each harness linked with
# -fsanitize=fuzzer.  The working corpus grows in fuzz-build/corpus-NAME;
# the committed seeds (tests/fuzz/corpus/NAME) and past crashes
# (tests/fuzz/regress/NAME) are read, never written.  A crash leaves its
# input in fuzz-build/artifacts-NAME/: add it to tests/fuzz/regress/NAME so
# make check replays it.
#
# Environment (set by make fuzz): top_srcdir top_builddir pkgdatadir FUZZ_CC
# FUZZ_SECONDS FUZZ_NAMES FUZZ_CPPFLAGS (dependency flags) FUZZ_LIBS;
# optional FUZZ_ARGS (extra libFuzzer flags, e.g. -jobs=1 -workers=1).
set -eu
src=$top_srcdir
build=$top_builddir
out=fuzz-build
cc=${FUZZ_CC:-clang}
secs=${FUZZ_SECONDS:-60}
if ! command -v "$cc" >/dev/null 2>&1; then
  echo "make fuzz: $cc not found (libFuzzer needs clang; set FUZZ_CC)" >&2
  exit 77
fi
inc="-I$src/include -I$src/lib -I$build"
defs="-DJIKEN_PKGDATADIR=\"$pkgdatadir\" -DJIKEN_BUILD_USERDIC=\"$build/dict/jiken.dic\" -DJIKEN_BUILD_RULES_DIR=\"$src/dict/rules\" -DJIKEN_TEST_USERDIC=\"$build/dict/jiken.dic\" -DJIKEN_TEST_RULES_DIR=\"$src/dict/rules\" -DJIKEN_TEST_SRCDIR=\"$src\""
san="-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined"
mkdir -p "$out/lib"
# shellcheck disable=SC2086
for f in "$src"/lib/*.c; do
  o=$out/lib/$(basename "$f" .c).o
  $cc -std=c11 -D_POSIX_C_SOURCE=200809L $san -fsanitize=fuzzer-no-link \
    $inc $defs $FUZZ_CPPFLAGS -c "$f" -o "$o"
done
status=0
for name in $FUZZ_NAMES; do
  bin=$out/fuzz_$name
  # shellcheck disable=SC2086
  $cc -std=c11 -D_POSIX_C_SOURCE=200809L $san -fsanitize=fuzzer \
    $inc $defs $FUZZ_CPPFLAGS "$src/tests/fuzz/fuzz_$name.c" "$out"/lib/*.o \
    $FUZZ_LIBS -lpthread -o "$bin"
  mkdir -p "$out/corpus-$name" "$out/artifacts-$name"
  dict=
  [ -f "$src/tests/fuzz/$name.dict" ] && dict=-dict=$src/tests/fuzz/$name.dict
  echo "fuzz_$name: ${secs}s"
  # shellcheck disable=SC2086
  if "$bin" -max_total_time="$secs" -timeout=25 -rss_limit_mb=2560 \
      -max_len=65536 -print_final_stats=1 $dict \
      -artifact_prefix="$out/artifacts-$name/" ${FUZZ_ARGS:-} \
      "$out/corpus-$name" "$src/tests/fuzz/corpus/$name" \
      "$src/tests/fuzz/regress/$name" > "$out/$name.log" 2>&1; then
    grep -E '^#[0-9]+.*(DONE|pulse)' "$out/$name.log" | tail -n 1
    grep -E 'stat::number_of_executed_units' "$out/$name.log" || true
  else
    status=1
    tail -n 60 "$out/$name.log"
    echo "fuzz_$name FAILED: see $out/$name.log; inputs in $out/artifacts-$name/" \
      "(copy them to tests/fuzz/regress/$name/)"
  fi
done
exit $status
