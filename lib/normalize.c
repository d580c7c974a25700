/*
 * normalize.c — second stage: make PDF-extracted text analysable.
 * Takes: validated UTF-8.  Gives: a jiken__text with
 *   - ICU NFKC (full-width digits → ASCII, Kangxi radicals ⽉ → 月,
 *     half-width katakana → full-width, ㍻ → 平成), except circled numbers
 *     (①, ⑴ stay list markers instead of becoming digits);
 *   - every wave dash / tilde (〜 ～ ∼ 〰) → '~', hyphen-like dashes → '-',
 *     zero-width characters dropped, stray control bytes → ' ', CR LF → LF;
 *   - PDF spacing repaired: runs of spaces next to a CJK character are
 *     removed (`2023 年 7 月` → `2023年7月`, `個 人 情 報` → `個人情報`),
 *     while spaces between Latin words stay;
 * and for every output byte the original byte range it came from, so spans
 * found in normalised text map back exactly to the caller's bytes.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uset.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

/* Circled / parenthesised numbers are list markers: NFKC would turn ① into
 * "1" and glue it to the next number, so they are kept as they are. */
static bool keep_as_is(int32_t c) {
  return (c >= 0x2460 && c <= 0x24FF) || (c >= 0x2776 && c <= 0x2793) ||
         (c >= 0x3251 && c <= 0x325F) || (c >= 0x32B1 && c <= 0x32BF);
}

/* Tildes/wave dashes → '~', hyphen-like dashes → '-', zero-width
 * characters dropped (-1).  One table: unify() and the fast set both read it. */
static const struct {
  int32_t from, to;
} unified[] = {
    {0x301C, '~'}, {0xFF5E, '~'}, {0x223C, '~'}, {0x2053, '~'}, {0x3030, '~'},
    {0x02DC, '~'}, {0x223F, '~'}, {0x2010, '-'}, {0x2011, '-'}, {0x2012, '-'},
    {0x2013, '-'}, {0x2014, '-'}, {0x2015, '-'}, {0x2212, '-'}, {0xFE58, '-'},
    {0xFE63, '-'}, {0xFF0D, '-'}, {0x200B, -1},  {0x200C, -1},  {0x200D, -1},
    {0x2060, -1},  {0xFEFF, -1},
};

/* After NFKC: -1 = drop, else the code point to emit.  (Only the careful
 * path calls it: the fast set holds no character it changes.) */
static int32_t unify(int32_t c) {
  for (size_t k = 0; k < sizeof unified / sizeof *unified; k++)
    if (unified[k].from == c)
      return unified[k].to;
  if (c == '\t' || c == '\n')
    return c;
  if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0))
    return ' ';
  return c;
}

/* fast[c >> 6] bit c & 63, for c in the BMP: c is copied as it is, without
 * asking ICU, whatever character follows it unless that one combines with
 * it (see fast_set_build) */
#define FAST_WORDS (0x10000 / 64)

struct jiken__normalizer {
  const UNormalizer2 *nfkc; /* ICU singleton, thread-safe */
  uint64_t fast[FAST_WORDS];
  bool kanji_fast; /* U+4E00..U+9FFF are all in the fast set */
  bool kana_fast;  /* so are U+3041..U+3096 and U+30A1..U+30FA */
};

static inline bool is_fast(const jiken__normalizer *nz, uint32_t c) {
  return (nz->fast[c >> 6] >> (c & 63)) & 1;
}

/* sets or clears the bits of [lo, hi] */
static void fast_range(jiken__normalizer *nz, UChar32 lo, UChar32 hi,
                       bool on) {
  for (UChar32 c = lo; c <= hi;) {
    uint64_t *w = &nz->fast[c >> 6];
    if ((c & 63) == 0 && hi - c >= 63) { /* whole word */
      *w = on ? ~(uint64_t)0 : 0;
      c += 64;
      continue;
    }
    uint64_t bit = (uint64_t)1 << (c & 63);
    *w = on ? *w | bit : *w & ~bit;
    c++;
  }
}

/* The characters the normaliser may copy without looking further: in the
 * BMP, NFKC quick check Yes with combining class 0 (NFKC leaves the
 * character alone and nothing before it composes with it, so it starts a
 * normalisation segment), or a kept list marker that starts a segment; and
 * unify() leaves it as it is.  CR is not (CR LF → LF).  Built from ICU's
 * property sets, so it follows the ICU the library runs with. */
