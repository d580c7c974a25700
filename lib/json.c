/*
 * json.c — last stage: the result as a jiken-1 JSON object (SPEC.md).
 * Takes: a finished jiken_result.  Gives: a NUL-terminated string the caller
 * frees with jiken_free().  Written straight into one growing buffer (no
 * object tree); the bytes are those jansson's json_dumps() gave with
 * JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15) and JSON_COMPACT or
 * JSON_INDENT(2): strings escape only '"', '\\' and controls below 0x20
 * (\b \f \n \r \t, else \u00XX in upper-case hex), UTF-8 passes through;
 * reals are "%.15g" with ".0" appended when it has no '.' or 'e' and the
 * exponent stripped of '+' and leading zeros; empty arrays are "[]".
 * Missing scalars are null, never omitted; arrays keep document order.
 */
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JW_MAX_DEPTH 8

typedef struct jw {
  char *p;
  size_t n, cap;
  int oom;    /* an allocation failed: everything after is dropped */
  int pretty; /* JSON_INDENT(2) layout */
  int depth;
  int first[JW_MAX_DEPTH]; /* no member written yet at this depth */
} jw;

/* the slow half of jw_reserve: grow the buffer (rare) */
__attribute__((noinline)) static int jw_grow(jw *w, size_t more) {
  if (w->oom)
    return -1;
  size_t cap = w->cap ? w->cap : 1024;
  while (cap - w->n < more) {
    if (cap > ((size_t)-1) / 2) {
      w->oom = 1;
      return -1;
    }
    cap *= 2;
  }
  char *p = realloc(w->p, cap);
  if (!p) {
    w->oom = 1;
    return -1;
  }
  w->p = p;
  w->cap = cap;
  return 0;
}

/* room for `more` bytes.  After a failed allocation the old buffer stays
 * valid and writes that still fit in it go on harmlessly: the result is
 * thrown away (w->oom) */
static inline int jw_reserve(jw *w, size_t more) {
  if (__builtin_expect(w->cap - w->n >= more, 1))
    return 0;
  return jw_grow(w, more);
}

static inline void jw_put(jw *w, const char *s, size_t len) {
  if (jw_reserve(w, len))
    return;
  memcpy(w->p + w->n, s, len);
  w->n += len;
}

static inline void jw_putc(jw *w, char c) {
  if (jw_reserve(w, 1))
    return;
  w->p[w->n++] = c;
}

/* newline and two spaces per level (pretty only) */
static void jw_indent(jw *w) {
  size_t k = 2 * (size_t)w->depth;
  if (jw_reserve(w, k + 1))
    return;
  w->p[w->n++] = '\n';
  memset(w->p + w->n, ' ', k);
  w->n += k;
}

/* before a member or element: the comma, then the layout */
static inline void jw_sep(jw *w) {
  if (!w->first[w->depth])
    jw_putc(w, ',');
  w->first[w->depth] = 0;
  if (w->pretty)
    jw_indent(w);
}

static inline void jw_open(jw *w, char c) {
  jw_putc(w, c);
  if (w->depth + 1 >= JW_MAX_DEPTH) { /* never with the jiken-1 shape */
    w->oom = 1;
    return;
  }
  w->first[++w->depth] = 1;
}

static inline void jw_close(jw *w, char c) {
  int empty = w->first[w->depth];
  w->depth--;
  if (!empty && w->pretty)
    jw_indent(w);
  jw_putc(w, c);
}

/* a member name: "name": from a string literal, never escaped (the length
 * a constant, so the copy is a few moves) */
#define jw_key(w, k) jw_keyn((w), "\"" k "\":", sizeof(k) + 2)

static inline void jw_keyn(jw *w, const char *quoted, size_t len) {
  jw_sep(w);
  if (jw_reserve(w, len + 1))
    return;
  memcpy(w->p + w->n, quoted, len);
  w->n += len;
  if (w->pretty)
    w->p[w->n++] = ' ';
}

/* some byte of the 8 in v is below 0x20, '"' or '\\' (exact: the
 * classic has-zero / has-less tests, no false answers either way) */
static inline bool needs_escape8(uint64_t v) {
  const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
  uint64_t q = v ^ (ones * '"'), b = v ^ (ones * '\\');
  uint64_t lt = (v - ones * 0x20) & ~v;
  uint64_t zq = (q - ones) & ~q, zb = (b - ones) & ~b;
  return ((lt | zq | zb) & high) != 0;
}

