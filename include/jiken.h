/*
 * jiken.h — libjiken public API.
 *
 * libjiken reads a Japanese security-incident disclosure notice (UTF-8 text)
 * and returns its facts: dates, counts, causes, countermeasures, leaked data
 * items, authorities notified, leak status, title, issuer and report number.
 * The output mirrors ../shared/SPEC.md (schema "jiken-1"); see docs/SCHEMA.md.
 *
 * Usage (compile with `cc app.c $(pkg-config --cflags --libs jiken)`):
 *
 *   jiken_options opt;
 *   jiken_options_init(&opt);
 *   jiken_error err;
 *   jiken_extractor *ex = jiken_extractor_new(&opt, &err);   // once
 *   if (!ex) { fprintf(stderr, "%s\n", err.message); return 1; }
 *   jiken_result *res = NULL;
 *   if (jiken_extract(ex, text, len, 0, &res, &err) == JIKEN_OK) {
 *       size_t n;
 *       const jiken_date *d = jiken_result_dates(res, &n);
 *       for (size_t i = 0; i < n; i++) printf("%s..%s\n", d[i].from, d[i].to);
 *       jiken_result_free(res);
 *   }
 *   jiken_extractor_free(ex);
 *
 * Threads: a jiken_extractor is immutable after jiken_extractor_new() returns;
 * any number of threads may call jiken_extract() on one extractor at once.
 * A jiken_result belongs to one caller; reading it from several threads is
 * safe, freeing it is not while others read.
 *
 * Ownership: every pointer reachable from a jiken_result (arrays, strings)
 * is owned by that result and lives until jiken_result_free(). Strings from
 * jiken_result_to_json() are the caller's and are released with jiken_free().
 *
 * Spans: every start/end is a half-open BYTE range into the ORIGINAL input
 * passed to jiken_extract(), even though analysis runs on normalised text.
 */
#ifndef JIKEN_H
#define JIKEN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) && !defined(JIKEN_STATIC)
#define JIKEN_API __attribute__((visibility("default")))
#else
#define JIKEN_API
#endif

/* ---- versions ---------------------------------------------------------- */

#define JIKEN_VERSION_MAJOR 0
#define JIKEN_VERSION_MINOR 1
#define JIKEN_VERSION_PATCH 0
#define JIKEN_VERSION_HEX                                                      \
  ((JIKEN_VERSION_MAJOR << 16) | (JIKEN_VERSION_MINOR << 8) |                  \
   JIKEN_VERSION_PATCH)
#define JIKEN_SCHEMA "jiken-1"
/** Format version of the rule tables in dict/ (checked on load). */
#define JIKEN_RULES_FORMAT 1

/** Run-time library version, e.g. "0.1.0". @since 0.1 */
JIKEN_API const char *jiken_version(void);
/** Run-time JIKEN_VERSION_HEX, to compare with the header's. @since 0.1 */
JIKEN_API unsigned jiken_version_hex(void);

/* ---- errors ------------------------------------------------------------ */

/*
 * Return codes: 0 is success, errors are negative. Append only: a code is
 * never renumbered or removed. XX(name, number, message).
 */
#define JIKEN_ERRNO_MAP(XX)                                                    \
  XX(OK, 0, "success")                                                         \
  XX(EINVAL, -1, "invalid argument")                                           \
  XX(ENOMEM, -2, "out of memory")                                              \
  XX(EUTF8, -3, "invalid UTF-8 in input")                                      \
  XX(ENUL, -4, "NUL byte in input")                                            \
  XX(ETOOBIG, -5, "input larger than the configured limit")                    \
  XX(EEMPTY, -6, "empty input")                                                \
  XX(EENCODING, -7, "cannot convert input from the given encoding")            \
  XX(EMECAB, -8, "MeCab failed (dictionary missing or unreadable)")            \
  XX(ERULES, -9, "syntax error in a rule file")                                \
  XX(EIO, -10, "cannot read file")                                             \
  XX(EICU, -11, "ICU failed")                                                  \
  XX(EREGEX, -12, "invalid regular expression in a rule")                      \
  XX(EDICTVERSION, -13, "rule table or dictionary of an unsupported version")  \
  XX(EINTERNAL, -14, "internal error")                                         \
  XX(EBINARY, -15, "input looks binary, not text")

enum jiken_code {
#define JIKEN__ENUM(name, num, msg) JIKEN_##name = (num),
  JIKEN_ERRNO_MAP(JIKEN__ENUM)
#undef JIKEN__ENUM
};

/** Static English message for a code; never NULL. @since 0.1 */
JIKEN_API const char *jiken_strerror(int code);
/** Stable name of a code ("EUTF8"); "UNKNOWN" when not a code. @since 0.1 */
JIKEN_API const char *jiken_err_name(int code);