static int fast_set_build(jiken__normalizer *nz) {
  UErrorCode st = U_ZERO_ERROR;
  USet *yes = uset_openEmpty(), *ccc0 = uset_openEmpty();
  if (!yes || !ccc0)
    st = U_MEMORY_ALLOCATION_ERROR;
  if (U_SUCCESS(st))
    uset_applyIntPropertyValue(yes, UCHAR_NFKC_QUICK_CHECK, UNORM_YES, &st);
  if (U_SUCCESS(st))
    uset_applyIntPropertyValue(ccc0, UCHAR_CANONICAL_COMBINING_CLASS, 0, &st);
  if (U_SUCCESS(st)) {
    uset_retainAll(yes, ccc0);
    memset(nz->fast, 0, sizeof nz->fast);
    int32_t items = uset_getItemCount(yes);
    for (int32_t k = 0; k < items && U_SUCCESS(st); k++) {
      UChar32 lo, hi;
      uset_getItem(yes, k, &lo, &hi, NULL, 0, &st);
      if (lo < 0x10000)
        fast_range(nz, lo, hi < 0x10000 ? hi : 0xFFFF, true);
    }
    /* unify() changes controls, C1 controls and the dashes, tildes and
     * zero-width characters of its table; no surrogates (UTF-8 has none) */
    fast_range(nz, 0, 0x1F, false);
    fast_range(nz, 0x7F, 0x9F, false);
    fast_range(nz, 0xD800, 0xDFFF, false);
    for (size_t k = 0; k < sizeof unified / sizeof *unified; k++)
      fast_range(nz, unified[k].from, unified[k].from, false);
    fast_range(nz, '\t', '\t', true);
    fast_range(nz, '\n', '\n', true);
    for (UChar32 c = 0x2460; c < 0x3300; c++)
      if (keep_as_is(c) && unorm2_hasBoundaryBefore(nz->nfkc, c))
        fast_range(nz, c, c, true);
  }
  nz->kanji_fast = true;
  for (size_t w = 0x4E00 / 64; w < 0xA000 / 64; w++)
    if (nz->fast[w] != ~(uint64_t)0)
      nz->kanji_fast = false;
  nz->kana_fast = true;
  for (UChar32 c = 0x3041; c <= 0x30FA; c++)
    if ((c <= 0x3096 || c >= 0x30A1) && !is_fast(nz, (uint32_t)c))
      nz->kana_fast = false;
  if (yes)
    uset_close(yes);
  if (ccc0)
    uset_close(ccc0);
  return U_SUCCESS(st) ? 0 : -1;
}

jiken__normalizer *jiken__normalizer_new(jiken_error *err) {
  UErrorCode st = U_ZERO_ERROR;
  const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&st);
  if (U_FAILURE(st)) {
    jiken__error_set(err, JIKEN_EICU, (size_t)-1,
                     "ICU NFKC normaliser unavailable: %s", u_errorName(st));
    return NULL;
  }
  jiken__normalizer *nz = malloc(sizeof *nz);
  if (!nz) {
    jiken__error_set(err, JIKEN_ENOMEM, (size_t)-1, NULL);
    return NULL;
  }
  nz->nfkc = nfkc;
  if (fast_set_build(nz)) {
    jiken__error_set(err, JIKEN_EICU, (size_t)-1,
                     "ICU normalisation properties unavailable");
    free(nz);
    return NULL;
  }
  return nz;
}

void jiken__normalizer_free(jiken__normalizer *nz) { free(nz); }

void jiken__text_free(jiken__text *t) {
  free(t->norm);
  free(t->src_start);
  free(t->src_end);
  memset(t, 0, sizeof *t);
}

void jiken__text_span(const jiken__text *t, size_t ns, size_t ne, size_t *os,
                      size_t *oe) {
  if (t->norm_len == 0) {
    *os = *oe = 0;
    return;
  }
  if (ns >= t->norm_len)
    ns = t->norm_len - 1;
  if (ne > t->norm_len)
    ne = t->norm_len;
  *os = t->src_start[ns];
  *oe = ne > ns ? t->src_end[ne - 1] : *os;
}

/* ---- output buffer with offset map ------------------------------------- */
typedef struct outbuf {
  char *s;
  uint32_t *start, *end;
  size_t n, cap;
} outbuf;