static void jw_str(jw *w, const char *s, size_t len) {
  static const char hex[] = "0123456789ABCDEF";
  /* room for the string unescaped; an escape asks for more (the buffer
   * is not sized for the worst case, six bytes per byte, up front) */
  if (len > ((size_t)-1) / 2 - 16) {
    w->oom = 1;
    return;
  }
  if (jw_reserve(w, len + 2))
    return;
  char *o = w->p + w->n;
  *o++ = '"';
  const unsigned char *u = (const unsigned char *)s, *end = u + len;
  while (u < end) {
    const unsigned char *run = u;
    /* eight bytes at a time while none of them needs escaping */
    while (end - u >= 8) {
      uint64_t v;
      memcpy(&v, u, 8);
      if (needs_escape8(v))
        break;
      u += 8;
    }
    while (u < end && *u >= 0x20 && *u != '"' && *u != '\\')
      u++;
    memcpy(o, run, (size_t)(u - run));
    o += u - run;
    if (u == end)
      break;
    /* an escape (six bytes at most), then the rest and the quote */
    w->n = (size_t)(o - w->p);
    if (jw_reserve(w, 6 + (size_t)(end - u) + 1))
      return;
    o = w->p + w->n;
    unsigned char c = *u++;
    *o++ = '\\';
    switch (c) {
    case '"': *o++ = '"'; break;
    case '\\': *o++ = '\\'; break;
    case '\b': *o++ = 'b'; break;
    case '\f': *o++ = 'f'; break;
    case '\n': *o++ = 'n'; break;
    case '\r': *o++ = 'r'; break;
    case '\t': *o++ = 't'; break;
    default:
      *o++ = 'u';
      *o++ = '0';
      *o++ = '0';
      *o++ = hex[c >> 4];
      *o++ = hex[c & 15];
      break;
    }
  }
  *o++ = '"';
  w->n = (size_t)(o - w->p);
}

static void jw_cstr(jw *w, const char *s) { jw_str(w, s, strlen(s)); }

/* one of the library's own names (jiken_*_name(): lower-case ASCII
 * letters and '_', nothing to escape), quoted */
static void jw_name(jw *w, const char *s) {
  size_t len = strlen(s);
  if (jw_reserve(w, len + 2))
    return;
  char *o = w->p + w->n;
  o[0] = '"';
  memcpy(o + 1, s, len);
  o[len + 1] = '"';
  w->n += len + 2;
}

static void jw_null(jw *w) { jw_put(w, "null", 4); }

static void jw_str_or_null(jw *w, const char *s) {
  if (s)
    jw_cstr(w, s);
  else
    jw_null(w);
}

static void jw_bool(jw *w, int b) {
  if (b)
    jw_put(w, "true", 4);
  else
    jw_put(w, "false", 5);
}

static void jw_int(jw *w, long long v) {
  static const char d2[] = "00010203040506070809101112131415161718192021222324"
                           "25262728293031323334353637383940414243444546474849"
                           "50515253545556575859606162636465666768697071727374"
                           "75767778798081828384858687888990919293949596979899";
  char buf[24], *e = buf + sizeof buf, *o = e;
  unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v
                               : (unsigned long long)v;
  while (u >= 100) { /* two digits at a time */
    unsigned r = (unsigned)(u % 100);
    u /= 100;
    o -= 2;
    memcpy(o, d2 + 2 * r, 2);
  }
  if (u >= 10) {
    o -= 2;
    memcpy(o, d2 + 2 * u, 2);
  } else {
    *--o = (char)('0' + u);
  }
  if (v < 0)
    *--o = '-';
  jw_put(w, o, (size_t)(e - o));
}

/* jansson's jsonp_dtostr() with precision 15; non-finite values fail, as
 * json_real() refuses them */
static void jw_real(jw *w, double v) {
  if (!isfinite(v)) {
    w->oom = 1;
    return;
  }
  /* integral and below 1e15: "%.15g" prints all the digits, no exponent */
  if (v > -1e15 && v < 1e15 && v == (double)(long long)v &&
      (v != 0 || !signbit(v))) {
    jw_int(w, (long long)v);
    jw_put(w, ".0", 2);
    return;
  }
  char buf[48];
  int r = snprintf(buf, sizeof buf - 3, "%.15g", v);
  if (r < 0 || (size_t)r >= sizeof buf - 3) {
    w->oom = 1;
    return;
  }
  size_t len = (size_t)r;
  for (size_t i = 0; i < len; i++) /* a locale's decimal comma */
    if (buf[i] == ',')
      buf[i] = '.';
  if (!memchr(buf, '.', len) && !memchr(buf, 'e', len)) {
    buf[len++] = '.';
    buf[len++] = '0';
    buf[len] = '\0';
  }
  char *start = memchr(buf, 'e', len);
  if (start) {
    start++;
    char *end = start + 1;
    if (*start == '-')
      start++;
    while (*end == '0')
      end++;
    if (end != start) {
      memmove(start, end, len - (size_t)(end - buf));
      len -= (size_t)(end - start);
    }
  }
  jw_put(w, buf, len);
}

static void jw_span(jw *w, const jiken_result *res, size_t s, size_t e) {
  if (e > res->input_len)
    e = res->input_len;
  if (s > e)
    s = e;
  jw_str(w, res->input + s, e - s);
}

