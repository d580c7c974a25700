"""bench_corpus.py SRC.jsonl MB DST.jsonl — `make bench`'s CLI input.

Writes {"id", "text"} JSON Lines (the records' texts, cycled, ids made
unique) to DST until MB megabytes of text; prints the text bytes written.
"""
import json
import sys

src, mb, dst = sys.argv[1], float(sys.argv[2]), sys.argv[3]
with open(src, encoding="utf-8") as f:
    recs = [json.loads(line) for line in f if line.strip()]
texts = [(str(r.get("id", i)), r["text"]) for i, r in enumerate(recs)
         if isinstance(r.get("text"), str) and r["text"]]
if not texts:
    sys.exit("bench_corpus.py: no texts in " + src)
total, cycle = 0, 0
with open(dst, "w", encoding="utf-8") as out:
    while total < mb * 1e6:
        for rid, text in texts:
            out.write(json.dumps({"id": "%s#%d" % (rid, cycle), "text": text},
                                 ensure_ascii=False) + "\n")
            total += len(text.encode("utf-8"))
        cycle += 1
print(total)
