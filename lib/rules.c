/*
 * rules.c — rule tables from dict/rules/NAME.rules (causes, countermeasures,
 * data items, authorities, leak status).
 * Takes: the analysed doc (sentences, sections, MeCab tokens).
 * Gives: res->causes, countermeasures, data_items (with negated),
 * reported_to and leak_status.
 *
 * The rule language is documented in dict/README.md.  In short, one rule
 * per line:
 *
 *   KIND CATEGORY [FLAG...]: ELEMENT...
 *
 * where ELEMENT is a literal (`漏えい|漏洩`, `"text"`), a regex (`/…/`), a
 * token test (`base=導入`, `pos=動詞&base=/^盗/`) or a gap (`..3`, `...`).
 * Each rule is matched inside one sentence; the clause after its start is
 * inspected for negation (ません, ない, ず, なし, 未…) and hypotheticals
 * (the `set hyp:` words: おそれ, 可能性, …), and the sentence's section and
 * heading flag can be required or forbidden.
 *
 * Everything is compiled once in jiken__rules_new(): regexes with PCRE2 JIT
 * (twice: as written, and anchored, since JIT does not run a match-time
 * PCRE2_ANCHORED), regexes that are plain alternations of words become
 * literal sets, and rules are indexed by how they start: the literals of
 * a literal first element; the literal prefixes of a regex's alternatives,
 * when the regex shows them (regex_first(); else one unanchored scan per
 * sentence); a token test.  Each distinct literal is listed once, under
 * its first two code points (build_lits()).  A sentence is walked once,
 * code point by code point; at each, the literals listed under it and the
 * next code point are compared once, and only the rules they start are
 * tried, in rule order.  After a gap, the positions where the next element
 * cannot start are skipped.  Skipped attempts still count against
 * MATCH_BUDGET (the positions holding a first code point of a rule where
 * none of its literals stood are counted per code point, and added to the
 * rule's budget before its next attempt), so which matches are found does
 * not depend on these shortcuts.
 */
#include "internal.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* for the few small helpers of the matching loops */
#if defined(__GNUC__) || defined(__clang__)
#define HOT_INLINE static inline __attribute__((always_inline))
#else
#define HOT_INLINE static inline
#endif

/* ---- categories (SPEC tables) ------------------------------------------ */
enum rule_kind { K_CAUSE, K_COUNTER, K_DATA, K_REPORT, K_LEAK, K_COUNT };

static const char *const kind_names[K_COUNT] = {"cause", "countermeasure",
                                                "data", "report", "leak"};

static const char *const cat_cause[] = {
    "ransomware",       "malware",     "unauthorized_access",
    "account_compromise", "vulnerability", "phishing",
    "web_tampering",    "misconfiguration", "misdelivery",
    "human_error",      "loss",        "theft",
    "insider",          "ddos",        "contractor",
    NULL};
static const char *const cat_counter[] = {
    "isolation",   "investigation", "password_reset", "mfa",
    "edr_monitoring", "patching",   "access_control", "training",
    "process",     "governance",    "encryption",     "mail_controls",
    "device_controls", "rebuild",   "notification",   "recovery",
    NULL};
static const char *const cat_data[] = {
    "name",        "address",   "phone",     "email",       "birthdate",
    "gender",      "age",       "affiliation", "id_number", "credentials",
    "credit_card", "bank_account", "my_number", "health",   "financial",
    "history",     "image",     NULL};
static const char *const cat_report[] = {"ppc", "police", "regulator",
                                         "security_org", NULL};
/* leak categories, in increasing precedence (index = precedence):
 * "presumed" is a suspected leak that a stated "none" overrides (an item
 * lost and not found); it is reported as suspected. */
static const char *const cat_leak[] = {"unknown", "presumed", "none",
                                       "suspected", "confirmed", NULL};
static const char *const *const kind_cats[K_COUNT] = {
    cat_cause, cat_counter, cat_data, cat_report, cat_leak};

/* ---- compiled rules ---------------------------------------------------- */
enum elem_kind { E_LIT, E_RE, E_TOK, E_GAP };
enum tok_field { F_SURFACE, F_BASE, F_POS, F_POS1 };

typedef struct tokcond {
  int field;
  const char *lit; /* exact value, or NULL when re is set */
  pcre2_code *re;
} tokcond;

typedef struct element {
  int kind;
  const char **lits; /* E_LIT: alternatives */
  size_t *litlen;
  uint32_t *litpre, *litmask; /* first (up to) 4 bytes of each, and mask */
  size_t nlits;
  pcre2_code *re;  /* E_RE */
  pcre2_code *are; /* E_RE compiled anchored: JIT does not run a match-time
                      PCRE2_ANCHORED */
  const char *src; /* E_RE: the (unescaped) pattern */
  size_t srclen;
  uint64_t *first; /* E_LIT, E_RE: bit (cp & 1023) set for each code point
                      cp a match can start with; NULL when not known */
  tokcond *conds; /* E_TOK */
  size_t nconds;
  int gap; /* E_GAP: at most this many tokens */
} element;

/* context requirements: -1 forbid, 0 either, 1 require */
typedef struct rule {
  int kind;
  int cat; /* index into kind_cats[kind] */
  element *els;
  size_t nels;
  int neg, hyp, heading;
  unsigned sec_in, sec_out; /* bitmasks of 1u << jiken__section; 0 = any */
  uint16_t ok; /* sentence_ok() by sent_key(): bit (section << 1 | heading) */
} rule;

typedef struct wordset {
  const char **w;
  size_t *len;
  uint32_t *pre, *mask; /* first (up to) 4 bytes of each word, and mask */
  size_t n;
  uint64_t *first; /* BMP bitmap of the words' first code points; a word
                      starting outside the BMP sets big */
  bool big;
} wordset;

typedef struct cp_entry {
  int32_t cp;
  uint32_t rule;
  uint64_t alts; /* by_cp: the first element's alternatives (bit k for
                    alternative k < 64) that start with cp */
} cp_entry;

typedef struct re_entry {
  int32_t cp;    /* first code point of w */
  uint32_t k;    /* index into re_first */
  const char *w; /* a literal every match of some alternative starts with */
  size_t len;
} re_entry;

/* The literal index.  Every literal a rule can start with (an alternative
 * of a literal first element, a prefix of a regex first element) is listed
 * once, under its first two code points (or its only one), with the rules
 * it starts (refs). */
typedef struct kref {
  uint32_t idx;  /* re: index into re_first; else the rule */
  bool re;
  uint64_t alts; /* !re: the first element's alternatives k < 64 that are
                    this literal (bit k) */
} kref;

typedef struct klit {
  const char *w;
  size_t len;
  uint32_t pre, mask; /* prefix4() */
  uint32_t ref_lo, ref_hi; /* into refs */
} klit;

/* by code point: literals of that one code point, whether longer ones
 * exist (listed in kh), and the code point's counter (occ_id, -1 when no
 * literal-first rule starts with it) */
typedef struct cp_slot {
  int32_t cp; /* -1: empty */
  int32_t occ_id;
  uint32_t lit1_lo, lit1_hi; /* into lits */
  uint32_t key_lo, key_hi;   /* into keys: literals of two code points or
                                more, by their second */
  uint64_t key_mask;         /* bit (cp2 & 63) of each key's cp2 */
} cp_slot;

/* a second code point: the literals starting with the slot's code point
 * and this one */
typedef struct key_slot {
  int32_t cp2;
  uint32_t lit_lo, lit_hi; /* into lits */
} key_slot;

struct jiken__rules {
  jiken__arena arena;  /* strings, elements */
  jiken__vec rules;    /* rule */
  jiken__vec codes;    /* pcre2_code *, to free */
  cp_entry *by_cp;     /* rules starting with a literal, by first code point */
  size_t n_by_cp;
  uint32_t *tok_first; /* rules starting with a token test */
  size_t n_tok_first;
  uint32_t *re_first; /* rules starting with a regex */
  size_t n_re_first;
  /* regex-first rules whose matches can only start with known code
   * points: (code point, index into re_first); re_any[k] is set for the
   * others, which are found by an unanchored scan */
  re_entry *re_by_cp;
  size_t n_re_by_cp;
  unsigned char *re_any;
  uint32_t *re_any_k; /* the k with re_any[k], in order */
  size_t n_re_any;
  cp_slot *cph; /* open addressing, by code point */
  size_t cph_mask;
  uint16_t *bmp; /* by BMP code point: index into cph + 1, 0 for none;
                    NULL when cph is too large for it */
  key_slot *keys; /* by slot, then second code point */
  size_t n_keys;
  klit *lits;
  size_t n_lits;
  kref *refs;
  size_t n_refs;
  size_t max_hits; /* most refs one position can reach */
  /* Skipped attempts of a literal-first rule are counted lazily: occ
   * counts, per sentence, the positions of each code point (by occ_id)
   * that starts one; rocc[rocc_lo[ri] .. rocc_lo[ri + 1]) are the occ_ids
   * of rule ri's first code points. */
  uint32_t n_occ;
  uint32_t *rocc, *rocc_lo;
  uint64_t cpbits[0x10000 / 64]; /* BMP code points listed in by_cp or
                                    re_by_cp */
  wordset hyp;     /* hypothetical cue words (set hyp:) */
  wordset neutral; /* predicates whose negation does not negate a data item */
  wordset lack;    /* 不足, 不備: a control that was missing (negation) */
  wordset datacue; /* words showing a sentence is about personal data */
};

/* ---- loading ----------------------------------------------------------- */
typedef struct parser {
  jiken__rules *r;
  const char *file;
  int line;
  const char *ls;  /* start of the current line */
  const char *p;   /* cursor */
  const char *le;  /* end of the line */
  jiken_error *err;
  bool have_format;
} parser;

/* 1-based column of p, counted in code points */
static int col_of(const parser *ps, const char *p) {
  int col = 1;
  for (const char *q = ps->ls; q < p; q++)
    if (((unsigned char)*q & 0xC0) != 0x80)
      col++;
  return col;
}

static int syntax(parser *ps, const char *at, const char *what) {
  return jiken__error_set_file(ps->err, JIKEN_ERULES, ps->file, ps->line,
                               col_of(ps, at), "expected %s", what);
}

static void skip_ws(parser *ps) {
  while (ps->p < ps->le && (*ps->p == ' ' || *ps->p == '\t'))
    ps->p++;
}

static bool at_end(parser *ps) {
  skip_ws(ps);
  return ps->p >= ps->le || *ps->p == '#';
}

static bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_';
}

/* an ASCII word [A-Za-z0-9_]+ at the cursor */
static size_t read_word(parser *ps, const char **w) {
  *w = ps->p;
  while (ps->p < ps->le && is_word_char(*ps->p))
    ps->p++;
  return (size_t)(ps->p - *w);
}

static bool word_is(const char *w, size_t n, const char *s) {
  return strlen(s) == n && memcmp(w, s, n) == 0;
}

static char *dup_n(parser *ps, const char *s, size_t n) {
  return jiken__arena_strndup(&ps->r->arena, s, n);
}

static int oom(parser *ps) {
  return jiken__error_set(ps->err, JIKEN_ENOMEM, (size_t)-1, NULL);
}

/* Is pattern a plain alternation of literal words (no metacharacters)? */
static bool plain_alternation(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (strchr("\\.^$*+?()[]{}", s[i]))
      return false;
  return n > 0;
}

/* split "a|b|c" into an E_LIT element */
static int make_litset(parser *ps, element *e, const char *s, size_t n,
                       const char *at) {
  size_t k = 1;
  for (size_t i = 0; i < n; i++)
    k += s[i] == '|';
  e->kind = E_LIT;
  e->lits = jiken__arena_alloc(&ps->r->arena, k * sizeof *e->lits);
  e->litlen = jiken__arena_alloc(&ps->r->arena, k * sizeof *e->litlen);
  if (!e->lits || !e->litlen)
    return oom(ps);
  e->nlits = 0;
  size_t a = 0;
  for (size_t i = 0; i <= n; i++)
    if (i == n || s[i] == '|') {
      if (i == a)
        return syntax(ps, at, "a word between '|' separators");
      if (!(e->lits[e->nlits] = dup_n(ps, s + a, i - a)))
        return oom(ps);
      e->litlen[e->nlits++] = i - a;
      a = i + 1;
    }
  return JIKEN_OK;
}

