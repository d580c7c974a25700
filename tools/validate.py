#!/usr/bin/env python3
"""Check extract --jsonl output against the jiken-1 shape and the input.

usage: validate.py INPUT.jsonl OUTPUT.jsonl

For every record: all keys of SPEC's output record are present with the
right types (null where allowed), enums hold known values, and every span's
"text" equals the ORIGINAL input bytes [start, end).  Prints one line per
problem and a closing "N passed, N failed" line; exits 1 on any problem.
"""
import json
import sys

PREC = {"day", "xun", "month", "quarter", "half", "fiscal_year", "year"}
ROLE = {"occurred", "detected", "reported", "published", "other"}
QUAL = {"exact", "approx", "at_least", "over", "at_most", "under", "vague",
        "cumulative"}
LEAK = {"confirmed", "suspected", "none", "unknown"}


def check_span(item, raw, where, problems):
    s, e = item.get("start"), item.get("end")
    if not (isinstance(s, int) and isinstance(e, int) and 0 <= s <= e <= len(raw)):
        problems.append(f"{where}: bad span {s}..{e}")
        return
    try:
        text = raw[s:e].decode("utf-8")
    except UnicodeDecodeError:
        problems.append(f"{where}: span {s}..{e} cuts a UTF-8 character")
        return
    if item.get("text") != text:
        problems.append(f"{where}: text {item.get('text')!r} != original {text!r}")


def check_record(rec, raw, rid):
    p = []
    for key in ("schema", "title", "organization", "report", "leak_status",
                "affected", "dates", "counts", "causes", "countermeasures",
                "data_items", "reported_to"):
        if key not in rec:
            p.append(f"{rid}: missing key {key}")
    if p:
        return p
    if rec["schema"] != "jiken-1":
        p.append(f"{rid}: schema {rec['schema']!r}")
    for key in ("title", "organization"):
        if rec[key] is not None and not isinstance(rec[key], str):
            p.append(f"{rid}: {key} not string/null")
    if rec["leak_status"] not in LEAK:
        p.append(f"{rid}: leak_status {rec['leak_status']!r}")
    rep = rec["report"]
    if rep is not None and not (isinstance(rep.get("final"), bool) and
                                (rep.get("number") is None or isinstance(rep.get("number"), int))):
        p.append(f"{rid}: report {rep!r}")
    aff = rec["affected"]
    if aff is not None and not (isinstance(aff.get("value"), (int, float)) and
                                isinstance(aff.get("unit"), str) and
                                aff.get("qualifier") in QUAL and
                                isinstance(aff.get("summed"), bool)):
        p.append(f"{rid}: affected {aff!r}")
    for i, d in enumerate(rec["dates"]):
        w = f"{rid}: dates[{i}]"
        check_span(d, raw, w, p)
        for k in ("from", "to"):
            v = d.get(k)
            if not (isinstance(v, str) and len(v) == 10 and v[4] == "-" and v[7] == "-"):
                p.append(f"{w}: {k} {v!r}")
        if d.get("precision") not in PREC or d.get("role") not in ROLE:
            p.append(f"{w}: precision/role {d.get('precision')!r}/{d.get('role')!r}")
        if d.get("time") is not None and not isinstance(d.get("time"), str):
            p.append(f"{w}: time {d.get('time')!r}")
        if not isinstance(d.get("year_inferred"), bool):
            p.append(f"{w}: year_inferred")
    for i, c in enumerate(rec["counts"]):
        w = f"{rid}: counts[{i}]"
        check_span(c, raw, w, p)
        if not isinstance(c.get("value"), (int, float)) or c.get("qualifier") not in QUAL:
            p.append(f"{w}: value/qualifier {c.get('value')!r}/{c.get('qualifier')!r}")
        if not isinstance(c.get("unit"), str):
            p.append(f"{w}: unit {c.get('unit')!r}")
        if c.get("value_max") is not None and not isinstance(c.get("value_max"), (int, float)):
            p.append(f"{w}: value_max")
    for key in ("causes", "countermeasures", "data_items", "reported_to"):
        for i, f in enumerate(rec[key]):
            w = f"{rid}: {key}[{i}]"
            check_span(f, raw, w, p)
            if not isinstance(f.get("category"), str):
                p.append(f"{w}: category")
            if key == "data_items" and not isinstance(f.get("negated"), bool):
                p.append(f"{w}: negated")
    return p


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    with open(argv[1], encoding="utf-8") as f:
        inputs = [json.loads(l) for l in f if l.strip()]
    with open(argv[2], encoding="utf-8") as f:
        outputs = [json.loads(l) for l in f if l.strip()]
    ok = bad = 0
    if len(inputs) != len(outputs):
        print(f"{len(inputs)} inputs but {len(outputs)} records")
        bad += 1
    for inp, rec in zip(inputs, outputs):
        rid = inp.get("id")
        if rec.get("id") != rid:
            print(f"record order: expected id {rid!r}, got {rec.get('id')!r}")
            bad += 1
            continue
        if "error" in rec:
            print(f"{rid}: error record {rec['error']}")
            bad += 1
            continue
        problems = check_record(rec, inp["text"].encode("utf-8"), rid)
        for line in problems:
            print(line)
        bad += bool(problems)
        ok += not problems
    print(f"{ok} passed, {bad} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
