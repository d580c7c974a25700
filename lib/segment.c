/*
 * segment.c — third stage: lines, sentences, headings, sections.
 * Takes: the normalised text of a jiken__doc.  Gives: doc->sentences, each
 * with its byte range in the normalised text, whether it is a heading line
 * (`1.発覚の経緯`, `(1)`, `■原因`, `【…】`, a short `経緯` line) and the
 * section it stands in (原因, 再発防止策, …), so later stages can tell a
 * cause described in the 原因 section from a step announced in 今後の対応.
 */
#include "internal.h"

#include <string.h>

static bool starts_with(const char *s, size_t n, const char *prefix) {
  if (n == 0 || s[0] != prefix[0])
    return false; /* most calls end here, without the strlen */
  size_t k = strlen(prefix);
  return n >= k && memcmp(s, prefix, k) == 0;
}

/* where the 3-byte character c (UTF-8) first occurs in s[0..n), or NULL.
 * s is valid UTF-8 starting at a character: c[0] is a lead byte, so a match
 * found by bytes starts a character.  memchr looks for c[1] (0x80 for
 * 。 and 】, rarer than their lead byte E3, which every kana has). */
static const char *find3(const char *s, size_t n, const char *c) {
  const char *p = s + 1, *end = s + n;
  while (p + 1 < end && (p = memchr(p, c[1], (size_t)(end - 1 - p)))) {
    if (p[-1] == c[0] && p[1] == c[2])
      return p - 1;
    p++;
  }
  return NULL;
}

/* the 3-byte character c (UTF-8) occurs in s[0..n) */
static bool contains3(const char *s, size_t n, const char *c) {
  return n >= 3 && find3(s, n, c) != NULL;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Heading keywords → section, checked in this order. */
#define W(w, sec) {w, sizeof w - 1, sec}
static const struct {
  const char *word;
  size_t len;
  jiken__section section;
} section_words[] = {
    W("原因", JIKEN__SEC_CAUSE),
    W("再発防止", JIKEN__SEC_PREVENTION),
    W("防止策", JIKEN__SEC_PREVENTION),
    W("今後の対応", JIKEN__SEC_PREVENTION),
    W("今後の対策", JIKEN__SEC_PREVENTION),
    W("今後の取", JIKEN__SEC_PREVENTION),
    W("対策", JIKEN__SEC_PREVENTION),
    W("問い合わせ", JIKEN__SEC_CONTACT),
    W("問合せ", JIKEN__SEC_CONTACT),
    W("窓口", JIKEN__SEC_CONTACT),
    W("経緯", JIKEN__SEC_TIMELINE),
    W("経過", JIKEN__SEC_TIMELINE),
    W("時系列", JIKEN__SEC_TIMELINE),
    W("発覚", JIKEN__SEC_TIMELINE),
    W("漏え", JIKEN__SEC_DAMAGE),
    W("漏洩", JIKEN__SEC_DAMAGE),
    W("流出", JIKEN__SEC_DAMAGE),
    W("影響", JIKEN__SEC_DAMAGE),
    W("被害", JIKEN__SEC_DAMAGE),
    W("対象", JIKEN__SEC_DAMAGE),
    W("件数", JIKEN__SEC_DAMAGE),
    W("項目", JIKEN__SEC_DAMAGE),
    W("内容", JIKEN__SEC_DAMAGE),
    W("対応", JIKEN__SEC_RESPONSE),
    W("措置", JIKEN__SEC_RESPONSE),
    W("概要", JIKEN__SEC_OVERVIEW),
    W("状況", JIKEN__SEC_OVERVIEW),
};
#undef W

const char *jiken__section_name(jiken__section s) {
  static const char *const names[] = {"none",     "overview",   "timeline",
                                      "cause",    "damage",     "response",
                                      "prevention", "contact"};
  return (unsigned)s < JIKEN__SEC_COUNT ? names[s] : "none";
}

/* The first keyword of the table (in table order) occurring anywhere in the
 * line wins.  One pass over the line: at each character start, the keywords
 * before the best one found so far are tried (all begin with a 3-byte
 * character; the third byte is compared first, it differs most). */
/* bit (b & 63) for the second (mask[0]) and third (mask[1]) byte b of every
 * keyword's first character: a position whose bytes are not in both is
 * passed without the loop over the keywords */
typedef struct section_mask {
  uint64_t m[2];
} section_mask;

static section_mask section_mask_new(void) {
  section_mask m = {{0, 0}};
  for (size_t k = 0; k < sizeof section_words / sizeof *section_words; k++) {
    m.m[0] |= (uint64_t)1 << ((unsigned char)section_words[k].word[1] & 63);
    m.m[1] |= (uint64_t)1 << ((unsigned char)section_words[k].word[2] & 63);
  }
  return m;
}

static jiken__section classify_heading(const char *s, size_t n,
                                       const section_mask *mask) {
  const size_t nw = sizeof section_words / sizeof *section_words;
  size_t best = nw;
  for (size_t i = 0; i + 3 <= n && best > 0;) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0xE0) { /* ASCII, 2-byte characters (s is valid UTF-8) */
      i += c < 0x80 ? 1 : 2;
      continue;
    }
    size_t clen = c < 0xF0 ? 3 : 4;
    if (!((mask->m[0] >> ((unsigned char)s[i + 1] & 63)) & 1) ||
        !((mask->m[1] >> ((unsigned char)s[i + 2] & 63)) & 1)) {
      i += clen; /* no keyword starts with this character */
      continue;
    }
    for (size_t k = 0; k < best; k++) {
      const char *w = section_words[k].word;
      size_t len = section_words[k].len;
      if (s[i + 2] == w[2] && s[i + 1] == w[1] && s[i] == w[0] &&
          i + len <= n && memcmp(s + i + 3, w + 3, len - 3) == 0) {
        best = k;
        break;
      }
    }
    i += clen;
  }
  return best < nw ? section_words[best].section : JIKEN__SEC_NONE;
}

