"""Tests of the jiken CPython binding (run: python3 -m unittest discover).

The build tree's dictionary and rules are passed to the Extractor as
arguments (the binding itself reads no environment).  `make check-python`
tells this suite where they are with JIKEN_TEST_* variables; run by hand
inside a built source tree, the paths are found relative to this file.
"""
import datetime
import json
import os
import subprocess
import tempfile
import threading
import time
import unittest

import jiken

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.normpath(os.path.join(HERE, "..", "..", ".."))


def _path(var, *default):
    return os.environ.get(var) or os.path.join(TOP, *default)


USER_DIC = _path("JIKEN_TEST_USERDIC", "dict", "jiken.dic")
RULES_DIR = _path("JIKEN_TEST_RULES_DIR", "dict", "rules")
CLI = _path("JIKEN_TEST_CLI", "examples", "extract")
CORPUS = _path("JIKEN_TEST_CORPUS", "..", "shared", "corpus", "dev.jsonl")

# Notice-style sentences written for these tests (not corpus text).
NOTICE = (
    "当社サーバへの不正アクセスに関するお知らせ(第2報)\n"
    "2024年3月5日\n株式会社テスト商事\n\n"
    "令和６年２月２０日(火)14:30頃、当社の顧客管理サーバがランサムウェアに"
    "感染し、ファイルが暗号化されたことを確認いたしました。\n"
    "外部の専門機関による調査の結果、お客様の氏名、住所、電話番号など"
    "約１万２千件(5,100名分)の個人情報が流出したおそれがあることが判明しました。"
    "なお、クレジットカード情報は含まれておりません。\n"
    "当社は同年2月21日に個人情報保護委員会へ報告し、警察にも相談しております。"
    "再発防止策として、全端末へのEDR導入とパスワードの変更を実施いたしました。\n"
)
# astral (𠮷 is 4 UTF-8 bytes, 2 UTF-16 units), NFKC-changed characters
# (full-width digits, Kangxi radicals ⽉ ⽇ ⼈ from PDFs), PDF spacing
ASTRAL = (
    "𠮷野屋𠮷田店における個⼈情報の紛失について\n"
    "令和５年１２⽉４⽇(⽉)、𠮷田店の従業員が顧客名簿 ３冊 を紛失しました。"
    "名簿には約 ６５０ ⼈分の⽒名と電話番号が記載されておりました。\n"
    "2023 年 12 月 6 日に警察へ遺失届を提出いたしました。🙇\n"
)
DIGEST = (
    "事件簿ダイジェスト 𠮷\n"
    "【セキュリティ事件簿#2024-101】株式会社𠮷見 メール誤送信について\n"
    "2024年1月10日、顧客23名のメールアドレスを宛先(TO)に入れて送信しました。\n"
    "【セキュリティ事件簿#2024-102】⽇本テスト⼤学 USBメモリ紛失のお知らせ\n"
    "令和６年１⽉１５⽇、学⽣約120名分の成績を保存したUSBメモリを紛失しました。\n"
)
TEXTS = [NOTICE, ASTRAL, DIGEST]

SPAN_ARRAYS = ("dates", "counts", "causes", "countermeasures", "data_items",
               "reported_to")

EX = None


def setUpModule():
    global EX
    EX = jiken.Extractor(user_dic=USER_DIC, rules=RULES_DIR)


def items(rec):
    for name in SPAN_ARRAYS:
        for it in getattr(rec, name):
            yield name, it


