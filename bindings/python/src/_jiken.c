/*
 * _jiken.c — CPython extension over the public libjiken C API (jiken.h).
 *
 * Takes: a str or bytes notice.  Gives: a jiken.Record built straight from
 * the jiken_result accessors (no JSON round trip), with every span both as
 * code-point offsets into the str the caller holds (start/end) and as byte
 * offsets into its UTF-8 (start_byte/end_byte, what the C library reports).
 *
 * Threads: an Extractor wraps one immutable jiken_extractor.  The GIL is
 * released around jiken_extractor_new(), jiken_extract() and jiken_split(),
 * so threads sharing one Extractor run in parallel.  The input buffer stays
 * valid while the GIL is released because it belongs to an immutable str or
 * bytes object this call holds a reference to (other buffers are copied).
 *
 * Result objects (Record, Date, Count, Finding, Report, Affected) are
 * read-only and hold no reference cycles, so they are not GC-tracked.
 *
 * Paths: only from the constructor's arguments or the library's
 * compiled-in defaults; nothing here reads the environment.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <datetime.h>
#include <structmember.h>

#include <jiken.h>
#include <string.h>

#if PY_VERSION_HEX < 0x030A0000 /* 3.8, 3.9 */
static PyObject *Py_NewRef(PyObject *o) {
  Py_INCREF(o);
  return o;
}
static int PyModule_AddObjectRef(PyObject *m, const char *name, PyObject *o) {
  Py_INCREF(o);
  if (PyModule_AddObject(m, name, o) == 0)
    return 0;
  Py_DECREF(o);
  return -1;
}
#endif
#if PY_VERSION_HEX < 0x03090000 /* 3.8 */
#define PyObject_CallOneArg(f, a) PyObject_CallFunctionObjArgs((f), (a), NULL)
#endif

/* ---- module state (single-phase init: one interpreter) ----------------- */

static PyObject *JikenError;     /* jiken.Error */
static PyObject *errors_by_code; /* dict: int code -> exception class */

/* ---- byte offset -> code point offset --------------------------------- */

/* Every OFFMAP_BLK bytes a checkpoint holds the number of code points
 * before it, so a lookup scans at most OFFMAP_BLK bytes: O(1) per span and
 * 1/8 of the input size in memory for non-ASCII text, nothing for ASCII. */
#define OFFMAP_BLK 64

typedef struct offmap {
  const char *buf;
  Py_ssize_t len;
  int ascii;
  Py_ssize_t *ck;
} offmap;

static int offmap_init(offmap *m, const char *buf, Py_ssize_t len, int ascii) {
  m->buf = buf;
  m->len = len;
  m->ascii = ascii;
  m->ck = NULL;
  if (ascii)
    return 0;
  Py_ssize_t nblk = len / OFFMAP_BLK + 1;
  m->ck = PyMem_New(Py_ssize_t, nblk);
  if (!m->ck) {
    PyErr_NoMemory();
    return -1;
  }
  Py_ssize_t cps = 0;
  for (Py_ssize_t b = 0; b < nblk; b++) {
    m->ck[b] = cps;
    Py_ssize_t lo = b * OFFMAP_BLK, hi = lo + OFFMAP_BLK;
    if (hi > len)
      hi = len;
    for (Py_ssize_t i = lo; i < hi; i++)
      cps += ((unsigned char)buf[i] & 0xC0) != 0x80;
  }
  return 0;
}

static void offmap_free(offmap *m) {
  PyMem_Free(m->ck);
  m->ck = NULL;
}

/* Code points before byte b (clamped to the input, like the library's own
 * JSON does).  A b inside a character counts that character. */
static Py_ssize_t offmap_char(const offmap *m, size_t b) {
  Py_ssize_t pos = b > (size_t)m->len ? m->len : (Py_ssize_t)b;
  if (m->ascii)
    return pos;
  Py_ssize_t blk = pos / OFFMAP_BLK, c = m->ck[blk];
  for (Py_ssize_t i = blk * OFFMAP_BLK; i < pos; i++)
    c += ((unsigned char)m->buf[i] & 0xC0) != 0x80;
  return c;
}

/* ---- input ------------------------------------------------------------- */

typedef struct input {
  PyObject *owner; /* str or bytes keeping buf alive (new reference) */
  const char *buf;
  Py_ssize_t len;
  int is_str;
} input;

/* UTF-8 length of a str prefix, counting lone surrogates as 3 bytes. */
static Py_ssize_t utf8_prefix_len(PyObject *s, Py_ssize_t n) {
  int kind = PyUnicode_KIND(s);
  const void *data = PyUnicode_DATA(s);
  Py_ssize_t bytes = 0;
  for (Py_ssize_t i = 0; i < n; i++) {
    Py_UCS4 c = PyUnicode_READ(kind, data, i);
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return bytes;
}

static PyObject *raise_jiken(int code, const jiken_error *err,
                             const input *in, const offmap *map,
                             Py_ssize_t char_offset);

/* str: its cached UTF-8 (no copy); bytes: as is; other buffers: copied into
 * bytes (a bytearray could change while the GIL is released). */
static int input_get(PyObject *arg, input *in) {
  memset(in, 0, sizeof *in);
  if (PyUnicode_Check(arg)) {
    in->buf = PyUnicode_AsUTF8AndSize(arg, &in->len);
    if (!in->buf) {
      if (!PyErr_ExceptionMatches(PyExc_UnicodeEncodeError))
        return -1;
      /* a lone surrogate: the same error the library gives bad UTF-8 */
#if PY_VERSION_HEX >= 0x030C0000
      PyObject *value = PyErr_GetRaisedException();
#else
      PyObject *type, *value, *tb;
      PyErr_Fetch(&type, &value, &tb);
      PyErr_NormalizeException(&type, &value, &tb);
      Py_XDECREF(type);
      Py_XDECREF(tb);
#endif
      Py_ssize_t at = 0;
      if (value && PyUnicodeEncodeError_GetStart(value, &at) < 0) {
        PyErr_Clear();
        at = 0;
      }
      Py_XDECREF(value);
      jiken_error err;
      memset(&err, 0, sizeof err);
      err.code = JIKEN_EUTF8;
      err.offset = (size_t)utf8_prefix_len(arg, at);
      Py_UCS4 c = at < PyUnicode_GET_LENGTH(arg) ? PyUnicode_READ_CHAR(arg, at)
                                                 : 0;
      PyOS_snprintf(err.message, sizeof err.message,
                    "lone surrogate U+%04X at index %zd cannot be encoded as "
                    "UTF-8",
                    (unsigned)c, at);
      input tmp = {arg, NULL, 0, 1};
      raise_jiken(JIKEN_EUTF8, &err, &tmp, NULL, at);
      return -1;
    }
    in->owner = Py_NewRef(arg);
    in->is_str = 1;
    return 0;
  }
  if (PyBytes_Check(arg)) {
    in->owner = Py_NewRef(arg);
  } else if (PyObject_CheckBuffer(arg)) {
    in->owner = PyBytes_FromObject(arg);
    if (!in->owner)
      return -1;
  } else {
    PyErr_Format(PyExc_TypeError,
                 "text must be str or bytes (UTF-8), not %.200s",
                 Py_TYPE(arg)->tp_name);
    return -1;
  }
  in->buf = PyBytes_AS_STRING(in->owner);
  in->len = PyBytes_GET_SIZE(in->owner);
  return 0;
}

/* The str the spans index: the caller's own str, or the decoded bytes
 * (valid UTF-8: the library accepted them). */
static PyObject *input_text(const input *in) {
  if (in->is_str)
    return Py_NewRef(in->owner);
  return PyUnicode_DecodeUTF8(in->buf, in->len, "strict");
}

/* ---- errors ------------------------------------------------------------ */

static int set_attr_new(PyObject *o, const char *name, PyObject *v) {
  if (!v)
    return -1;
  int rc = PyObject_SetAttrString(o, name, v);
  Py_DECREF(v);
  return rc;
}

static PyObject *str_or_none(const char *s) {
  if (!s)
    Py_RETURN_NONE;
  return PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "replace");
}

static PyObject *error_class(int code) {
  PyObject *key = PyLong_FromLong(code);
  if (!key)
    return NULL;
  PyObject *cls = PyDict_GetItemWithError(errors_by_code, key);
  Py_DECREF(key);
  if (!cls && !PyErr_Occurred())
    cls = JikenError;
  return cls; /* borrowed */
}

/* Raise the jiken.Error subclass of `code` with the details of *err.
 * For str input the byte offset is also given as a code-point offset:
 * char_offset when >= 0, else computed (with map when not NULL).
 * Always returns NULL. */