static int out_reserve(outbuf *o, size_t more) {
  if (o->n + more + 1 <= o->cap)
    return 0;
  size_t cap = o->cap ? o->cap : 256;
  while (cap < o->n + more + 1)
    cap *= 2;
  char *s = realloc(o->s, cap);
  if (s)
    o->s = s;
  uint32_t *a = realloc(o->start, cap * sizeof *a);
  if (a)
    o->start = a;
  uint32_t *b = realloc(o->end, cap * sizeof *b);
  if (b)
    o->end = b;
  if (!s || !a || !b)
    return -1;
  o->cap = cap;
  return 0;
}

static int out_cp(outbuf *o, int32_t c, size_t os, size_t oe) {
  if (out_reserve(o, 4))
    return -1;
  size_t at = o->n;
  U8_APPEND_UNSAFE((uint8_t *)o->s, o->n, c);
  for (size_t k = at; k < o->n; k++) {
    o->start[k] = (uint32_t)os;
    o->end[k] = (uint32_t)oe;
  }
  return 0;
}

static void out_free(outbuf *o) {
  free(o->s);
  free(o->start);
  free(o->end);
}

/* ---- character classes ------------------------------------------------- */
/* Characters whose NFKC form is themselves: copied without asking ICU. */
static bool nfkc_stable(int32_t c) {
  return c < 0x80 || (c >= 0x3041 && c <= 0x3096) ||
         (c >= 0x30A1 && c <= 0x30FA) || c == 0x30FC ||
         (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         c == 0x3001 || c == 0x3002 || (c >= 0x300C && c <= 0x3011);
}

static bool is_cjk(int32_t c) {
  return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFFEF) ||
         (c >= 0x20000 && c <= 0x3FFFF) || (c >= 0x2460 && c <= 0x24FF) ||
         (c >= 0x25A0 && c <= 0x25FF) || c == 0x203B /* ※ */;
}

/* ---- pass 1: NFKC + unification ----------------------------------------- */
static int emit_segment(const jiken__normalizer *nz, outbuf *o,
                        const char *s, size_t a, size_t b,
                        jiken_error *err) {
  UChar in[256], outbuf16[1024];
  int32_t in_len = 0, n = 0;
  UErrorCode st = U_ZERO_ERROR;
  if (b - a <= 120) { /* ≤ 120 code points: fits in[] */
    for (size_t i = a; i < b;) {
      int32_t c;
      i += (size_t)jiken__utf8_next(s, b, i, &c);
      U16_APPEND_UNSAFE(in, in_len, c);
    }
    n = unorm2_normalize(nz->nfkc, in, in_len, outbuf16,
                         (int32_t)(sizeof outbuf16 / sizeof *outbuf16), &st);
  } else {
    st = U_BUFFER_OVERFLOW_ERROR;
  }
  /* An absurd run of combining marks, or a compatibility character whose
   * NFKC form is a whole phrase (U+FDFA is 18 characters): keep it
   * unnormalised, never drop it.  Capping the growth at 6x keeps a hostile
   * input from multiplying memory (text + two offset maps) and MeCab time;
   * Japanese squared words (㍿ → 株式会社, ㌖ → キロメートル) still expand. */
  if (U_SUCCESS(st) && n > 6 * in_len)
    st = U_BUFFER_OVERFLOW_ERROR;
  if (U_FAILURE(st)) {
    for (size_t i = a; i < b;) {
      int32_t c;
      i += (size_t)jiken__utf8_next(s, b, i, &c);
      if (out_cp(o, c, a, b))
        return jiken__error_set(err, JIKEN_ENOMEM, a, NULL);
    }
    return JIKEN_OK;
  }
  for (int32_t k = 0; k < n;) {
    UChar32 c;
    U16_NEXT(outbuf16, k, n, c);
    int32_t u = unify(c);
    if (u >= 0 && out_cp(o, u, a, b))
      return jiken__error_set(err, JIKEN_ENOMEM, a, NULL);
  }
  return JIKEN_OK;
}

/* raw bytes s[a, b) that NFKC and unify() leave as they are */
static int out_raw(outbuf *o, const char *s, size_t a, size_t b) {
  if (out_reserve(o, b - a))
    return -1;
  memcpy(o->s + o->n, s + a, b - a);
  for (size_t k = 0; k < b - a; k++) {
    o->start[o->n + k] = (uint32_t)a;
    o->end[o->n + k] = (uint32_t)b;
  }
  o->n += b - a;
  return 0;
}

/* true when d starts a new normalisation segment (nothing before it
 * composes with it); the common cases answered without ICU */
static bool starts_segment(const jiken__normalizer *nz, int32_t d) {
  return d < 0x300 || nfkc_stable(d) || unorm2_hasBoundaryBefore(nz->nfkc, d);
}

