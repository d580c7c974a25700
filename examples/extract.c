/*
 * extract — print the facts of Japanese incident notices as JSON.
 *
 * This is also the tutorial for libjiken.  Build your own copy with
 *
 *     cc -o extract extract.c $(pkg-config --cflags --libs jiken jansson icu-uc icu-i18n)
 *
 * The whole library use is four calls:
 *
 *     jiken_extractor *ex = jiken_extractor_new(&opt, &err);   // once
 *     jiken_extract(ex, text, len, 0, &res, &err);             // per notice
 *     char *json = jiken_result_to_json(res, 0);               // or accessors
 *     jiken_free(json); jiken_result_free(res); jiken_extractor_free(ex);
 *
 * Modes:
 *   extract [FILE...]        one JSON record per file (stdin when none)
 *   extract --jsonl          JSON Lines in ({"id":…, "text":…}), one compact
 *                            record per line out, in input order; a bad line
 *                            gives a record with an "error" field, never a
 *                            lost line
 *   extract --split [FILE]   a digest → one record per notice (JSON Lines),
 *                            spans relative to the whole input file
 *
 * Exit status: 0 all inputs extracted; 1 some input was bad (its record or
 * message says why); 2 usage error; 3 internal error (dictionary missing,
 * out of memory, cannot write output).
 */
#include <errno.h>
#include <pthread.h>
#include <getopt.h>
#include <jansson.h>
#include <jiken.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/ustring.h>
#include <unistd.h>

enum { EXIT_OK = 0, EXIT_BAD_INPUT = 1, EXIT_USAGE = 2, EXIT_INTERNAL = 3 };

typedef struct cli {
  const jiken_extractor *ex;
  const char *encoding; /* NULL/"utf-8" = no conversion, "auto", or a name */
  size_t max_input;
  bool pretty;
  bool split;
  int jobs; /* threads for --jsonl */
  int status;
} cli;

static void usage(FILE *to) {
  fputs(
      "usage: extract [OPTIONS] [FILE...]\n"
      "Extract dates, counts, causes, countermeasures, data items, authorities\n"
      "and leak status from Japanese incident notices; print JSON (jiken-1).\n"
      "\n"
      "  --jsonl               read JSON Lines objects with \"text\" (and \"id\",\n"
      "                        copied to the output); write one line each\n"
      "  --split               split a digest into notices; one line each\n"
      "  --pretty              indent the JSON\n"
      "  --encoding NAME       input encoding: utf-8 (default), auto, shift_jis,\n"
      "                        euc-jp, utf-16, … (any ICU converter name)\n"
      "  --dict-dir DIR        use DIR/jiken.dic and DIR/rules\n"
      "  --user-dic FILE       compiled MeCab user dictionary\n"
      "  --rules-dir DIR       directory of *.rules tables\n"
      "  --mecab-dicdir DIR    MeCab system dictionary (IPADIC, UTF-8)\n"
      "  --reference-date D    YYYY-MM-DD for 昨年… when a notice has no date\n"
      "  --max-input BYTES     largest notice accepted (default 32 MiB)\n"
      "  -j, --jobs N          threads for --jsonl (default: all cores);\n"
      "                        output order is input order\n"
      "  -h, --help            this text\n"
      "  -V, --version         library and schema version\n"
      "\n"
      "Exit status: 0 ok, 1 bad input, 2 usage, 3 internal error.\n",
      to);
}

/* ---- reading input ------------------------------------------------------ */

/* Read at most limit+1 bytes: enough to tell "too big" without reading all */
static char *read_stream(FILE *f, size_t limit, size_t *len, int *err) {
  size_t cap = 65536, n = 0;
  char *buf = malloc(cap);
  *err = 0;
  if (!buf) {
    *err = ENOMEM;
    return NULL;
  }
  for (;;) {
    if (n == cap) {
      if (n > limit) /* already over the limit: stop reading */
        break;
      cap *= 2;
      char *p = realloc(buf, cap);
      if (!p) {
        free(buf);
        *err = ENOMEM;
        return NULL;
      }
      buf = p;
    }
    size_t got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (got == 0) {
      if (ferror(f)) {
        *err = errno ? errno : EIO;
        free(buf);
        return NULL;
      }
      break;
    }
  }
  *len = n;
  return buf;
}