/* compile pattern s[0..n) (already unescaped), starting at column of at */
static int compile_re_opt(parser *ps, const char *s, size_t n, const char *at,
                          uint32_t opt, pcre2_code **out) {
  int ec;
  PCRE2_SIZE eo;
  pcre2_code *re = pcre2_compile((PCRE2_SPTR)s, n, PCRE2_UTF | PCRE2_UCP | opt,
                                 &ec, &eo, NULL);
  if (!re) {
    PCRE2_UCHAR msg[160];
    pcre2_get_error_message(ec, msg, sizeof msg);
    /* column: the opening slash + 1 + code points before the error */
    int col = col_of(ps, at) + 1;
    for (size_t i = 0; i < eo && i < n; i++)
      if (((unsigned char)s[i] & 0xC0) != 0x80)
        col++;
    return jiken__error_set_file(ps->err, JIKEN_EREGEX, ps->file, ps->line,
                                 col, "bad regular expression: %s",
                                 (const char *)msg);
  }
  pcre2_jit_compile(re, PCRE2_JIT_COMPLETE); /* falls back to interpreter */
  pcre2_code **slot = jiken__vec_push(&ps->r->codes);
  if (!slot) {
    pcre2_code_free(re);
    return oom(ps);
  }
  *slot = re;
  *out = re;
  return JIKEN_OK;
}

static int compile_re(parser *ps, const char *s, size_t n, const char *at,
                      pcre2_code **out) {
  return compile_re_opt(ps, s, n, at, 0, out);
}

/* a /regex/ at the cursor; the unescaped pattern goes to s, n (arena) */
static int read_regex(parser *ps, char **s, size_t *n) {
  const char *open = ps->p++;
  char *buf = jiken__arena_alloc(&ps->r->arena, (size_t)(ps->le - ps->p) + 1);
  if (!buf)
    return oom(ps);
  size_t k = 0;
  while (ps->p < ps->le && *ps->p != '/') {
    if (*ps->p == '\\' && ps->p + 1 < ps->le && ps->p[1] == '/') {
      buf[k++] = '/';
      ps->p += 2;
      continue;
    }
    if (*ps->p == '\\' && ps->p + 1 < ps->le)
      buf[k++] = *ps->p++;
    buf[k++] = *ps->p++;
  }
  if (ps->p >= ps->le)
    return syntax(ps, ps->p, "'/' closing the regular expression");
  ps->p++;
  if (k == 0)
    return syntax(ps, open + 1, "a non-empty regular expression");
  buf[k] = '\0';
  *s = buf;
  *n = k;
  return JIKEN_OK;
}

/* end of a bare word: whitespace or end of line */
static const char *bare_end(const parser *ps) {
  const char *q = ps->p;
  while (q < ps->le && *q != ' ' && *q != '\t')
    q++;
  return q;
}

static int parse_tokcond(parser *ps, tokcond *c) {
  const char *at = ps->p, *w;
  size_t n = read_word(ps, &w);
  if (word_is(w, n, "surface"))
    c->field = F_SURFACE;
  else if (word_is(w, n, "base"))
    c->field = F_BASE;
  else if (word_is(w, n, "pos"))
    c->field = F_POS;
  else if (word_is(w, n, "pos1"))
    c->field = F_POS1;
  else
    return syntax(ps, at, "a token field (surface, base, pos or pos1)");
  if (ps->p >= ps->le || *ps->p != '=')
    return syntax(ps, ps->p, "'=' after the token field");
  ps->p++;
  if (ps->p < ps->le && *ps->p == '/') {
    const char *open = ps->p;
    char *s;
    size_t sn;
    int rc = read_regex(ps, &s, &sn);
    if (rc == JIKEN_OK)
      rc = compile_re(ps, s, sn, open, &c->re);
    return rc;
  }
  const char *v = ps->p;
  while (ps->p < ps->le && *ps->p != ' ' && *ps->p != '\t' && *ps->p != '&')
    ps->p++;
  if (ps->p == v)
    return syntax(ps, v, "a value or /regex/ after '='");
  if (!(c->lit = dup_n(ps, v, (size_t)(ps->p - v))))
    return oom(ps);
  return JIKEN_OK;
}

static bool is_tokcond_start(const parser *ps) {
  static const char *const keys[] = {"surface=", "base=", "pos=", "pos1="};
  for (size_t i = 0; i < 4; i++) {
    size_t k = strlen(keys[i]);
    if ((size_t)(ps->le - ps->p) >= k && memcmp(ps->p, keys[i], k) == 0)
      return true;
  }
  return false;
}

static int parse_element(parser *ps, element *e) {
  const char *at = ps->p;
  memset(e, 0, sizeof *e);
  if (*ps->p == '/') {
    char *s;
    size_t n;
    int rc = read_regex(ps, &s, &n);
    if (rc != JIKEN_OK)
      return rc;
    if (plain_alternation(s, n))
      return make_litset(ps, e, s, n, at);
    e->kind = E_RE;
    e->src = s;
    e->srclen = n;
    rc = compile_re(ps, s, n, at, &e->re);
    if (rc == JIKEN_OK)
      rc = compile_re_opt(ps, s, n, at, PCRE2_ANCHORED, &e->are);
    return rc;
  }
  if (*ps->p == '"') {
    const char *s = ++ps->p;
    while (ps->p < ps->le && *ps->p != '"')
      ps->p++;
    if (ps->p >= ps->le)
      return syntax(ps, ps->p, "'\"' closing the literal");
    if (ps->p == s)
      return syntax(ps, s, "a non-empty literal");
    size_t n = (size_t)(ps->p - s);
    ps->p++;
    e->kind = E_LIT;
    e->lits = jiken__arena_alloc(&ps->r->arena, sizeof *e->lits);
    e->litlen = jiken__arena_alloc(&ps->r->arena, sizeof *e->litlen);
    if (!e->lits || !e->litlen || !(e->lits[0] = dup_n(ps, s, n)))
      return oom(ps);
    e->litlen[0] = n;
    e->nlits = 1;
    return JIKEN_OK;
  }
  if (ps->le - ps->p >= 2 && ps->p[0] == '.' && ps->p[1] == '.') {
    e->kind = E_GAP;
    ps->p += 2;
    if (ps->p < ps->le && *ps->p == '.') {
      ps->p++;
      e->gap = 8;
    } else {
      if (ps->p >= ps->le || *ps->p < '0' || *ps->p > '9')
        return syntax(ps, ps->p, "a token count after '..' (e.g. ..3) or '...'");
      int g = 0;
      while (ps->p < ps->le && *ps->p >= '0' && *ps->p <= '9' && g < 1000)
        g = g * 10 + (*ps->p++ - '0');
      e->gap = g;
    }
    if (ps->p < ps->le && *ps->p != ' ' && *ps->p != '\t')
      return syntax(ps, ps->p, "a space after the gap");
    return JIKEN_OK;
  }
  if (is_tokcond_start(ps)) {
    tokcond conds[8];
    size_t nc = 0;
    for (;;) {
      if (nc == 8)
        return syntax(ps, ps->p, "at most 8 conditions in a token test");
      int rc = parse_tokcond(ps, &conds[nc++]);
      if (rc != JIKEN_OK)
        return rc;
      if (ps->p < ps->le && *ps->p == '&') {
        ps->p++;
        if (!is_tokcond_start(ps))
          return syntax(ps, ps->p, "a token test (surface=, base=, pos=, pos1=) after '&'");
        continue;
      }
      break;
    }
    if (ps->p < ps->le && *ps->p != ' ' && *ps->p != '\t')
      return syntax(ps, ps->p, "'&' or a space after the token test");
    e->kind = E_TOK;
    e->conds = jiken__arena_alloc(&ps->r->arena, nc * sizeof *conds);
    if (!e->conds)
      return oom(ps);
    memcpy(e->conds, conds, nc * sizeof *conds);
    e->nconds = nc;
    return JIKEN_OK;
  }
  const char *end = bare_end(ps);
  const char *s = ps->p;
  if (strchr("+-?", *s)) {
    const char *w;
    ps->p++;
    size_t n = read_word(ps, &w);
    if (word_is(w, n, "neg") || word_is(w, n, "hyp") ||
        word_is(w, n, "heading") || word_is(w, n, "in") ||
        word_is(w, n, "notin"))
      return syntax(ps, s, "an element (flags go before ':')");
    ps->p = s;
  }
  for (const char *q = s; q < end; q++)
    if (strchr("\"/=&()", *q) || (q + 1 < end && q[0] == '.' && q[1] == '.'))
      return syntax(ps, q,
                    "a word (quote a literal holding \" / = & ( ) or .., "
                    "or write a /regex/)");
  ps->p = end;
  return make_litset(ps, e, s, (size_t)(end - s), at);
}

static const char *const section_names[JIKEN__SEC_COUNT] = {
    "none",     "overview", "timeline",   "cause",
    "damage",   "response", "prevention", "contact"};

static int parse_sections(parser *ps, unsigned *mask) {
  for (;;) {
    const char *at = ps->p, *w;
    size_t n = read_word(ps, &w);
    int found = -1;
    for (int i = 0; i < JIKEN__SEC_COUNT; i++)
      if (word_is(w, n, section_names[i]))
        found = i;
    if (found < 0)
      return syntax(ps, at,
                    "a section name (none, overview, timeline, cause, damage, "
                    "response, prevention, contact)");
    *mask |= 1u << found;
    if (ps->p < ps->le && *ps->p == ',') {
      ps->p++;
      continue;
    }
    return JIKEN_OK;
  }
}

static int parse_set(parser *ps) {
  skip_ws(ps);
  const char *at = ps->p, *w;
  size_t n = read_word(ps, &w);
  wordset *ws;
  if (word_is(w, n, "hyp"))
    ws = &ps->r->hyp;
  else if (word_is(w, n, "neutral"))
    ws = &ps->r->neutral;
  else if (word_is(w, n, "lack"))
    ws = &ps->r->lack;
  else if (word_is(w, n, "datacue"))
    ws = &ps->r->datacue;
  else
    return syntax(ps, at, "a set name (hyp, neutral, lack or datacue)");
  skip_ws(ps);
  if (ps->p >= ps->le || *ps->p != ':')
    return syntax(ps, ps->p, "':' after the set name");
  ps->p++;
  while (!at_end(ps)) {
    const char *s = ps->p, *e = bare_end(ps);
    ps->p = e;
    const char **nw = realloc(ws->w, (ws->n + 1) * sizeof *nw);
    if (!nw)
      return oom(ps);
    ws->w = nw;
    size_t *nl = realloc(ws->len, (ws->n + 1) * sizeof *nl);
    if (!nl)
      return oom(ps);
    ws->len = nl;
    if (!(ws->w[ws->n] = dup_n(ps, s, (size_t)(e - s))))
      return oom(ps);
    ws->len[ws->n++] = (size_t)(e - s);
  }
  return JIKEN_OK;
}

static int parse_rule(parser *ps, int kind) {
  rule ru;
  memset(&ru, 0, sizeof ru);
  ru.kind = kind;
  /* defaults per kind (dict/README.md) */
  if (kind == K_CAUSE || kind == K_COUNTER || kind == K_REPORT)
    ru.neg = -1;
  if (kind == K_COUNTER)
    ru.sec_out = 1u << JIKEN__SEC_CAUSE;
  skip_ws(ps);
  const char *at = ps->p, *w;
  size_t n = read_word(ps, &w);
  ru.cat = -1;
  for (int i = 0; kind_cats[kind][i]; i++)
    if (word_is(w, n, kind_cats[kind][i]))
      ru.cat = i;
  if (ru.cat < 0) {
    char what[64];
    snprintf(what, sizeof what, "a %s category from SPEC.md (e.g. %s)",
             kind_names[kind], kind_cats[kind][0]);
    return syntax(ps, at, what);
  }
  for (;;) {
    skip_ws(ps);
    if (ps->p >= ps->le)
      return syntax(ps, ps->p, "':' before the rule's elements");
    if (*ps->p == ':') {
      ps->p++;
      break;
    }
    at = ps->p;
    char sign = *ps->p;
    if (sign == '+' || sign == '-' || sign == '?') {
      ps->p++;
      n = read_word(ps, &w);
      int v = sign == '+' ? 1 : sign == '-' ? -1 : 0;
      if (word_is(w, n, "neg"))
        ru.neg = v;
      else if (word_is(w, n, "hyp"))
        ru.hyp = v;
      else if (word_is(w, n, "heading"))
        ru.heading = v;
      else
        return syntax(ps, at + 1, "neg, hyp or heading after the sign");
      continue;
    }
    n = read_word(ps, &w);
    if ((word_is(w, n, "in") || word_is(w, n, "notin")) && ps->p < ps->le &&
        *ps->p == '=') {
      bool in = w[0] == 'i';
      ps->p++;
      unsigned mask = 0;
      if (ps->p + 3 <= ps->le && memcmp(ps->p, "any", 3) == 0) {
        ps->p += 3;
      } else {
        int rc = parse_sections(ps, &mask);
        if (rc != JIKEN_OK)
          return rc;
      }
      if (in)
        ru.sec_in = mask;
      else
        ru.sec_out = mask;
      continue;
    }
    return syntax(ps, at,
                  "a flag (+neg -neg ?neg +hyp -hyp ?hyp +heading -heading "
                  "in=SECTIONS notin=SECTIONS) or ':'");
  }
  element els[32];
  size_t ne = 0;
  while (!at_end(ps)) {
    if (ne == 32)
      return syntax(ps, ps->p, "at most 32 elements in a rule");
    const char *eat = ps->p;
    int rc = parse_element(ps, &els[ne]);
    if (rc != JIKEN_OK)
      return rc;
    if (els[ne].kind == E_GAP && (ne == 0 || els[ne - 1].kind == E_GAP))
      return syntax(ps, eat, "a literal, /regex/ or token test before a gap");
    ne++;
  }
  if (ne == 0)
    return syntax(ps, ps->p, "at least one element after ':'");
  if (els[ne - 1].kind == E_GAP)
    return syntax(ps, ps->p, "an element after the final gap");
  ru.els = jiken__arena_alloc(&ps->r->arena, ne * sizeof *els);
  if (!ru.els)
    return oom(ps);
  memcpy(ru.els, els, ne * sizeof *els);
  ru.nels = ne;
  rule *slot = jiken__vec_push(&ps->r->rules);
  if (!slot)
    return oom(ps);
  *slot = ru;
  return JIKEN_OK;
}