def run_cli(texts):
    """The CLI's --jsonl records for texts, "id" removed, in order."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8",
                                     delete=False) as f:
        for i, t in enumerate(texts):
            f.write(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n")
        path = f.name
    try:
        with open(path, "rb") as inp:
            out = subprocess.run([CLI, "--user-dic", USER_DIC, "--rules-dir",
                                  RULES_DIR, "--jsonl"], stdin=inp,
                                 capture_output=True, check=False)
    finally:
        os.unlink(path)
    recs = [json.loads(line) for line in out.stdout.decode("utf-8").splitlines()]
    for r in recs:
        del r["id"]
    return recs


def close(a, b):
    """JSON equality; reals within the CLI's 15 significant digits."""
    if isinstance(a, float) or isinstance(b, float):
        return (isinstance(a, (int, float)) and isinstance(b, (int, float))
                and abs(a - b) <= 1e-14 * max(abs(a), abs(b), 1.0))
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(close(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


class TestRecord(unittest.TestCase):
    def check_types(self, rec):
        """Every field of every item has its documented Python type."""
        self.assertIsInstance(rec, jiken.Record)
        self.assertEqual(rec.schema, "jiken-1")
        self.assertIsInstance(rec.text, str)
        for f in ("title", "organization"):
            self.assertIsInstance(getattr(rec, f), (str, type(None)), f)
        self.assertIn(rec.leak_status,
                      {"confirmed", "suspected", "none", "unknown"})
        if rec.report is not None:
            self.assertIsInstance(rec.report, jiken.Report)
            self.assertIsInstance(rec.report.number, (int, type(None)))
            self.assertIsInstance(rec.report.final, bool)
        if rec.affected is not None:
            a = rec.affected
            self.assertIsInstance(a, jiken.Affected)
            self.assertIsInstance(a.value, float)
            self.assertIsInstance(a.unit, (str, type(None)))
            self.assertIsInstance(a.summed, bool)
        for name in SPAN_ARRAYS:
            self.assertIsInstance(getattr(rec, name), tuple, name)
        for name, it in items(rec):
            for f in ("start", "end", "start_byte", "end_byte"):
                self.assertIsInstance(getattr(it, f), int, f)
            self.assertLessEqual(it.start, it.end)
            self.assertIsInstance(it.text, str)
        for d in rec.dates:
            self.assertIsInstance(d, jiken.Date)
            for s, obj in ((d.from_, d.from_date), (d.to, d.to_date)):
                self.assertRegex(s, r"^(\d{4}|XXXX)-\d\d-\d\d$")
                if s.startswith("XXXX"):
                    self.assertIsNone(obj)
                else:
                    self.assertIsInstance(obj, datetime.date)
                    self.assertEqual(obj.isoformat(), s)
            self.assertIn(d.precision, {"day", "xun", "month", "quarter",
                                        "half", "fiscal_year", "year"})
            if d.time is not None:
                self.assertRegex(d.time, r"^\d\d:\d\d$")
            self.assertIsInstance(d.year_inferred, bool)
            self.assertIsInstance(d.approximate, bool)
            self.assertIn(d.role, {"occurred", "detected", "reported",
                                   "published", "other"})
        for c in rec.counts:
            self.assertIsInstance(c, jiken.Count)
            self.assertIsInstance(c.value, float)
            self.assertIsInstance(c.value_max, (float, type(None)))
            self.assertIsInstance(c.unit, (str, type(None)))
            self.assertIsInstance(c.subject, (str, type(None)))
            self.assertIn(c.qualifier, {"exact", "approx", "at_least", "over",
                                        "at_most", "under", "vague",
                                        "cumulative"})
        for name in ("causes", "countermeasures", "data_items", "reported_to"):
            for f in getattr(rec, name):
                self.assertIsInstance(f, jiken.Finding)
                self.assertIsInstance(f.category, str)
                self.assertRegex(f.category, r"^[a-z_]+$")
                self.assertIsInstance(f.negated, bool)
                if name != "data_items":
                    self.assertFalse(f.negated)

    def test_field_types(self):
        for t in TEXTS:
            self.check_types(EX.extract(t))

    def test_text_is_the_callers_str(self):
        rec = EX.extract(NOTICE)
        self.assertIs(rec.text, NOTICE)
        rec = EX.extract(NOTICE.encode("utf-8"))
        self.assertEqual(rec.text, NOTICE)
        rec = EX.extract(bytearray(ASTRAL.encode("utf-8")))
        self.assertEqual(rec.text, ASTRAL)

    def test_str_and_bytes_give_the_same_record(self):
        for t in TEXTS:
            self.assertEqual(EX.extract(t).to_dict(),
                             EX.extract(t.encode("utf-8")).to_dict())

    def test_to_dict_shape(self):
        d = EX.extract(NOTICE).to_dict()
        self.assertEqual(list(d), ["schema", "title", "organization", "report",
                                   "leak_status", "affected", "dates",
                                   "counts", "causes", "countermeasures",
                                   "data_items", "reported_to"])
        self.assertEqual(d["schema"], "jiken-1")
        for name in SPAN_ARRAYS:
            self.assertIsInstance(d[name], list)
        json.dumps(d)  # JSON-serialisable as is

    def test_to_dict_char_offsets(self):
        rec = EX.extract(ASTRAL)
        d = rec.to_dict(char_offsets=True)
        b = rec.to_dict()
        for name in SPAN_ARRAYS:
            for x, y, it in zip(d[name], b[name], getattr(rec, name)):
                self.assertEqual((x["start"], x["end"]), (it.start, it.end))
                self.assertEqual((y["start"], y["end"]),
                                 (it.start_byte, it.end_byte))
        with self.assertRaises(TypeError):
            rec.to_dict(True)  # keyword only

    def test_reprs(self):
        rec = EX.extract(NOTICE)
        r = repr(rec)
        self.assertTrue(r.startswith("jiken.Record(title="), r)
        self.assertIn("leak_status=%r" % rec.leak_status, r)
        for _, it in items(rec):
            self.assertTrue(repr(it).startswith("jiken."), repr(it))
            self.assertIn(repr(it.text), repr(it))
        self.assertRegex(repr(EX), r"^jiken\.Extractor\(dicdir=None, "
                                   r"user_dic='.*jiken\.dic', rules=")

    def test_equality_and_pickle(self):
        import copy
        import pickle
        for t in TEXTS:
            rec = EX.extract(t)
            self.assertEqual(rec, EX.extract(t))
            back = pickle.loads(pickle.dumps(rec))
            self.assertIsNot(back, rec)
            self.assertEqual(back, rec)
            self.assertEqual(back.to_dict(), rec.to_dict())
            self.assertEqual(copy.deepcopy(rec), rec)
            for name, it in items(rec):
                b = pickle.loads(pickle.dumps(it))
                self.assertEqual(b, it)
                self.assertEqual(b.to_dict(), it.to_dict(), name)
                self.assertEqual((b.start, b.end, b.start_byte, b.end_byte),
                                 (it.start, it.end, it.start_byte,
                                  it.end_byte))
        self.assertNotEqual(EX.extract(NOTICE), EX.extract(ASTRAL))
        self.assertNotEqual(EX.extract(NOTICE), NOTICE)
        with self.assertRaises(TypeError):
            hash(EX.extract(NOTICE))
        ex = pickle.loads(pickle.dumps(EX))
        self.assertEqual(repr(ex), repr(EX))
        self.assertEqual(ex.extract(NOTICE), EX.extract(NOTICE))
        with self.assertRaises(TypeError):
            jiken._jiken._rebuild(dict, ())

    def test_read_only(self):
        rec = EX.extract(NOTICE)
        with self.assertRaises(AttributeError):
            rec.title = "x"
        with self.assertRaises(TypeError):
            jiken.Record()

    def test_cli_equality_own_notices(self):
        cli = run_cli(TEXTS)
        self.assertEqual(len(cli), len(TEXTS))
        for t, want in zip(TEXTS, cli):
            got = EX.extract(t).to_dict()
            self.assertTrue(close(got, want), "\n%r\n!=\n%r" % (got, want))

    @unittest.skipUnless(os.path.isfile(CORPUS), "dev corpus not present")
    def test_cli_equality_dev_corpus(self):
        with open(CORPUS, encoding="utf-8") as f:
            texts = [json.loads(line)["text"] for line in f if line.strip()]
        cli = run_cli(texts)
        self.assertEqual(len(cli), len(texts))
        for i, (t, want) in enumerate(zip(texts, cli)):
            rec = EX.extract(t)
            self.check_types(rec)
            got = rec.to_dict()
            self.assertTrue(close(got, want), "line %d differs" % (i + 1))


class TestOffsets(unittest.TestCase):
    def test_spans_index_the_str(self):
        for t in TEXTS:
            rec = EX.extract(t)
            raw = t.encode("utf-8")
            for name, it in items(rec):
                self.assertEqual(t[it.start:it.end], it.text, name)
                self.assertEqual(raw[it.start_byte:it.end_byte].decode(),
                                 it.text, name)

    def test_byte_to_char_map(self):
        # a: 1 byte, 𠮷: 4, ⽉: 3, ６: 3 — across several 64-byte blocks
        t = "a𠮷⽉６" * 40 + "z"
        raw = t.encode("utf-8")
        want = []
        for i in range(len(raw) + 1):
            want.append(len(raw[:i].decode("utf-8", "ignore")))
        bounds = [i for i in range(len(raw) + 1)
                  if i == len(raw) or (raw[i] & 0xC0) != 0x80]
        self.assertEqual(jiken._jiken._byte_to_char(t, bounds),
                         [want[i] for i in bounds])
        self.assertEqual(jiken._jiken._byte_to_char(t, [len(raw) + 100]),
                         [len(t)])
        self.assertEqual(jiken._jiken._byte_to_char("ascii", [0, 3, 5, 9]),
                         [0, 3, 5, 5])

    def test_split_offsets_index_what_was_passed(self):
        spans = EX.split(DIGEST)
        raw = DIGEST.encode("utf-8")
        bspans = EX.split(raw)
        self.assertGreaterEqual(len(spans), 1)
        self.assertEqual(len(spans), len(bspans))
        prev = 0
        for (s, e), (bs, be) in zip(spans, bspans):
            self.assertIsInstance(s, int)
            self.assertTrue(prev <= s < e <= len(DIGEST), (s, e))
            self.assertTrue(be <= len(raw))
            self.assertEqual(DIGEST[s:e].encode("utf-8"), raw[bs:be])
            prev = e
        if len(spans) > 1:  # a splitter that finds the headings
            for s, _ in spans:
                self.assertTrue(DIGEST[s:].startswith("【セキュリティ事件簿"))
        else:  # no splitting: the whole text
            self.assertEqual(spans, [(0, len(DIGEST))])
            self.assertEqual(bspans, [(0, len(raw))])

    def test_error_offsets_in_chars(self):
        t = "令和５年𠮷\x00後"
        with self.assertRaises(jiken.ENULError) as cm:
            EX.extract(t)
        self.assertEqual(cm.exception.offset, len("令和５年𠮷".encode("utf-8")))
        self.assertEqual(cm.exception.char_offset, 5)
        self.assertEqual(t[cm.exception.char_offset], "\x00")


class TestErrors(unittest.TestCase):
    def test_invalid_utf8(self):
        bad = "不正アクセス".encode("utf-8") + b"\xff\xfe" + "について".encode()
        with self.assertRaises(jiken.EUTF8Error) as cm:
            EX.extract(bad)
        e = cm.exception
        self.assertIsInstance(e, jiken.Error)
        self.assertIsInstance(e, ValueError)
        self.assertEqual(e.code, -3)
        self.assertEqual(e.name, "EUTF8")
        self.assertEqual(e.offset, 18)
        self.assertIsNone(e.char_offset)  # bytes input: offset is the index
        self.assertIn("18", e.message)
        self.assertEqual(str(e), e.message)
        with self.assertRaises(jiken.EUTF8Error):
            EX.split(bad)

    def test_truncated_utf8(self):
        with self.assertRaises(jiken.EUTF8Error) as cm:
            EX.extract("紛失".encode("utf-8")[:-1])
        self.assertEqual(cm.exception.offset, 3)

    def test_lone_surrogate_str(self):
        with self.assertRaises(jiken.EUTF8Error) as cm:
            EX.extract("ab\ud800cd")
        self.assertEqual(cm.exception.char_offset, 2)
        self.assertEqual(cm.exception.offset, 2)

    def test_empty(self):
        for empty in ("", b""):
            with self.assertRaises(jiken.EEMPTYError) as cm:
                EX.extract(empty)
            self.assertEqual(cm.exception.name, "EEMPTY")
            self.assertEqual(cm.exception.code, -6)
            self.assertIsInstance(cm.exception, ValueError)

    def test_too_big(self):
        small = jiken.Extractor(user_dic=USER_DIC, rules=RULES_DIR,
                                max_input=30)
        small.extract("紛失しました")  # 18 bytes
        with self.assertRaises(jiken.ETOOBIGError) as cm:
            small.extract("紛失しました。" * 3)
        self.assertEqual(cm.exception.name, "ETOOBIG")

    def test_binary(self):
        with self.assertRaises(jiken.EBINARYError):
            EX.extract(b"\x01\x02\x03\x04abc\x05\x06")

    def test_wrong_type(self):
        for bad in (None, 42, ["text"]):
            with self.assertRaises(TypeError):
                EX.extract(bad)

    def test_bad_options(self):
        with self.assertRaises(jiken.EINVALError) as cm:
            jiken.Extractor(user_dic=USER_DIC, rules=RULES_DIR,
                            reference_date="2024/01/01")
        self.assertEqual(cm.exception.name, "EINVAL")
        with self.assertRaises(jiken.Error) as cm:
            jiken.Extractor(user_dic=USER_DIC,
                            rules=os.path.join(HERE, "no-such-dir"))
        self.assertIn("no-such-dir", cm.exception.message)
        with self.assertRaises(jiken.EMECABError):
            jiken.Extractor(user_dic=os.path.join(HERE, "no.dic"),
                            rules=RULES_DIR)
        with self.assertRaises(ValueError):
            jiken.Extractor(max_input=0)
        with self.assertRaises(TypeError):
            jiken.Extractor(rules=42)

    def test_every_code_has_a_class(self):
        for code in range(-1, -16, -1):
            cls = jiken.error_class(code)
            name = cls.__name__[:-len("Error")]
            self.assertTrue(issubclass(cls, jiken.Error))
            self.assertIs(getattr(jiken, cls.__name__), cls)
            self.assertTrue(name.startswith("E"), name)
            self.assertNotEqual(jiken.strerror(code), "unknown error code")
        self.assertIs(jiken.error_class(-999), jiken.Error)
        self.assertIs(jiken.error_class(-3), jiken.EUTF8Error)


class TestOptions(unittest.TestCase):
    def test_reference_date_and_paths(self):
        ex = jiken.Extractor(user_dic=USER_DIC, rules=RULES_DIR,
                             reference_date=datetime.date(2024, 4, 1))
        self.assertEqual(ex.reference_date, "2024-04-01")
        self.assertEqual(ex.user_dic, USER_DIC)
        self.assertEqual(ex.rules, RULES_DIR)
        self.assertIsNone(ex.dicdir)
        self.assertEqual(ex.extract(NOTICE).schema, "jiken-1")

    def test_dict_dir_fills_what_is_missing(self):
        ex = jiken.Extractor(dict_dir=os.path.join(HERE, "nowhere"),
                             user_dic=USER_DIC, rules=RULES_DIR)
        self.assertEqual(ex.user_dic, USER_DIC)
        with self.assertRaises(jiken.Error):
            jiken.Extractor(dict_dir=os.path.join(HERE, "nowhere"),
                            user_dic=USER_DIC)

    def test_pathlike(self):
        import pathlib
        ex = jiken.Extractor(user_dic=pathlib.Path(USER_DIC),
                             rules=pathlib.Path(RULES_DIR))
        self.assertEqual(ex.rules, RULES_DIR)


class TestThreads(unittest.TestCase):
    def test_four_threads_share_one_extractor(self):
        texts = list(TEXTS)
        if os.path.isfile(CORPUS):
            with open(CORPUS, encoding="utf-8") as f:
                texts += [json.loads(line)["text"] for line in f
                          if line.strip()][:40]
        want = [EX.extract(t).to_dict() for t in texts]
        got = [None] * 4
        errors = []
        start = threading.Barrier(4)

        def work(k):
            try:
                start.wait()
                out = []
                for rnd in range(3):
                    order = texts if (k + rnd) % 2 == 0 else texts[::-1]
                    res = {id(t): EX.extract(t).to_dict() for t in order}
                    out.append([res[id(t)] for t in texts])
                got[k] = out
            except BaseException as e:  # report in the main thread
                errors.append(e)

        threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        self.assertEqual(errors, [])
        for k in range(4):
            for rnd in got[k]:
                self.assertEqual(rnd, want)

    def test_gil_released(self):
        # a pure-Python thread runs while another is inside one extract()
        # call: with the GIL held it could only run before or after it
        big = NOTICE * 300
        inside = 0
        for _ in range(3):  # a loaded machine may not schedule the thread
            stamps = []
            done = threading.Event()

            def spin():
                while not done.is_set():
                    stamps.append(time.perf_counter())

            th = threading.Thread(target=spin)
            th.start()
            try:
                while len(stamps) < 10:
                    time.sleep(0.001)
                t0 = time.perf_counter()
                EX.extract(big)
                t1 = time.perf_counter()
            finally:
                done.set()
                th.join()
            lo, hi = t0 + (t1 - t0) * 0.2, t1 - (t1 - t0) * 0.2
            inside = sum(lo < s < hi for s in stamps)
            if inside:
                break
        self.assertGreater(inside, 0)

    def test_default_extractor_created_once(self):
        made = []
        real = jiken.Extractor
        gate = threading.Barrier(8)

        def fake():
            made.append(1)
            return real(user_dic=USER_DIC, rules=RULES_DIR)

        saved = jiken._default
        jiken._default = None
        jiken.Extractor = fake
        try:
            seen = []

            def work():
                gate.wait()
                seen.append(jiken.default_extractor())

            threads = [threading.Thread(target=work) for _ in range(8)]
            for th in threads:
                th.start()
            for th in threads:
                th.join()
            self.assertEqual(len(made), 1)
            self.assertEqual(len(seen), 8)
            self.assertTrue(all(s is seen[0] for s in seen))
            self.assertEqual(jiken.extract(NOTICE).to_dict(),
                             EX.extract(NOTICE).to_dict())
            self.assertEqual(jiken.split(DIGEST), EX.split(DIGEST))
        finally:
            jiken.Extractor = real
            jiken._default = saved


class TestPackage(unittest.TestCase):
    def test_metadata(self):
        self.assertEqual(jiken.SCHEMA, "jiken-1")
        self.assertRegex(jiken.__version__, r"^\d+\.\d+\.\d+$")
        self.assertRegex(jiken.library_version, r"^\d+\.\d+\.\d+$")
        pkg = os.path.dirname(jiken.__file__)
        self.assertTrue(os.path.isfile(os.path.join(pkg, "py.typed")))
        self.assertTrue(os.path.isfile(os.path.join(pkg, "_jiken.pyi")))
        for name in jiken.__all__:
            self.assertTrue(hasattr(jiken, name), name)
        self.assertTrue(jiken.Extractor.extract.__doc__)


if __name__ == "__main__":
    unittest.main()
