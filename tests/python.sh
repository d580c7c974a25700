#!/bin/sh
# python.sh — build the CPython binding (bindings/python) against the
# just-built library and run its unittest suite.  Works in-tree and out of
# tree: sources from $top_srcdir, the extension is built under
# $top_builddir/bindings/python, linked to $top_builddir/lib/.libs with an
# rpath.  Skips (77) without python3 + headers + setuptools, and in
# sanitizer builds (--enable-sanitizers/--enable-tsan: python would need
# libasan/libtsan preloaded).
set -u
PY=${PYTHON3:-python3}
skip() { echo "SKIP: $*"; exit 77; }

[ -z "${SANITIZER_CFLAGS:-}" ] ||
  skip "built with sanitizers ($SANITIZER_CFLAGS): python would need the runtime preloaded"
[ "$PY" != no ] && command -v "$PY" >/dev/null 2>&1 || skip "python3 not found"
"$PY" -c 'import os, sysconfig, setuptools
raise SystemExit(not os.path.isfile(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' \
  >/dev/null 2>&1 || skip "$PY lacks Python.h or setuptools (python3-dev, python3-setuptools)"

src=$top_srcdir/bindings/python
out=$top_builddir/bindings/python
mkdir -p "$out" || exit 99
if ! (cd "$src" && "$PY" setup.py build --build-base "$out/build" \
        --build-lib "$out/lib" \
      build_ext --force -I "$top_srcdir/include" -L "$top_builddir/lib/.libs" \
        -R "$top_builddir/lib/.libs") > "$out/build.log" 2>&1; then
  cat "$out/build.log"
  echo "0 passed, 1 failed"
  exit 1
fi

# the suite gets the uninstalled dictionary, rules and CLI from here; the
# binding itself reads no environment
JIKEN_TEST_USERDIC=$top_builddir/dict/jiken.dic
JIKEN_TEST_RULES_DIR=$top_srcdir/dict/rules
JIKEN_TEST_CLI=$top_builddir/examples/extract
JIKEN_TEST_CORPUS=$top_srcdir/../shared/corpus/dev.jsonl
export JIKEN_TEST_USERDIC JIKEN_TEST_RULES_DIR JIKEN_TEST_CLI JIKEN_TEST_CORPUS

# `python3 -m unittest discover`, with a closing "N passed, N failed" line;
# run from $out/lib so the freshly built package is the one imported
cd "$out/lib" && PYTHONPATH="$out/lib" "$PY" -c '
import sys, unittest
suite = unittest.defaultTestLoader.discover(sys.argv[1], top_level_dir=sys.argv[1])
r = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
bad = len(r.failures) + len(r.errors) + len(r.unexpectedSuccesses)
print("%d passed, %d failed" % (r.testsRun - bad - len(r.skipped), bad))
sys.exit(1 if bad else 0)
' "$src/tests"