static PyObject *raise_jiken(int code, const jiken_error *err,
                             const input *in, const offmap *map,
                             Py_ssize_t char_offset) {
  PyObject *cls = error_class(code);
  if (!cls)
    return NULL;
  const char *msg = err && err->message[0] ? err->message : jiken_strerror(code);
  PyObject *pmsg = str_or_none(msg);
  if (!pmsg)
    return NULL;
  PyObject *exc = PyObject_CallOneArg(cls, pmsg);
  if (!exc) {
    Py_DECREF(pmsg);
    return NULL;
  }
  int has_off = err && err->offset != (size_t)-1;
  PyObject *char_off = Py_None;
  Py_INCREF(char_off);
  if (has_off && in && in->is_str && char_offset >= 0) {
    Py_SETREF(char_off, PyLong_FromSsize_t(char_offset));
  } else if (has_off && in && in->is_str && in->buf) {
    Py_DECREF(char_off);
    offmap m;
    if (map) {
      char_off = PyLong_FromSsize_t(offmap_char(map, err->offset));
    } else if (offmap_init(&m, in->buf, in->len,
                           PyUnicode_IS_ASCII(in->owner)) == 0) {
      char_off = PyLong_FromSsize_t(offmap_char(&m, err->offset));
      offmap_free(&m);
    } else {
      char_off = NULL;
    }
  }
  int rc = set_attr_new(exc, "code", PyLong_FromLong(code)) ||
           set_attr_new(exc, "name", PyUnicode_FromString(jiken_err_name(code))) ||
           set_attr_new(exc, "message", Py_NewRef(pmsg)) ||
           set_attr_new(exc, "offset",
                        has_off ? PyLong_FromSize_t(err->offset)
                                : Py_NewRef(Py_None)) ||
           set_attr_new(exc, "char_offset", char_off ? Py_NewRef(char_off) : NULL) ||
           set_attr_new(exc, "file",
                        err && err->file[0] ? str_or_none(err->file)
                                            : Py_NewRef(Py_None)) ||
           set_attr_new(exc, "line",
                        err && err->line ? PyLong_FromLong(err->line)
                                         : Py_NewRef(Py_None)) ||
           set_attr_new(exc, "column",
                        err && err->column ? PyLong_FromLong(err->column)
                                           : Py_NewRef(Py_None));
  Py_DECREF(pmsg);
  Py_XDECREF(char_off);
  if (rc == 0)
    PyErr_SetObject(cls, exc);
  Py_DECREF(exc);
  return NULL;
}

/* ---- interned names ----------------------------------------------------- */

static PyObject *name_str(const char *s) {
  if (!s)
    Py_RETURN_NONE;
  return PyUnicode_InternFromString(s);
}

/* ---- result objects ---------------------------------------------------- */

/* Common head of every item with a span. */
#define SPAN_FIELDS                                                            \
  PyObject *text;                                                              \
  Py_ssize_t start, end, start_byte, end_byte;

#define SPAN_MEMBERS(T)                                                        \
  {"text", T_OBJECT, offsetof(T, text), READONLY,                              \
   "the span's text: exactly the input characters it covers"},                 \
      {"start", T_PYSSIZET, offsetof(T, start), READONLY,                      \
       "code-point offset of the span in Record.text (str index)"},            \
      {"end", T_PYSSIZET, offsetof(T, end), READONLY,                          \
       "code-point end offset (exclusive) in Record.text"},                    \
      {"start_byte", T_PYSSIZET, offsetof(T, start_byte), READONLY,            \
       "byte offset of the span in the UTF-8 input"},                          \
  {                                                                            \
    "end_byte", T_PYSSIZET, offsetof(T, end_byte), READONLY,                   \
        "byte end offset (exclusive) in the UTF-8 input"                       \
  }

typedef struct {
  PyObject_HEAD SPAN_FIELDS
} SpanObject;

/* Fill the span fields of item o from byte offsets [s, e). */
static int span_fill(SpanObject *o, PyObject *text, const offmap *m, size_t s,
                     size_t e) {
  if (e < s)
    e = s;
  o->start_byte = (Py_ssize_t)(s > (size_t)m->len ? (size_t)m->len : s);
  o->end_byte = (Py_ssize_t)(e > (size_t)m->len ? (size_t)m->len : e);
  o->start = offmap_char(m, s);
  o->end = offmap_char(m, e);
  o->text = PyUnicode_Substring(text, o->start, o->end);
  return o->text ? 0 : -1;
}

static int dict_set(PyObject *d, const char *key, PyObject *v) {
  if (!v)
    return -1;
  int rc = PyDict_SetItemString(d, key, v);
  Py_DECREF(v);
  return rc;
}

static int span_to_dict(PyObject *d, SpanObject *o, int chars) {
  return dict_set(d, "text", Py_NewRef(o->text)) ||
         dict_set(d, "start",
                  PyLong_FromSsize_t(chars ? o->start : o->start_byte)) ||
         dict_set(d, "end", PyLong_FromSsize_t(chars ? o->end : o->end_byte));
}

static int parse_char_offsets(PyObject *args, PyObject *kw, int *chars) {
  static char *kwlist[] = {"char_offsets", NULL};
  *chars = 0;
  return PyArg_ParseTupleAndKeywords(args, kw, "|$p:to_dict", kwlist, chars)
             ? 0
             : -1;
}

#define TO_DICT_DOC(what)                                                      \
  "to_dict(*, char_offsets=False) -> dict\n\n"                                 \
  "The " what " as the CLI prints it in JSON (schema jiken-1): same keys, "    \
  "same order, start/end as UTF-8 byte offsets.  char_offsets=True gives "     \
  "start/end as str (code point) offsets instead."


/* ---- equality and pickling, from each type's member table -------------- */

static PyObject *rebuild_func; /* _jiken._rebuild, for __reduce__ */

static Py_ssize_t member_count(PyTypeObject *t) {
  Py_ssize_t n = 0;
  while (t->tp_members[n].name)
    n++;
  return n;
}

/* Items and records compare equal when every attribute does; unhashable
 * like other value-compared containers. */
static PyObject *generic_richcompare(PyObject *a, PyObject *b, int op) {
  if ((op != Py_EQ && op != Py_NE) || Py_TYPE(a) != Py_TYPE(b))
    Py_RETURN_NOTIMPLEMENTED;
  int eq = 1;
  for (PyMemberDef *m = Py_TYPE(a)->tp_members; eq == 1 && m->name; m++) {
    PyObject *x = PyMember_GetOne((const char *)a, m);
    PyObject *y = x ? PyMember_GetOne((const char *)b, m) : NULL;
    eq = y ? PyObject_RichCompareBool(x, y, Py_EQ) : -1;
    Py_XDECREF(x);
    Py_XDECREF(y);
  }
  if (eq < 0)
    return NULL;
  return PyBool_FromLong(op == Py_EQ ? eq : !eq);
}

static PyObject *generic_reduce(PyObject *self, PyObject *Py_UNUSED(a)) {
  PyTypeObject *t = Py_TYPE(self);
  PyObject *state = PyTuple_New(member_count(t));
  for (Py_ssize_t i = 0; state && t->tp_members[i].name; i++) {
    PyObject *v = PyMember_GetOne((const char *)self, &t->tp_members[i]);
    if (!v)
      Py_CLEAR(state);
    else
      PyTuple_SET_ITEM(state, i, v);
  }
  if (!state)
    return NULL;
  return Py_BuildValue("(O(ON))", rebuild_func, (PyObject *)t, state);
}

#define REDUCE_METHOD                                                          \
  {"__reduce__", (PyCFunction)generic_reduce, METH_NOARGS,                     \
   "pickle support (records cross process boundaries)"}

/* ---- Date ---- */

typedef struct {
  PyObject_HEAD SPAN_FIELDS PyObject *from_, *to, *from_date, *to_date,
      *precision, *time, *role;
  char year_inferred, approximate;
} DateObject;

static void Date_dealloc(DateObject *o) {
  Py_XDECREF(o->text);
  Py_XDECREF(o->from_);
  Py_XDECREF(o->to);
  Py_XDECREF(o->from_date);
  Py_XDECREF(o->to_date);
  Py_XDECREF(o->precision);
  Py_XDECREF(o->time);
  Py_XDECREF(o->role);
  Py_TYPE(o)->tp_free((PyObject *)o);
}

static PyObject *Date_to_dict_impl(DateObject *o, int chars) {
  PyObject *d = PyDict_New();
  if (!d)
    return NULL;
  if (span_to_dict(d, (SpanObject *)o, chars) ||
      dict_set(d, "from", Py_NewRef(o->from_)) ||
      dict_set(d, "to", Py_NewRef(o->to)) ||
      dict_set(d, "precision", Py_NewRef(o->precision)) ||
      dict_set(d, "time", Py_NewRef(o->time)) ||
      dict_set(d, "year_inferred", PyBool_FromLong(o->year_inferred)) ||
      dict_set(d, "approximate", PyBool_FromLong(o->approximate)) ||
      dict_set(d, "role", Py_NewRef(o->role))) {
    Py_DECREF(d);
    return NULL;
  }
  return d;
}