/* Convert bytes in `enc` (or detected with "auto") to UTF-8.  Returns a new
 * buffer, or NULL with *msg set.  Invalid bytes stop conversion: never a
 * silent substitution. */
static char *to_utf8(const char *in, size_t len, const char *enc,
                     size_t *out_len, char *msg, size_t msg_size) {
  char detected[64] = "";
  if (strcmp(enc, "auto") == 0) {
    if (len >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0) {
      enc = "UTF-8";
    } else if (len >= 2 && ((unsigned char)in[0] == 0xFF &&
                            (unsigned char)in[1] == 0xFE)) {
      enc = "UTF-16LE";
    } else if (len >= 2 && ((unsigned char)in[0] == 0xFE &&
                            (unsigned char)in[1] == 0xFF)) {
      enc = "UTF-16BE";
    } else if (jiken_validate(in, len, 0, NULL) == JIKEN_OK) {
      enc = "UTF-8";
    } else {
      UErrorCode st = U_ZERO_ERROR;
      UCharsetDetector *det = ucsdet_open(&st);
      ucsdet_setText(det, in, (int32_t)(len > 65536 ? 65536 : len), &st);
      const UCharsetMatch *m = ucsdet_detect(det, &st);
      const char *name = m ? ucsdet_getName(m, &st) : NULL;
      int conf = m ? ucsdet_getConfidence(m, &st) : 0;
      if (U_SUCCESS(st) && name && conf >= 10)
        snprintf(detected, sizeof detected, "%s", name);
      ucsdet_close(det);
      if (!detected[0]) {
        snprintf(msg, msg_size, "cannot detect the input encoding");
        return NULL;
      }
      enc = detected;
    }
  }
  if (len > (size_t)INT32_MAX / 2) { /* ICU counts in int32_t */
    snprintf(msg, msg_size, "input too large to convert from %s", enc);
    return NULL;
  }
  UErrorCode st = U_ZERO_ERROR;
  UConverter *conv = ucnv_open(enc, &st);
  if (U_FAILURE(st)) {
    snprintf(msg, msg_size, "unknown encoding \"%s\"", enc);
    return NULL;
  }
  ucnv_setToUCallBack(conv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &st);
  const char *src = in;
  size_t skip = 0;
  if (len >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0 &&
      strcmp(ucnv_getName(conv, &st), "UTF-8") == 0)
    skip = 3;
  src += skip;
  size_t ucap = (len - skip) + 16;
  UChar *u = malloc(ucap * sizeof *u);
  if (!u) {
    ucnv_close(conv);
    snprintf(msg, msg_size, "out of memory");
    return NULL;
  }
  int32_t ulen = ucnv_toUChars(conv, u, (int32_t)ucap, src,
                               (int32_t)(len - skip), &st);
  if (U_FAILURE(st)) {
    int8_t nbad = 8;
    char bad[8];
    UErrorCode st2 = U_ZERO_ERROR;
    ucnv_getInvalidChars(conv, bad, &nbad, &st2);
    snprintf(msg, msg_size, "input is not valid %s (%s)", enc,
             u_errorName(st));
    free(u);
    ucnv_close(conv);
    return NULL;
  }
  ucnv_close(conv);
  int32_t blen = 0;
  st = U_ZERO_ERROR;
  u_strToUTF8(NULL, 0, &blen, u, ulen, &st);
  st = U_ZERO_ERROR;
  char *out = malloc((size_t)blen + 1);
  if (out)
    u_strToUTF8(out, blen + 1, &blen, u, ulen, &st);
  free(u);
  if (!out || U_FAILURE(st)) {
    free(out);
    snprintf(msg, msg_size, "cannot convert %s to UTF-8", enc);
    return NULL;
  }
  *out_len = (size_t)blen;
  return out;
}

/* ---- writing output ---------------------------------------------------- */

/* jansson refuses strings that are not UTF-8, and messages may quote bad
 * input (jansson's "near '…'") or be cut inside a character: every byte
 * that is not UTF-8 becomes '?', so the record is still written. */
static void utf8_scrub(char *s) {
  size_t n = strlen(s);
  jiken_error e;
  while (jiken_validate(s, n, 0, &e) == JIKEN_EUTF8 && e.offset < n)
    s[e.offset] = '?';
}

/* A file name as a JSON string: names are bytes, JSON wants UTF-8. */
static json_t *json_path(const char *path) {
  char buf[4096];
  snprintf(buf, sizeof buf, "%s", path);
  utf8_scrub(buf);
  return json_string(buf);
}