/* nfkc_segment() met a byte jiken_validate() refuses: it tells which */
#define NEED_VALIDATE 1

/* the control bytes jiken_validate() counts */
static bool is_control(int32_t c) {
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' &&
          c != '\v') ||
         c == 0x7f;
}

/* One normalisation segment starting at *pos: a character and the ones
 * after it that combine with it, NFKC'd and unified (the careful path for
 * everything the fast loop does not copy); *pos moves past it. */
static int nfkc_segment(const jiken__normalizer *nz, const char *s, size_t len,
                        size_t *pos, outbuf *o, size_t *controls,
                        jiken_error *err) {
  size_t a = *pos;
  int32_t c, d = 0;
  size_t i = a + (size_t)jiken__utf8_next(s, len, a, &c);
  if (controls) { /* checking for jiken__normalize_input() */
    if (c <= 0)
      return NEED_VALIDATE; /* invalid UTF-8 or NUL */
    if (is_control(c))
      ++*controls;
  }
  if (c < 0)
    return jiken__error_set(err, JIKEN_EUTF8, a, "invalid UTF-8 at %zu", a);
  /* extend over following characters that combine with this one */
  size_t b = i;
  int dn = 0;
  if (b < len)
    dn = jiken__utf8_next(s, len, b, &d);
  while (b < len && d >= 0 && !starts_segment(nz, d)) {
    b += (size_t)dn;
    if (b < len)
      dn = jiken__utf8_next(s, len, b, &d);
  }
  bool raw = true; /* the output is the input bytes */
  if (c == '\r') { /* CR LF → LF, lone CR → LF */
    if (i < len && s[i] == '\n') {
      *pos = i;
      return JIKEN_OK;
    }
    c = '\n';
    raw = false;
  }
  if (b == i && (nfkc_stable(c) || keep_as_is(c))) {
    int32_t u = unify(c);
    if (raw && u == c ? out_raw(o, s, a, b) : (u >= 0 && out_cp(o, u, a, b)))
      return jiken__error_set(err, JIKEN_ENOMEM, a, NULL);
  } else {
    int rc = emit_segment(nz, o, s, a, b, err);
    if (rc)
      return rc;
  }
  *pos = b;
  return JIKEN_OK;
}

static inline bool is_cont(unsigned char b) { return (b & 0xC0) == 0x80; }

/* four copies of v at m[0..3] (one 16-byte store where the compiler has
 * vectors; m[3] is overwritten by the next character, or lies in the
 * buffer's slack) */
typedef uint32_t u32x4 __attribute__((vector_size(16)));
static inline void put4(uint32_t *m, uint32_t v) {
  u32x4 x = {v, v, v, v};
  memcpy(m, &x, sizeof x);
}

/* The fast run from a: characters of the fast set, copied with their
 * offsets to st/en; returns where it stops (the first character not
 * copied), *last the start of the last one copied.  The output is the input
 * bytes [a, returned).  st/en have room for len - a + 4 entries. */