static PyObject *Date_to_dict(DateObject *o, PyObject *args, PyObject *kw) {
  int chars;
  if (parse_char_offsets(args, kw, &chars))
    return NULL;
  return Date_to_dict_impl(o, chars);
}

static PyObject *Date_repr(DateObject *o) {
  return PyUnicode_FromFormat(
      "jiken.Date(text=%R, start=%zd, end=%zd, from_=%R, to=%R, "
      "precision=%R, time=%R, year_inferred=%s, approximate=%s, role=%R)",
      o->text, o->start, o->end, o->from_, o->to, o->precision, o->time,
      o->year_inferred ? "True" : "False", o->approximate ? "True" : "False",
      o->role);
}

static PyMethodDef Date_methods[] = {
    {"to_dict", (PyCFunction)(void (*)(void))Date_to_dict,
     METH_VARARGS | METH_KEYWORDS, TO_DICT_DOC("date")},
    REDUCE_METHOD,
    {NULL, NULL, 0, NULL}};

static PyMemberDef Date_members[] = {
    SPAN_MEMBERS(DateObject),
    {"from_", T_OBJECT, offsetof(DateObject, from_), READONLY,
     "first day of the interval, ISO 'YYYY-MM-DD' ('XXXX-08-10' when the "
     "year is unknown); JSON key 'from'"},
    {"to", T_OBJECT, offsetof(DateObject, to), READONLY,
     "last day of the interval (inclusive), ISO string like from_"},
    {"from_date", T_OBJECT, offsetof(DateObject, from_date), READONLY,
     "from_ as a datetime.date, or None when the year is unknown"},
    {"to_date", T_OBJECT, offsetof(DateObject, to_date), READONLY,
     "to as a datetime.date, or None when the year is unknown"},
    {"precision", T_OBJECT, offsetof(DateObject, precision), READONLY,
     "'day', 'xun', 'month', 'quarter', 'half', 'fiscal_year' or 'year'"},
    {"time", T_OBJECT, offsetof(DateObject, time), READONLY,
     "attached clock time 'HH:MM', or None"},
    {"year_inferred", T_BOOL, offsetof(DateObject, year_inferred), READONLY,
     "True when the year came from context"},
    {"approximate", T_BOOL, offsetof(DateObject, approximate), READONLY,
     "True for 頃/ごろ/前後"},
    {"role", T_OBJECT, offsetof(DateObject, role), READONLY,
     "'occurred', 'detected', 'reported', 'published' or 'other'"},
    {NULL, 0, 0, 0, NULL}};

static PyTypeObject DateType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "jiken.Date",
    .tp_basicsize = sizeof(DateObject),
    .tp_dealloc = (destructor)Date_dealloc,
    .tp_repr = (reprfunc)Date_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_richcompare = generic_richcompare,
    .tp_hash = PyObject_HashNotImplemented,
    .tp_doc = "A calendar expression of the notice (read-only).\n\n"
              "from_/to are always ISO strings; from_date/to_date are "
              "datetime.date objects, or None when the year is unknown.",
    .tp_methods = Date_methods,
    .tp_members = Date_members,
};

/* 'YYYY-MM-DD' -> datetime.date; None for 'XXXX-…' or anything else. */
static PyObject *iso_date(const char *s) {
  int v[3] = {0, 0, 0}, widths[3] = {4, 2, 2}, pos = 0;
  if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
    Py_RETURN_NONE;
  for (int f = 0; f < 3; f++) {
    for (int k = 0; k < widths[f]; k++, pos++) {
      if (s[pos] < '0' || s[pos] > '9')
        Py_RETURN_NONE;
      v[f] = v[f] * 10 + (s[pos] - '0');
    }
    pos++; /* '-' */
  }
  PyObject *d = PyDate_FromDate(v[0], v[1], v[2]);
  if (!d && PyErr_ExceptionMatches(PyExc_ValueError)) {
    PyErr_Clear(); /* out of range: keep the string, no date object */
    Py_RETURN_NONE;
  }
  return d;
}

static PyObject *make_date(const jiken_date *src, PyObject *text,
                           const offmap *m) {
  DateObject *o = (DateObject *)DateType.tp_alloc(&DateType, 0);
  if (!o)
    return NULL;
  char from[sizeof src->from + 1], to[sizeof src->to + 1],
      tm[sizeof src->time + 1];
  memcpy(from, src->from, sizeof src->from);
  from[sizeof src->from] = '\0';
  memcpy(to, src->to, sizeof src->to);
  to[sizeof src->to] = '\0';
  memcpy(tm, src->time, sizeof src->time);
  tm[sizeof src->time] = '\0';
  o->year_inferred = src->year_inferred != 0;
  o->approximate = src->approximate != 0;
  if (span_fill((SpanObject *)o, text, m, src->start, src->end) ||
      !(o->from_ = PyUnicode_FromString(from)) ||
      !(o->to = PyUnicode_FromString(to)) ||
      !(o->from_date = iso_date(from)) || !(o->to_date = iso_date(to)) ||
      !(o->precision = name_str(jiken_precision_name(src->precision))) ||
      !(o->time = tm[0] ? PyUnicode_FromString(tm) : Py_NewRef(Py_None)) ||
      !(o->role = name_str(jiken_role_name(src->role)))) {
    Py_DECREF(o);
    return NULL;
  }
  return (PyObject *)o;
}

/* ---- Count ---- */

typedef struct {
  PyObject_HEAD SPAN_FIELDS double value;
  PyObject *value_max, *unit, *qualifier, *subject;
} CountObject;

static void Count_dealloc(CountObject *o) {
  Py_XDECREF(o->text);
  Py_XDECREF(o->value_max);
  Py_XDECREF(o->unit);
  Py_XDECREF(o->qualifier);
  Py_XDECREF(o->subject);
  Py_TYPE(o)->tp_free((PyObject *)o);
}

static PyObject *Count_to_dict_impl(CountObject *o, int chars) {
  PyObject *d = PyDict_New();
  if (!d)
    return NULL;
  if (span_to_dict(d, (SpanObject *)o, chars) ||
      dict_set(d, "value", PyFloat_FromDouble(o->value)) ||
      dict_set(d, "value_max", Py_NewRef(o->value_max)) ||
      dict_set(d, "unit", Py_NewRef(o->unit)) ||
      dict_set(d, "qualifier", Py_NewRef(o->qualifier)) ||
      dict_set(d, "subject", Py_NewRef(o->subject))) {
    Py_DECREF(d);
    return NULL;
  }
  return d;
}

static PyObject *Count_to_dict(CountObject *o, PyObject *args, PyObject *kw) {
  int chars;
  if (parse_char_offsets(args, kw, &chars))
    return NULL;
  return Count_to_dict_impl(o, chars);
}

static PyObject *Count_repr(CountObject *o) {
  PyObject *value = PyFloat_FromDouble(o->value);
  if (!value)
    return NULL;
  PyObject *r = PyUnicode_FromFormat(
      "jiken.Count(text=%R, start=%zd, end=%zd, value=%R, value_max=%R, "
      "unit=%R, qualifier=%R, subject=%R)",
      o->text, o->start, o->end, value, o->value_max, o->unit, o->qualifier,
      o->subject);
  Py_DECREF(value);
  return r;
}

static PyMethodDef Count_methods[] = {
    {"to_dict", (PyCFunction)(void (*)(void))Count_to_dict,
     METH_VARARGS | METH_KEYWORDS, TO_DICT_DOC("count")},
    REDUCE_METHOD,
    {NULL, NULL, 0, NULL}};

static PyMemberDef Count_members[] = {
    SPAN_MEMBERS(CountObject),
    {"value", T_DOUBLE, offsetof(CountObject, value), READONLY,
     "the number (float); the lower bound of vague or ranged counts"},
    {"value_max", T_OBJECT, offsetof(CountObject, value_max), READONLY,
     "upper bound (float) of vague/ranged counts, else None"},
    {"unit", T_OBJECT, offsetof(CountObject, unit), READONLY,
     "the counter: '件', '人', '名', … ('人分' -> '人'), or None"},
    {"qualifier", T_OBJECT, offsetof(CountObject, qualifier), READONLY,
     "'exact', 'approx', 'at_least', 'over', 'at_most', 'under', 'vague' "
     "or 'cumulative'"},
    {"subject", T_OBJECT, offsetof(CountObject, subject), READONLY,
     "the counted noun phrase, or None"},
    {NULL, 0, 0, 0, NULL}};

static PyTypeObject CountType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "jiken.Count",
    .tp_basicsize = sizeof(CountObject),
    .tp_dealloc = (destructor)Count_dealloc,
    .tp_repr = (reprfunc)Count_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_richcompare = generic_richcompare,
    .tp_hash = PyObject_HashNotImplemented,
    .tp_doc = "A quantity with a counter (read-only).",
    .tp_methods = Count_methods,
    .tp_members = Count_members,
};