static int write_line(const char *s) {
  if (fputs(s, stdout) == EOF || fputc('\n', stdout) == EOF)
    return -1;
  return 0;
}

/* Records are the library's JSON with a few keys put first ("id", "file",
 * "notice"): prefix is `"id":…` and goes right after the opening brace.
 * Returns a new string (free()), NULL when out of memory. */
static char *make_record(const char *prefix, const char *json) {
  if (!prefix || !*prefix)
    return strdup(json);
  bool pretty = json[1] == '\n';
  size_t n = strlen(prefix) + strlen(json) + 8;
  char *s = malloc(n);
  if (s)
    snprintf(s, n, "%s%s,%s", pretty ? "{\n  " : "{", prefix, json + 1);
  return s;
}

static int status_for(int code) {
  return code == JIKEN_ENOMEM || code == JIKEN_EMECAB ||
                 code == JIKEN_EINTERNAL
             ? EXIT_INTERNAL
             : EXIT_BAD_INPUT;
}

/* An error record in place of the input's record; sets *status. */
static char *make_error(const char *prefix, int code, const jiken_error *err,
                        int *status) {
  *status = status_for(code);
  char message[sizeof err->message];
  snprintf(message, sizeof message, "%s",
           err->message[0] ? err->message : jiken_strerror(code));
  utf8_scrub(message);
  json_t *e = json_pack("{s:s,s:s,s:o}", "code", jiken_err_name(code),
                        "message", message,
                        "offset",
                        err->offset == (size_t)-1
                            ? json_null()
                            : json_integer((json_int_t)err->offset));
  json_t *rec = json_pack("{s:s,s:o}", "schema", JIKEN_SCHEMA, "error", e);
  char *s = rec ? json_dumps(rec, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
  json_decref(rec);
  if (!s) {
    *status = EXIT_INTERNAL;
    return NULL;
  }
  char *out = make_record(prefix, s);
  free(s);
  if (!out)
    *status = EXIT_INTERNAL;
  return out;
}

static int write_error(cli *c, const char *prefix, int code,
                       const jiken_error *err) {
  int st = EXIT_OK;
  char *s = make_error(prefix, code, err, &st);
  if (st > c->status)
    c->status = st;
  int rc = s ? write_line(s) : -1;
  free(s);
  return rc;
}

/* Extract one text into its record (or an error record when prefix is
 * given; with no prefix, NULL and a message on stderr).  Thread-safe. */
static char *extract_record(const jiken_extractor *ex, const char *text,
                            size_t len, const char *prefix, bool pretty,
                            int *status) {
  jiken_result *res = NULL;
  jiken_error err;
  int rc = jiken_extract(ex, text, len, 0, &res, &err);
  if (rc != JIKEN_OK) {
    if (prefix && *prefix) /* record modes: an error record in its place */
      return make_error(prefix, rc, &err, status);
    fprintf(stderr, "extract: %s: %s\n", jiken_err_name(rc), err.message);
    *status = status_for(rc);
    return NULL;
  }
  char *json = jiken_result_to_json(res, pretty ? JIKEN_JSON_PRETTY : 0);
  jiken_result_free(res);
  char *out = json ? make_record(prefix, json) : NULL;
  jiken_free(json);
  if (!out)
    *status = EXIT_INTERNAL;
  return out;
}

/* Shift every start/end in the record by `by` bytes (for --split). */
static void shift_spans(json_t *rec, size_t by) {
  static const char *const arrays[] = {"dates",      "counts",
                                       "causes",     "countermeasures",
                                       "data_items", "reported_to"};
  for (size_t a = 0; a < sizeof arrays / sizeof *arrays; a++) {
    json_t *arr = json_object_get(rec, arrays[a]);
    size_t i;
    json_t *item;
    json_array_foreach(arr, i, item) {
      const char *keys[] = {"start", "end"};
      for (int k = 0; k < 2; k++) {
        json_t *v = json_object_get(item, keys[k]);
        if (json_is_integer(v))
          json_integer_set(v, json_integer_value(v) + (json_int_t)by);
      }
    }
  }
}

/* Extract one text and print its record. */
static int extract_one(cli *c, const char *text, size_t len,
                       const char *prefix) {
  int st = EXIT_OK;
  char *rec = extract_record(c->ex, text, len, prefix, c->pretty, &st);
  if (st > c->status)
    c->status = st;
  int rc = rec ? write_line(rec) : (st == EXIT_INTERNAL ? -1 : 0);
  free(rec);
  return rc;
}

static int extract_split(cli *c, const char *text, size_t len,
                         const char *file) {
  jiken_notice_span *spans = NULL;
  size_t n = 0;
  jiken_error err;
  int rc = jiken_split(c->ex, text, len, &spans, &n, &err);
  if (rc != JIKEN_OK) {
    fprintf(stderr, "extract: %s: %s: %s\n", file, jiken_err_name(rc),
            err.message);
    c->status = EXIT_BAD_INPUT;
    return 0;
  }
  int out = 0;
  for (size_t i = 0; i < n && out == 0; i++) {
    json_t *head = json_pack("{s:o,s:i,s:I,s:I}", "file", json_path(file),
                             "notice",
                             (int)i + 1, "offset", (json_int_t)spans[i].start,
                             "length",
                             (json_int_t)(spans[i].end - spans[i].start));
    char *hs = json_dumps(head, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(head);
    if (!hs) {
      c->status = EXIT_INTERNAL;
      out = -1;
      break;
    }
    hs[strlen(hs) - 1] = '\0'; /* drop '}': hs+1 is the prefix */
    jiken_result *res = NULL;
    rc = jiken_extract(c->ex, text + spans[i].start,
                       spans[i].end - spans[i].start, 0, &res, &err);
    if (rc != JIKEN_OK) {
      out = write_error(c, hs + 1, rc, &err);
    } else {
      char *json = jiken_result_to_json(res, 0);
      json_t *rec = json ? json_loads(json, 0, NULL) : NULL;
      jiken_free(json);
      jiken_result_free(res);
      char *s = NULL;
      if (rec) {
        shift_spans(rec, spans[i].start);
        s = json_dumps(rec, JSON_PRESERVE_ORDER |
                                (c->pretty ? JSON_INDENT(2) : JSON_COMPACT) |
                                JSON_REAL_PRECISION(15));
      }
      json_decref(rec);
      if (!s) {
        c->status = EXIT_INTERNAL;
        out = -1;
      } else {
        char *r = make_record(hs + 1, s);
        out = r ? write_line(r) : -1;
        free(r);
        free(s);
      }
    }
    free(hs);
  }
  jiken_free(spans);
  return out;
}

/* A file or stdin: read, convert, extract. */
static int process_file(cli *c, const char *path) {
  FILE *f = path ? fopen(path, "rb") : stdin;
  const char *name = path ? path : "-";
  if (!f) {
    fprintf(stderr, "extract: %s: %s\n", name, strerror(errno));
    c->status = EXIT_BAD_INPUT;
    return 0;
  }
  size_t len = 0;
  int rerr;
  char *buf = read_stream(f, c->max_input, &len, &rerr);
  if (path)
    fclose(f);
  if (!buf) {
    fprintf(stderr, "extract: %s: %s\n", name, strerror(rerr));
    c->status = rerr == ENOMEM ? EXIT_INTERNAL : EXIT_BAD_INPUT;
    return 0;
  }
  if (len > c->max_input) { /* reading stopped past the limit */
    fprintf(stderr,
            "extract: %s: ETOOBIG: input is larger than the limit of %zu "
            "bytes (--max-input)\n",
            name, c->max_input);
    free(buf);
    c->status = EXIT_BAD_INPUT;
    return 0;
  }
  if (c->encoding && strcmp(c->encoding, "utf-8") != 0 &&
      strcmp(c->encoding, "UTF-8") != 0) {
    char msg[200];
    size_t ulen;
    char *u = to_utf8(buf, len, c->encoding, &ulen, msg, sizeof msg);
    free(buf);
    if (!u) {
      fprintf(stderr, "extract: %s: EENCODING: %s\n", name, msg);
      c->status = EXIT_BAD_INPUT;
      return 0;
    }
    buf = u;
    len = ulen;
  }
  int rc;
  if (c->split) {
    rc = extract_split(c, buf, len, name);
  } else {
    char prefix[600] = "";
    if (path) {
      json_t *p = json_path(path);
      char *ps = p ? json_dumps(p, JSON_ENCODE_ANY) : NULL;
      if (ps && strlen(ps) < 500)
        snprintf(prefix, sizeof prefix, "\"file\":%s", ps);
      free(ps);
      json_decref(p);
    }
    rc = extract_one(c, buf, len, prefix[0] ? prefix : NULL);
  }
  free(buf);
  return rc;
}

/* ---- JSON Lines -------------------------------------------------------- */

/* Lines come from a FILE through a 64 KiB block read with fread and cut
 * with memchr (a getc per byte was a tenth of the single-threaded time). */
typedef struct line_reader {
  FILE *f;
  size_t pos, len;
  bool eof;
  char block[1 << 16];
} line_reader;

/* One line without its newline into *buf (grown as needed, NUL-terminated
 * after the line; the line itself may hold NUL bytes): its length, -1 at
 * the end of input, -2 when out of memory.  A line longer than cap keeps
 * its first cap bytes and sets *too_long; the rest is read and dropped. */
static long read_line(line_reader *r, char **buf, size_t *bcap, size_t cap,
                      bool *too_long) {
  size_t n = 0;
  bool newline = false;
  *too_long = false;
  while (!newline) {
    if (r->pos == r->len) {
      r->pos = 0;
      r->len = r->eof ? 0 : fread(r->block, 1, sizeof r->block, r->f);
      if (r->len == 0) {
        r->eof = true;
        break;
      }
    }
    const char *p = r->block + r->pos;
    size_t avail = r->len - r->pos;
    const char *nl = memchr(p, '\n', avail);
    size_t take = nl ? (size_t)(nl - p) : avail;
    r->pos += take + (nl != NULL);
    newline = nl != NULL;
    if (n + take > cap) {
      *too_long = true;
      take = cap - n;
    }
    if (take && n + take + 1 > *bcap) {
      size_t nc = *bcap ? *bcap : 4096;
      while (nc < n + take + 1)
        nc *= 2;
      char *q = realloc(*buf, nc);
      if (!q)
        return -2;
      *buf = q;
      *bcap = nc;
    }
    if (take)
      memcpy(*buf + n, p, take);
    n += take;
  }
  if (!newline && n == 0 && !*too_long)
    return -1;
  if (!*buf) {
    *buf = malloc(1);
    if (!*buf)
      return -2;
    *bcap = 1;
  }
  (*buf)[n] = '\0';
  return (long)n;
}

/* The output record for one input line: a record, an error record, or NULL
 * for a blank line (*status untouched) — also NULL with *status
 * EXIT_INTERNAL when memory ran out.  Pure: safe from any thread. */
static char *jsonl_record(const jiken_extractor *ex, const char *line,
                          size_t n, unsigned long lineno, bool too_long,
                          size_t cap, int *status) {
  char prefix[1200];
  snprintf(prefix, sizeof prefix, "\"line\":%lu", lineno);
  jiken_error err;
  memset(&err, 0, sizeof err);
  err.offset = (size_t)-1;
  if (too_long) {
    snprintf(err.message, sizeof err.message,
             "line %lu is longer than %zu bytes", lineno, cap);
    return make_error(prefix, JIKEN_ETOOBIG, &err, status);
  }
  if (n == 0 || strspn(line, " \t\r") == n)
    return NULL; /* blank lines carry no record */
  json_error_t jerr;
  json_t *obj = json_loadb(line, n, JSON_ALLOW_NUL, &jerr);
  json_t *text = obj ? json_object_get(obj, "text") : NULL;
  json_t *id = obj ? json_object_get(obj, "id") : NULL;
  if (id) {
    char *ids = json_dumps(id, JSON_ENCODE_ANY | JSON_COMPACT);
    if (ids && strlen(ids) < 1000)
      snprintf(prefix, sizeof prefix, "\"id\":%s", ids);
    free(ids);
  }
  char *out;
  if (!obj || !json_is_string(text)) {
    snprintf(err.message, sizeof err.message, "line %lu: %s", lineno,
             !obj ? jerr.text : "no \"text\" string in the object");
    out = make_error(prefix, JIKEN_EINVAL, &err, status);
  } else {
    out = extract_record(ex, json_string_value(text), json_string_length(text),
                         prefix, false, status);
  }
  json_decref(obj);
  return out;
}

/* A batch of input lines, extracted by `jobs` threads, written in order. */
typedef struct batch {
  const jiken_extractor *ex;
  char **lines;
  size_t *lens;
  unsigned long *linenos;
  bool *too_long;
  char **out;
  int *status;
  size_t n, cap_bytes;
  size_t next; /* next line to take, guarded by mu */
  pthread_mutex_t mu;
} batch;

static void *batch_worker(void *arg) {
  batch *b = arg;
  for (;;) {
    pthread_mutex_lock(&b->mu);
    size_t i = b->next++;
    pthread_mutex_unlock(&b->mu);
    if (i >= b->n)
      return NULL;
    b->status[i] = EXIT_OK;
    b->out[i] = jsonl_record(b->ex, b->lines[i], b->lens[i], b->linenos[i],
                             b->too_long[i], b->cap_bytes, &b->status[i]);
  }
}

static void merge_status(cli *c, int st) {
  if (st > c->status)
    c->status = st; /* EXIT_INTERNAL (3) outranks EXIT_BAD_INPUT (1) */
}

/* One batch's buffers: lines are kept (and their buffers reused) from one
 * batch to the next. */
typedef struct batch_buf {
  batch b;
  size_t *lcaps;
} batch_buf;

static bool batch_buf_init(batch_buf *bb, const jiken_extractor *ex,
                           size_t max_lines, size_t cap) {
  memset(bb, 0, sizeof *bb);
  bb->b.ex = ex;
  bb->b.cap_bytes = cap;
  bb->b.lines = calloc(max_lines, sizeof *bb->b.lines);
  bb->b.lens = calloc(max_lines, sizeof *bb->b.lens);
  bb->b.linenos = calloc(max_lines, sizeof *bb->b.linenos);
  bb->b.too_long = calloc(max_lines, sizeof *bb->b.too_long);
  bb->b.out = calloc(max_lines, sizeof *bb->b.out);
  bb->b.status = calloc(max_lines, sizeof *bb->b.status);
  bb->lcaps = calloc(max_lines, sizeof *bb->lcaps);
  pthread_mutex_init(&bb->b.mu, NULL);
  return bb->b.lines && bb->b.lens && bb->b.linenos && bb->b.too_long &&
         bb->b.out && bb->b.status && bb->lcaps;
}

static void batch_buf_free(batch_buf *bb, size_t max_lines) {
  pthread_mutex_destroy(&bb->b.mu);
  for (size_t i = 0; bb->b.lines && i < max_lines; i++)
    free(bb->b.lines[i]);
  for (size_t i = 0; bb->b.out && i < max_lines; i++)
    free(bb->b.out[i]);
  free(bb->b.lines);
  free(bb->b.lens);
  free(bb->b.linenos);
  free(bb->b.too_long);
  free(bb->b.out);
  free(bb->b.status);
  free(bb->lcaps);
}

/* Read the next batch: at most max_lines lines and (about) max_bytes.
 * 0, or -1 when out of memory (reported, status set). */
static int fill_batch(cli *c, line_reader *r, batch_buf *bb, size_t max_lines,
                      size_t max_bytes, unsigned long *lineno) {
  batch *b = &bb->b;
  size_t bytes = 0;
  b->n = 0;
  while (b->n < max_lines && bytes < max_bytes) {
    long got = read_line(r, &b->lines[b->n], &bb->lcaps[b->n], b->cap_bytes,
                         &b->too_long[b->n]);
    if (got == -1)
      break;
    ++*lineno;
    if (got == -2) {
      fprintf(stderr, "extract: out of memory reading line %lu\n", *lineno);
      c->status = EXIT_INTERNAL;
      return -1;
    }
    b->lens[b->n] = (size_t)got;
    b->linenos[b->n] = *lineno;
    bytes += (size_t)got;
    b->n++;
  }
  return 0;
}

/* Write a batch's records in input order; 0, or -1 when writing failed. */
static int write_batch(cli *c, batch_buf *bb) {
  batch *b = &bb->b;
  int rc = 0;
  for (size_t i = 0; i < b->n; i++) {
    merge_status(c, b->status[i]);
    if (b->out[i] && rc == 0 && write_line(b->out[i]))
      rc = -1;
    free(b->out[i]);
    b->out[i] = NULL;
  }
  /* lines much larger than usual are not kept for the next batch */
  for (size_t i = 0; i < b->n; i++)
    if (bb->lcaps[i] > ((size_t)1 << 20)) {
      free(b->lines[i]);
      b->lines[i] = NULL;
      bb->lcaps[i] = 0;
    }
  return rc;
}

/* Start up to `jobs` threads on a batch; how many started. */
static int start_batch(batch *b, int jobs, pthread_t *tids) {
  b->next = 0;
  int started = 0;
  for (int t = 0; t < jobs && (size_t)t < b->n; t++)
    if (pthread_create(&tids[started], NULL, batch_worker, b) == 0)
      started++;
  return started;
}

/* Wait for a batch's threads; with none (none could start) work here. */
static void finish_batch(batch *b, int started, pthread_t *tids) {
  if (started == 0)
    batch_worker(b);
  for (int t = 0; t < started; t++)
    pthread_join(tids[t], NULL);
}

/*
 * JSON Lines in, JSON Lines out, in input order.  With -j 1 one thread does
 * everything, in turn: read a batch, extract it, write it.  With -j N > 1,
 * N threads extract a batch while this thread reads the next one into the
 * second set of buffers; when the batch is done the next one starts at
 * once and this thread writes the finished one: reading and writing never
 * leave the extraction threads idle.  Memory: two batches at most.
 */
static int process_jsonl(cli *c, FILE *f) {
  /* JSON escapes can take 6 bytes per text byte: allow for it */
  size_t cap = c->max_input < ((size_t)-1 - 4096) / 6
                   ? c->max_input * 6 + 4096
                   : (size_t)-1;
  /* a batch holds at most this many lines and (about) this many bytes, so
   * memory stays bounded however long the input is */
  size_t max_lines = 256 * (size_t)c->jobs, max_bytes = (size_t)8 << 20;
  bool overlap = c->jobs > 1;
  batch_buf bufs[2];
  line_reader *r = malloc(sizeof *r);
  pthread_t *tids_all = calloc(2 * (size_t)c->jobs, sizeof *tids_all);
  pthread_t *tids[2] = {tids_all, tids_all ? tids_all + c->jobs : NULL};
  bool ok = batch_buf_init(&bufs[0], c->ex, max_lines, cap);
  ok = batch_buf_init(&bufs[1], c->ex, max_lines, cap) && ok;
  int rc = 0;
  if (!ok || !r || !tids_all) {
    fprintf(stderr, "extract: out of memory\n");
    c->status = EXIT_INTERNAL;
    rc = -1;
  } else {
    r->f = f;
    r->pos = r->len = 0;
    r->eof = false;
  }
  unsigned long lineno = 0;
  if (rc == 0)
    rc = fill_batch(c, r, &bufs[0], max_lines, max_bytes, &lineno);
  if (!overlap) {
    while (rc == 0 && bufs[0].b.n > 0) {
      bufs[0].b.next = 0;
      batch_worker(&bufs[0].b);
      rc = write_batch(c, &bufs[0]);
      if (rc == 0)
        rc = fill_batch(c, r, &bufs[0], max_lines, max_bytes, &lineno);
    }
  } else {
    /* batch `cur` is being extracted while the other one is read; when
     * `cur` is done the other starts at once, then `cur` is written and
     * refilled */
    int cur = 0, started[2] = {0, 0}, next_rc = 0;
    if (rc == 0 && bufs[0].b.n > 0) {
      started[0] = start_batch(&bufs[0].b, c->jobs, tids[0]);
      next_rc = fill_batch(c, r, &bufs[1], max_lines, max_bytes, &lineno);
    } else {
      bufs[0].b.n = 0;
    }
    while (bufs[cur].b.n > 0) {
      finish_batch(&bufs[cur].b, started[cur], tids[cur]);
      batch *other = &bufs[!cur].b;
      if (rc == 0 && next_rc == 0 && other->n > 0)
        started[!cur] = start_batch(other, c->jobs, tids[!cur]);
      else
        other->n = 0; /* an error stops the run after this batch */
      int wrc = write_batch(c, &bufs[cur]);
      if (rc == 0)
        rc = wrc ? wrc : next_rc;
      bufs[cur].b.n = 0;
      if (rc == 0 && other->n > 0)
        next_rc = fill_batch(c, r, &bufs[cur], max_lines, max_bytes, &lineno);
      cur = !cur;
    }
  }
  batch_buf_free(&bufs[0], max_lines);
  batch_buf_free(&bufs[1], max_lines);
  free(r);
  free(tids_all);
  return rc;
}

int main(int argc, char **argv) {
  static const struct option longopts[] = {
      {"jsonl", no_argument, NULL, 'l'},
      {"split", no_argument, NULL, 's'},
      {"pretty", no_argument, NULL, 'p'},
      {"encoding", required_argument, NULL, 'e'},
      {"dict-dir", required_argument, NULL, 'D'},
      {"user-dic", required_argument, NULL, 'u'},
      {"rules-dir", required_argument, NULL, 'r'},
      {"mecab-dicdir", required_argument, NULL, 'm'},
      {"reference-date", required_argument, NULL, 'R'},
      {"max-input", required_argument, NULL, 'M'},
      {"jobs", required_argument, NULL, 'j'},
      {"help", no_argument, NULL, 'h'},
      {"version", no_argument, NULL, 'V'},
      {NULL, 0, NULL, 0}};
  jiken_options opt;
  jiken_options_init(&opt);
  cli c = {0};
  bool jsonl = false;
  char userdic[4096], rulesdir[4096];
  int ch;
  while ((ch = getopt_long(argc, argv, "hVj:", longopts, NULL)) != -1) {
    switch (ch) {
    case 'l': jsonl = true; break;
    case 's': c.split = true; break;
    case 'p': c.pretty = true; break;
    case 'e': c.encoding = optarg; break;
    case 'D':
      if (strlen(optarg) + sizeof "/jiken.dic" > sizeof userdic) {
        fprintf(stderr, "extract: --dict-dir: path too long\n");
        return EXIT_USAGE;
      }
      snprintf(userdic, sizeof userdic, "%s/jiken.dic", optarg);
      snprintf(rulesdir, sizeof rulesdir, "%s/rules", optarg);
      opt.user_dic = userdic;
      opt.rules_dir = rulesdir;
      break;
    case 'u': opt.user_dic = optarg; break;
    case 'r': opt.rules_dir = optarg; break;
    case 'm': opt.mecab_dicdir = optarg; break;
    case 'R': opt.reference_date = optarg; break;
    case 'M': {
      char *end;
      errno = 0;
      unsigned long long v = strtoull(optarg, &end, 10);
      if (errno || *end || v == 0) {
        fprintf(stderr, "extract: --max-input wants a positive byte count\n");
        return EXIT_USAGE;
      }
      opt.max_input = (size_t)v;
      break;
    }
    case 'j': {
      char *end;
      long v = strtol(optarg, &end, 10);
      if (*end || v < 1 || v > 256) {
        fprintf(stderr, "extract: --jobs wants a number from 1 to 256\n");
        return EXIT_USAGE;
      }
      c.jobs = (int)v;
      break;
    }
    case 'h': usage(stdout); return EXIT_OK;
    case 'V':
      printf("extract (libjiken) %s, schema %s\n", jiken_version(),
             JIKEN_SCHEMA);
      return EXIT_OK;
    default: usage(stderr); return EXIT_USAGE;
    }
  }
  if (jsonl && (c.split || optind < argc)) {
    fprintf(stderr, "extract: --jsonl reads standard input only and does "
                    "not combine with --split\n");
    return EXIT_USAGE;
  }
  if (jsonl && c.pretty) {
    fprintf(stderr, "extract: --pretty does not combine with --jsonl\n");
    return EXIT_USAGE;
  }
  jiken_error err;
  jiken_extractor *ex = jiken_extractor_new(&opt, &err);
  if (!ex) {
    fprintf(stderr, "extract: %s: %s\n", jiken_err_name(err.code),
            err.message);
    return err.code == JIKEN_EINVAL ? EXIT_USAGE : EXIT_INTERNAL;
  }
  c.ex = ex;
  if (c.jobs == 0) {
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    c.jobs = cores < 1 ? 1 : cores > 64 ? 64 : (int)cores;
  }
  c.max_input = opt.max_input ? opt.max_input : (size_t)32 << 20;
  int rc = 0;
  if (jsonl)
    rc = process_jsonl(&c, stdin);
  else if (optind == argc)
    rc = process_file(&c, NULL);
  else
    for (int i = optind; i < argc && rc == 0; i++)
      rc = process_file(&c, argv[i]);
  jiken_extractor_free(ex);
  if (fflush(stdout) == EOF || ferror(stdout)) {
    fprintf(stderr, "extract: cannot write output: %s\n", strerror(errno));
    return EXIT_INTERNAL;
  }
  if (rc != 0 && c.status == EXIT_OK)
    c.status = EXIT_INTERNAL;
  return c.status;
}
