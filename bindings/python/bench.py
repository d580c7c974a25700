#!/usr/bin/env python3
"""Notices per second through the Python binding vs the extract CLI.

    cd bindings/python && python3 setup.py build_ext --inplace
    python3 bench.py                      # in a built source tree
    python3 bench.py --corpus FILE.jsonl --user-dic DIC --rules-dir DIR --cli EXE

Reads the texts of a JSON Lines corpus ({"text": …} per line, default
../../../shared/corpus/dev.jsonl) and reports, best of --rounds rounds:
  cli             `extract --jsonl` on the texts, process start included
  cli (steady)    the same minus the CLI's start-up (one-line input)
Every row is the time of one pass over the corpus (--repeat passes are
timed and divided, to smooth out a loaded machine).
  python          Extractor.extract() per notice, one thread
  python+to_dict  extract() and to_dict() (what the CLI also does: JSON)
  python xN       N threads sharing one Extractor (the GIL is released)
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)

import jiken  # noqa: E402


def best(fn, rounds):
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=os.path.join(
        TOP, "..", "shared", "corpus", "dev.jsonl"))
    ap.add_argument("--user-dic", default=os.path.join(TOP, "dict", "jiken.dic"))
    ap.add_argument("--rules-dir", default=os.path.join(TOP, "dict", "rules"))
    ap.add_argument("--cli", default=os.path.join(TOP, "examples", "extract"))
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=3,
                    help="passes over the corpus per round (Python)")
    ap.add_argument("--threads", type=int, nargs="*", default=[2, 4])
    a = ap.parse_args()

    with open(a.corpus, encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()]
    n = len(texts)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print("corpus: %d notices, %.2f MB, libjiken %s, Python %s"
          % (n, mb, jiken.library_version, sys.version.split()[0]))
    rows = []

    cli = [a.cli, "--user-dic", a.user_dic, "--rules-dir", a.rules_dir,
           "--jsonl"]
    tmp = tempfile.mkdtemp()
    one, many = os.path.join(tmp, "one.jsonl"), os.path.join(tmp, "many.jsonl")
    with open(one, "w", encoding="utf-8") as f:
        f.write(json.dumps({"id": 0, "text": "紛失"}, ensure_ascii=False) + "\n")
    with open(many, "w", encoding="utf-8") as f:
        for i, t in enumerate(texts * a.repeat):
            f.write(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n")

    def run_cli(path):
        with open(path, "rb") as inp:
            subprocess.run(cli, stdin=inp, stdout=subprocess.DEVNULL, check=True)

    per = 1.0 / a.repeat  # rows time `repeat` passes: report one pass
    try:
        t_all = best(lambda: run_cli(many), a.rounds)
        t_start = best(lambda: run_cli(one), a.rounds)
    finally:
        os.unlink(one)
        os.unlink(many)
        os.rmdir(tmp)
    rows.append(("cli (process start-up %.0f ms once)" % (t_start * 1e3),
                 per * t_all))
    rows.append(("cli (steady, start-up subtracted)",
                 per * max(t_all - t_start, 1e-9)))

    t0 = time.perf_counter()
    ex = jiken.Extractor(user_dic=a.user_dic, rules=a.rules_dir)
    print("Extractor(): %.0f ms (MeCab model + rules, once)"
          % ((time.perf_counter() - t0) * 1e3))

    work = texts * a.repeat

    def py_extract():
        for t in work:
            ex.extract(t)

    def py_dict():
        for t in work:
            ex.extract(t).to_dict()

    py_extract()  # warm up (page in the dictionary)
    rows.append(("python extract()", per * best(py_extract, a.rounds)))
    rows.append(("python extract().to_dict()", per * best(py_dict, a.rounds)))
    for k in a.threads:
        with ThreadPoolExecutor(k) as pool:
            def threaded():
                list(pool.map(ex.extract, work, chunksize=8))
            rows.append(("python extract(), %d threads" % k,
                         per * best(threaded, a.rounds)))

    print("%-40s %10s %12s" % ("(seconds per pass over the corpus)",
                                "seconds", "notices/s"))
    for name, secs in rows:
        print("%-40s %10.4f %12.0f" % (name, secs, n / secs))


if __name__ == "__main__":
    main()
