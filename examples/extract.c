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

enum { EXIT_OK = 0, EXIT_BAD_INPUT = 1, EXIT_USAGE = 2, EXIT_INTERNAL = 3 };

typedef struct cli {
  const jiken_extractor *ex;
  const char *encoding; /* NULL/"utf-8" = no conversion, "auto", or a name */
  size_t max_input;
  bool pretty;
  bool split;
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
 * "notice"): prefix is `"id":…,` and goes right after the opening brace. */
static int write_record(const char *prefix, const char *json) {
  if (!prefix || !*prefix)
    return write_line(json);
  bool pretty = json[1] == '\n';
  if (fputs(pretty ? "{\n  " : "{", stdout) == EOF ||
      fputs(prefix, stdout) == EOF ||
      fputc(',', stdout) == EOF)
    return -1;
  return write_line(json + 1);
}

static int write_error(cli *c, const char *prefix, int code,
                       const jiken_error *err) {
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
  if (!s)
    return -1;
  int rc = write_record(prefix, s);
  free(s);
  if (code == JIKEN_ENOMEM || code == JIKEN_EMECAB ||
      code == JIKEN_EINTERNAL)
    c->status = EXIT_INTERNAL;
  else if (c->status == EXIT_OK)
    c->status = EXIT_BAD_INPUT;
  return rc;
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
  jiken_result *res = NULL;
  jiken_error err;
  int rc = jiken_extract(c->ex, text, len, 0, &res, &err);
  if (rc != JIKEN_OK) {
    if (prefix && *prefix) /* record modes: an error record in its place */
      return write_error(c, prefix, rc, &err);
    fprintf(stderr, "extract: %s: %s\n", jiken_err_name(rc), err.message);
    c->status = rc == JIKEN_ENOMEM ? EXIT_INTERNAL : EXIT_BAD_INPUT;
    return 0;
  }
  char *json = jiken_result_to_json(res, c->pretty ? JIKEN_JSON_PRETTY : 0);
  jiken_result_free(res);
  if (!json) {
    c->status = EXIT_INTERNAL;
    return -1;
  }
  rc = write_record(prefix, json);
  jiken_free(json);
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
        out = write_record(hs + 1, s);
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

/* One line of at most `cap` bytes; longer lines are skipped to their end and
 * reported (*too_long).  Returns -1 at EOF. */
static long read_line(FILE *f, char **buf, size_t *bcap, size_t cap,
                      bool *too_long) {
  size_t n = 0;
  int ch;
  *too_long = false;
  while ((ch = getc(f)) != EOF) {
    if (ch == '\n')
      break;
    if (n >= cap) {
      *too_long = true;
      continue;
    }
    if (n + 1 >= *bcap) {
      size_t nc = *bcap ? *bcap * 2 : 65536;
      char *p = realloc(*buf, nc);
      if (!p)
        return -2;
      *buf = p;
      *bcap = nc;
    }
    (*buf)[n++] = (char)ch;
  }
  if (ch == EOF && n == 0 && !*too_long)
    return -1;
  if (*buf)
    (*buf)[n] = '\0';
  return (long)n;
}

static int process_jsonl(cli *c, FILE *f) {
  char *line = NULL;
  size_t lcap = 0;
  /* JSON escapes can take 6 bytes per text byte: allow for it */
  size_t cap = c->max_input < ((size_t)-1 - 4096) / 6
                   ? c->max_input * 6 + 4096
                   : (size_t)-1;
  long n;
  bool too_long;
  unsigned long lineno = 0;
  int rc = 0;
  while (rc == 0 && (n = read_line(f, &line, &lcap, cap, &too_long)) != -1) {
    lineno++;
    if (n == -2) {
      fprintf(stderr, "extract: out of memory reading line %lu\n", lineno);
      c->status = EXIT_INTERNAL;
      rc = -1;
      break;
    }
    char prefix[1200];
    snprintf(prefix, sizeof prefix, "\"line\":%lu", lineno);
    jiken_error err = {0};
    err.offset = (size_t)-1;
    if (too_long) {
      snprintf(err.message, sizeof err.message,
               "line %lu is longer than %zu bytes", lineno, cap);
      rc = write_error(c, prefix, JIKEN_ETOOBIG, &err);
      continue;
    }
    if (n == 0 || strspn(line, " \t\r") == (size_t)n)
      continue; /* blank lines carry no record */
    json_error_t jerr;
    json_t *obj = json_loadb(line, (size_t)n, JSON_ALLOW_NUL, &jerr);
    json_t *text = obj ? json_object_get(obj, "text") : NULL;
    json_t *id = obj ? json_object_get(obj, "id") : NULL;
    if (id) {
      char *ids = json_dumps(id, JSON_ENCODE_ANY | JSON_COMPACT);
      if (ids && strlen(ids) < 1000)
        snprintf(prefix, sizeof prefix, "\"id\":%s", ids);
      free(ids);
    }
    if (!obj || !json_is_string(text)) {
      snprintf(err.message, sizeof err.message, "line %lu: %s", lineno,
               !obj ? jerr.text : "no \"text\" string in the object");
      rc = write_error(c, prefix, JIKEN_EINVAL, &err);
    } else {
      rc = extract_one(c, json_string_value(text), json_string_length(text),
                       prefix);
    }
    json_decref(obj);
  }
  free(line);
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
      {"help", no_argument, NULL, 'h'},
      {"version", no_argument, NULL, 'V'},
      {NULL, 0, NULL, 0}};
  jiken_options opt;
  jiken_options_init(&opt);
  cli c = {0};
  bool jsonl = false;
  char userdic[4096], rulesdir[4096];
  int ch;
  while ((ch = getopt_long(argc, argv, "hV", longopts, NULL)) != -1) {
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