static int parse_line(parser *ps) {
  if (at_end(ps))
    return JIKEN_OK;
  const char *at = ps->p, *w;
  size_t n = read_word(ps, &w);
  if (!ps->have_format) {
    if (!word_is(w, n, "format"))
      return syntax(ps, at, "'format 1' as the first line");
    skip_ws(ps);
    const char *num = ps->p;
    long v = 0;
    if (ps->p >= ps->le || *ps->p < '0' || *ps->p > '9')
      return syntax(ps, num, "a format number after 'format'");
    while (ps->p < ps->le && *ps->p >= '0' && *ps->p <= '9' && v < 100000)
      v = v * 10 + (*ps->p++ - '0');
    if (!at_end(ps))
      return syntax(ps, ps->p, "end of line after the format number");
    if (v != JIKEN_RULES_FORMAT)
      return jiken__error_set_file(
          ps->err, JIKEN_EDICTVERSION, ps->file, ps->line, col_of(ps, num),
          "rule format %ld, this library reads format %d", v,
          JIKEN_RULES_FORMAT);
    ps->have_format = true;
    return JIKEN_OK;
  }
  int rc;
  if (word_is(w, n, "set")) {
    rc = parse_set(ps);
  } else {
    int kind = -1;
    for (int k = 0; k < K_COUNT; k++)
      if (word_is(w, n, kind_names[k]))
        kind = k;
    if (kind < 0)
      return syntax(ps, at,
                    "a rule kind (cause, countermeasure, data, report, leak) "
                    "or 'set'");
    if (ps->p < ps->le && *ps->p != ' ' && *ps->p != '\t')
      return syntax(ps, ps->p, "a space after the rule kind");
    rc = parse_rule(ps, kind);
  }
  if (rc == JIKEN_OK && !at_end(ps))
    rc = syntax(ps, ps->p, "end of line");
  return rc;
}

/* a rule table is a few KiB; anything past this is not one */
#define RULES_FILE_MAX (16 << 20)

static int load_file(jiken__rules *r, const char *path, jiken_error *err) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return jiken__error_set_file(err, JIKEN_EIO, path, 0, 0,
                                 "cannot open: %s", strerror(errno));
  char *buf = NULL;
  size_t n = 0, cap = 0;
  for (;;) {
    if (n > RULES_FILE_MAX) { /* refuse before reading all of it */
      free(buf);
      fclose(f);
      return jiken__error_set_file(err, JIKEN_ERULES, path, 0, 0,
                                   "rule file larger than %d MiB",
                                   RULES_FILE_MAX >> 20);
    }
    if (cap - n < 4096) {
      cap = cap ? cap * 2 : 65536;
      char *nb = realloc(buf, cap);
      if (!nb) {
        free(buf);
        fclose(f);
        return jiken__error_set(err, JIKEN_ENOMEM, (size_t)-1, NULL);
      }
      buf = nb;
    }
    size_t got = fread(buf + n, 1, cap - n - 1, f);
    n += got;
    if (got == 0)
      break;
  }
  bool bad = ferror(f);
  fclose(f);
  if (bad) {
    free(buf);
    return jiken__error_set_file(err, JIKEN_EIO, path, 0, 0, "read error");
  }
  buf[n] = '\0';
  parser ps = {r, path, 0, buf, buf, buf, err, false};
  const char *s = buf, *end = buf + n;
  if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) /* BOM */
    s += 3;
  int rc = JIKEN_OK;
  while (s < end && rc == JIKEN_OK) {
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    const char *le = nl ? nl : end;
    ps.line++;
    ps.ls = ps.p = s;
    ps.le = le > s && le[-1] == '\r' ? le - 1 : le;
    int32_t cp;
    for (size_t i = 0; i < (size_t)(ps.le - s);) { /* UTF-8 check */
      int k = jiken__utf8_next(s, (size_t)(ps.le - s), i, &cp);
      if (cp < 0) {
        rc = jiken__error_set_file(err, JIKEN_ERULES, path, ps.line,
                                   col_of(&ps, s + i), "expected UTF-8 text");
        break;
      }
      i += (size_t)k;
    }
    if (rc == JIKEN_OK)
      rc = parse_line(&ps);
    s = le + 1;
  }
  if (rc == JIKEN_OK && !ps.have_format)
    rc = jiken__error_set_file(err, JIKEN_ERULES, path, ps.line > 0 ? ps.line : 1,
                               1, "expected 'format 1' as the first line");
  free(buf);
  return rc;
}


/* ---- prefilter for rules that start with a regex ----------------------- */
/* The first 4 bytes of w (fewer when shorter) as a word to compare with a
 * 4-byte load of the text, and the mask of the bytes that count. */
static void prefix4(const char *w, size_t len, uint32_t *pre, uint32_t *mask) {
  unsigned char b[4] = {0, 0, 0, 0}, mb[4] = {0, 0, 0, 0};
  for (size_t i = 0; i < 4 && i < len; i++) {
    b[i] = (unsigned char)w[i];
    mb[i] = 0xFF;
  }
  memcpy(pre, b, 4);
  memcpy(mask, mb, 4);
}

/* memcmp(a, b, n) == 0 for the short texts of rules, without a call */
static inline bool bytes_eq(const char *a, const char *b, size_t n) {
  uint64_t x, y;
  for (; n >= 8; a += 8, b += 8, n -= 8) {
    memcpy(&x, a, 8);
    memcpy(&y, b, 8);
    if (x != y)
      return false;
  }
  if (n >= 4) { /* 4 to 7 bytes: two overlapping 4-byte words */
    uint32_t x4, y4, x5, y5;
    memcpy(&x4, a, 4);
    memcpy(&y4, b, 4);
    memcpy(&x5, a + n - 4, 4);
    memcpy(&y5, b + n - 4, 4);
    return x4 == y4 && x5 == y5;
  }
  for (; n > 0; a++, b++, n--)
    if (*a != *b)
      return false;
  return true;
}

/* Does the literal w (len bytes, prefix pre/mask) stand at s[pos..end)? */
HOT_INLINE bool lit_eq(const char *s, size_t pos, size_t end, const char *w,
                          size_t len, uint32_t pre, uint32_t mask) {
  if (pos + len > end)
    return false;
  if (end - pos >= 4) {
    uint32_t x;
    memcpy(&x, s + pos, 4);
    if ((x & mask) != pre)
      return false;
    return len <= 4 || bytes_eq(s + pos + 4, w + 4, len - 4);
  }
  return bytes_eq(s + pos, w, len);
}

#define FIRST_MAX 64


/* index of the lowest set bit of b (b != 0) */
static inline size_t lowest_bit(uint64_t b) {
#if defined(__GNUC__) || defined(__clang__)
  return (size_t)__builtin_ctzll(b);
#else
  size_t i = 0;
  while (!(b & 1)) {
    b >>= 1;
    i++;
  }
  return i;
#endif
}


/* the code point at s (valid UTF-8) */
static inline int32_t cp_at(const char *s) {
  const unsigned char *u = (const unsigned char *)s;
  if (u[0] < 0x80)
    return u[0];
  if (u[0] < 0xE0)
    return (u[0] & 0x1F) << 6 | (u[1] & 0x3F);
  if (u[0] < 0xF0)
    return (u[0] & 0x0F) << 12 | (u[1] & 0x3F) << 6 | (u[2] & 0x3F);
  return (u[0] & 0x07) << 18 | (u[1] & 0x3F) << 12 | (u[2] & 0x3F) << 6 |
         (u[3] & 0x3F);
}

/* Only (?: (?= (?! (?<= (?<! groups, no \Q, no POSIX classes: anything
 * else (option settings, comments, ...) makes the analysis give up. */
static bool simple_syntax(const char *re, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (re[i] == '\\') {
      if (i + 1 < n && (re[i + 1] == 'Q' || re[i + 1] == 'E'))
        return false;
      i++;
      continue;
    }
    if (re[i] == '[' && i + 1 < n && re[i + 1] == ':')
      return false;
    if (re[i] == '(' && i + 1 < n && re[i + 1] == '*')
      return false;
    if (re[i] == '(' && i + 1 < n && re[i + 1] == '?') {
      if (i + 2 >= n)
        return false;
      char c = re[i + 2];
      if (c == ':' || c == '=' || c == '!')
        continue;
      if (c == '<' && i + 3 < n && (re[i + 3] == '=' || re[i + 3] == '!'))
        continue;
      return false;
    }
  }
  return true;
}

/* index just after the group or class element starting at re[i] ('(' or
 * '['), or n when unbalanced */
static size_t skip_class(const char *re, size_t n, size_t i) {
  i++; /* '[' */
  if (i < n && re[i] == '^')
    i++;
  if (i < n && re[i] == ']')
    i++;
  while (i < n && re[i] != ']')
    i += re[i] == '\\' ? 2 : 1;
  return i < n ? i + 1 : n;
}

static size_t skip_group(const char *re, size_t n, size_t i) {
  int depth = 0;
  while (i < n) {
    char c = re[i];
    if (c == '\\') {
      i += 2;
      continue;
    }
    if (c == '[') {
      i = skip_class(re, n, i);
      continue;
    }
    if (c == '(')
      depth++;
    else if (c == ')' && --depth == 0)
      return i + 1;
    i++;
  }
  return n;
}

/* a literal text every match of a regex alternative starts with */
typedef struct prefix {
  const char *s; /* into the pattern */
  size_t n;
  const char *s2; /* followed by s2[0..n2) (also in the pattern) */
  size_t n2;
} prefix;

static bool add_first2(prefix *set, size_t *k, const char *s, size_t n,
                       const char *s2, size_t n2) {
  for (size_t i = 0; i < *k; i++)
    if (set[i].n + set[i].n2 == n + n2) {
      /* compare the two concatenations byte by byte */
      size_t t = 0;
      for (; t < n + n2; t++) {
        char a = t < set[i].n ? set[i].s[t] : set[i].s2[t - set[i].n];
        char b = t < n ? s[t] : s2[t - n];
        if (a != b)
          break;
      }
      if (t == n + n2)
        return true;
    }
  if (*k == FIRST_MAX)
    return false;
  set[(*k)++] = (prefix){s, n, s2, n2};
  return true;
}

static bool add_first(prefix *set, size_t *k, const char *s, size_t n) {
  return add_first2(set, k, s, n, NULL, 0);
}

static bool is_meta(char c) {
  return c == '\0' || strchr("\\[].^$*+?{}()|", c) != NULL;
}

/* end of the run of literal characters at re[i] (i itself when none); a
 * character with a quantifier ends it (included when it must occur at
 * least once: '+'); (size_t)-1 on bad UTF-8 */
static size_t literal_run(const char *re, size_t n, size_t i) {
  size_t j = i;
  while (j < n && !is_meta(re[j])) {
    int32_t cp;
    int len = jiken__utf8_next(re, n, j, &cp);
    if (cp < 0)
      return (size_t)-1;
    size_t nj = j + (size_t)len;
    if (nj < n && (re[nj] == '?' || re[nj] == '*' || re[nj] == '{'))
      break;
    j = nj;
    if (j < n && re[j] == '+')
      break;
  }
  return j;
}

/* The literal texts a match of the alternation re[i..) (up to the ')'
 * that closes its group, or n) starts with, added to set (each at least
 * one code point).  False when that is not known (an alternative may be
 * empty or start with a class, an escape, '.', an anchor, an optional
 * item...).  Lookarounds before the first item are skipped: they consume
 * nothing.  *next is set to the index of the closing ')' (or n). */