static PyObject *make_count(const jiken_count *src, PyObject *text,
                            const offmap *m) {
  CountObject *o = (CountObject *)CountType.tp_alloc(&CountType, 0);
  if (!o)
    return NULL;
  o->value = src->value;
  if (span_fill((SpanObject *)o, text, m, src->start, src->end) ||
      !(o->value_max = src->has_value_max ? PyFloat_FromDouble(src->value_max)
                                          : Py_NewRef(Py_None)) ||
      !(o->unit = str_or_none(src->unit)) ||
      !(o->qualifier = name_str(jiken_qualifier_name(src->qualifier))) ||
      !(o->subject = str_or_none(src->subject))) {
    Py_DECREF(o);
    return NULL;
  }
  return (PyObject *)o;
}

/* ---- Finding ---- */

typedef struct {
  PyObject_HEAD SPAN_FIELDS PyObject *category;
  char negated;
  char is_data_item; /* JSON has "negated" only for data items */
} FindingObject;

static void Finding_dealloc(FindingObject *o) {
  Py_XDECREF(o->text);
  Py_XDECREF(o->category);
  Py_TYPE(o)->tp_free((PyObject *)o);
}

static PyObject *Finding_to_dict_impl(FindingObject *o, int chars) {
  PyObject *d = PyDict_New();
  if (!d)
    return NULL;
  if (dict_set(d, "category", Py_NewRef(o->category)) ||
      (o->is_data_item &&
       dict_set(d, "negated", PyBool_FromLong(o->negated))) ||
      span_to_dict(d, (SpanObject *)o, chars)) {
    Py_DECREF(d);
    return NULL;
  }
  return d;
}

static PyObject *Finding_to_dict(FindingObject *o, PyObject *args,
                                 PyObject *kw) {
  int chars;
  if (parse_char_offsets(args, kw, &chars))
    return NULL;
  return Finding_to_dict_impl(o, chars);
}

static PyObject *Finding_repr(FindingObject *o) {
  if (o->is_data_item)
    return PyUnicode_FromFormat(
        "jiken.Finding(category=%R, negated=%s, text=%R, start=%zd, end=%zd)",
        o->category, o->negated ? "True" : "False", o->text, o->start, o->end);
  return PyUnicode_FromFormat(
      "jiken.Finding(category=%R, text=%R, start=%zd, end=%zd)", o->category,
      o->text, o->start, o->end);
}

static PyMethodDef Finding_methods[] = {
    {"to_dict", (PyCFunction)(void (*)(void))Finding_to_dict,
     METH_VARARGS | METH_KEYWORDS,
     TO_DICT_DOC("finding") "  'negated' is present for data items only."},
    REDUCE_METHOD,
    {NULL, NULL, 0, NULL}};

static PyMemberDef Finding_members[] = {
    SPAN_MEMBERS(FindingObject),
    {"category", T_OBJECT, offsetof(FindingObject, category), READONLY,
     "SPEC category name, e.g. 'ransomware', 'credit_card', 'ppc'"},
    {"negated", T_BOOL, offsetof(FindingObject, negated), READONLY,
     "data items: True when the notice says the item is NOT involved; "
     "always False for causes, countermeasures and reported_to"},
    {"_data_item", T_BOOL, offsetof(FindingObject, is_data_item), READONLY,
     "internal: found as a data item (its dict has 'negated')"},
    {NULL, 0, 0, 0, NULL}};

static PyTypeObject FindingType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "jiken.Finding",
    .tp_basicsize = sizeof(FindingObject),
    .tp_dealloc = (destructor)Finding_dealloc,
    .tp_repr = (reprfunc)Finding_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_richcompare = generic_richcompare,
    .tp_hash = PyObject_HashNotImplemented,
    .tp_doc = "A cause, countermeasure, data item or authority with the "
              "text that supports it (read-only).",
    .tp_methods = Finding_methods,
    .tp_members = Finding_members,
};

static PyObject *make_finding(const jiken_finding *src, int is_data_item,
                              PyObject *text, const offmap *m) {
  FindingObject *o = (FindingObject *)FindingType.tp_alloc(&FindingType, 0);
  if (!o)
    return NULL;
  o->negated = is_data_item && src->negated;
  o->is_data_item = (char)is_data_item;
  if (span_fill((SpanObject *)o, text, m, src->start, src->end) ||
      !(o->category = name_str(src->category ? src->category : ""))) {
    Py_DECREF(o);
    return NULL;
  }
  return (PyObject *)o;
}

/* ---- Report ---- */

typedef struct {
  PyObject_HEAD PyObject *number;
  char final;
} ReportObject;

static void Report_dealloc(ReportObject *o) {
  Py_XDECREF(o->number);
  Py_TYPE(o)->tp_free((PyObject *)o);
}

static PyObject *Report_to_dict(ReportObject *o, PyObject *Py_UNUSED(a)) {
  PyObject *d = PyDict_New();
  if (d && (dict_set(d, "number", Py_NewRef(o->number)) ||
            dict_set(d, "final", PyBool_FromLong(o->final)))) {
    Py_DECREF(d);
    return NULL;
  }
  return d;
}

static PyObject *Report_repr(ReportObject *o) {
  return PyUnicode_FromFormat("jiken.Report(number=%R, final=%s)", o->number,
                              o->final ? "True" : "False");
}

static PyMethodDef Report_methods[] = {
    {"to_dict", (PyCFunction)Report_to_dict, METH_NOARGS,
     "to_dict() -> dict\n\n{'number': int | None, 'final': bool}, as in the "
     "JSON."},
    REDUCE_METHOD,
    {NULL, NULL, 0, NULL}};

static PyMemberDef Report_members[] = {
    {"number", T_OBJECT, offsetof(ReportObject, number), READONLY,
     "report number (第3報 -> 3), or None when not given"},
    {"final", T_BOOL, offsetof(ReportObject, final), READONLY,
     "True for a final report (最終報)"},
    {NULL, 0, 0, 0, NULL}};

static PyTypeObject ReportType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "jiken.Report",
    .tp_basicsize = sizeof(ReportObject),
    .tp_dealloc = (destructor)Report_dealloc,
    .tp_repr = (reprfunc)Report_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_richcompare = generic_richcompare,
    .tp_hash = PyObject_HashNotImplemented,
    .tp_doc = "Report number of the notice: 第3報 -> number=3, 最終報 -> "
              "final=True (read-only).",
    .tp_methods = Report_methods,
    .tp_members = Report_members,
};

/* ---- Affected ---- */

typedef struct {
  PyObject_HEAD double value;
  PyObject *unit, *qualifier;
  char summed;
} AffectedObject;

static void Affected_dealloc(AffectedObject *o) {
  Py_XDECREF(o->unit);
  Py_XDECREF(o->qualifier);
  Py_TYPE(o)->tp_free((PyObject *)o);
}

static PyObject *Affected_to_dict(AffectedObject *o, PyObject *Py_UNUSED(a)) {
  PyObject *d = PyDict_New();
  if (d && (dict_set(d, "value", PyFloat_FromDouble(o->value)) ||
            dict_set(d, "unit", Py_NewRef(o->unit)) ||
            dict_set(d, "qualifier", Py_NewRef(o->qualifier)) ||
            dict_set(d, "summed", PyBool_FromLong(o->summed)))) {
    Py_DECREF(d);
    return NULL;
  }
  return d;
}

static PyObject *Affected_repr(AffectedObject *o) {
  PyObject *value = PyFloat_FromDouble(o->value);
  if (!value)
    return NULL;
  PyObject *r = PyUnicode_FromFormat(
      "jiken.Affected(value=%R, unit=%R, qualifier=%R, summed=%s)", value,
      o->unit, o->qualifier, o->summed ? "True" : "False");
  Py_DECREF(value);
  return r;
}

static PyMethodDef Affected_methods[] = {
    {"to_dict", (PyCFunction)Affected_to_dict, METH_NOARGS,
     "to_dict() -> dict\n\n{'value', 'unit', 'qualifier', 'summed'}, as in "
     "the JSON."},
    REDUCE_METHOD,
    {NULL, NULL, 0, NULL}};

static PyMemberDef Affected_members[] = {
    {"value", T_DOUBLE, offsetof(AffectedObject, value), READONLY,
     "number of people or records whose data leaked or may have leaked"},
    {"unit", T_OBJECT, offsetof(AffectedObject, unit), READONLY,
     "the counter ('件', '人', '名', …) or None"},
    {"qualifier", T_OBJECT, offsetof(AffectedObject, qualifier), READONLY,
     "as Count.qualifier"},
    {"summed", T_BOOL, offsetof(AffectedObject, summed), READONLY,
     "True when the value is the sum of parts given separately"},
    {NULL, 0, 0, 0, NULL}};

