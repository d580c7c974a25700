/*
 * internal.h — what the pipeline stages share (not installed).
 *
 * Pipeline, one file per stage, in order:
 *   input.c      validate bytes (UTF-8, NUL, size, binary)
 *   normalize.c  ICU NFKC + dash/tilde unification + PDF spacing repair,
 *                with an offset map back to the original bytes
 *   segment.c    lines, sentences, headings and the section each stands in
 *   tokenize.c   MeCab morphemes per sentence
 *   dates.c      calendar expressions
 *   counts.c     quantities with counters, the affected total
 *   rules.c      rule tables (dict/rules/NAME.rules): causes, countermeasures,
 *                data items, authorities, leak status
 *   structure.c  title, organisation, report number, digest splitting
 *   result.c     the result object, its arena and accessors
 *   json.c       result → JSON
 * extract.c runs them top to bottom.
 */
#ifndef JIKEN_INTERNAL_H
#define JIKEN_INTERNAL_H

#include "jiken.h"
#include <stdbool.h>
#include <stdint.h>

#define JIKEN__DEFAULT_MAX_INPUT ((size_t)32 << 20)

/* ---- arena: everything a result owns ---------------------------------- */
typedef struct jiken__arena_block jiken__arena_block;
typedef struct jiken__arena {
  jiken__arena_block *head;
} jiken__arena;

void *jiken__arena_alloc(jiken__arena *a, size_t size);
char *jiken__arena_strndup(jiken__arena *a, const char *s, size_t n);
void jiken__arena_free(jiken__arena *a);

/* growable array of fixed-size items, memory from malloc (owned by result) */
typedef struct jiken__vec {
  void *items;
  size_t n, cap, size;
} jiken__vec;
void *jiken__vec_push(jiken__vec *v); /* zeroed slot, NULL on ENOMEM */
/* room for `extra` more items (0, or -1 on ENOMEM); items may move */
int jiken__vec_reserve(jiken__vec *v, size_t extra);
void jiken__vec_free(jiken__vec *v);
#define JIKEN__VEC(type) {NULL, 0, 0, sizeof(type)}