static bool first_alt(const char *re, size_t n, size_t i, prefix *set,
                      size_t *k, size_t *next) {
  for (;;) {
    /* zero-width assertions first: (?= (?! (?<= (?<! */
    while (i + 2 < n && re[i] == '(' && re[i + 1] == '?' &&
           (re[i + 2] == '=' || re[i + 2] == '!' || re[i + 2] == '<')) {
      i = skip_group(re, n, i);
      if (i < n && strchr("?*+{", re[i]))
        return false; /* a quantified assertion: give up */
    }
    /* first item of this alternative */
    if (i >= n || re[i] == '|' || re[i] == ')')
      return false; /* empty alternative */
    char c = re[i];
    size_t after;
    if (c == '(') {
      size_t inner = i + 1;
      if (inner < n && re[inner] == '?') {
        if (inner + 1 < n && re[inner + 1] == ':')
          inner += 2;
        else
          return false;
      }
      /* a group of plain words, (が|の), followed by a run of literal
       * characters, 提供する: the prefixes are the words with the run */
      size_t close = inner;
      bool plain = true;
      for (; close < n && re[close] != ')'; close++)
        if (re[close] == '|' ? close == inner || re[close - 1] == '|'
                             : is_meta(re[close]))
          plain = false;
      plain = plain && close < n && close > inner && re[close - 1] != '|';
      size_t run = close + 1, run_end = 0;
      if (plain && run < n && !is_meta(re[run])) {
        run_end = literal_run(re, n, run);
        if (run_end == (size_t)-1)
          return false;
      }
      if (plain && run_end > run) {
        size_t a = inner;
        for (size_t q = inner; q <= close; q++)
          if (q == close || re[q] == '|') {
            if (!add_first2(set, k, re + a, q - a, re + run, run_end - run))
              return false;
            a = q + 1;
          }
        after = run_end;
        goto rest;
      }
      if (!first_alt(re, n, inner, set, k, &close) || close >= n)
        return false;
      after = close + 1;
      if (after < n && (re[after] == '?' || re[after] == '*' ||
                        re[after] == '{'))
        return false; /* the group may be absent */
    } else if (is_meta(c)) {
      return false;
    } else {
      /* a run of literal characters; a character with a quantifier ends
       * it (included when it must occur at least once: '+') */
      size_t j = literal_run(re, n, i);
      if (j == (size_t)-1)
        return false;
      if (j == i)
        return false; /* the first character may be absent */
      if (!add_first(set, k, re + i, j - i))
        return false;
      after = j;
    }
  rest: /* the rest of this alternative */
    i = after;
    while (i < n && re[i] != '|' && re[i] != ')') {
      if (re[i] == '\\')
        i += 2;
      else if (re[i] == '[')
        i = skip_class(re, n, i);
      else if (re[i] == '(')
        i = skip_group(re, n, i);
      else
        i++;
    }
    if (i >= n || re[i] == ')') {
      *next = i < n ? i : n;
      return true;
    }
    i++; /* '|' */
  }
}

/* literal prefixes of the matches of regex re[0..n), or false when
 * unknown */