/**
 * Details of a failure. The caller owns it (stack is fine); every function
 * taking a jiken_error* accepts NULL. Filled only when a call fails.
 */
typedef struct jiken_error {
  int code;          /**< a JIKEN_E* code */
  size_t offset;     /**< byte offset in the input, or (size_t)-1 */
  char file[256];    /**< rule file for ERULES/EREGEX, else "" */
  int line, column;  /**< 1-based position in file, 0 when none */
  char message[512]; /**< human-readable, includes file:line:col */
} jiken_error;

/* ---- extractor --------------------------------------------------------- */

/** Options for jiken_extractor_new(); call jiken_options_init() first. */
typedef struct jiken_options {
  /** MeCab system dictionary dir; NULL = IPADIC found at configure time. */
  const char *mecab_dicdir;
  /** Compiled user dictionary (jiken.dic); NULL = the installed one (or,
   *  when never installed, the one of the build tree); "" = none. */
  const char *user_dic;
  /** Directory of *.rules tables; NULL = the installed one (or, when
   *  never installed, the build tree's dict/rules). */
  const char *rules_dir;
  /** "YYYY-MM-DD" used to resolve 昨年 when the notice has no date line;
   *  NULL = none. */
  const char *reference_date;
  /** Largest input jiken_extract() accepts, bytes; 0 = 32 MiB. */
  size_t max_input;
  uint32_t flags; /**< reserved, 0 */
} jiken_options;

/** Fill *opt with defaults. @since 0.1 */
JIKEN_API void jiken_options_init(jiken_options *opt);

typedef struct jiken_extractor jiken_extractor;
typedef struct jiken_result jiken_result;

/**
 * Load the MeCab model and compile every rule table. Expensive: do it once.
 * @param opt  NULL = defaults.
 * @return a new extractor (free with jiken_extractor_free()) or NULL with
 *         *err filled. The result is immutable and thread-shareable.
 * @since 0.1
 */
JIKEN_API jiken_extractor *jiken_extractor_new(const jiken_options *opt,
                                               jiken_error *err);
/** Free an extractor; NULL is a no-op. No jiken_extract() may be running. */
JIKEN_API void jiken_extractor_free(jiken_extractor *ex);

/**
 * Extract the facts of one notice.
 * @param text,len  UTF-8 bytes (need not be NUL-terminated).
 * @param flags     0 (reserved).
 * @param out       receives a new result on success (free with
 *                  jiken_result_free()); set to NULL on failure.
 * @return JIKEN_OK or a negative code; err->offset tells where bad input is.
 * Thread-safe: may run concurrently on one extractor.
 * @since 0.1
 */
JIKEN_API int jiken_extract(const jiken_extractor *ex, const char *text,
                            size_t len, uint32_t flags, jiken_result **out,
                            jiken_error *err);

/**
 * Check that text is acceptable input (UTF-8, no NUL, not binary, within
 * max_bytes; 0 = no limit). Returns JIKEN_OK or the code jiken_extract()
 * would return, with err->offset at the first bad byte. @since 0.1
 */
JIKEN_API int jiken_validate(const char *text, size_t len, size_t max_bytes,
                             jiken_error *err);

/* ---- splitting digests ------------------------------------------------- */

/** One notice inside a digest: bytes [start, end) of the input. */
typedef struct jiken_notice_span {
  size_t start, end;
} jiken_notice_span;

/**
 * Find the notices in a digest (each starts at a heading line such as
 * 【セキュリティ事件簿#2023-306】…). Text with no such heading is one notice.
 * *out is a new array (free with jiken_free()), *n its length.
 * @since 0.1
 */
JIKEN_API int jiken_split(const jiken_extractor *ex, const char *text,
                          size_t len, jiken_notice_span **out, size_t *n,
                          jiken_error *err);

/* ---- results ----------------------------------------------------------- */

typedef enum jiken_precision {
  JIKEN_PREC_DAY,
  JIKEN_PREC_XUN, /* 上旬/中旬/下旬 */
  JIKEN_PREC_MONTH,
  JIKEN_PREC_QUARTER,
  JIKEN_PREC_HALF,
  JIKEN_PREC_FISCAL_YEAR,
  JIKEN_PREC_YEAR
} jiken_precision;

typedef enum jiken_date_role {
  JIKEN_ROLE_OTHER,
  JIKEN_ROLE_OCCURRED,
  JIKEN_ROLE_DETECTED,
  JIKEN_ROLE_REPORTED,
  JIKEN_ROLE_PUBLISHED
} jiken_date_role;