static PyTypeObject AffectedType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "jiken.Affected",
    .tp_basicsize = sizeof(AffectedObject),
    .tp_dealloc = (destructor)Affected_dealloc,
    .tp_repr = (reprfunc)Affected_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_richcompare = generic_richcompare,
    .tp_hash = PyObject_HashNotImplemented,
    .tp_doc = "The affected population of the notice (read-only).",
    .tp_methods = Affected_methods,
    .tp_members = Affected_members,
};

/* ---- Record ---- */

typedef struct {
  PyObject_HEAD PyObject *text, *title, *organization, *report, *leak_status,
      *affected, *dates, *counts, *causes, *countermeasures, *data_items,
      *reported_to;
} RecordObject;

static void Record_dealloc(RecordObject *o) {
  Py_XDECREF(o->text);
  Py_XDECREF(o->title);
  Py_XDECREF(o->organization);
  Py_XDECREF(o->report);
  Py_XDECREF(o->leak_status);
  Py_XDECREF(o->affected);
  Py_XDECREF(o->dates);
  Py_XDECREF(o->counts);
  Py_XDECREF(o->causes);
  Py_XDECREF(o->countermeasures);
  Py_XDECREF(o->data_items);
  Py_XDECREF(o->reported_to);
  Py_TYPE(o)->tp_free((PyObject *)o);
}

typedef PyObject *(*item_to_dict)(PyObject *, int);

static PyObject *items_to_list(PyObject *tuple, item_to_dict f, int chars) {
  Py_ssize_t n = PyTuple_GET_SIZE(tuple);
  PyObject *l = PyList_New(n);
  if (!l)
    return NULL;
  for (Py_ssize_t i = 0; i < n; i++) {
    PyObject *d = f(PyTuple_GET_ITEM(tuple, i), chars);
    if (!d) {
      Py_DECREF(l);
      return NULL;
    }
    PyList_SET_ITEM(l, i, d);
  }
  return l;
}

static PyObject *Record_to_dict(RecordObject *o, PyObject *args, PyObject *kw) {
  int chars;
  if (parse_char_offsets(args, kw, &chars))
    return NULL;
  PyObject *d = PyDict_New();
  if (!d)
    return NULL;
  item_to_dict fd = (item_to_dict)Finding_to_dict_impl;
  if (dict_set(d, "schema", PyUnicode_FromString(JIKEN_SCHEMA)) ||
      dict_set(d, "title", Py_NewRef(o->title)) ||
      dict_set(d, "organization", Py_NewRef(o->organization)) ||
      dict_set(d, "report",
               o->report == Py_None
                   ? Py_NewRef(Py_None)
                   : Report_to_dict((ReportObject *)o->report, NULL)) ||
      dict_set(d, "leak_status", Py_NewRef(o->leak_status)) ||
      dict_set(d, "affected",
               o->affected == Py_None
                   ? Py_NewRef(Py_None)
                   : Affected_to_dict((AffectedObject *)o->affected, NULL)) ||
      dict_set(d, "dates",
               items_to_list(o->dates, (item_to_dict)Date_to_dict_impl,
                             chars)) ||
      dict_set(d, "counts",
               items_to_list(o->counts, (item_to_dict)Count_to_dict_impl,
                             chars)) ||
      dict_set(d, "causes", items_to_list(o->causes, fd, chars)) ||
      dict_set(d, "countermeasures",
               items_to_list(o->countermeasures, fd, chars)) ||
      dict_set(d, "data_items", items_to_list(o->data_items, fd, chars)) ||
      dict_set(d, "reported_to", items_to_list(o->reported_to, fd, chars))) {
    Py_DECREF(d);
    return NULL;
  }
  return d;
}

/* ['ransomware', 'phishing'] — categories only, for repr; negated data
 * items as 'not credit_card'. */
static PyObject *categories(PyObject *tuple) {
  Py_ssize_t n = PyTuple_GET_SIZE(tuple);
  PyObject *l = PyList_New(n);
  if (!l)
    return NULL;
  for (Py_ssize_t i = 0; i < n; i++) {
    FindingObject *f = (FindingObject *)PyTuple_GET_ITEM(tuple, i);
    PyObject *s = f->negated ? PyUnicode_FromFormat("not %U", f->category)
                             : Py_NewRef(f->category);
    if (!s) {
      Py_DECREF(l);
      return NULL;
    }
    PyList_SET_ITEM(l, i, s);
  }
  return l;
}

static PyObject *Record_repr(RecordObject *o) {
  PyObject *c[4] = {categories(o->causes), categories(o->countermeasures),
                    categories(o->data_items), categories(o->reported_to)};
  PyObject *r = NULL;
  if (c[0] && c[1] && c[2] && c[3])
    r = PyUnicode_FromFormat(
        "jiken.Record(title=%R, organization=%R, report=%R, leak_status=%R, "
        "affected=%R, dates=<%zd>, counts=<%zd>, causes=%R, "
        "countermeasures=%R, data_items=%R, reported_to=%R)",
        o->title, o->organization, o->report, o->leak_status, o->affected,
        PyTuple_GET_SIZE(o->dates), PyTuple_GET_SIZE(o->counts), c[0], c[1],
        c[2], c[3]);
  for (int i = 0; i < 4; i++)
    Py_XDECREF(c[i]);
  return r;
}

static PyObject *Record_schema(RecordObject *Py_UNUSED(o),
                               void *Py_UNUSED(closure)) {
  return PyUnicode_FromString(JIKEN_SCHEMA);
}

static PyGetSetDef Record_getset[] = {
    {"schema", (getter)Record_schema, NULL, "the schema name, 'jiken-1'",
     NULL},
    {NULL, NULL, NULL, NULL, NULL}};

static PyMethodDef Record_methods[] = {
    {"to_dict", (PyCFunction)(void (*)(void))Record_to_dict,
     METH_VARARGS | METH_KEYWORDS,
     TO_DICT_DOC("record") "  Equals the CLI's `extract --jsonl` record "
                           "without its \"id\" key."},
    REDUCE_METHOD,
    {NULL, NULL, 0, NULL}};

static PyMemberDef Record_members[] = {
    {"text", T_OBJECT, offsetof(RecordObject, text), READONLY,
     "the input as str (the very object passed in when it was a str); "
     "every item's start/end index it"},
    {"title", T_OBJECT, offsetof(RecordObject, title), READONLY,
     "title of the notice, or None"},
    {"organization", T_OBJECT, offsetof(RecordObject, organization),
     READONLY, "issuing organisation, or None"},
    {"report", T_OBJECT, offsetof(RecordObject, report), READONLY,
     "jiken.Report, or None"},
    {"leak_status", T_OBJECT, offsetof(RecordObject, leak_status), READONLY,
     "'confirmed', 'suspected', 'none' or 'unknown'"},
    {"affected", T_OBJECT, offsetof(RecordObject, affected), READONLY,
     "jiken.Affected, or None when the notice states none"},
    {"dates", T_OBJECT, offsetof(RecordObject, dates), READONLY,
     "tuple of jiken.Date in document order"},
    {"counts", T_OBJECT, offsetof(RecordObject, counts), READONLY,
     "tuple of jiken.Count in document order"},
    {"causes", T_OBJECT, offsetof(RecordObject, causes), READONLY,
     "tuple of jiken.Finding"},
    {"countermeasures", T_OBJECT, offsetof(RecordObject, countermeasures),
     READONLY, "tuple of jiken.Finding"},
    {"data_items", T_OBJECT, offsetof(RecordObject, data_items), READONLY,
     "tuple of jiken.Finding (with negated)"},
    {"reported_to", T_OBJECT, offsetof(RecordObject, reported_to), READONLY,
     "tuple of jiken.Finding"},
    {NULL, 0, 0, 0, NULL}};

static PyTypeObject RecordType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "jiken.Record",
    .tp_basicsize = sizeof(RecordObject),
    .tp_dealloc = (destructor)Record_dealloc,
    .tp_repr = (reprfunc)Record_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_richcompare = generic_richcompare,
    .tp_hash = PyObject_HashNotImplemented,
    .tp_doc = "The facts of one notice (schema jiken-1), read-only.\n\n"
              "Item spans: start/end index Record.text (code points), "
              "start_byte/end_byte index its UTF-8 encoding.",
    .tp_methods = Record_methods,
    .tp_members = Record_members,
    .tp_getset = Record_getset,
};

static PyObject *findings_tuple(const jiken_finding *f, size_t n,
                                int is_data_item, PyObject *text,
                                const offmap *m) {
  PyObject *t = PyTuple_New((Py_ssize_t)n);
  for (size_t i = 0; t && i < n; i++) {
    PyObject *o = make_finding(&f[i], is_data_item, text, m);
    if (!o) {
      Py_CLEAR(t);
      break;
    }
    PyTuple_SET_ITEM(t, (Py_ssize_t)i, o);
  }
  return t;
}