/* ---- errors ------------------------------------------------------------ */
int jiken__error_set(jiken_error *err, int code, size_t offset,
                     const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int jiken__error_set_file(jiken_error *err, int code, const char *file,
                          int line, int column, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* ---- normalised text --------------------------------------------------- */
/*
 * norm[i] came from orig bytes [src_start[i], src_end[i]).  A span [s, e) of
 * norm maps to orig [src_start[s], src_end[e-1]).
 */
typedef struct jiken__text {
  const char *orig;
  size_t orig_len;
  char *norm; /* NUL-terminated */
  size_t norm_len;
  uint32_t *src_start;
  uint32_t *src_end;
} jiken__text;

typedef struct jiken__normalizer jiken__normalizer; /* shared, immutable */
jiken__normalizer *jiken__normalizer_new(jiken_error *err);
void jiken__normalizer_free(jiken__normalizer *nz);
int jiken__normalize(const jiken__normalizer *nz, const char *orig, size_t len,
                     jiken__text *out, jiken_error *err);
/* jiken_validate() then jiken__normalize(), same answers, one scan */
int jiken__normalize_input(const jiken__normalizer *nz, const char *text,
                           size_t len, size_t max_bytes, jiken__text *out,
                           jiken_error *err);
void jiken__text_free(jiken__text *t);
/* original byte span of a normalised span */
void jiken__text_span(const jiken__text *t, size_t ns, size_t ne,
                      size_t *os, size_t *oe);

/* ---- segmentation ------------------------------------------------------ */
typedef enum jiken__section {
  JIKEN__SEC_NONE = 0,  /* before any heading / unclassified heading */
  JIKEN__SEC_OVERVIEW,  /* 概要 */
  JIKEN__SEC_TIMELINE,  /* 経緯, 発覚 */
  JIKEN__SEC_CAUSE,     /* 原因 */
  JIKEN__SEC_DAMAGE,    /* 漏えいした情報, 影響範囲, 対象 */
  JIKEN__SEC_RESPONSE,  /* 対応, 対応状況 */
  JIKEN__SEC_PREVENTION,/* 再発防止策, 今後の対応/対策 */
  JIKEN__SEC_CONTACT,   /* お問い合わせ */
  JIKEN__SEC_COUNT
} jiken__section;

typedef struct jiken__sentence {
  size_t start, end;      /* bytes of norm, end excludes the newline */
  bool heading;           /* a heading line (1.発覚の経緯, ■原因, 【…】) */
  jiken__section section; /* the section it stands in (headings: their own) */
  size_t tok_first, tok_count; /* into jiken__doc.tokens */
} jiken__sentence;

/* ---- tokens ------------------------------------------------------------ */
typedef struct jiken__token {
  uint32_t start, end; /* bytes of norm; end - start is the surface length */
  const char *surface; /* NUL-terminated copies, owned by the doc arena */
  const char *pos;     /* 名詞 */
  const char *pos1;    /* サ変接続 */
  const char *base;    /* base form, or surface when '*' */
  /* strlen of pos, pos1, base (at most 65535: longer is clipped, and no
   * field of a real dictionary comes near) */
  uint16_t pos_len, pos1_len, base_len;
} jiken__token;

/* The analysed notice handed to every extractor. */
typedef struct jiken__doc {
  jiken__text text;
  jiken__vec sentences; /* jiken__sentence */
  jiken__vec tokens;    /* jiken__token */
  jiken__arena arena;   /* token strings */
  /* MeCab tagger + lattice + lexeme cache, held from jiken__tokenize() to
   * jiken__doc_free(): tokens' POS and base strings live in its cache */
  struct tagger_pair *tagger_pair;
  const struct jiken__tokenizer *tokenizer;
} jiken__doc;

int jiken__segment(jiken__doc *doc, jiken_error *err);
const char *jiken__section_name(jiken__section s);

typedef struct jiken__tokenizer jiken__tokenizer; /* shared MeCab model */
jiken__tokenizer *jiken__tokenizer_new(const char *dicdir, const char *userdic,
                                       jiken_error *err);
void jiken__tokenizer_free(jiken__tokenizer *tk);
/* tokenise every sentence of doc (per-call tagger + lattice) */
int jiken__tokenize(const jiken__tokenizer *tk, jiken__doc *doc,
                    jiken_error *err);
/* tests: how many dictionary entries a tagger's lexeme cache holds before
 * it is emptied (default and maximum 6144) */
void jiken__tokenizer_set_lexeme_limit(jiken__tokenizer *tk, size_t n);
/* give the doc's tagger back to the tokenizer's pool (jiken__doc_free) */
void jiken__tokenize_release(jiken__doc *doc);

/* ---- the result (opaque in jiken.h) ------------------------------------ */
struct jiken_result {
  jiken__arena arena;   /* strings */
  char *input;          /* copy of the original input */
  size_t input_len;
  jiken__vec dates;     /* jiken_date */
  jiken__vec counts;    /* jiken_count */
  jiken__vec causes;    /* jiken_finding */
  jiken__vec countermeasures;
  jiken__vec data_items;
  jiken__vec reported_to;
  const char *title;
  const char *organization;
  jiken_report report;
  jiken_affected affected;
  jiken_leak_status leak_status;
};

jiken_result *jiken__result_new(const char *input, size_t len);
/* add a finding unless one with the same category (and negation) exists;
 * the span is in NORMALISED bytes and is mapped here. */
int jiken__result_add_finding(jiken_result *res, jiken__vec *list,
                              const jiken__text *t, const char *category,
                              size_t ns, size_t ne, int negated);

/* ---- the compiled extractor -------------------------------------------- */
typedef struct jiken__dates jiken__dates;   /* compiled date patterns */
typedef struct jiken__counts jiken__counts; /* compiled count patterns */
typedef struct jiken__rules jiken__rules;   /* compiled rule tables */
typedef struct jiken__structure jiken__structure;

struct jiken_extractor {
  size_t max_input;
  char reference_date[11]; /* "" when none */
  jiken__normalizer *normalizer;
  jiken__tokenizer *tokenizer;
  jiken__dates *dates;
  jiken__counts *counts;
  jiken__rules *rules;
  jiken__structure *structure;
};

/* Each extractor stage: _new compiles (shared, immutable), _run fills res. */
jiken__dates *jiken__dates_new(jiken_error *err);
void jiken__dates_free(jiken__dates *d);
int jiken__dates_run(const jiken__dates *d, const jiken__doc *doc,
                     const char *reference_date, jiken_result *res);

jiken__counts *jiken__counts_new(jiken_error *err);
void jiken__counts_free(jiken__counts *c);
int jiken__counts_run(const jiken__counts *c, const jiken__doc *doc,
                      jiken_result *res);

jiken__rules *jiken__rules_new(const char *rules_dir, jiken_error *err);
void jiken__rules_free(jiken__rules *r);
int jiken__rules_run(const jiken__rules *r, const jiken__doc *doc,
                     jiken_result *res);

jiken__structure *jiken__structure_new(jiken_error *err);
void jiken__structure_free(jiken__structure *s);
int jiken__structure_run(const jiken__structure *s, const jiken__doc *doc,
                         jiken_result *res);
int jiken__split(const jiken__structure *s, const char *text, size_t len,
                 jiken__vec *spans /* jiken_notice_span */, jiken_error *err);

/* Build the analysed doc (normalise, segment, tokenise): used by
 * jiken_extract() and by the unit tests. */
int jiken__doc_build(const jiken_extractor *ex, const char *text, size_t len,
                     jiken__doc *doc, jiken_error *err);
void jiken__doc_free(jiken__doc *doc);

/* ---- numbers (numerals.c) ---------------------------------------------- */
#define JIKEN__NUM_COMMA 1u   /* 60,000 */
#define JIKEN__NUM_DECIMAL 2u /* 6.5 */
#define JIKEN__NUM_KANJI 4u   /* 二千四百九, 二〇二三, 十八 */
#define JIKEN__NUM_UNITS 8u   /* 万 億 兆: 6.5万, 1億2千万 */
#define JIKEN__NUM_ALL 15u
/* Parse the number at s[0..n); returns bytes consumed (0: none) and sets
 * *value.  More than 15 significant digits is not a number. */
size_t jiken__parse_number(const char *s, size_t n, unsigned flags,
                           double *value);

/* the three bytes at s[i] as one 24-bit value (the caller checks that
 * they are there): how the stages compare three-byte characters */
static inline uint32_t jiken__char3(const char *s, size_t i) {
  const unsigned char *u = (const unsigned char *)s + i;
  return (uint32_t)u[0] << 16 | (uint32_t)u[1] << 8 | u[2];
}

/* the value 0..9 of a kanji digit (〇 零 一 … 九) given by jiken__char3,
 * or -1 */
static inline int jiken__kanji_digit3(uint32_t v) {
  switch (v) {
  case 0xE38087: /* 〇 */
  case 0xE99BB6: /* 零 */
    return 0;
  case 0xE4B880: /* 一 */
    return 1;
  case 0xE4BA8C: /* 二 */
    return 2;
  case 0xE4B889: /* 三 */
    return 3;
  case 0xE59B9B: /* 四 */
    return 4;
  case 0xE4BA94: /* 五 */
    return 5;
  case 0xE585AD: /* 六 */
    return 6;
  case 0xE4B883: /* 七 */
    return 7;
  case 0xE585AB: /* 八 */
    return 8;
  case 0xE4B99D: /* 九 */
    return 9;
  default:
    return -1;
  }
}

/* 十 百 千 given by jiken__char3 */
static inline bool jiken__kanji_small_unit3(uint32_t v) {
  return v == 0xE58D81 || v == 0xE799BE || v == 0xE58D83;
}

/* ---- small UTF-8 helpers ---------------------------------------------- */
/* decode one code point at s[i] (i < n); returns its length, *cp = -1 on
 * invalid input */
int jiken__utf8_next(const char *s, size_t n, size_t i, int32_t *cp);

#endif