static size_t fast_run(const jiken__normalizer *nz, const unsigned char *u,
                       size_t len, size_t a, uint32_t *st, uint32_t *en,
                       size_t *last) {
  size_t j = a;
  for (;;) {
    /* 3-byte characters while a whole one fits: the lead byte and both
     * continuation bytes in one test, c >> 6 (xxxxyyyyyy of 1110xxxx
     * 10yyyyyy 10zzzzzz) indexing the fast set, zzzzzz the bit; c >> 6 <
     * 0x20 would be an overlong form */
    while (j + 3 < len) { /* four bytes readable */
      uint32_t x;
      memcpy(&x, u + j, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
      x = __builtin_bswap32(x);
#endif
      /* x = b0 | b1 << 8 | b2 << 16 | (next byte) << 24 */
      if ((x & 0xC0C0F0u) != 0x8080E0u)
        break;
      /* U+4E00..U+9FFF (E4 B8 80 .. E9 BF BF, all fast when kanji_fast)
       * without the table */
      uint32_t v = __builtin_bswap32(x) >> 8; /* b0 b1 b2 */
      bool sure = v - 0xE4B880u <= 0xE9BFBFu - 0xE4B880u
                      ? nz->kanji_fast
                      /* kana: U+3041..U+3096 and U+30A1..U+30FA */
                      : v - 0xE38181u <= 0xE383BAu - 0xE38181u &&
                            v - 0xE38297u > 0xE382A0u - 0xE38297u &&
                            nz->kana_fast;
      if (!sure) {
        uint32_t word = (x & 0x0F) << 6 | (x >> 8 & 0x3F);
        if (word < 0x20 || !(nz->fast[word] >> (x >> 16 & 63) & 1))
          goto done;
      }
      size_t k = j - a;
      put4(st + k, (uint32_t)j);
      put4(en + k, (uint32_t)(j + 3));
      j += 3;
    }
    if (j >= len)
      break;
    unsigned b0 = u[j];
    size_t k = j - a;
    if (b0 < 0x80) {
      if (!is_fast(nz, b0))
        break;
      st[k] = (uint32_t)j;
      en[k] = (uint32_t)(j + 1);
      j++;
    } else if (b0 - 0xE0u < 0x10u) { /* the last character */
      if (j + 2 >= len)
        break; /* cut: the careful path */
      uint32_t b1 = u[j + 1], b2 = u[j + 2];
      uint32_t word = (b0 & 0x0F) << 6 | (b1 & 0x3F);
      if (((b1 | b2 << 8) & 0xC0C0) != 0x8080 || word < 0x20 ||
          !(nz->fast[word] >> (b2 & 63) & 1))
        break;
      put4(st + k, (uint32_t)j);
      put4(en + k, (uint32_t)(j + 3));
      j += 3;
    } else if (b0 - 0xC2u < 0x1Eu) { /* C2..DF */
      if (j + 1 >= len || !is_cont(u[j + 1]))
        break;
      uint32_t c = (b0 & 0x1F) << 6 | (u[j + 1] & 0x3F);
      if (!is_fast(nz, c))
        break;
      st[k] = st[k + 1] = (uint32_t)j;
      en[k] = en[k + 1] = (uint32_t)(j + 2);
      j += 2;
    } else {
      break; /* 3 bytes cut or invalid, 4 bytes, invalid: the careful path */
    }
  }
done:;
  /* the start of the last character copied (the input is valid there) */
  size_t l = j;
  if (l > a) {
    l--;
    while (l > a && is_cont(u[l]))
      l--;
  }
  *last = l;
  return j;
}

static int nfkc_pass(const jiken__normalizer *nz, const char *s, size_t len,
                     outbuf *o, size_t *controls, jiken_error *err) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0;
  while (i < len) {
    /* fast run: characters of the fast set, copied with their offsets;
     * the output is the input bytes [a, j) (put4 writes up to 3 entries
     * past the run: reserved here) */
    if (out_reserve(o, len - i + 3))
      return jiken__error_set(err, JIKEN_ENOMEM, i, NULL);
    size_t a = i, last;
    size_t j = fast_run(nz, u, len, a, o->start + o->n, o->end + o->n, &last);
    /* the last copied character is a segment of its own unless the next
     * one combines with it */
    if (j > a && j < len) {
      int32_t d;
      jiken__utf8_next(s, len, j, &d);
      if (d >= 0 && !starts_segment(nz, d))
        j = last;
    }
    if (j > a) {
      memcpy(o->s + o->n, s + a, j - a);
      o->n += j - a;
    }
    i = j;
    if (i < len) {
      int rc = nfkc_segment(nz, s, len, &i, o, controls, err);
      if (rc)
        return rc;
    }
  }
  return JIKEN_OK;
}

/* ---- pass 2: PDF spacing repair ---------------------------------------- */
/* the code point that ends at s[end) (s is valid UTF-8) */
static int32_t cp_before(const char *s, size_t end) {
  size_t k = end;
  while (k > 0 && ((unsigned char)s[k - 1] & 0xC0) == 0x80)
    k--;
  if (k == 0)
    return '\n';
  k--;
  int32_t c;
  jiken__utf8_next(s, end, k, &c);
  return c;
}

/* o->s[0, n) = o->s[a, b) (and the offsets): the text moves down over the
 * spaces dropped so far */
static void move_run(outbuf *o, size_t n, size_t a, size_t b) {
  if (n == a || a == b)
    return;
  memmove(o->s + n, o->s + a, b - a);
  memmove(o->start + n, o->start + a, (b - a) * sizeof *o->start);
  memmove(o->end + n, o->end + a, (b - a) * sizeof *o->end);
}

/* Drops the runs of spaces/tabs that touch a CJK character, in place: the
 * text kept so far is o[0, n), the text not yet looked at o[i, o->n). */