static PyObject *build_record(const jiken_result *res, const input *in) {
  offmap m;
  RecordObject *o = (RecordObject *)RecordType.tp_alloc(&RecordType, 0);
  if (!o)
    return NULL;
  if (!(o->text = input_text(in)) ||
      offmap_init(&m, in->buf, in->len, PyUnicode_IS_ASCII(o->text))) {
    Py_DECREF(o);
    return NULL;
  }
  int ok = 0;
  size_t n;
  const jiken_date *dates = jiken_result_dates(res, &n);
  if (!(o->dates = PyTuple_New((Py_ssize_t)n)))
    goto done;
  for (size_t i = 0; i < n; i++) {
    PyObject *d = make_date(&dates[i], o->text, &m);
    if (!d)
      goto done;
    PyTuple_SET_ITEM(o->dates, (Py_ssize_t)i, d);
  }
  const jiken_count *counts = jiken_result_counts(res, &n);
  if (!(o->counts = PyTuple_New((Py_ssize_t)n)))
    goto done;
  for (size_t i = 0; i < n; i++) {
    PyObject *c = make_count(&counts[i], o->text, &m);
    if (!c)
      goto done;
    PyTuple_SET_ITEM(o->counts, (Py_ssize_t)i, c);
  }
  const jiken_finding *f = jiken_result_causes(res, &n);
  if (!(o->causes = findings_tuple(f, n, 0, o->text, &m)))
    goto done;
  f = jiken_result_countermeasures(res, &n);
  if (!(o->countermeasures = findings_tuple(f, n, 0, o->text, &m)))
    goto done;
  f = jiken_result_data_items(res, &n);
  if (!(o->data_items = findings_tuple(f, n, 1, o->text, &m)))
    goto done;
  f = jiken_result_reported_to(res, &n);
  if (!(o->reported_to = findings_tuple(f, n, 0, o->text, &m)))
    goto done;
  if (!(o->title = str_or_none(jiken_result_title(res))) ||
      !(o->organization = str_or_none(jiken_result_organization(res))) ||
      !(o->leak_status =
            name_str(jiken_leak_status_name(jiken_result_leak_status(res)))))
    goto done;
  jiken_report rep = jiken_result_report(res);
  if (rep.present) {
    ReportObject *r = (ReportObject *)ReportType.tp_alloc(&ReportType, 0);
    if (!(o->report = (PyObject *)r))
      goto done;
    r->final = rep.final != 0;
    if (!(r->number = rep.number ? PyLong_FromLong(rep.number)
                                 : Py_NewRef(Py_None)))
      goto done;
  } else {
    o->report = Py_NewRef(Py_None);
  }
  jiken_affected aff = jiken_result_affected(res);
  if (aff.present) {
    AffectedObject *a =
        (AffectedObject *)AffectedType.tp_alloc(&AffectedType, 0);
    if (!(o->affected = (PyObject *)a))
      goto done;
    a->value = aff.value;
    a->summed = aff.summed != 0;
    if (!(a->unit = str_or_none(aff.unit)) ||
        !(a->qualifier = name_str(jiken_qualifier_name(aff.qualifier))))
      goto done;
  } else {
    o->affected = Py_NewRef(Py_None);
  }
  ok = 1;
done:
  offmap_free(&m);
  if (!ok) {
    Py_DECREF(o);
    return NULL;
  }
  return (PyObject *)o;
}

/* ---- Extractor --------------------------------------------------------- */

typedef struct {
  PyObject_HEAD jiken_extractor *ex;
  PyObject *dicdir, *user_dic, *rules, *reference_date; /* str or None */
  Py_ssize_t max_input;                                   /* 0 = default */
} ExtractorObject;

/* os.PathLike/str/bytes -> bytes (file system encoding), None -> NULL. */
static int path_arg(PyObject *arg, PyObject **out, const char *what) {
  *out = NULL;
  if (!arg || arg == Py_None)
    return 0;
  if (!PyUnicode_FSConverter(arg, out)) {
    if (PyErr_ExceptionMatches(PyExc_TypeError)) {
      PyErr_Clear();
      PyErr_Format(PyExc_TypeError, "%s must be a path (str, bytes or "
                   "os.PathLike) or None, not %.200s",
                   what, Py_TYPE(arg)->tp_name);
    }
    return -1;
  }
  return 0;
}

static PyObject *path_str(PyObject *bytes) {
  if (!bytes)
    Py_RETURN_NONE;
  return PyUnicode_DecodeFSDefaultAndSize(PyBytes_AS_STRING(bytes),
                                          PyBytes_GET_SIZE(bytes));
}

static PyObject *Extractor_new(PyTypeObject *type, PyObject *args,
                               PyObject *kw) {
  static char *kwlist[] = {"dicdir",         "user_dic",  "rules",
                           "reference_date", "max_input", "dict_dir",
                           NULL};
  PyObject *a_dicdir = Py_None, *a_user = Py_None, *a_rules = Py_None,
           *a_ref = Py_None, *a_max = Py_None, *a_dictdir = Py_None;
  if (!PyArg_ParseTupleAndKeywords(args, kw, "|OOOOO$O:Extractor", kwlist,
                                   &a_dicdir, &a_user, &a_rules, &a_ref,
                                   &a_max, &a_dictdir))
    return NULL;
  PyObject *dicdir = NULL, *user = NULL, *rules = NULL, *dictdir = NULL,
           *ref = NULL;
  ExtractorObject *self = NULL;
  Py_ssize_t max_input = 0;
  if (path_arg(a_dicdir, &dicdir, "dicdir") ||
      path_arg(a_user, &user, "user_dic") ||
      path_arg(a_rules, &rules, "rules") ||
      path_arg(a_dictdir, &dictdir, "dict_dir"))
    goto fail;
  /* dict_dir: DIR/jiken.dic and DIR/rules, as the CLI's --dict-dir, for
   * whichever of user_dic / rules was not given */
  if (dictdir) {
    if (!user && !(user = PyBytes_FromFormat("%s/jiken.dic",
                                             PyBytes_AS_STRING(dictdir))))
      goto fail;
    if (!rules &&
        !(rules = PyBytes_FromFormat("%s/rules", PyBytes_AS_STRING(dictdir))))
      goto fail;
  }
  if (a_ref != Py_None) {
    if (PyDate_Check(a_ref) && !PyDateTime_Check(a_ref)) {
      ref = PyObject_CallMethod(a_ref, "isoformat", NULL);
    } else if (PyUnicode_Check(a_ref)) {
      ref = Py_NewRef(a_ref);
    } else {
      PyErr_Format(PyExc_TypeError,
                   "reference_date must be a datetime.date or a "
                   "'YYYY-MM-DD' str, not %.200s",
                   Py_TYPE(a_ref)->tp_name);
    }
    if (!ref)
      goto fail;
  }
  if (a_max != Py_None) {
    max_input = PyNumber_AsSsize_t(a_max, PyExc_OverflowError);
    if (max_input == -1 && PyErr_Occurred())
      goto fail;
    if (max_input <= 0) {
      PyErr_SetString(PyExc_ValueError,
                      "max_input must be a positive number of bytes or None");
      goto fail;
    }
  }
  jiken_options opt;
  jiken_options_init(&opt);
  opt.mecab_dicdir = dicdir ? PyBytes_AS_STRING(dicdir) : NULL;
  opt.user_dic = user ? PyBytes_AS_STRING(user) : NULL;
  opt.rules_dir = rules ? PyBytes_AS_STRING(rules) : NULL;
  if (ref && !(opt.reference_date = PyUnicode_AsUTF8(ref)))
    goto fail;
  opt.max_input = (size_t)max_input;

  if (!(self = (ExtractorObject *)type->tp_alloc(type, 0)))
    goto fail;
  jiken_error err;
  memset(&err, 0, sizeof err);
  err.offset = (size_t)-1;
  jiken_extractor *ex;
  Py_BEGIN_ALLOW_THREADS ex = jiken_extractor_new(&opt, &err);
  Py_END_ALLOW_THREADS if (!ex) {
    raise_jiken(err.code ? err.code : JIKEN_EINTERNAL, &err, NULL, NULL, -1);
    goto fail;
  }
  self->ex = ex;
  self->max_input = max_input;
  if (!(self->dicdir = path_str(dicdir)) ||
      !(self->user_dic = path_str(user)) ||
      !(self->rules = path_str(rules)))
    goto fail;
  self->reference_date = ref ? ref : Py_NewRef(Py_None);
  ref = NULL;
  Py_XDECREF(dicdir);
  Py_XDECREF(user);
  Py_XDECREF(rules);
  Py_XDECREF(dictdir);
  return (PyObject *)self;
fail:
  Py_XDECREF(self);
  Py_XDECREF(dicdir);
  Py_XDECREF(user);
  Py_XDECREF(rules);
  Py_XDECREF(dictdir);
  Py_XDECREF(ref);
  return NULL;
}