/* Is the (trimmed) line s[0..n) a heading?  maru: the line holds a 。;
 * *sec is set to the line's section when classify_heading() was asked,
 * else left alone. */
static bool is_heading(const char *s, size_t n, const section_mask *mask,
                       bool maru, int *sec) {
  if (n == 0)
    return false;
  if (starts_with(s, n, "【"))
    return contains3(s, n, "】");
  static const char *const marks[] = {"■", "□", "◆", "◇", "●", "○",
                                      "▼", "▽", "◎", "★", "☆", "▶"};
  if ((unsigned char)s[0] == 0xE2) /* every mark is E2 xx xx */
    for (size_t i = 0; i < sizeof marks / sizeof *marks; i++)
      if (starts_with(s, n, marks[i]))
        return n <= 150 && !maru;
  if (n > 90 || maru)
    return false;
  size_t i = 0;
  if (starts_with(s, n, "第"))
    i = strlen("第");
  if (i < n && s[i] == '(') /* (1) 、(一) */
    i++;
  size_t d = i;
  while (i < n && is_digit(s[i]))
    i++;
  if (i == d) { /* kanji numerals 一、二、 */
    static const char *const kan[] = {"一", "二", "三", "四", "五",
                                      "六", "七", "八", "九", "十"};
    bool any = true;
    while (any) {
      any = false;
      for (size_t k = 0; k < 10; k++)
        if (starts_with(s + i, n - i, kan[k])) {
          i += strlen(kan[k]);
          any = true;
        }
    }
  }
  if (i > d && i - d <= 6 && i < n) {
    const char *rest = s + i;
    size_t rn = n - i;
    /* 1. / 1) / 1、 / 第1 / (1) followed by text, not a date 2023.7.28 */
    if ((rest[0] == '.' || rest[0] == ')') && rn > 1 && !is_digit(rest[1]))
      return true;
    if (starts_with(rest, rn, "、") || starts_with(rest, rn, "章") ||
        starts_with(rest, rn, "節"))
      return true;
    if (s[0] != '(' && starts_with(s, n, "第") && !is_digit(rest[0]))
      return !starts_with(rest, rn, "報") && !starts_with(rest, rn, "回");
  }
  /* a short line naming a section: 経緯 / 原因 / 再発防止策 */
  if (n > 36)
    return false;
  *sec = (int)classify_heading(s, n, mask);
  return *sec != JIKEN__SEC_NONE;
}