static void spacing_pass(outbuf *o) {
  const char *s = o->s;
  size_t len = o->n, n = 0, copied = 0, i = 0;
  /* the next ' ' and '\t' at or after i (NULL: none left) */
  const char *sp = memchr(s, ' ', len), *tab = memchr(s, '\t', len);
  while (i < len) {
    if (sp && (size_t)(sp - s) < i)
      sp = memchr(s + i, ' ', len - i);
    if (tab && (size_t)(tab - s) < i)
      tab = memchr(s + i, '\t', len - i);
    const char *next_ws = !sp ? tab : !tab ? sp : sp < tab ? sp : tab;
    if (!next_ws)
      break;
    i = (size_t)(next_ws - s);
    size_t j = i;
    while (j < len && (s[j] == ' ' || s[j] == '\t'))
      j++;
    /* prev: the last character kept so far (a line start counts as \n) */
    int32_t prev = i > copied ? cp_before(s, i) : (n ? cp_before(s, n) : '\n');
    int32_t next = '\n';
    if (j < len)
      jiken__utf8_next(s, len, j, &next);
    bool drop = prev != '\n' && next != '\n' && (is_cjk(prev) || is_cjk(next));
    if (drop) {
      move_run(o, n, copied, i);
      n += i - copied;
      copied = j;
    }
    i = j;
  }
  move_run(o, n, copied, len);
  o->n = n + (len - copied);
}

/* controls: NULL, or where jiken__normalize_input() counts the control
 * bytes; returns NEED_VALIDATE when the input has a byte validation
 * refuses */
static int normalize(const jiken__normalizer *nz, const char *orig,
                     size_t len, size_t *controls, jiken__text *out,
                     jiken_error *err) {
  memset(out, 0, sizeof *out);
  /* offsets are uint32_t and NFKC may grow text (at most ~12x per
   * character after the 6x cap in emit_segment): refuse what could
   * overflow them (only reachable with max_input raised past 256 MiB) */
  if (len > UINT32_MAX / 16)
    return jiken__error_set(err, JIKEN_ETOOBIG, UINT32_MAX / 16,
                            "input is %zu bytes, more than the %u bytes "
                            "the offset map can address",
                            len, (unsigned)(UINT32_MAX / 16));
  outbuf o = {0};
  /* most text is already normal: size for one output byte per input byte */
  if (out_reserve(&o, len + 3)) {
    out_free(&o);
    return jiken__error_set(err, JIKEN_ENOMEM, 0, NULL);
  }
  int rc = nfkc_pass(nz, orig, len, &o, controls, err);
  if (rc != JIKEN_OK) {
    out_free(&o);
    return rc;
  }
  spacing_pass(&o); /* the text only shrinks: in place */
  o.s[o.n] = '\0'; /* out_reserve keeps a byte spare */
  out->orig = orig;
  out->orig_len = len;
  out->norm = o.s;
  out->norm_len = o.n;
  out->src_start = o.start;
  out->src_end = o.end;
  return JIKEN_OK;
}

int jiken__normalize(const jiken__normalizer *nz, const char *orig, size_t len,
                     jiken__text *out, jiken_error *err) {
  return normalize(nz, orig, len, NULL, out, err);
}

/* The fast run accepts only valid UTF-8 without NUL or the control bytes
 * jiken_validate() counts, so the text need not be scanned twice: the
 * careful path (nfkc_segment) watches every other character, and whenever
 * it meets a byte validation refuses (or too many controls), or the input
 * is empty, too big or absurdly large, jiken_validate() itself gives the
 * answer. */
int jiken__normalize_input(const jiken__normalizer *nz, const char *text,
                           size_t len, size_t max_bytes, jiken__text *out,
                           jiken_error *err) {
  memset(out, 0, sizeof *out);
  if (!text || len == 0 || (max_bytes && len > max_bytes) ||
      len > UINT32_MAX / 16) {
    int rc = jiken_validate(text, len, max_bytes, err);
    return rc != JIKEN_OK ? rc : normalize(nz, text, len, NULL, out, err);
  }
  size_t controls = 0;
  int rc = normalize(nz, text, len, &controls, out, err);
  if (rc == NEED_VALIDATE || (rc == JIKEN_OK && controls * 50 > len)) {
    if (rc == JIKEN_OK)
      jiken__text_free(out);
    rc = jiken_validate(text, len, max_bytes, err);
    if (rc == JIKEN_OK) /* cannot happen: normalise as the two calls would */
      rc = normalize(nz, text, len, NULL, out, err);
  }
  return rc;
}