static bool regex_first(const char *re, size_t n, prefix *set, size_t *k) {
  *k = 0;
  if (!simple_syntax(re, n))
    return false;
  size_t next;
  if (!first_alt(re, n, 0, set, k, &next))
    return false;
  return next >= n; /* a stray ')' would be a syntax error anyway */
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_cp(const void *a, const void *b) {
  const cp_entry *x = a, *y = b;
  if (x->cp != y->cp)
    return x->cp < y->cp ? -1 : 1;
  return x->rule < y->rule ? -1 : x->rule > y->rule;
}

/* by code point, then rule (qsort is not stable: the text breaks ties) */
static int cmp_re(const void *a, const void *b) {
  const re_entry *x = a, *y = b;
  if (x->cp != y->cp)
    return x->cp < y->cp ? -1 : 1;
  if (x->k != y->k)
    return x->k < y->k ? -1 : 1;
  if (x->len != y->len)
    return x->len < y->len ? -1 : 1;
  return memcmp(x->w, y->w, x->len);
}

static size_t cp_hash(int32_t cp) {
  return (size_t)(((uint32_t)cp * 2654435761u) >> 7);
}

static bool want(int req, bool have) {
  return req == 0 || (req > 0) == have;
}


/* ---- the literal index ------------------------------------------------- */
typedef struct ktup {
  int32_t cp1, cp2; /* cp2 -1: a literal of one code point */
  const char *w;
  size_t len;
  kref ref;
} ktup;

static int cmp_ktup(const void *a, const void *b) {
  const ktup *x = a, *y = b;
  if (x->cp1 != y->cp1)
    return x->cp1 < y->cp1 ? -1 : 1;
  if (x->cp2 != y->cp2)
    return x->cp2 < y->cp2 ? -1 : 1;
  if (x->len != y->len)
    return x->len < y->len ? -1 : 1;
  int c = memcmp(x->w, y->w, x->len);
  if (c)
    return c;
  if (x->ref.re != y->ref.re)
    return x->ref.re ? 1 : -1;
  return x->ref.idx < y->ref.idx ? -1 : x->ref.idx > y->ref.idx;
}


static cp_slot *cph_find(const jiken__rules *r, int32_t cp) {
  size_t h = cp_hash(cp) & r->cph_mask;
  while (r->cph[h].cp != cp && r->cph[h].cp >= 0)
    h = (h + 1) & r->cph_mask;
  return r->cph[h].cp < 0 ? NULL : &r->cph[h];
}

/* the second code point of w (len bytes), or -1 */
static int32_t second_cp(const char *w, size_t len) {
  int32_t cp;
  int k = jiken__utf8_next(w, len, 0, &cp);
  if ((size_t)k >= len)
    return -1;
  jiken__utf8_next(w, len, (size_t)k, &cp);
  return cp;
}

/* lits, refs, cph, kh and rocc from by_cp and re_by_cp */
static int build_lits(jiken__rules *r) {
  const rule *ru = r->rules.items;
  size_t nt = r->n_re_by_cp;
  for (size_t i = 0; i < r->n_by_cp; i++) {
    const element *e0 = &ru[r->by_cp[i].rule].els[0];
    for (size_t a = 0; a < e0->nlits; a++)
      nt += cp_at(e0->lits[a]) == r->by_cp[i].cp;
  }
  ktup *t = malloc((nt ? nt : 1) * sizeof *t);
  uint32_t *lit_of = malloc((nt ? nt : 1) * sizeof *lit_of); /* t[i]'s */
  r->lits = malloc((nt ? nt : 1) * sizeof *r->lits);
  r->refs = malloc((nt ? nt : 1) * sizeof *r->refs);
  if (!t || !lit_of || !r->lits || !r->refs) {
    free(t);
    free(lit_of);
    return JIKEN_ENOMEM;
  }
  size_t n = 0;
  for (size_t i = 0; i < r->n_by_cp; i++) {
    const cp_entry *ce = &r->by_cp[i];
    const element *e0 = &ru[ce->rule].els[0];
    for (size_t a = 0; a < e0->nlits; a++)
      if (cp_at(e0->lits[a]) == ce->cp) {
        uint64_t same = 0; /* the alternatives this literal is */
        for (size_t b = 0; b < e0->nlits && b < 64; b++)
          if (e0->litlen[b] == e0->litlen[a] &&
              memcmp(e0->lits[b], e0->lits[a], e0->litlen[a]) == 0)
            same |= (uint64_t)1 << b;
        t[n++] = (ktup){ce->cp, second_cp(e0->lits[a], e0->litlen[a]),
                        e0->lits[a], e0->litlen[a],
                        (kref){ce->rule, false, same}};
      }
  }
  for (size_t i = 0; i < r->n_re_by_cp; i++) {
    const re_entry *x = &r->re_by_cp[i];
    t[n++] = (ktup){x->cp, second_cp(x->w, x->len), x->w, x->len,
                    (kref){x->k, true, 0}};
  }
  qsort(t, n, sizeof *t, cmp_ktup);
  /* distinct literals, each with its distinct refs */
  for (size_t i = 0; i < n; i++) {
    bool same = i > 0 && t[i].cp1 == t[i - 1].cp1 && t[i].cp2 == t[i - 1].cp2 &&
                t[i].len == t[i - 1].len &&
                memcmp(t[i].w, t[i - 1].w, t[i].len) == 0;
    if (!same) {
      klit *l = &r->lits[r->n_lits++];
      l->w = t[i].w;
      l->len = t[i].len;
      prefix4(l->w, l->len, &l->pre, &l->mask);
      l->ref_lo = l->ref_hi = (uint32_t)r->n_refs;
    }
    lit_of[i] = (uint32_t)(r->n_lits - 1);
    if (same && t[i].ref.re == t[i - 1].ref.re &&
        t[i].ref.idx == t[i - 1].ref.idx)
      continue; /* the same rule twice */
    r->refs[r->n_refs++] = t[i].ref;
    r->lits[r->n_lits - 1].ref_hi = (uint32_t)r->n_refs;
  }
  /* the hashes: by first code point, by first two */
  size_t ncp = 0, nk = 0;
  for (size_t i = 0; i < n; i++) {
    ncp += i == 0 || t[i].cp1 != t[i - 1].cp1;
    nk += i == 0 || t[i].cp1 != t[i - 1].cp1 || t[i].cp2 != t[i - 1].cp2;
  }
  size_t hs = 16;
  while (hs < 4 * ncp)
    hs *= 2;
  r->cph = malloc(hs * sizeof *r->cph);
  r->keys = malloc((nk ? nk : 1) * sizeof *r->keys);
  if (!r->cph || !r->keys) {
    free(t);
    free(lit_of);
    return JIKEN_ENOMEM;
  }
  r->cph_mask = hs - 1;
  for (size_t i = 0; i < hs; i++)
    r->cph[i].cp = -1;
  r->max_hits = 0;
  for (size_t i = 0; i < n;) {
    int32_t cp1 = t[i].cp1;
    size_t h = cp_hash(cp1) & r->cph_mask;
    while (r->cph[h].cp >= 0)
      h = (h + 1) & r->cph_mask;
    cp_slot *sl = &r->cph[h];
    sl->cp = cp1;
    sl->occ_id = -1;
    sl->key_lo = sl->key_hi = (uint32_t)r->n_keys;
    sl->key_mask = 0;
    sl->lit1_lo = sl->lit1_hi = lit_of[i];
    size_t one = 0, most2 = 0;
    while (i < n && t[i].cp1 == cp1) {
      int32_t cp2 = t[i].cp2;
      size_t first = i;
      for (; i < n && t[i].cp1 == cp1 && t[i].cp2 == cp2; i++)
        if (!t[i].ref.re && sl->occ_id < 0)
          sl->occ_id = (int32_t)r->n_occ++;
      uint32_t lo = lit_of[first], hi = lit_of[i - 1] + 1;
      size_t nrefs = r->lits[hi - 1].ref_hi - r->lits[lo].ref_lo;
      if (cp2 < 0) {
        sl->lit1_lo = lo;
        sl->lit1_hi = hi;
        one = nrefs;
        continue;
      }
      if (nrefs > most2)
        most2 = nrefs;
      r->keys[r->n_keys++] = (key_slot){cp2, lo, hi};
      sl->key_mask |= (uint64_t)1 << (cp2 & 63);
      sl->key_hi = (uint32_t)r->n_keys;
    }
    if (one + most2 > r->max_hits)
      r->max_hits = one + most2;
  }
  free(t);
  free(lit_of);
  if (r->cph_mask < 0xFFFF) { /* the direct table of the BMP */
    if (!(r->bmp = calloc(0x10000, sizeof *r->bmp)))
      return JIKEN_ENOMEM;
    for (size_t h = 0; h <= r->cph_mask; h++)
      if (r->cph[h].cp >= 0 && r->cph[h].cp < 0x10000)
        r->bmp[r->cph[h].cp] = (uint16_t)(h + 1);
  }
  /* each literal-first rule's first code points, as occ_ids */
  r->rocc_lo = calloc(r->rules.n + 1, sizeof *r->rocc_lo);
  r->rocc = malloc((r->n_by_cp ? r->n_by_cp : 1) * sizeof *r->rocc);
  if (!r->rocc_lo || !r->rocc)
    return JIKEN_ENOMEM;
  for (size_t i = 0; i < r->n_by_cp; i++)
    r->rocc_lo[r->by_cp[i].rule + 1]++;
  for (size_t i = 0; i < r->rules.n; i++)
    r->rocc_lo[i + 1] += r->rocc_lo[i];
  uint32_t *fill = calloc(r->rules.n + 1, sizeof *fill);
  if (!fill)
    return JIKEN_ENOMEM;
  for (size_t i = 0; i < r->n_by_cp; i++) {
    uint32_t ri = r->by_cp[i].rule;
    r->rocc[r->rocc_lo[ri] + fill[ri]++] =
        (uint32_t)cph_find(r, r->by_cp[i].cp)->occ_id;
  }
  free(fill);
  return JIKEN_OK;
}

static int build_index(jiken__rules *r, jiken_error *err) {
  const rule *ru = r->rules.items;
  size_t ncp = 0;
  for (size_t i = 0; i < r->rules.n; i++)
    if (ru[i].els[0].kind == E_LIT)
      ncp += ru[i].els[0].nlits;
  r->by_cp = malloc((ncp ? ncp : 1) * sizeof *r->by_cp);
  r->tok_first = malloc((r->rules.n ? r->rules.n : 1) * sizeof *r->tok_first);
  r->re_first = malloc((r->rules.n ? r->rules.n : 1) * sizeof *r->re_first);
  if (!r->by_cp || !r->tok_first || !r->re_first)
    return jiken__error_set(err, JIKEN_ENOMEM, (size_t)-1, NULL);
  for (size_t i = 0; i < r->rules.n; i++) {
    const element *e = &ru[i].els[0];
    if (e->kind == E_LIT) {
      for (size_t k = 0; k < e->nlits; k++) {
        int32_t cp;
        jiken__utf8_next(e->lits[k], e->litlen[k], 0, &cp);
        r->by_cp[r->n_by_cp++] =
            (cp_entry){cp, (uint32_t)i, k < 64 ? (uint64_t)1 << k : 0};
      }
    } else if (e->kind == E_TOK) {
      r->tok_first[r->n_tok_first++] = (uint32_t)i;
    } else {
      r->re_first[r->n_re_first++] = (uint32_t)i;
    }
  }
  /* regex-first rules: the code points their matches can start with */
  r->re_any = malloc(r->n_re_first ? r->n_re_first : 1);
  size_t nre = 0, cap = 0;
  if (!r->re_any)
    return jiken__error_set(err, JIKEN_ENOMEM, (size_t)-1, NULL);
  for (size_t k = 0; k < r->n_re_first; k++) {
    const element *e = &ru[r->re_first[k]].els[0];
    prefix set[FIRST_MAX];
    size_t ns;
    r->re_any[k] = !regex_first(e->src, e->srclen, set, &ns);
    if (r->re_any[k])
      continue;
    if (nre + ns > cap) {
      cap = (nre + ns) * 2;
      re_entry *nv = realloc(r->re_by_cp, cap * sizeof *nv);
      if (!nv)
        return jiken__error_set(err, JIKEN_ENOMEM, (size_t)-1, NULL);
      r->re_by_cp = nv;
    }
    for (size_t i = 0; i < ns; i++) {
      re_entry *x = &r->re_by_cp[nre++];
      jiken__utf8_next(set[i].s, set[i].n, 0, &x->cp);
      x->k = (uint32_t)k;
      x->w = set[i].s;
      x->len = set[i].n + set[i].n2;
      if (set[i].n2) { /* the two parts, joined */
        char *w = jiken__arena_alloc(&r->arena, x->len + 1);
        if (!w)
          return jiken__error_set(err, JIKEN_ENOMEM, (size_t)-1, NULL);
        memcpy(w, set[i].s, set[i].n);
        memcpy(w + set[i].n, set[i].s2, set[i].n2);
        w[x->len] = '\0';
        x->w = w;
      }
    }
  }
  r->n_re_by_cp = nre;
  r->re_any_k = malloc((r->n_re_first ? r->n_re_first : 1) * sizeof *r->re_any_k);
  if (!r->re_any_k)
    return jiken__error_set(err, JIKEN_ENOMEM, (size_t)-1, NULL);
  for (size_t k = 0; k < r->n_re_first; k++)
    if (r->re_any[k])
      r->re_any_k[r->n_re_any++] = (uint32_t)k;
  if (nre)
    qsort(r->re_by_cp, nre, sizeof *r->re_by_cp, cmp_re);
  /* 4-byte prefixes of literals and set words; first code points */
  for (size_t i = 0; i < r->rules.n; i++)
    for (size_t j = 0; j < ru[i].nels; j++) {
      element *e = &ru[i].els[j];
      if (e->kind == E_RE) {
        prefix set[FIRST_MAX];
        size_t ns;
        if (!regex_first(e->src, e->srclen, set, &ns))
          continue;
        if (!(e->first = jiken__arena_alloc(&r->arena, 16 * sizeof *e->first)))
          return jiken__error_set(err, JIKEN_ENOMEM, (size_t)-1, NULL);
        memset(e->first, 0, 16 * sizeof *e->first);
        for (size_t k = 0; k < ns; k++) {
          int32_t cp;
          jiken__utf8_next(set[k].s, set[k].n, 0, &cp);
          e->first[(cp & 1023) >> 6] |= (uint64_t)1 << (cp & 63);
        }
        continue;
      }
      if (e->kind != E_LIT)
        continue;
      if (!(e->first = jiken__arena_alloc(&r->arena, 16 * sizeof *e->first)))
        return jiken__error_set(err, JIKEN_ENOMEM, (size_t)-1, NULL);
      memset(e->first, 0, 16 * sizeof *e->first);
      for (size_t k = 0; k < e->nlits; k++) {
        int32_t cp;
        jiken__utf8_next(e->lits[k], e->litlen[k], 0, &cp);
        e->first[(cp & 1023) >> 6] |= (uint64_t)1 << (cp & 63);
      }
      e->litpre = jiken__arena_alloc(&r->arena, e->nlits * sizeof *e->litpre);
      e->litmask = jiken__arena_alloc(&r->arena, e->nlits * sizeof *e->litmask);
      if (!e->litpre || !e->litmask)
        return jiken__error_set(err, JIKEN_ENOMEM, (size_t)-1, NULL);
      for (size_t k = 0; k < e->nlits; k++)
        prefix4(e->lits[k], e->litlen[k], &e->litpre[k], &e->litmask[k]);
    }
  wordset *sets[] = {&r->hyp, &r->neutral, &r->lack, &r->datacue};
  for (size_t i = 0; i < sizeof sets / sizeof *sets; i++) {
    wordset *ws = sets[i];
    ws->pre = malloc((ws->n ? ws->n : 1) * sizeof *ws->pre);
    ws->mask = malloc((ws->n ? ws->n : 1) * sizeof *ws->mask);
    if (!ws->pre || !ws->mask)
      return jiken__error_set(err, JIKEN_ENOMEM, (size_t)-1, NULL);
    ws->first = calloc(0x10000 / 64, sizeof *ws->first);
    if (!ws->first)
      return jiken__error_set(err, JIKEN_ENOMEM, (size_t)-1, NULL);
    for (size_t k = 0; k < ws->n; k++) {
      prefix4(ws->w[k], ws->len[k], &ws->pre[k], &ws->mask[k]);
      int32_t cp;
      jiken__utf8_next(ws->w[k], ws->len[k], 0, &cp);
      if (cp >= 0 && cp < 0x10000)
        ws->first[cp >> 6] |= (uint64_t)1 << (cp & 63);
      else
        ws->big = true;
    }
  }
  qsort(r->by_cp, r->n_by_cp, sizeof *r->by_cp, cmp_cp);
  /* merge duplicates (a rule listed twice under one code point) */
  size_t w = 0;
  for (size_t i = 0; i < r->n_by_cp; i++)
    if (w == 0 || r->by_cp[w - 1].cp != r->by_cp[i].cp ||
        r->by_cp[w - 1].rule != r->by_cp[i].rule)
      r->by_cp[w++] = r->by_cp[i];
    else
      r->by_cp[w - 1].alts |= r->by_cp[i].alts;
  r->n_by_cp = w;
  /* rule.ok: sentence_ok() for each section and heading flag */
  for (size_t i = 0; i < r->rules.n; i++) {
    rule *rw = &((rule *)r->rules.items)[i];
    rw->ok = 0;
    for (unsigned sec = 0; sec < JIKEN__SEC_COUNT; sec++)
      for (unsigned h = 0; h < 2; h++) {
        unsigned bit = 1u << sec;
        bool ok = !((rw->sec_in && !(rw->sec_in & bit)) ||
                    (rw->sec_out & bit) || !want(rw->heading, h != 0));
        if (ok)
          rw->ok |= (uint16_t)(1u << (sec << 1 | h));
      }
  }
  int rc = build_lits(r);
  if (rc != JIKEN_OK)
    return jiken__error_set(err, rc, (size_t)-1, NULL);
  /* code points (of the BMP) under which either index lists a rule */
  for (size_t i = 0; i < r->n_by_cp; i++)
    if (r->by_cp[i].cp >= 0 && r->by_cp[i].cp < 0x10000)
      r->cpbits[r->by_cp[i].cp >> 6] |= (uint64_t)1 << (r->by_cp[i].cp & 63);
  for (size_t i = 0; i < r->n_re_by_cp; i++)
    if (r->re_by_cp[i].cp >= 0 && r->re_by_cp[i].cp < 0x10000)
      r->cpbits[r->re_by_cp[i].cp >> 6] |= (uint64_t)1
                                            << (r->re_by_cp[i].cp & 63);
  return JIKEN_OK;
}

jiken__rules *jiken__rules_new(const char *rules_dir, jiken_error *err) {
  DIR *dir = opendir(rules_dir);
  if (!dir) {
    jiken__error_set(err, JIKEN_EIO, (size_t)-1,
                     "cannot open rules directory %s: %s", rules_dir,
                     strerror(errno));
    return NULL;
  }
  jiken__rules *r = calloc(1, sizeof *r);
  char **names = NULL;
  size_t nn = 0;
  int rc = r ? JIKEN_OK : JIKEN_ENOMEM;
  if (r) {
    r->rules = (jiken__vec)JIKEN__VEC(rule);
    r->codes = (jiken__vec)JIKEN__VEC(pcre2_code *);
  }
  struct dirent *de;
  while (rc == JIKEN_OK && (de = readdir(dir))) {
    size_t l = strlen(de->d_name);
    if (l <= 6 || de->d_name[0] == '.' ||
        strcmp(de->d_name + l - 6, ".rules") != 0)
      continue;
    char **nv = realloc(names, (nn + 1) * sizeof *nv);
    if (!nv) {
      rc = JIKEN_ENOMEM;
      break;
    }
    names = nv;
    if (!(names[nn] = malloc(strlen(rules_dir) + l + 2))) {
      rc = JIKEN_ENOMEM;
      break;
    }
    sprintf(names[nn++], "%s/%s", rules_dir, de->d_name);
  }
  closedir(dir);
  if (rc == JIKEN_ENOMEM)
    jiken__error_set(err, JIKEN_ENOMEM, (size_t)-1, NULL);
  if (rc == JIKEN_OK && nn == 0)
    rc = jiken__error_set(err, JIKEN_EIO, (size_t)-1,
                          "no *.rules files in %s", rules_dir);
  if (names)
    qsort(names, nn, sizeof *names, cmp_str); /* deterministic order */
  for (size_t i = 0; rc == JIKEN_OK && i < nn; i++)
    rc = load_file(r, names[i], err);
  for (size_t i = 0; i < nn; i++)
    free(names[i]);
  free(names);
  if (rc == JIKEN_OK)
    rc = build_index(r, err);
  if (rc != JIKEN_OK) {
    jiken__rules_free(r);
    return NULL;
  }
  return r;
}

void jiken__rules_free(jiken__rules *r) {
  if (!r)
    return;
  pcre2_code **c = r->codes.items;
  for (size_t i = 0; i < r->codes.n; i++)
    pcre2_code_free(c[i]);
  jiken__vec_free(&r->codes);
  jiken__vec_free(&r->rules);
  free(r->by_cp);
  free(r->tok_first);
  free(r->re_first);
  free(r->re_by_cp);
  free(r->cph);
  free(r->bmp);
  free(r->keys);
  free(r->lits);
  free(r->refs);
  free(r->rocc);
  free(r->rocc_lo);
  free(r->re_any);
  free(r->re_any_k);
  free(r->hyp.first);
  free(r->neutral.first);
  free(r->lack.first);
  free(r->datacue.first);
  free(r->hyp.pre);
  free(r->hyp.mask);
  free(r->neutral.pre);
  free(r->neutral.mask);
  free(r->lack.pre);
  free(r->lack.mask);
  free(r->datacue.pre);
  free(r->datacue.mask);
  free(r->hyp.w);
  free(r->hyp.len);
  free(r->neutral.w);
  free(r->neutral.len);
  free(r->lack.w);
  free(r->lack.len);
  free(r->datacue.w);
  free(r->datacue.len);
  jiken__arena_free(&r->arena);
  free(r);
}

/* ---- matching ---------------------------------------------------------- */
typedef struct mctx {
  const jiken__rules *r;
  const char *s;           /* normalised text */
  size_t ss, se;           /* sentence bytes */
  const jiken__token *tok; /* sentence tokens */
  size_t ntok;
  pcre2_match_data *md;
  int *cue;       /* per sentence: holds a datacue word? -1 = not known yet */
  uint32_t *budget; /* steps the current rule took in this sentence */
  unsigned char *tf; /* per sentence token: tok_flags(), 0 = not known yet */
  uint64_t alts0;   /* alternatives k < 64 of a literal first element that
                       may match (the others do not stand at the start: the
                       literal index found these); alternatives from 64 on
                       are always tried */
  size_t re0_end;   /* where the anchored regex of the first element, known
                       to match at the start, ends; SIZE_MAX: not known */
  uint32_t *budgets; /* every rule's budget (budget: the current rule's) */
} mctx;

/* Matching steps one rule may take in one sentence: bounds the
 * backtracking of a rule with many gaps on a long sentence.  Ordinary
 * rules take a few steps per start position. */
#define MATCH_BUDGET 100000u

/* first token of the sentence whose end is after pos (ntok when none) */
static size_t tok_after(const mctx *m, size_t pos) {
  size_t lo = 0, hi = m->ntok;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (m->tok[mid].end <= pos)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* pcre2_match() of a pattern compiled with JIT, on valid UTF-8 (opt holds
 * PCRE2_NO_UTF_CHECK): straight to the JIT code, through pcre2_match() when
 * JIT compilation failed */
static inline int re_match(const pcre2_code *re, const char *s, size_t n,
                           size_t start, uint32_t opt, pcre2_match_data *md) {
  int rc = pcre2_jit_match(re, (PCRE2_SPTR)s, n, start, opt, md, NULL);
  if (rc == PCRE2_ERROR_JIT_BADOPTION)
    rc = pcre2_match(re, (PCRE2_SPTR)s, n, start, opt, md, NULL);
  return rc;
}

static bool tok_test(const element *e, const jiken__token *t,
                     pcre2_match_data *md) {
  for (size_t i = 0; i < e->nconds; i++) {
    const tokcond *c = &e->conds[i];
    const char *v = c->field == F_SURFACE ? t->surface
                    : c->field == F_BASE  ? t->base
                    : c->field == F_POS   ? t->pos
                                          : t->pos1;
    if (!v)
      return false;
    if (c->lit ? strcmp(v, c->lit) != 0
               : pcre2_match(c->re, (PCRE2_SPTR)v, strlen(v), 0, 0, md,
                             NULL) < 0)
      return false;
  }
  return true;
}

static size_t next_char(const mctx *m, size_t p) {
  p++;
  while (p < m->se && ((unsigned char)m->s[p] & 0xC0) == 0x80)
    p++;
  return p;
}

/* n saturating increments of a budget */
static inline void budget_add(uint32_t *b, uint32_t n) {
  *b = MATCH_BUDGET - *b <= n ? MATCH_BUDGET : *b + n;
}

static bool match_el(const mctx *m, const rule *ru, size_t ei, size_t pos,
                     size_t *end);

/* match_el(), with its step for the end of the rule taken here */
HOT_INLINE bool next_el(const mctx *m, const rule *ru, size_t ei, size_t pos,
                        size_t *end) {
  if (ei < ru->nels)
    return match_el(m, ru, ei, pos, end);
  if (*m->budget >= MATCH_BUDGET)
    return false;
  ++*m->budget;
  *end = pos;
  return true;
}

static bool match_el(const mctx *m, const rule *ru, size_t ei, size_t pos,
                     size_t *end) {
  if (*m->budget >= MATCH_BUDGET)
    return false;
  ++*m->budget;
  if (ei == ru->nels) {
    *end = pos;
    return true;
  }
  const element *e = &ru->els[ei];
  if (ei > 0 && e->kind != E_GAP)
    while (pos < m->se && m->s[pos] == ' ')
      pos++;
  switch (e->kind) {
  case E_LIT:
    if (ei == 0) { /* the alternatives in alts0, then those from 64 on */
      uint64_t b = m->alts0;
      if (e->nlits < 64)
        b &= ((uint64_t)1 << e->nlits) - 1;
      for (; b; b &= b - 1) {
        size_t k = lowest_bit(b);
        if (lit_eq(m->s, pos, m->se, e->lits[k], e->litlen[k], e->litpre[k],
                   e->litmask[k]) &&
            next_el(m, ru, ei + 1, pos + e->litlen[k], end))
          return true;
      }
      for (size_t k = 64; k < e->nlits; k++)
        if (lit_eq(m->s, pos, m->se, e->lits[k], e->litlen[k], e->litpre[k],
                   e->litmask[k]) &&
            next_el(m, ru, ei + 1, pos + e->litlen[k], end))
          return true;
      return false;
    }
    for (size_t k = 0; k < e->nlits; k++)
      if (lit_eq(m->s, pos, m->se, e->lits[k], e->litlen[k], e->litpre[k],
                 e->litmask[k]) &&
          next_el(m, ru, ei + 1, pos + e->litlen[k], end))
        return true;
    return false;
  case E_RE: {
    size_t me;
    if (ei == 0 && m->re0_end != SIZE_MAX) {
      me = m->re0_end; /* this very match was just made by the caller */
    } else {
      if (re_match(e->are, m->s, m->se, pos, PCRE2_NO_UTF_CHECK, m->md) < 0)
        return false;
      me = pcre2_get_ovector_pointer(m->md)[1];
    }
    if (me == pos && ei == 0)
      return false; /* an empty first element matches nothing */
    return next_el(m, ru, ei + 1, me, end);
  }
  case E_TOK: {
    size_t t = tok_after(m, pos);
    if (t >= m->ntok || m->tok[t].start != pos ||
        !tok_test(e, &m->tok[t], m->md))
      return false;
    return next_el(m, ru, ei + 1, m->tok[t].end, end);
  }
  default: { /* E_GAP */
    size_t t = tok_after(m, pos);
    size_t limit = pos;
    if (e->gap > 0 && t < m->ntok) {
      size_t last = t + (size_t)e->gap - 1;
      limit = m->tok[last < m->ntok ? last : m->ntok - 1].end;
    }
    if (limit > m->se)
      limit = m->se;
    /* the element after a gap is never a gap; when it cannot start at p
     * (its first code points), skip the call, counting its step */
    const uint64_t *nf = ru->els[ei + 1].first;
    const unsigned char *u = (const unsigned char *)m->s;
    size_t se = m->se;
    uint32_t skipped = 0;
    size_t stop = limit < se ? limit + 1 : se; /* p <= limit && p < se */
    for (size_t p = pos, nx; p <= limit; p = nx) {
      if (nf) { /* first the run of 3-byte code points it cannot start at */
        while (p < stop && u[p] - 0xE0u < 0x10u) {
          unsigned x = (u[p + 1] & 0x0Fu) << 6 | (u[p + 2] & 0x3Fu);
          if (nf[x >> 6] >> (x & 63) & 1) /* x: the code point & 1023 */
            break;
          skipped++;
          p += 3;
        }
        if (p > limit)
          break;
      }
      /* nx = next_char(m, p): p stands at a code point (valid UTF-8) */
      int32_t cp = -1; /* the code point at p, when not a space */
      if (p < se) {
        unsigned char b = u[p];
        if (b - 0xE0u < 0x10u) { /* the usual 3 bytes first */
          nx = p + 3;
          cp = (b & 0x0F) << 12 | (u[p + 1] & 0x3F) << 6 | (u[p + 2] & 0x3F);
        } else if (b < 0x80) {
          nx = p + 1;
          cp = b == ' ' ? -1 : b;
        } else if (b < 0xE0) {
          nx = p + 2;
          cp = (b & 0x1F) << 6 | (u[p + 1] & 0x3F);
        } else {
          nx = p + 4;
          cp = cp_at(m->s + p);
        }
        if (nx > se)
          nx = se;
      } else {
        nx = p + 1;
      }
      if (nf) {
        if (cp < 0) { /* a space or the end: the next element starts after */
          size_t q = p;
          while (q < se && m->s[q] == ' ')
            q++;
          cp = q < se ? cp_at(m->s + q) : -1;
        }
        if (cp < 0 || !(nf[(cp & 1023) >> 6] >> (cp & 63) & 1)) {
          skipped++; /* counted in the budget before it is next read */
          continue;
        }
      }
      budget_add(m->budget, skipped);
      skipped = 0;
      if (match_el(m, ru, ei + 1, p, end))
        return true;
    }
    budget_add(m->budget, skipped);
    return false;
  }
  }
}

/* ---- context: clause, negation, hypotheticals ------------------------- */
static inline bool streq(const char *a, const char *b) {
  if (!a)
    return false;
  while (*a && *a == *b)
    a++, b++;
  return *a == *b;
}

/* a token's own fields with their lengths, so
 * that comparing with a literal is a length test first */
typedef struct tokv {
  const char *sf, *pos, *pos1, *base;
  size_t lsf, lpos, lpos1, lbase;
} tokv;


/* streq(v->F, LIT) */
#define IS(v, F, LIT)                                                          \
  ((v)->l##F == sizeof(LIT) - 1 && memcmp((v)->F, LIT, sizeof(LIT) - 1) == 0)

/* Does token t (fields v) end the clause that an earlier token stands in? */
static bool clause_break(const mctx *m, size_t t, const tokv *v) {
  if (IS(v, pos1, "句点") || IS(v, sf, "!") || IS(v, sf, "?"))
    return true;
  if (IS(v, pos1, "接続助詞") &&
      (IS(v, base, "が") || IS(v, base, "けれど") || IS(v, base, "けれども") ||
       IS(v, base, "ものの") || IS(v, base, "のに") || IS(v, base, "ので") ||
       IS(v, base, "から") || IS(v, base, "ば")))
    return true;
  /* 〜ため(、) and 〜ことから give a reason: what follows is a new clause */
  if (IS(v, sf, "ため") && IS(v, pos1, "非自立"))
    return true;
  if (IS(v, sf, "こと") && t + 1 < m->ntok &&
      streq(m->tok[t + 1].surface, "から"))
    return true;
  /* 〜により / 〜による / 〜によって start a new clause for negation */
  if (IS(v, base, "よる") && t > 0 && streq(m->tok[t - 1].surface, "に"))
    return true;
  if ((IS(v, sf, "、") || IS(v, sf, ",")) && t > 0) {
    const jiken__token *p = &m->tok[t - 1];
    if (streq(p->pos, "動詞") || streq(p->pos, "助動詞") ||
        streq(p->pos, "形容詞") || streq(p->pos1, "接続助詞"))
      return true;
  }
  return false;
}

/* Is token t (fields v) a negation (ない, ません, ず, なし, 未-)? */
static bool is_negation(const mctx *m, size_t t, const tokv *v) {
  const jiken__token *k = &m->tok[t];
  bool neg = false;
  if (IS(v, pos, "助動詞"))
    neg = IS(v, base, "ない") || IS(v, base, "ぬ") || IS(v, base, "ん");
  else if (IS(v, pos, "形容詞"))
    neg = IS(v, base, "ない") || IS(v, base, "無い") || IS(v, base, "なし") ||
          IS(v, base, "無し");
  else if (IS(v, pos, "接頭詞"))
    neg = IS(v, sf, "未") || IS(v, sf, "非");
  else if (IS(v, pos, "名詞"))
    neg = IS(v, sf, "なし") || IS(v, sf, "無し");
  if (!neg)
    return false;
  /* 〜なければならない / 〜なくてはならない is an obligation */
  if (k->surface && (strncmp(k->surface, "なけれ", strlen("なけれ")) == 0 ||
                     streq(k->surface, "なく")) &&
      t + 1 < m->ntok &&
      (streq(m->tok[t + 1].surface, "ば") || streq(m->tok[t + 1].surface, "て")))
    return false;
  if (t >= 2 && (streq(m->tok[t - 1].base, "なる") ||
                 streq(m->tok[t - 1].base, "いける")) &&
      (streq(m->tok[t - 2].surface, "ば") || streq(m->tok[t - 2].surface, "は")))
    return false;
  if (t + 1 >= m->ntok)
    return true;
  /* 〜ないよう(に) is a purpose, 〜ないか a question */
  const jiken__token *n = &m->tok[t + 1];
  if (streq(n->base, "よう") || streq(n->surface, "か"))
    return false;
  return true;
}

/* 〜ではない / 〜でない: a negated copula (本人ではない児童), no predicate */
static bool is_copula_negation(const mctx *m, size_t t) {
  if (t == 0 || !streq(m->tok[t].base, "ない"))
    return false;
  const jiken__token *p = &m->tok[t - 1];
  if (streq(p->surface, "は") && t >= 2)
    p = &m->tok[t - 2];
  return streq(p->surface, "で") || streq(p->surface, "じゃ");
}

static bool word_at_slow(const wordset *ws, const char *s, size_t pos,
                         size_t end) {
  for (size_t i = 0; i < ws->n; i++)
    if (lit_eq(s, pos, end, ws->w[i], ws->len[i], ws->pre[i], ws->mask[i]))
      return true;
  return false;
}

/* can a word of ws start with code point cp? */
static inline bool may_start(const wordset *ws, int32_t cp) {
  return ws->big || (cp < 0x10000 && (ws->first[cp >> 6] >> (cp & 63) & 1));
}

static inline bool word_at(const wordset *ws, const char *s, size_t pos,
                           size_t end) {
  if (pos >= end)
    return false;
  return may_start(ws, cp_at(s + pos)) && word_at_slow(ws, s, pos, end);
}

typedef struct context {
  bool neg, hyp;
  bool lack;     /* a lack word (不十分, 不備) in the clause */
  bool data_neg; /* negation of a predicate that is not neutral */
  bool own_neg;  /* negation of the match's own predicate or of a neutral
                    one (確認されていない), not of a later verb */
} context;

#define CLAUSE_MAX_TOKENS 40

/* what context_of() asks of a token, worked out once per sentence */
enum {
  TF_KNOWN = 1,
  TF_OPEN = 2,  /* ( 「 【 */
  TF_CLOSE = 4, /* ) 」 】 */
  TF_BREAK = 8, /* clause_break() */
  TF_NEG = 16,  /* is_negation() */
  TF_HYP = 32,  /* a `set hyp` word starts here */
  TF_LACK = 64  /* a `set lack` word starts here */
};

static unsigned tok_flags(const mctx *m, size_t t) {
  unsigned f = m->tf[t];
  if (f)
    return f;
  f = TF_KNOWN;
  const jiken__token *k = &m->tok[t];
  tokv v = {k->surface,          k->pos,     k->pos1,     k->base,
            k->end - k->start, k->pos_len, k->pos1_len, k->base_len};
  if (IS(&v, sf, "(") || IS(&v, sf, "「") || IS(&v, sf, "【"))
    f |= TF_OPEN;
  if (IS(&v, sf, ")") || IS(&v, sf, "」") || IS(&v, sf, "】"))
    f |= TF_CLOSE;
  if (clause_break(m, t, &v))
    f |= TF_BREAK;
  if (is_negation(m, t, &v))
    f |= TF_NEG;
  size_t ts = k->start;
  if (ts < m->se) { /* word_at() of both sets, decoding the text once */
    int32_t cp = cp_at(m->s + ts);
    if (may_start(&m->r->hyp, cp) && word_at_slow(&m->r->hyp, m->s, ts, m->se))
      f |= TF_HYP;
    if (may_start(&m->r->lack, cp) &&
        word_at_slow(&m->r->lack, m->s, ts, m->se))
      f |= TF_LACK;
  }
  m->tf[t] = (unsigned char)f;
  return f;
}

static void context_of(const mctx *m, size_t ms, size_t me, context *c) {
  memset(c, 0, sizeof *c);
  size_t t0 = tok_after(m, ms);
  size_t after = 0;
  int depth = 0; /* brackets opened since the match started */
  for (size_t t = t0; t < m->ntok; t++) {
    unsigned f = tok_flags(m, t);
    bool open = f & TF_OPEN;
    bool close = f & TF_CLOSE;
    bool past = m->tok[t].start >= me;
    if (past) {
      /* a closing bracket the match stood in ends its clause; an aside
       * opened after the match is skipped */
      if (close && depth == 0 && after > 0)
        break;
      if (open || close) {
        depth += open ? 1 : -1;
        continue;
      }
      if (depth > 0)
        continue;
      if ((f & TF_BREAK) || ++after > CLAUSE_MAX_TOKENS)
        break;
    }
    if (!(f & (TF_HYP | TF_LACK | TF_NEG)))
      continue; /* most tokens */
    if (!c->hyp && (f & TF_HYP))
      c->hyp = true;
    if (!c->lack && past && (f & TF_LACK))
      c->lack = true;
    if (!c->neg && (f & TF_NEG)) {
      c->neg = true;
      /* the predicate it negates: the last content word before it, or
       * the word after a prefix 未/非 (未開封) */
      const jiken__token *pred = NULL;
      if (streq(m->tok[t].pos, "接頭詞")) {
        if (t + 1 < m->ntok)
          pred = &m->tok[t + 1];
      } else {
        for (size_t u = t; u-- > t0;) {
          const jiken__token *k = &m->tok[u];
          tokv v = {k->surface, k->pos,     k->pos1,     k->base,
                    0,          k->pos_len, k->pos1_len, k->base_len};
          if (IS(&v, base, "ござる") || IS(&v, base, "ある") ||
              (IS(&v, pos, "動詞") && IS(&v, pos1, "自立") &&
               !IS(&v, base, "する") && !IS(&v, base, "いる") &&
               !IS(&v, base, "おる") && !IS(&v, base, "できる")) ||
              (IS(&v, pos, "名詞") && IS(&v, pos1, "サ変接続"))) {
            pred = k;
            break;
          }
        }
      }
      c->data_neg = !is_copula_negation(m, t);
      bool neutral = false;
      if (pred && pred->base) {
        size_t bl = pred->base_len;
        for (size_t i = 0; i < m->r->neutral.n; i++)
          if (m->r->neutral.len[i] <= bl &&
              memcmp(pred->base, m->r->neutral.w[i], m->r->neutral.len[i]) == 0)
            neutral = true;
      }
      if (neutral)
        c->data_neg = false;
      /* ありません / ございません deny the statement before them */
      c->own_neg = !pred || neutral || pred->start < me ||
                   streq(pred->base, "ある") || streq(pred->base, "ござる");
    }
  }
}

static int cmp_finding(const void *a, const void *b) {
  const jiken_finding *x = a, *y = b;
  return x->start < y->start ? -1 : x->start > y->start;
}

static void sort_findings(jiken__vec *v) {
  /* insertion sort: stable, lists are short */
  jiken_finding *f = v->items;
  for (size_t i = 1; i < v->n; i++) {
    jiken_finding x = f[i];
    size_t j = i;
    while (j > 0 && cmp_finding(&f[j - 1], &x) > 0) {
      f[j] = f[j - 1];
      j--;
    }
    f[j] = x;
  }
}

static bool is_list_sep(const char *s, size_t n) {
  static const char *const seps[] = {"、", "・", ",", "/", "(", ")", "「",
                                     "」", ":", "\"", "【", "】", "〔"};
  for (size_t i = 0; i < sizeof seps / sizeof *seps; i++) {
    size_t k = strlen(seps[i]);
    if (n == k && memcmp(s, seps[i], k) == 0)
      return true;
  }
  return false;
}

/* Is the data item at [ms, me) in a sentence about personal data?  Yes
 * when the sentence holds a `set datacue` word, or a list separator
 * touches the match. */
static bool data_sentence(const mctx *m, size_t ms, size_t me) {
  if (m->r->datacue.n == 0) /* no `set datacue:` in the tables: no filter */
    return true;
  if (*m->cue < 0) {
    *m->cue = 0;
    const wordset *ws = &m->r->datacue;
    const unsigned char *u = (const unsigned char *)m->s;
    for (size_t p = m->ss, len; p < m->se && !*m->cue; p += len) {
      if (!ws->big) { /* first the run of 3-byte code points no word
                         starts with */
        size_t se = m->se;
        while (p < se && u[p] - 0xE0u < 0x10u) {
          unsigned c3 = (u[p] & 0x0Fu) << 12 | (u[p + 1] & 0x3Fu) << 6 |
                        (u[p + 2] & 0x3Fu);
          if (ws->first[c3 >> 6] >> (c3 & 63) & 1)
            break;
          p += 3;
        }
        if (p >= se)
          break;
      }
      /* word_at() at each code point (valid UTF-8), decoding it once */
      unsigned b0 = u[p];
      int32_t cp;
      if (b0 - 0xE0u < 0x10u) {
        len = 3;
        cp = (int32_t)((b0 & 0x0F) << 12 | (u[p + 1] & 0x3Fu) << 6 |
                       (u[p + 2] & 0x3Fu));
      } else if (b0 < 0x80) {
        len = 1;
        cp = (int32_t)b0;
      } else {
        len = b0 < 0xE0 ? 2 : 4;
        cp = cp_at(m->s + p);
      }
      if (may_start(ws, cp) && word_at_slow(ws, m->s, p, m->se))
        *m->cue = 1;
    }
  }
  if (*m->cue)
    return true;
  if (me < m->se && is_list_sep(m->s + me, next_char(m, me) - me))
    return true;
  if (ms > m->ss) {
    size_t p = ms - 1;
    while (p > m->ss && ((unsigned char)m->s[p] & 0xC0) == 0x80)
      p--;
    if (is_list_sep(m->s + p, ms - p))
      return true;
  }
  return false;
}

typedef struct run_state {
  const jiken__doc *doc;
  jiken_result *res;
  int leak; /* best leak precedence so far */
  int rc;
} run_state;

/* try rule ri at pos; on a match that passes its context, record it.
 * Returns true when the rule fired. */
static inline unsigned sent_key(const jiken__sentence *sent) {
  return (unsigned)sent->section << 1 | (sent->heading ? 1u : 0u);
}

static inline bool sentence_ok(const rule *ru, const jiken__sentence *sent) {
  return ru->ok >> sent_key(sent) & 1;
}

static bool try_rule(mctx *m, const jiken__sentence *sent, size_t ri,
                     size_t pos, uint64_t alts0, size_t re0_end,
                     run_state *st) {
  const rule *ru = &((const rule *)m->r->rules.items)[ri];
  if (!sentence_ok(ru, sent))
    return false;
  size_t me;
  m->budget = &m->budgets[ri]; /* this try's: rule, first alternatives */
  m->alts0 = alts0;
  m->re0_end = re0_end;
  if (!match_el(m, ru, 0, pos, &me))
    return false;
  if (ru->kind == K_DATA && sent->section != JIKEN__SEC_DAMAGE &&
      !data_sentence(m, pos, me))
    return false;
  bool neg = false;
  /* the clause is read when a flag asks about it, or for a data item's
   * negated field */
  if (ru->kind == K_DATA || ru->neg != 0 || ru->hyp != 0) {
    context c;
    context_of(m, pos, me, &c);
    neg = ru->kind == K_DATA   ? c.data_neg
          : ru->kind == K_LEAK ? c.own_neg || c.lack
                               : c.neg || c.lack;
    if (!want(ru->neg, neg) || !want(ru->hyp, c.hyp))
      return false;
  }
  jiken_result *res = st->res;
  const char *cat = kind_cats[ru->kind][ru->cat];
  int rc = JIKEN_OK;
  switch (ru->kind) {
  case K_CAUSE:
    rc = jiken__result_add_finding(res, &res->causes, &st->doc->text, cat, pos,
                                   me, 0);
    break;
  case K_COUNTER:
    rc = jiken__result_add_finding(res, &res->countermeasures, &st->doc->text,
                                   cat, pos, me, 0);
    break;
  case K_DATA:
    rc = jiken__result_add_finding(res, &res->data_items, &st->doc->text, cat,
                                   pos, me, neg);
    break;
  case K_REPORT:
    rc = jiken__result_add_finding(res, &res->reported_to, &st->doc->text, cat,
                                   pos, me, 0);
    break;
  default:
    if (ru->cat > st->leak)
      st->leak = ru->cat;
  }
  if (rc != JIKEN_OK)
    st->rc = rc;
  return true;
}

/* rule ri's per-sentence state, zeroed when last set in another sentence */
static inline void fresh(uint32_t *ep, uint32_t *budget, uint32_t *snap,
                         unsigned char *fired, uint32_t ri, uint32_t epoch) {
  if (ep[ri] != epoch) {
    ep[ri] = epoch;
    budget[ri] = 0;
    snap[ri] = 0;
    fired[ri] = 0;
  }
}

int jiken__rules_run(const jiken__rules *r, const jiken__doc *doc,
                     jiken_result *res) {
  if (!r || !doc || !res)
    return JIKEN_EINVAL;
  size_t nr = r->rules.n;
  size_t maxtok = 1;
  for (size_t si = 0; si < doc->sentences.n; si++)
    if (((const jiken__sentence *)doc->sentences.items)[si].tok_count > maxtok)
      maxtok = ((const jiken__sentence *)doc->sentences.items)[si].tok_count;
  /* the per-call arrays, in one block (8-byte aligned pieces); only the
   * epochs start zeroed, the rest is set before it is read */
  size_t sz[10] = {(r->n_re_first + 1) * sizeof(size_t),      /* cstart */
                   (r->max_hits ? r->max_hits : 1) * sizeof(void *), /* hits */
                   (nr ? nr : 1) * sizeof(uint32_t),            /* budget */
                   (nr ? nr : 1) * sizeof(uint32_t),            /* snap */
                   (nr ? nr : 1) * sizeof(uint32_t),            /* ep */
                   (r->n_occ ? r->n_occ : 1) * sizeof(uint32_t), /* occ */
                   (r->n_occ ? r->n_occ : 1) * sizeof(uint32_t), /* occ_ep */
                   (r->n_tok_first ? r->n_tok_first : 1) * sizeof(uint32_t),
                   nr ? nr : 1,                                 /* fired */
                   maxtok};                                     /* tf */
  size_t off[10], total = 0;
  for (size_t i = 0; i < 10; i++) {
    off[i] = total;
    total += (sz[i] + 7) & ~(size_t)7;
  }
  char *block = malloc(total);
  pcre2_match_data *md = pcre2_match_data_create(1, NULL); /* only ovector[0..1] is read */
  if (!md || !block) {
    pcre2_match_data_free(md);
    free(block);
    return JIKEN_ENOMEM;
  }
  size_t *cstart = (size_t *)(void *)(block + off[0]);
  const kref **hits = (const kref **)(void *)(block + off[1]);
  uint32_t *budget = (uint32_t *)(void *)(block + off[2]);
  uint32_t *snap = (uint32_t *)(void *)(block + off[3]);
  uint32_t *ep = (uint32_t *)(void *)(block + off[4]);
  uint32_t *occ = (uint32_t *)(void *)(block + off[5]);
  uint32_t *occ_ep = (uint32_t *)(void *)(block + off[6]);
  uint32_t *tfr = (uint32_t *)(void *)(block + off[7]);
  unsigned char *fired = (unsigned char *)block + off[8];
  unsigned char *tf = (unsigned char *)block + off[9];
  memset(ep, 0, sz[4]);
  memset(occ_ep, 0, sz[6]);
  run_state st = {doc, res, 0, JIKEN_OK};
  typedef struct cand {
    uint32_t k; /* index into re_first */
    size_t pos;
  } cand;
  cand *cands = NULL; /* per sentence: where regex-first rules may start */
  size_t cand_cap = 0;
  cand *sorted = NULL; /* the same, grouped by rule */
  size_t sorted_cap = 0;
  const jiken__sentence *sents = doc->sentences.items;
  const jiken__token *toks = doc->tokens.items;
  for (size_t si = 0; si < doc->sentences.n && st.rc == JIKEN_OK; si++) {
    const jiken__sentence *sent = &sents[si];
    int cue = -1;
    mctx m = {r,      doc->text.norm, sent->start, sent->end,
              toks + sent->tok_first, sent->tok_count, md, &cue,
              budget, tf, ~(uint64_t)0, SIZE_MAX, budget};
    memset(tf, 0, sent->tok_count);
    /* budget, fired, snap and occ are per sentence: an entry whose
     * epoch is not this sentence's counts as 0 (see fresh()) */
    uint32_t epoch = (uint32_t)si + 1;
    unsigned key = sent_key(sent);
    size_t ncand = 0;
    /* rules starting with a literal: look up each code point */
    const unsigned char *u = (const unsigned char *)m.s;
    for (size_t p = m.ss, len; p < m.se; p += len) {
      unsigned b0 = u[p]; /* valid UTF-8 */
      int32_t cp;
      if (b0 - 0xE0u < 0x10u) { /* most of a notice: 3 bytes */
        len = 3;
        cp = (int32_t)((b0 & 0x0F) << 12 | (u[p + 1] & 0x3Fu) << 6 |
                       (u[p + 2] & 0x3Fu));
      } else if (b0 < 0x80) {
        len = 1;
        cp = (int32_t)b0;
      } else if (b0 < 0xE0) {
        len = 2;
        cp = (int32_t)((b0 & 0x1F) << 6 | (u[p + 1] & 0x3Fu));
      } else {
        len = 4;
        cp = cp_at(m.s + p);
      }
      const cp_slot *sl;
      if (cp < 0x10000 && r->bmp) {
        uint16_t x = r->bmp[cp];
        if (!x)
          continue; /* no rule starts with this code point */
        sl = &r->cph[x - 1];
      } else {
        if (cp < 0x10000 && !(r->cpbits[cp >> 6] >> (cp & 63) & 1))
          continue;
        size_t h = cp_hash(cp) & r->cph_mask;
        while (r->cph[h].cp != cp && r->cph[h].cp >= 0)
          h = (h + 1) & r->cph_mask;
        sl = &r->cph[h];
        if (sl->cp < 0)
          continue;
      }
      if (sl->occ_id >= 0) {
        if (occ_ep[sl->occ_id] != epoch) {
          occ_ep[sl->occ_id] = epoch;
          occ[sl->occ_id] = 0;
        }
        occ[sl->occ_id]++;
      }
      /* the literals standing at p: those of one code point, and those
       * listed under the two code points at p */
      uint32_t l1 = sl->lit1_lo, l1e = sl->lit1_hi, l2 = 0, l2e = 0;
      int32_t cp2;
      if (sl->key_mask && p + len < m.se &&
          (sl->key_mask >> ((cp2 = cp_at(m.s + p + len)) & 63) & 1)) {
        const key_slot *kk = r->keys + sl->key_lo, *ke = r->keys + sl->key_hi;
        while (ke - kk > 8) { /* ascending by cp2: halve long lists */
          const key_slot *mid = kk + (ke - kk) / 2;
          if (mid->cp2 <= cp2)
            kk = mid;
          else
            ke = mid;
        }
        while (kk < ke && kk->cp2 < cp2)
          kk++;
        if (kk < ke && kk->cp2 == cp2) {
          l2 = kk->lit_lo;
          l2e = kk->lit_hi;
        }
      }
      if (l1 == l1e && l2 == l2e)
        continue;
      if (cand_cap - ncand < r->max_hits) {
        size_t nc = cand_cap * 2 + r->max_hits;
        cand *nv = realloc(cands, nc * sizeof *nv);
        if (!nv) {
          st.rc = JIKEN_ENOMEM;
          break;
        }
        cands = nv;
        cand_cap = nc;
      }
      size_t nh = 0, c_here = ncand;
      for (int pass = 0; pass < 2; pass++) {
        uint32_t lo = pass ? l2 : l1, hi = pass ? l2e : l1e;
        for (uint32_t li = lo; li < hi; li++) {
          const klit *l = &r->lits[li];
          if (!lit_eq(m.s, p, m.se, l->w, l->len, l->pre, l->mask))
            continue;
          for (uint32_t q = l->ref_lo; q < l->ref_hi; q++) {
            const kref *x = &r->refs[q];
            if (!x->re) {
              hits[nh++] = x;
              continue;
            }
            /* where regex-first rules may match: a rule is a candidate
             * here once, when one of its prefixes is */
            bool dup = false;
            for (size_t c = c_here; c < ncand && !dup; c++)
              dup = cands[c].k == x->idx;
            if (!dup)
              cands[ncand++] = (cand){x->idx, p};
          }
        }
      }
      /* the rules whose first element can match here, in rule order */
      for (size_t i = 1; i < nh; i++) {
        const kref *x = hits[i];
        size_t j = i;
        for (; j > 0 && hits[j - 1]->idx > x->idx; j--)
          hits[j] = hits[j - 1];
        hits[j] = x;
      }
      for (size_t i = 0; i < nh; i++) {
        uint32_t ri = hits[i]->idx;
        if (i > 0 && hits[i - 1]->idx == ri)
          continue;
        /* the first element's alternatives standing at p: those of
         * each literal found here that starts the rule */
        uint64_t alts = hits[i]->alts;
        for (size_t j = i + 1; j < nh && hits[j]->idx == ri; j++)
          alts |= hits[j]->alts;
        const rule *ru = &((const rule *)r->rules.items)[ri];
        /* a rule this sentence cannot hold: try_rule() would do nothing */
        if (!(ru->ok >> key & 1))
          continue;
        fresh(ep, budget, snap, fired, ri, epoch);
        if (fired[ri])
          continue;
        /* each position since the rule's last attempt where one of its
         * first code points stood, but none of its alternatives, was a
         * failed attempt of its first element (a matching step, as in
         * match_el) */
        uint32_t now = 0;
        for (uint32_t o = r->rocc_lo[ri]; o < r->rocc_lo[ri + 1]; o++)
          now += occ_ep[r->rocc[o]] == epoch ? occ[r->rocc[o]] : 0;
        uint32_t missed = now - 1 - snap[ri];
        snap[ri] = now;
        budget_add(&budget[ri], missed);
        if (try_rule(&m, sent, ri, p, alts, SIZE_MAX, &st))
          fired[ri] = 1;
      }
    }
    /* rules starting with a token test (skipping those the sentence
     * cannot hold: try_rule() would do nothing) */
    size_t ntf = 0;
    for (size_t k = 0; k < r->n_tok_first; k++) {
      uint32_t ri = r->tok_first[k];
      if (((const rule *)r->rules.items)[ri].ok >> key & 1) {
        fresh(ep, budget, snap, fired, ri, epoch);
        tfr[ntf++] = ri;
      }
    }
    for (size_t t = 0; t < m.ntok && ntf > 0; t++)
      for (size_t k = 0; k < ntf; k++) {
        uint32_t ri = tfr[k];
        if (!fired[ri] && try_rule(&m, sent, ri, m.tok[t].start, ~(uint64_t)0,
                                   SIZE_MAX, &st))
          fired[ri] = 1;
      }
    /* the candidates grouped by rule (stable: positions stay in order) */
    const cand *sorted_c = cands;
    if (ncand > 64 && st.rc == JIKEN_OK) {
      if (ncand > sorted_cap) {
        cand *nv = realloc(sorted, ncand * sizeof *nv);
        if (!nv) {
          st.rc = JIKEN_ENOMEM;
          break;
        }
        sorted = nv;
        sorted_cap = ncand;
      }
      memset(cstart, 0, (r->n_re_first + 1) * sizeof *cstart);
      for (size_t c = 0; c < ncand; c++)
        cstart[cands[c].k + 1]++;
      for (size_t k = 0; k < r->n_re_first; k++)
        cstart[k + 1] += cstart[k];
      for (size_t c = 0; c < ncand; c++)
        sorted[cstart[cands[c].k]++] = cands[c];
      sorted_c = sorted;
    } else {
      for (size_t i = 1; i < ncand; i++) { /* insertion sort: few */
        cand x = cands[i];
        size_t j = i;
        for (; j > 0 && cands[j - 1].k > x.k; j--)
          cands[j] = cands[j - 1];
        cands[j] = x;
      }
    }
    /* rules starting with a regex, in rule order: an anchored match at
     * each position holding a code point a match can start with, or, when
     * those are not known, one unanchored scan per sentence.  A rule the
     * sentence cannot hold is skipped (try_rule() would do nothing). */
    for (size_t c = 0, a = 0;
         (c < ncand || a < r->n_re_any) && st.rc == JIKEN_OK;) {
      if (a < r->n_re_any && (c >= ncand || r->re_any_k[a] < sorted_c[c].k)) {
        uint32_t ri = r->re_first[r->re_any_k[a++]];
        const rule *ru = &((const rule *)r->rules.items)[ri];
        if (!(ru->ok >> key & 1))
          continue;
        fresh(ep, budget, snap, fired, ri, epoch);
        size_t p = m.ss;
        while (!fired[ri] && p < m.se) {
          if (re_match(ru->els[0].re, m.s, m.se, p, PCRE2_NO_UTF_CHECK, md) < 0)
            break;
          size_t s = pcre2_get_ovector_pointer(md)[0];
          if (try_rule(&m, sent, ri, s, ~(uint64_t)0, SIZE_MAX, &st))
            fired[ri] = 1;
          p = next_char(&m, s);
        }
        continue;
      }
      uint32_t k = sorted_c[c].k;
      size_t c1 = c;
      while (c1 < ncand && sorted_c[c1].k == k)
        c1++;
      uint32_t ri = r->re_first[k];
      const rule *ru = &((const rule *)r->rules.items)[ri];
      if (ru->ok >> key & 1)
        fresh(ep, budget, snap, fired, ri, epoch);
      if (ru->ok >> key & 1)
        for (; c < c1 && !fired[ri]; c++) {
          size_t s = sorted_c[c].pos;
          if (re_match(ru->els[0].are, m.s, m.se, s, PCRE2_NO_UTF_CHECK,
                       md) >= 0 &&
              try_rule(&m, sent, ri, s, ~(uint64_t)0,
                       pcre2_get_ovector_pointer(md)[1], &st))
            fired[ri] = 1;
        }
      c = c1;
    }
  }
  pcre2_match_data_free(md);
  free(block);
  free(cands);
  free(sorted);
  if (st.rc != JIKEN_OK)
    return st.rc;
  static const jiken_leak_status leak_map[] = {
      JIKEN_LEAK_UNKNOWN, JIKEN_LEAK_SUSPECTED, JIKEN_LEAK_NONE,
      JIKEN_LEAK_SUSPECTED, JIKEN_LEAK_CONFIRMED};
  res->leak_status = leak_map[st.leak];
  sort_findings(&res->causes);
  sort_findings(&res->countermeasures);
  sort_findings(&res->data_items);
  sort_findings(&res->reported_to);
  return JIKEN_OK;
}