static void Extractor_dealloc(ExtractorObject *self) {
  /* no extract() can be running: each holds a reference to self */
  jiken_extractor_free(self->ex);
  Py_XDECREF(self->dicdir);
  Py_XDECREF(self->user_dic);
  Py_XDECREF(self->rules);
  Py_XDECREF(self->reference_date);
  Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *Extractor_repr(ExtractorObject *self) {
  PyObject *mi = self->max_input ? PyLong_FromSsize_t(self->max_input)
                                 : Py_NewRef(Py_None);
  if (!mi)
    return NULL;
  PyObject *r = PyUnicode_FromFormat(
      "jiken.Extractor(dicdir=%R, user_dic=%R, rules=%R, reference_date=%R, "
      "max_input=%R)",
      self->dicdir ? self->dicdir : Py_None,
      self->user_dic ? self->user_dic : Py_None,
      self->rules ? self->rules : Py_None,
      self->reference_date ? self->reference_date : Py_None, mi);
  Py_DECREF(mi);
  return r;
}

static PyObject *Extractor_extract(ExtractorObject *self, PyObject *arg) {
  input in;
  if (input_get(arg, &in))
    return NULL;
  jiken_result *res = NULL;
  jiken_error err;
  memset(&err, 0, sizeof err);
  err.offset = (size_t)-1;
  int rc;
  Py_BEGIN_ALLOW_THREADS rc =
      jiken_extract(self->ex, in.buf, (size_t)in.len, 0, &res, &err);
  Py_END_ALLOW_THREADS PyObject *rec = NULL;
  if (rc != JIKEN_OK)
    raise_jiken(rc, &err, &in, NULL, -1);
  else
    rec = build_record(res, &in);
  jiken_result_free(res);
  Py_DECREF(in.owner);
  return rec;
}

static PyObject *Extractor_split(ExtractorObject *self, PyObject *arg) {
  input in;
  if (input_get(arg, &in))
    return NULL;
  jiken_notice_span *spans = NULL;
  size_t n = 0;
  jiken_error err;
  memset(&err, 0, sizeof err);
  err.offset = (size_t)-1;
  int rc;
  Py_BEGIN_ALLOW_THREADS rc =
      jiken_split(self->ex, in.buf, (size_t)in.len, &spans, &n, &err);
  Py_END_ALLOW_THREADS PyObject *list = NULL;
  offmap m;
  if (rc != JIKEN_OK) {
    raise_jiken(rc, &err, &in, NULL, -1);
  } else if (offmap_init(&m, in.buf, in.len,
                         in.is_str ? PyUnicode_IS_ASCII(in.owner) : 1) == 0) {
    list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list && i < n; i++) {
      PyObject *t = Py_BuildValue("(nn)", offmap_char(&m, spans[i].start),
                                  offmap_char(&m, spans[i].end));
      if (!t) {
        Py_CLEAR(list);
        break;
      }
      PyList_SET_ITEM(list, (Py_ssize_t)i, t);
    }
    offmap_free(&m);
  }
  jiken_free(spans);
  Py_DECREF(in.owner);
  return list;
}

/* An Extractor pickles as its arguments: unpickling (e.g. in a worker
 * process) creates a new one with the same dictionary and rules. */
static PyObject *Extractor_reduce(ExtractorObject *self,
                                  PyObject *Py_UNUSED(a)) {
  PyObject *mi = self->max_input ? PyLong_FromSsize_t(self->max_input)
                                 : Py_NewRef(Py_None);
  if (!mi)
    return NULL;
  return Py_BuildValue("(O(OOOON))", (PyObject *)Py_TYPE(self), self->dicdir,
                       self->user_dic, self->rules, self->reference_date, mi);
}

static PyMethodDef Extractor_methods[] = {
    {"__reduce__", (PyCFunction)Extractor_reduce, METH_NOARGS,
     "pickle support: an Extractor pickles as its arguments"},
    {"extract", (PyCFunction)Extractor_extract, METH_O,
     "extract(text, /) -> jiken.Record\n\n"
     "Extract the facts of one notice.  text is a str, or bytes in UTF-8.\n"
     "Releases the GIL while the library works; safe to call from many\n"
     "threads on one Extractor.  Raises a jiken.Error subclass for bad\n"
     "input (jiken.EEMPTYError, jiken.EUTF8Error, …)."},
    {"split", (PyCFunction)Extractor_split, METH_O,
     "split(text, /) -> list[tuple[int, int]]\n\n"
     "The notices of a digest (each starts at a heading such as\n"
     "【セキュリティ事件簿#2023-306】…) as half-open (start, end) ranges that\n"
     "index the object passed: code points for a str, bytes for bytes.\n"
     "Text without such a heading is one notice."},
    {NULL, NULL, 0, NULL}};

static PyMemberDef Extractor_members[] = {
    {"dicdir", T_OBJECT, offsetof(ExtractorObject, dicdir), READONLY,
     "MeCab system dictionary directory given, or None (compiled-in IPADIC)"},
    {"user_dic", T_OBJECT, offsetof(ExtractorObject, user_dic), READONLY,
     "jiken user dictionary given, or None (installed default)"},
    {"rules", T_OBJECT, offsetof(ExtractorObject, rules), READONLY,
     "rule table directory given, or None (installed default)"},
    {"reference_date", T_OBJECT, offsetof(ExtractorObject, reference_date),
     READONLY, "'YYYY-MM-DD' used for 昨年 when a notice has no date, or None"},
    {NULL, 0, 0, 0, NULL}};

static PyTypeObject ExtractorType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "jiken.Extractor",
    .tp_basicsize = sizeof(ExtractorObject),
    .tp_dealloc = (destructor)Extractor_dealloc,
    .tp_repr = (reprfunc)Extractor_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc =
        "Extractor(dicdir=None, user_dic=None, rules=None, "
        "reference_date=None, max_input=None, *, dict_dir=None)\n\n"
        "Loads the MeCab model and compiles every rule table once; then\n"
        "extract() and split() may be called from any number of threads.\n\n"
        "dicdir          MeCab system dictionary (IPADIC, UTF-8) directory\n"
        "user_dic        compiled jiken user dictionary (jiken.dic); '' = "
        "none\n"
        "rules           directory of *.rules tables\n"
        "dict_dir        DIR holding jiken.dic and rules/ (as the CLI's\n"
        "                --dict-dir); fills user_dic / rules not given\n"
        "reference_date  datetime.date or 'YYYY-MM-DD' for 昨年… when a\n"
        "                notice has no date line\n"
        "max_input       largest input accepted, in bytes (None: 32 MiB)\n\n"
        "None means the library's compiled-in default (the installed\n"
        "dictionary and rules).  Paths come only from these arguments: no\n"
        "environment variable is consulted.  Errors raise jiken.Error\n"
        "subclasses (EMECABError, ERULESError, EIOError, …).",
    .tp_methods = Extractor_methods,
    .tp_members = Extractor_members,
    .tp_new = Extractor_new,
};

/* ---- module -------------------------------------------------------------- */

static PyObject *mod_strerror(PyObject *Py_UNUSED(m), PyObject *arg) {
  long code = PyLong_AsLong(arg);
  if (code == -1 && PyErr_Occurred())
    return NULL;
  return PyUnicode_FromString(jiken_strerror((int)code));
}

static PyObject *mod_error_class(PyObject *Py_UNUSED(m), PyObject *arg) {
  long code = PyLong_AsLong(arg);
  if (code == -1 && PyErr_Occurred())
    return NULL;
  PyObject *cls = error_class((int)code);
  return cls ? Py_NewRef(cls) : NULL;
}

static int tuple_of(PyObject *v, PyTypeObject *t) {
  if (!PyTuple_Check(v))
    return 0;
  for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(v); i++)
    if (Py_TYPE(PyTuple_GET_ITEM(v, i)) != t)
      return 0;
  return 1;
}

/* The fields Record's methods read as typed structs hold those types. */
static int record_state_ok(PyObject *state) {
  PyMemberDef *m = RecordType.tp_members;
  for (Py_ssize_t i = 0; m[i].name; i++) {
    PyObject *v = PyTuple_GET_ITEM(state, i);
    const char *n = m[i].name;
    int ok = 1;
    if (strcmp(n, "text") == 0)
      ok = PyUnicode_Check(v);
    else if (strcmp(n, "report") == 0)
      ok = v == Py_None || Py_TYPE(v) == &ReportType;
    else if (strcmp(n, "affected") == 0)
      ok = v == Py_None || Py_TYPE(v) == &AffectedType;
    else if (strcmp(n, "dates") == 0)
      ok = tuple_of(v, &DateType);
    else if (strcmp(n, "counts") == 0)
      ok = tuple_of(v, &CountType);
    else if (strcmp(n, "causes") == 0 || strcmp(n, "countermeasures") == 0 ||
             strcmp(n, "data_items") == 0 || strcmp(n, "reported_to") == 0)
      ok = tuple_of(v, &FindingType);
    if (!ok)
      return 0;
  }
  return 1;
}