static int push_sentence(jiken__doc *doc, size_t a, size_t b, bool heading,
                         jiken__section sec) {
  /* trim spaces */
  const char *t = doc->text.norm;
  while (a < b && (t[a] == ' ' || t[a] == '\t'))
    a++;
  while (b > a && (t[b - 1] == ' ' || t[b - 1] == '\t'))
    b--;
  if (a == b)
    return JIKEN_OK;
  jiken__vec *v = &doc->sentences;
  if (v->n == v->cap && jiken__vec_reserve(v, v->cap ? v->cap : 8))
    return JIKEN_ENOMEM;
  ((jiken__sentence *)v->items)[v->n++] =
      (jiken__sentence){.start = a, .end = b, .heading = heading,
                        .section = sec};
  return JIKEN_OK;
}

int jiken__segment(jiken__doc *doc, jiken_error *err) {
  const char *t = doc->text.norm;
  size_t n = doc->text.norm_len;
  jiken__section sec = JIKEN__SEC_NONE;
  const section_mask mask = section_mask_new();
  /* the first ! and ? at or after the line being split (NULL: none left
   * in the text), so a line without them costs no search */
  const char *bang_doc = memchr(t, '!', n), *ques_doc = memchr(t, '?', n);
  size_t line = 0;
  while (line < n) {
    const char *nl = memchr(t + line, '\n', n - line);
    size_t end = nl ? (size_t)(nl - t) : n;
    size_t a = line, b = end;
    while (a < b && (t[a] == ' ' || t[a] == '\t'))
      a++;
    while (b > a && (t[b - 1] == ' ' || t[b - 1] == '\t'))
      b--;
    /* the first 。 of the line (NULL: none) */
    const char *maru = b - a >= 3 ? find3(t + a, b - a, "。") : NULL;
    int hsec = -1;
    if (a < b && is_heading(t + a, b - a, &mask, maru != NULL, &hsec)) {
      sec = hsec >= 0 ? (jiken__section)hsec
                      : classify_heading(t + a, b - a, &mask);
      if (push_sentence(doc, a, b, true, sec))
        return jiken__error_set(err, JIKEN_ENOMEM, a, NULL);
    } else {
      /* split the line after 。 ! ? (with closing brackets kept) */
      size_t s0 = a;
      /* the next 。, ! and ? at or after i (NULL: none left in the line) */
      while (bang_doc && bang_doc < t + a)
        bang_doc = memchr(bang_doc + 1, '!', (size_t)(t + n - bang_doc - 1));
      while (ques_doc && ques_doc < t + a)
        ques_doc = memchr(ques_doc + 1, '?', (size_t)(t + n - ques_doc - 1));
      const char *bang = bang_doc && bang_doc < t + b ? bang_doc : NULL;
      const char *ques = ques_doc && ques_doc < t + b ? ques_doc : NULL;
      for (size_t i = a; i < b;) {
        if (maru && (size_t)(maru - t) < i)
          maru = find3(t + i, b - i, "。");
        if (bang && (size_t)(bang - t) < i)
          bang = memchr(t + i, '!', b - i);
        if (ques && (size_t)(ques - t) < i)
          ques = memchr(t + i, '?', b - i);
        const char *q = maru;
        if (bang && (!q || bang < q))
          q = bang;
        if (ques && (!q || ques < q))
          q = ques;
        if (!q)
          break;
        size_t stop = (size_t)(q - t) + (q == maru ? 3 : 1);
        while (stop < b && (starts_with(t + stop, b - stop, "」") ||
                            starts_with(t + stop, b - stop, "』") ||
                            t[stop] == ')'))
          stop += starts_with(t + stop, b - stop, "」") ||
                          starts_with(t + stop, b - stop, "』")
                      ? 3
                      : 1;
        if (push_sentence(doc, s0, stop, false, sec))
          return jiken__error_set(err, JIKEN_ENOMEM, s0, NULL);
        s0 = i = stop;
      }
      if (push_sentence(doc, s0, b, false, sec))
        return jiken__error_set(err, JIKEN_ENOMEM, s0, NULL);
    }
    line = end + 1;
  }
  return JIKEN_OK;
}