typedef enum jiken_qualifier {
  JIKEN_QUAL_EXACT,
  JIKEN_QUAL_APPROX,
  JIKEN_QUAL_AT_LEAST,
  JIKEN_QUAL_OVER,
  JIKEN_QUAL_AT_MOST,
  JIKEN_QUAL_UNDER,
  JIKEN_QUAL_VAGUE,
  JIKEN_QUAL_CUMULATIVE
} jiken_qualifier;

typedef enum jiken_leak_status {
  JIKEN_LEAK_UNKNOWN,
  JIKEN_LEAK_CONFIRMED,
  JIKEN_LEAK_SUSPECTED,
  JIKEN_LEAK_NONE
} jiken_leak_status;

/** A calendar expression. from/to are "YYYY-MM-DD" ("XXXX-08-10" when the
 *  year is unknown). */
typedef struct jiken_date {
  size_t start, end; /**< bytes of the original input */
  char from[11];
  char to[11];
  jiken_precision precision;
  char time[6]; /**< "13:00", or "" when no clock time is attached */
  int year_inferred;
  int approximate; /**< 頃/ごろ/前後 */
  jiken_date_role role;
} jiken_date;

/** A quantity with a counter. */
typedef struct jiken_count {
  size_t start, end;
  double value;
  double value_max; /**< valid when has_value_max */
  int has_value_max;
  const char *unit; /**< 件, 人, 名, … (人分 → 人) */
  jiken_qualifier qualifier;
  const char *subject; /**< counted noun phrase, or NULL */
} jiken_count;

/** A cause, countermeasure, data item or authority, with its evidence. */
typedef struct jiken_finding {
  const char *category; /**< SPEC category name, e.g. "ransomware" */
  size_t start, end;
  int negated; /**< data items: the notice says it is NOT involved */
} jiken_finding;

/** The affected population (record level). */
typedef struct jiken_affected {
  int present; /**< 0: the notice states none (JSON null) */
  double value;
  const char *unit;
  jiken_qualifier qualifier;
  int summed; /**< sum of parts given separately */
} jiken_affected;

/** Report number: 第3報 → {1, 3, 0}; 最終報 → {1, 0, 1}. */
typedef struct jiken_report {
  int present;
  int number; /**< 0 when not given */
  int final;
} jiken_report;

/** Free a result; NULL is a no-op. */
JIKEN_API void jiken_result_free(jiken_result *res);

/** Accessors: arrays in document order, owned by res. n may not be NULL. */
JIKEN_API const jiken_date *jiken_result_dates(const jiken_result *res,
                                               size_t *n);
JIKEN_API const jiken_count *jiken_result_counts(const jiken_result *res,
                                                 size_t *n);
JIKEN_API const jiken_finding *jiken_result_causes(const jiken_result *res,
                                                   size_t *n);
JIKEN_API const jiken_finding *
jiken_result_countermeasures(const jiken_result *res, size_t *n);
JIKEN_API const jiken_finding *jiken_result_data_items(const jiken_result *res,
                                                       size_t *n);
JIKEN_API const jiken_finding *
jiken_result_reported_to(const jiken_result *res, size_t *n);
/** Title / issuing organisation (NUL-terminated UTF-8) or NULL. */
JIKEN_API const char *jiken_result_title(const jiken_result *res);
JIKEN_API const char *jiken_result_organization(const jiken_result *res);
JIKEN_API jiken_report jiken_result_report(const jiken_result *res);
JIKEN_API jiken_affected jiken_result_affected(const jiken_result *res);
JIKEN_API jiken_leak_status jiken_result_leak_status(const jiken_result *res);
/** The original input bytes (a copy owned by res). */
JIKEN_API const char *jiken_result_input(const jiken_result *res, size_t *len);

/** Names used in JSON: "day", "detected", "approx", "confirmed", … */
JIKEN_API const char *jiken_precision_name(jiken_precision p);
JIKEN_API const char *jiken_role_name(jiken_date_role r);
JIKEN_API const char *jiken_qualifier_name(jiken_qualifier q);
JIKEN_API const char *jiken_leak_status_name(jiken_leak_status s);

#define JIKEN_JSON_PRETTY 1u /**< indent the JSON */

/**
 * The result as one JSON object (schema jiken-1, SPEC.md), NUL-terminated
 * UTF-8, no trailing newline. Returns NULL on allocation failure.
 * Free with jiken_free(). @since 0.1
 */
JIKEN_API char *jiken_result_to_json(const jiken_result *res, uint32_t flags);

/** Free memory the library handed to the caller; NULL is a no-op. */
JIKEN_API void jiken_free(void *p);

#ifdef __cplusplus
}
#endif
#endif /* JIKEN_H */