/* _rebuild(cls, state): the inverse of generic_reduce. */
static PyObject *mod_rebuild(PyObject *Py_UNUSED(mod), PyObject *args) {
  PyTypeObject *t;
  PyObject *state;
  if (!PyArg_ParseTuple(args, "O!O!:_rebuild", &PyType_Type, &t,
                        &PyTuple_Type, &state))
    return NULL;
  if (t != &RecordType && t != &DateType && t != &CountType &&
      t != &FindingType && t != &ReportType && t != &AffectedType) {
    PyErr_SetString(PyExc_TypeError, "_rebuild: not a jiken result type");
    return NULL;
  }
  if (PyTuple_GET_SIZE(state) != member_count(t)) {
    PyErr_SetString(PyExc_ValueError, "_rebuild: wrong state size");
    return NULL;
  }
  if (t == &RecordType && !record_state_ok(state)) {
    PyErr_SetString(PyExc_TypeError, "_rebuild: malformed Record state");
    return NULL;
  }
  PyObject *o = t->tp_alloc(t, 0);
  if (!o)
    return NULL;
  char *base = (char *)o;
  for (Py_ssize_t i = 0; t->tp_members[i].name; i++) {
    PyMemberDef *m = &t->tp_members[i];
    PyObject *v = PyTuple_GET_ITEM(state, i);
    int bad = 0;
    switch (m->type) {
    case T_OBJECT:
      *(PyObject **)(base + m->offset) = Py_NewRef(v);
      break;
    case T_PYSSIZET:
      *(Py_ssize_t *)(base + m->offset) = PyLong_AsSsize_t(v);
      bad = PyErr_Occurred() != NULL;
      break;
    case T_DOUBLE:
      *(double *)(base + m->offset) = PyFloat_AsDouble(v);
      bad = PyErr_Occurred() != NULL;
      break;
    case T_BOOL: {
      int b = PyObject_IsTrue(v);
      *(char *)(base + m->offset) = (char)(b > 0);
      bad = b < 0;
      break;
    }
    default:
      PyErr_SetString(PyExc_SystemError, "_rebuild: member type");
      bad = 1;
    }
    if (bad) {
      Py_DECREF(o);
      return NULL;
    }
  }
  return o;
}

/* Test hook: the code-point offsets of byte offsets into str's UTF-8,
 * through the same map Record spans use. */
static PyObject *mod_byte_to_char(PyObject *Py_UNUSED(m), PyObject *args) {
  PyObject *text, *offsets;
  if (!PyArg_ParseTuple(args, "UO:_byte_to_char", &text, &offsets))
    return NULL;
  input in;
  if (input_get(text, &in))
    return NULL;
  PyObject *seq = PySequence_Fast(offsets, "offsets must be a sequence");
  PyObject *out = NULL;
  offmap m;
  if (seq && offmap_init(&m, in.buf, in.len, PyUnicode_IS_ASCII(text)) == 0) {
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    out = PyList_New(n);
    for (Py_ssize_t i = 0; out && i < n; i++) {
      size_t b = PyLong_AsSize_t(PySequence_Fast_GET_ITEM(seq, i));
      PyObject *c = b == (size_t)-1 && PyErr_Occurred()
                        ? NULL
                        : PyLong_FromSsize_t(offmap_char(&m, b));
      if (!c) {
        Py_CLEAR(out);
        break;
      }
      PyList_SET_ITEM(out, i, c);
    }
    offmap_free(&m);
  }
  Py_XDECREF(seq);
  Py_DECREF(in.owner);
  return out;
}

static PyMethodDef module_methods[] = {
    {"_rebuild", mod_rebuild, METH_VARARGS,
     "_rebuild(cls, state, /) (unpickling of result objects)"},
    {"_byte_to_char", mod_byte_to_char, METH_VARARGS,
     "_byte_to_char(text, offsets, /) -> list[int] (test hook)"},
    {"strerror", mod_strerror, METH_O,
     "strerror(code, /) -> str\n\nThe library's English message for a code."},
    {"error_class", mod_error_class, METH_O,
     "error_class(code, /) -> type[jiken.Error]\n\nThe exception class "
     "raised for a library code (jiken.Error for unknown codes)."},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = "jiken._jiken",
    .m_doc = "CPython binding of libjiken (see the jiken package).",
    .m_size = -1,
    .m_methods = module_methods,
};

/* Codes that mean "the input or an argument is bad": their classes are
 * also ValueError. */
static int is_value_error(int code) {
  switch (code) {
  case JIKEN_EINVAL:
  case JIKEN_EUTF8:
  case JIKEN_ENUL:
  case JIKEN_ETOOBIG:
  case JIKEN_EEMPTY:
  case JIKEN_EENCODING:
  case JIKEN_EBINARY:
    return 1;
  default:
    return 0;
  }
}

static int add_error_classes(PyObject *m) {
  JikenError = PyErr_NewExceptionWithDoc(
      "jiken.Error",
      "Base class of every libjiken error.\n\n"
      "Attributes: code (int, JIKEN_E* value), name (str, e.g. 'EUTF8'),\n"
      "message (str), offset (byte offset into the UTF-8 input, or None),\n"
      "char_offset (code-point offset into a str input, or None),\n"
      "file, line, column (rule file position for ERULES/EREGEX, or None).",
      PyExc_Exception, NULL);
  if (!JikenError || PyModule_AddObjectRef(m, "Error", JikenError))
    return -1;
  if (!(errors_by_code = PyDict_New()) ||
      PyModule_AddObjectRef(m, "_errors_by_code", errors_by_code))
    return -1;
  static const struct {
    int code;
    const char *name, *msg;
  } codes[] = {
#define JIKEN__PY(name, num, msg) {num, #name, msg},
      JIKEN_ERRNO_MAP(JIKEN__PY)
#undef JIKEN__PY
  };
  for (size_t i = 0; i < sizeof codes / sizeof *codes; i++) {
    if (codes[i].code == JIKEN_OK)
      continue;
    char qual[64], doc[256];
    PyOS_snprintf(qual, sizeof qual, "jiken.%sError", codes[i].name);
    PyOS_snprintf(doc, sizeof doc, "%s (JIKEN_%s = %d)", codes[i].msg,
                  codes[i].name, codes[i].code);
    PyObject *bases =
        is_value_error(codes[i].code)
            ? PyTuple_Pack(2, JikenError, PyExc_ValueError)
            : PyTuple_Pack(1, JikenError);
    if (!bases)
      return -1;
    PyObject *cls = PyErr_NewExceptionWithDoc(qual, doc, bases, NULL);
    Py_DECREF(bases);
    if (!cls)
      return -1;
    PyObject *key = PyLong_FromLong(codes[i].code);
    int rc = !key || PyDict_SetItem(errors_by_code, key, cls) ||
             PyModule_AddObjectRef(m, qual + strlen("jiken."), cls);
    Py_XDECREF(key);
    Py_DECREF(cls);
    if (rc)
      return -1;
  }
  return 0;
}

PyMODINIT_FUNC PyInit__jiken(void) {
  PyDateTime_IMPORT;
  if (!PyDateTimeAPI)
    return NULL;
  PyTypeObject *types[] = {&ExtractorType, &RecordType, &DateType,
                           &CountType,     &FindingType, &ReportType,
                           &AffectedType};
  for (size_t i = 0; i < sizeof types / sizeof *types; i++)
    if (PyType_Ready(types[i]) < 0)
      return NULL;
  PyObject *m = PyModule_Create(&module_def);
  if (!m)
    return NULL;
  for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
    const char *dot = strrchr(types[i]->tp_name, '.');
    if (PyModule_AddObjectRef(m, dot + 1, (PyObject *)types[i]))
      goto fail;
  }
  if (!(rebuild_func = PyObject_GetAttrString(m, "_rebuild")))
    goto fail;
  if (add_error_classes(m) ||
      PyModule_AddStringConstant(m, "SCHEMA", JIKEN_SCHEMA) ||
      PyModule_AddStringConstant(m, "library_version", jiken_version()) ||
      PyModule_AddIntConstant(m, "LIBRARY_VERSION_HEX",
                              (long)jiken_version_hex()) ||
      PyModule_AddIntConstant(m, "HEADER_VERSION_HEX", JIKEN_VERSION_HEX))
    goto fail;
  /* a library older than the header this was built against lacks symbols
   * or fields: refuse it rather than misread structs */
  if ((jiken_version_hex() >> 8) < ((unsigned)JIKEN_VERSION_HEX >> 8)) {
    PyErr_Format(PyExc_ImportError,
                 "libjiken %s is older than the %d.%d headers this module "
                 "was built with",
                 jiken_version(), JIKEN_VERSION_MAJOR, JIKEN_VERSION_MINOR);
    goto fail;
  }
  return m;
fail:
  Py_DECREF(m);
  return NULL;
}