static void findings_json(jw *w, const jiken_result *res, const jiken__vec *v,
                          int with_negated) {
  const jiken_finding *f = v->items;
  jw_open(w, '[');
  for (size_t i = 0; i < v->n && !w->oom; i++) {
    jw_sep(w);
    jw_open(w, '{');
    jw_key(w, "category");
    jw_cstr(w, f[i].category);
    if (with_negated) {
      jw_key(w, "negated");
      jw_bool(w, f[i].negated);
    }
    jw_key(w, "text");
    jw_span(w, res, f[i].start, f[i].end);
    jw_key(w, "start");
    jw_int(w, (long long)f[i].start);
    jw_key(w, "end");
    jw_int(w, (long long)f[i].end);
    jw_close(w, '}');
  }
  jw_close(w, ']');
}

static void dates_json(jw *w, const jiken_result *res) {
  const jiken_date *d = res->dates.items;
  jw_open(w, '[');
  for (size_t i = 0; i < res->dates.n && !w->oom; i++) {
    jw_sep(w);
    jw_open(w, '{');
    jw_key(w, "text");
    jw_span(w, res, d[i].start, d[i].end);
    jw_key(w, "start");
    jw_int(w, (long long)d[i].start);
    jw_key(w, "end");
    jw_int(w, (long long)d[i].end);
    jw_key(w, "from");
    jw_cstr(w, d[i].from);
    jw_key(w, "to");
    jw_cstr(w, d[i].to);
    jw_key(w, "precision");
    jw_name(w, jiken_precision_name(d[i].precision));
    jw_key(w, "time");
    if (d[i].time[0])
      jw_cstr(w, d[i].time);
    else
      jw_null(w);
    jw_key(w, "year_inferred");
    jw_bool(w, d[i].year_inferred);
    jw_key(w, "approximate");
    jw_bool(w, d[i].approximate);
    jw_key(w, "role");
    jw_name(w, jiken_role_name(d[i].role));
    jw_close(w, '}');
  }
  jw_close(w, ']');
}

static void counts_json(jw *w, const jiken_result *res) {
  const jiken_count *c = res->counts.items;
  jw_open(w, '[');
  for (size_t i = 0; i < res->counts.n && !w->oom; i++) {
    jw_sep(w);
    jw_open(w, '{');
    jw_key(w, "text");
    jw_span(w, res, c[i].start, c[i].end);
    jw_key(w, "start");
    jw_int(w, (long long)c[i].start);
    jw_key(w, "end");
    jw_int(w, (long long)c[i].end);
    jw_key(w, "value");
    jw_real(w, c[i].value);
    jw_key(w, "value_max");
    if (c[i].has_value_max)
      jw_real(w, c[i].value_max);
    else
      jw_null(w);
    jw_key(w, "unit");
    jw_str_or_null(w, c[i].unit);
    jw_key(w, "qualifier");
    jw_name(w, jiken_qualifier_name(c[i].qualifier));
    jw_key(w, "subject");
    jw_str_or_null(w, c[i].subject);
    jw_close(w, '}');
  }
  jw_close(w, ']');
}

static void result_json(jw *w, const jiken_result *res) {
  jw_open(w, '{');
  jw_key(w, "schema");
  jw_cstr(w, JIKEN_SCHEMA);
  jw_key(w, "title");
  jw_str_or_null(w, res->title);
  jw_key(w, "organization");
  jw_str_or_null(w, res->organization);
  jw_key(w, "report");
  if (res->report.present) {
    jw_open(w, '{');
    jw_key(w, "number");
    if (res->report.number)
      jw_int(w, res->report.number);
    else
      jw_null(w);
    jw_key(w, "final");
    jw_bool(w, res->report.final);
    jw_close(w, '}');
  } else {
    jw_null(w);
  }
  jw_key(w, "leak_status");
  jw_name(w, jiken_leak_status_name(res->leak_status));
  jw_key(w, "affected");
  if (res->affected.present) {
    jw_open(w, '{');
    jw_key(w, "value");
    jw_real(w, res->affected.value);
    jw_key(w, "unit");
    jw_str_or_null(w, res->affected.unit);
    jw_key(w, "qualifier");
    jw_name(w, jiken_qualifier_name(res->affected.qualifier));
    jw_key(w, "summed");
    jw_bool(w, res->affected.summed);
    jw_close(w, '}');
  } else {
    jw_null(w);
  }
  jw_key(w, "dates");
  dates_json(w, res);
  jw_key(w, "counts");
  counts_json(w, res);
  jw_key(w, "causes");
  findings_json(w, res, &res->causes, 0);
  jw_key(w, "countermeasures");
  findings_json(w, res, &res->countermeasures, 0);
  jw_key(w, "data_items");
  findings_json(w, res, &res->data_items, 1);
  jw_key(w, "reported_to");
  findings_json(w, res, &res->reported_to, 0);
  jw_close(w, '}');
}

char *jiken_result_to_json(const jiken_result *res, uint32_t flags) {
  if (!res)
    return NULL;
  jw w = {.pretty = (flags & JIKEN_JSON_PRETTY) != 0};
  /* one allocation for most records: the spans dominate the size */
  if (jw_reserve(&w, 2048 + res->input_len / 4))
    return NULL;
  result_json(&w, res);
  jw_putc(&w, '\0');
  if (w.oom) {
    free(w.p);
    return NULL;
  }
  return w.p; /* malloc'd: jiken_free() */
}
