#!/usr/bin/env python3
"""Notices per second through the Python binding vs the extract CLI.

    cd bindings/python && python3 setup.py build_ext --inplace
    python3 bench.py                      # in a built source tree
    python3 bench.py --corpus FILE.jsonl --user-dic DIC --rules-dir DIR --cli EXE

Reads the texts of a JSON Lines corpus ({"text": …} per line, default
../../../shared/corpus/dev.jsonl) and reports, best of --rounds rounds:
  cli             `extract --jsonl` on the texts, process start included
                  (--cli-args "-j 1" for one thread where the CLI has -j)
  cli (steady)    the same minus the CLI's start-up (one-line input)
Every row is one pass over the corpus (--repeat passes are timed and
divided), best of --rounds: wall time and notices/s, and CPU time (this
process plus the CLI child) per notice, the steadier figure on a loaded
machine.
  python          Extractor.extract() per notice, one thread
  python+to_dict  extract() and to_dict() (what the CLI also does: JSON)
  python xN       N threads sharing one Extractor (the GIL is released)
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)

import jiken  # noqa: E402


def cpu():
    """CPU seconds of this process and its finished children."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def best(fn, rounds):
    """(wall, cpu) seconds of the fastest round: CPU time is the fairer
    measure on a loaded machine, wall time the one threads improve."""
    runs = []
    for _ in range(rounds):
        t0, c0 = time.perf_counter(), cpu()
        fn()
        runs.append((time.perf_counter() - t0, cpu() - c0))
    return min(runs)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=os.path.join(
        TOP, "..", "shared", "corpus", "dev.jsonl"))
    ap.add_argument("--user-dic", default=os.path.join(TOP, "dict", "jiken.dic"))
    ap.add_argument("--rules-dir", default=os.path.join(TOP, "dict", "rules"))
    ap.add_argument("--cli", default=os.path.join(TOP, "examples", "extract"))
    ap.add_argument("--cli-args", default="",
                    help="extra CLI arguments, e.g. '-j 1' (one thread)")
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
           "--jsonl"] + a.cli_args.split()
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
    rows.append(("cli (process start-up %.0f ms once)" % (t_start[0] * 1e3),
                 (per * t_all[0], per * t_all[1])))
    rows.append(("cli (steady, start-up subtracted)",
                 (per * max(t_all[0] - t_start[0], 1e-9),
                  per * max(t_all[1] - t_start[1], 1e-9))))

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
    def scaled(r):
        return (per * r[0], per * r[1])

    rows.append(("python extract()", scaled(best(py_extract, a.rounds))))
    rows.append(("python extract().to_dict()",
                 scaled(best(py_dict, a.rounds))))
    for k in a.threads:
        with ThreadPoolExecutor(k) as pool:
            def threaded():
                list(pool.map(ex.extract, work, chunksize=8))
            rows.append(("python extract(), %d threads" % k,
                         scaled(best(threaded, a.rounds))))

    print("%-38s %9s %10s %9s %10s" % ("(one pass over the corpus)", "wall s",
                                       "notices/s", "CPU s", "CPU ms/n"))
    for name, (wall, cpus) in rows:
        print("%-38s %9.4f %10.0f %9.4f %10.2f"
              % (name, wall, n / wall, cpus, cpus * 1e3 / n))


if __name__ == "__main__":
    main()
