/*
 * dates.c — calendar expressions (SPEC § Dates and its annotation
 * conventions).
 * Takes: the analysed doc (normalised text, sentences) and the
 * reference date.  Gives: res->dates, in document order, with spans in
 * ORIGINAL bytes.
 *
 * How it works
 *   1. scan: a hand-written recogniser tries every candidate position of the
 *      normalised text (outside URLs) and reads one "atom": an optional year
 *      part (西暦 `2023年`, 和暦 `令和5年` / `令和元年` / `令和5(2023)年`, kanji
 *      `二〇二三年`, `R5.10.18`, `R5年`, `令和5.10.18`, `2023/7/28`, relative
 *      `昨年`, `同年`, `同3月`, `毎年`), a month (`7月`, `同月`, `3月期`), a
 *      day (`28日`, `同日`, also `同\n日` split by a PDF line break, `末日`),
 *      a part (`上旬/中旬/下旬/初旬/初め/半ば`, `末`, `上半期`, `第3四半期`),
 *      `頃/ごろ`, then a suffix that is NOT part of the span: weekday
 *      `(月)`/`月曜日` and clock time `13:00`, `午後6時9分` → time "18:09".
 *      A bare day `19日` is a date only with a weekday `19日(木)`, after 翌
 *      (`翌29日`) or inside a list/range.  Number lists share a unit:
 *      `平成25、26年度` and `令和5年6・7月` are two dates, `平成16~26年度` is
 *      one range.  Two atoms joined by `~ - から より` are one range
 *      (`7月25日から28日`, `2023年7月25日~同月28日`, `8月上旬から中旬`), and so
 *      are `AのXからBのYまで` with short nouns X, Y; a bare day after
 *      `・、及び` continues a list (`12月29日・30日`).
 *   2. date lines: a date alone on one of the first six / last four
 *      non-blank lines (not right after a label line such as `■発覚日`, not
 *      after a numbered section heading), or after a label 更新日:/掲載日:/
 *      発表日 …, is the notice's own date (role `published`); the first one
 *      is "the notice's date" P (else reference_date).
 *   3. resolve, in document order: 同日/同月/同年/同年度 copy the nearest
 *      preceding date that has that part; 昨年/本年/今年/一昨年 count from P
 *      (no P: year unknown, XXXX); a year-less month/day takes the year of
 *      the nearest preceding date with a month (else the first later one
 *      with an explicit year, else the notice's date line, else the nearest
 *      year/年度, else XXXX; the reference date alone never gives a year to
 *      a year-less date).  The
 *      year moves by one when that puts the date more than 8 months away
 *      from its context (12月 → 1月 rolls forward, 1月 → 12月 back), when a
 *      weekday given with the date only fits the neighbouring year.  A
 *      context with a written year dated after P (an update note) is
 *      replaced by P.  A later context counts only when the date falls
 *      within six months of it in the same year (a far later date, e.g. a
 *      data cut-off, leaves XXXX).  `毎年10月` keeps XXXX.  A date before
 *      `現在` is a status date: 同日 does not refer to it.
 *   4. role: `published` for date lines; `reported` for `…日付`; else a
 *      role verb close after the date before any 、 (`7月19日に受信した`),
 *      else the last role verb up to the next date of its sentence (the
 *      clause's predicate), else the last one of the sentence: 判明/発覚/
 *      検知/確認/気付 →
 *      detected, 発生/攻撃を受け/感染/送信 … → occurred, 報告/公表/連絡を受け
 *      … → reported.
 *
 * Decisions (documented here and in the report)
 *   - Span: the date expression itself (with 頃, 上旬, a range's both ends,
 *     a bracketed gloss), NOT the weekday/time suffix after it: `令和5年12月
 *     4日(月)13:00` spans `令和5年12月4日` and carries time "13:00".  A time
 *     range `同日7:23~10:37` keeps the start time and stays one day.
 *   - 和暦 years convert arithmetically (base + N - 1), not checked against
 *     the era's end: notices drafted before an era change write `平成32年`
 *     for 2020 and `平成31年5月` for May 2019, and mean exactly that.  Era
 *     years up to 明治45, 大正15, 昭和64, 平成40, 令和99 are accepted; 0 and
 *     anything larger (`令和0年`, `令和99999年`) is not a date and is skipped.
 *   - Invalid calendar days (`2月30日`, `4月31日`, 29 Feb of a common year)
 *     are not reported: a wrong date is worse than a missing one.
 *   - Bare relative words (`翌日`, `前日`, `当日`, `本日`, `翌朝`, `今年`,
 *     `年内`, `昨年度`) are not reported; with a month or 末 they are.
 *   - `2020年12月末` is the last day (precision day); `年度末` is 31 March.
 *   - A range takes the precision of its start.
 *   - Year-less `M/D` slash dates (`3/8 20:45`, `12/29~1/3`) count only in a
 *     notice that also writes a slash date with a year, a time or a weekday,
 *     so fractions (`1/3の`) elsewhere are not dates.
 */
#include "internal.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- compiled state ---------------------------------------------------- */

enum { RE_URL, RE_LABEL, RE_LINE_SUFFIX, RE_HEAD_MARK, RE_HEAD_WORD, RE_COUNT };

static const char *const patterns[RE_COUNT] = {
    /* URLs and bare host/paths: dates inside are not dates */
    "(?:https?://|www\\.)[\\x21-\\x7e]+|[A-Za-z0-9.-]+\\.(?:jp|com|net|org)"
    "(?:/[\\x21-\\x7e]*)?",
    /* a label naming the notice's own date, at the end of the prefix */
    "(?:(?:最終)?(?:更新|掲載|公表|公開|発表|発行|作成|配信|投稿|報道発表)日?"
    "(?:時)?|日付)\\s*[:]?\\s*$",
    /* what may follow a date on its own line */
    "^\\s*(?:(?:掲載|更新|発表|公表|公開|発行|作成|配信)\\s*)?"
    "(?:[^\\s、。,.:()]{1,14})?\\s*$",
    /* a heading: a numbered section heading (RE_HEAD_MARK), or a line
     * naming a timeline (RE_HEAD_WORD); the two halves of one alternation,
     * matched apart (see heading_line) */
    "^\\s*(?:[0-9]+\\s*[.)]|\\([0-9]+\\)|[①-⑳]|[■●◆◇□▼]|"
    "[一二三四五六七八九十]+\\s*[、.])",
    "(?:経緯|経過|概要|状況|日時|時系列)\\s*$",
};

/*
 * Role verbs, by group (1 detected, 2 occurred, 3 reported), in the order a
 * regex alternation `(判明|…)|(発生|…)|(報告|…)` would try them: at the
 * leftmost position the first listed word that matches wins.  All are
 * literals starting with a three-byte character, so find_verbs looks them
 * up by that character instead of running a regex over the whole text.
 */
static const struct {
  const char *w;
  int group;
} role_words[] = {
    {"判明", 1}, {"発覚", 1}, {"検知", 1}, {"確認", 1}, {"気付", 1},
    {"気づ", 1}, {"把握", 1}, {"発見", 1}, {"覚知", 1}, {"明らかに", 1},
    {"わかり", 1}, {"分かり", 1},
    {"発生", 2}, {"起き", 2}, {"攻撃を受け", 2}, {"不正アクセスを受け", 2},
    {"被害を受け", 2}, {"被害に遭", 2}, {"感染", 2}, {"送信", 2},
    {"送付し", 2}, {"送っ", 2}, {"誤送", 2}, {"紛失", 2}, {"盗難", 2},
    {"侵入", 2}, {"流出", 2}, {"漏え", 2}, {"漏洩", 2}, {"暗号化", 2},
    {"改ざん", 2}, {"投函", 2}, {"配付", 2}, {"交付し", 2}, {"置き忘れ", 2},
    {"なくし", 2},
    {"報告", 3}, {"公表", 3}, {"連絡を受け", 3}, {"連絡があ", 3},
    {"届け出", 3}, {"届出", 3}, {"お知らせ", 3}, {"発表", 3}, {"通報", 3},
    {"相談", 3}, {"公開", 3},
};
#define N_ROLE_WORDS (sizeof role_words / sizeof *role_words)

struct jiken__dates {
  pcre2_code *re[RE_COUNT];
  /* bit (b2 & 0x3F) << 6 | (b3 & 0x3F) set for each role word's first
   * character (three bytes E? b2 b3): a prefilter for find_verbs */
  uint64_t role_first[64];
  size_t role_len[N_ROLE_WORDS];
  uint32_t role_c1[N_ROLE_WORDS]; /* first character's three bytes */
  uint32_t role_c2[N_ROLE_WORDS]; /* the next three (every word has them) */
  /* words by a hash of role_c1, in table order: index + 1, 0 ends */
  uint8_t role_head[64], role_next[N_ROLE_WORDS];
  /* the same kind of bit set for the three-byte characters could_start()
   * accepts: most kanji fail it */
  uint64_t start_first[64];
};

/* the three-byte characters that may start an atom (see could_start) */
static const char start_chars[] =
    "〇一二三四五六七八九十百千零毎昨本今翌前同明大昭平令";

static unsigned role_bucket(uint32_t c1) { return (c1 * 2654435761u) >> 26; }

jiken__dates *jiken__dates_new(jiken_error *err) {
  jiken__dates *d = calloc(1, sizeof *d);
  if (!d) {
    jiken__error_set(err, JIKEN_ENOMEM, (size_t)-1, NULL);
    return NULL;
  }
  for (int i = 0; i < RE_COUNT; i++) {
    int ec;
    PCRE2_SIZE eo;
    d->re[i] = pcre2_compile((PCRE2_SPTR)patterns[i], PCRE2_ZERO_TERMINATED,
                             PCRE2_UTF | PCRE2_UCP, &ec, &eo, NULL);
    if (!d->re[i]) {
      PCRE2_UCHAR msg[160];
      pcre2_get_error_message(ec, msg, sizeof msg);
      jiken__error_set(err, JIKEN_EREGEX, (size_t)eo,
                       "dates.c pattern %d: %s", i, (const char *)msg);
      jiken__dates_free(d);
      return NULL;
    }
    pcre2_jit_compile(d->re[i], PCRE2_JIT_COMPLETE); /* falls back if no JIT */
  }
  for (size_t k = 0; k < N_ROLE_WORDS; k++) {
    const unsigned char *w = (const unsigned char *)role_words[k].w;
    unsigned bit = (w[1] & 0x3Fu) << 6 | (w[2] & 0x3Fu);
    d->role_first[bit >> 6] |= (uint64_t)1 << (bit & 63);
    d->role_len[k] = strlen(role_words[k].w);
    d->role_c1[k] = (uint32_t)w[0] << 16 | (uint32_t)w[1] << 8 | w[2];
    /* the next three bytes (a word of one character: its NUL and beyond
     * are never compared, see find_verbs) */
    if (d->role_len[k] >= 6)
      d->role_c2[k] = (uint32_t)w[3] << 16 | (uint32_t)w[4] << 8 | w[5];
    uint8_t *link = &d->role_head[role_bucket(d->role_c1[k])];
    while (*link)
      link = &d->role_next[*link - 1];
    *link = (uint8_t)(k + 1);
  }
  for (size_t k = 0; k + 3 <= sizeof start_chars - 1; k += 3) {
    const unsigned char *w = (const unsigned char *)start_chars + k;
    unsigned bit = (w[1] & 0x3Fu) << 6 | (w[2] & 0x3Fu);
    d->start_first[bit >> 6] |= (uint64_t)1 << (bit & 63);
  }
  return d;
}

void jiken__dates_free(jiken__dates *d) {
  if (!d)
    return;
  for (int i = 0; i < RE_COUNT; i++)
    pcre2_code_free(d->re[i]);
  free(d);
}

/* ---- calendar arithmetic ---------------------------------------------- */

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int month_days(int y, int m) {
  static const int md[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12)
    return 0;
  if (m == 2 && (y == 0 || leap(y)))
    return 29; /* y == 0: year unknown, 29 Feb may exist */
  return md[m - 1];
}

/* days since 1970-01-01 (proleptic Gregorian) */
static long day_number(int y, int m, int d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static int weekday(int y, int m, int d) { /* 0 = Sunday */
  long n = day_number(y, m, d);
  return (int)(((n % 7) + 11) % 7);
}

/* ---- atoms -------------------------------------------------------------- */

enum { REL_NONE, REL_SAME, REL_PUB, REL_CTX, REL_EVERY, REL_ERA };
enum {
  SUB_NONE,
  SUB_XUN1,
  SUB_XUN2,
  SUB_XUN3,
  SUB_H1,
  SUB_H2,
  SUB_Q1,
  SUB_Q2,
  SUB_Q3,
  SUB_Q4,
  SUB_PERIOD, /* 2023年3月期 */
  SUB_END     /* 年末 / 年度末 */
};
#define DAY_LAST 99
#define MAXLIST 6

typedef struct atom {
  size_t ns, ne;   /* span in norm */
  size_t sfx_end;  /* end of weekday/time suffix */
  int y;           /* Gregorian year, 0 = not written */
  int yrel;        /* REL_* */
  int ydelta;      /* REL_PUB/REL_CTX offset; REL_ERA: the era year */
  bool fy;         /* 年度 */
  bool y_same_fy;  /* 同年度 */
  int m;           /* 1..12, 0 = none */
  bool m_same;     /* 同月 */
  int d;           /* 1..31, DAY_LAST, 0 = none */
  bool d_same;     /* 同日 */
  bool m_inherit;  /* range end 〜中旬: the start's month */
  int sub;
  bool approx;
  bool snapshot;   /* 〜現在: a status date, not an anaphora target */
  bool weak_md;    /* year-less M/D */
  bool strong_slash; /* a slash date that proves the notice's style */
  int era_base;    /* 0 western */
  int wday;        /* -1 none */
  char time[6];
  /* a number list sharing the unit: 平成25、26年度 / 6・7月 */
  int list_level;  /* 0 none, 1 year, 2 month */
  int list_n;
  bool list_range;
  int list_val[MAXLIST];
  uint32_t list_s[MAXLIST], list_e[MAXLIST]; /* norm offsets (< 4 GiB) */
} atom;

typedef struct item {
  atom a[2];
  bool range;
  bool published;
  bool drop;
} item;

typedef struct scanner {
  const char *s;
  size_t n;
} scanner;

static inline bool lit_n(const scanner *sc, size_t i, const char *w, size_t k) {
  return i + k <= sc->n && memcmp(sc->s + i, w, k) == 0;
}

static bool lit(const scanner *sc, size_t i, const char *w) {
  return lit_n(sc, i, w, strlen(w));
}

static size_t skip_sp(const scanner *sc, size_t i) {
  while (i < sc->n && (sc->s[i] == ' ' || sc->s[i] == '\t'))
    i++;
  return i;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* kanji numerals: 〇 一 二 三 四 五 六 七 八 九 十 百 千 零 */

/* the three bytes at i as one value (the caller checks i + 3 <= n) */
static inline uint32_t char3(const scanner *sc, size_t i) {
  return jiken__char3(sc->s, i);
}

/* a kanji numeral as one 24-bit value */
static bool kanji_num3(uint32_t u) {
  return jiken__kanji_digit3(u) >= 0 || jiken__kanji_small_unit3(u);
}

static bool kanji_num_at(const scanner *sc, size_t i) {
  /* every kanji numeral is three bytes, E3 80 87 (〇) or E4..E9 */
  if (i + 3 > sc->n || (unsigned char)sc->s[i] < 0xE3 ||
      (unsigned char)sc->s[i] > 0xE9)
    return false;
  return kanji_num3(char3(sc, i));
}

/* start of the code point before i */
static size_t prev_char(const scanner *sc, size_t i) {
  if (i == 0)
    return 0;
  size_t k = i - 1;
  while (k > 0 && ((unsigned char)sc->s[k] & 0xC0) == 0x80)
    k--;
  return k;
}

/* may a number start at i (not inside another number, id or code)? */
static bool num_boundary(const scanner *sc, size_t i) {
  if (i == 0)
    return true;
  char c = sc->s[i - 1];
  if (is_digit(c) || is_alpha(c))
    return false;
  switch (c) { /* strchr("/.-_,+#=%&?@", c), its NUL aside: i > 0 */
  case '/': case '.': case '-': case '_': case ',': case '+': case '#':
  case '=': case '%': case '&': case '?': case '@': case '\0':
    return false;
  default:
    break;
  }
  if ((unsigned char)c < 0x80)
    return true; /* the character before is c: no kanji numeral */
  if (i >= 3 && ((unsigned char)sc->s[i - 3] & 0xF0) == 0xE0 &&
      ((unsigned char)sc->s[i - 2] & 0xC0) == 0x80 &&
      ((unsigned char)c & 0xC0) == 0x80)
    return !kanji_num_at(sc, i - 3); /* prev_char(sc, i) == i - 3 */
  return !kanji_num_at(sc, prev_char(sc, i));
}

/* an integer at i: ASCII (kanji too when allowed); *digits = ASCII digits */
static size_t read_int(const scanner *sc, size_t i, bool kanji, long *v,
                       int *digits) {
  if (i >= sc->n)
    return 0;
  bool ascii = is_digit(sc->s[i]);
  if (!ascii && !(kanji && kanji_num_at(sc, i)))
    return 0;
  double x;
  size_t k = jiken__parse_number(sc->s + i, sc->n - i,
                                 ascii ? 0u : JIKEN__NUM_KANJI, &x);
  if (!k || x > 1e6 || x != (double)(long)x)
    return 0;
  *v = (long)x;
  if (digits)
    *digits = ascii ? (int)k : (int)(k / 3);
  return k;
}

typedef struct era {
  const char *name;
  const char *abbr1, *abbr2; /* R / 令 */
  int base, max;
} era;

static const era eras[] = {
    {"明治", NULL, NULL, 1868, 45}, {"大正", NULL, NULL, 1912, 15},
    {"昭和", "S", "昭", 1926, 64},   {"平成", "H", "平", 1989, 40},
    {"令和", "R", "令", 2019, 99},
};
#define N_ERAS (sizeof eras / sizeof *eras)

static int era_at(const scanner *sc, size_t i) {
  /* every name is two kanji (6 bytes) led by E4..E6 */
  if (i + 6 > sc->n || (unsigned char)sc->s[i] < 0xE4 ||
      (unsigned char)sc->s[i] > 0xE6)
    return -1;
  for (size_t e = 0; e < N_ERAS; e++)
    if (memcmp(sc->s + i, eras[e].name, 6) == 0)
      return (int)e;
  return -1;
}

/* `(2023)` / `(2023年)` / `(令和5年)` gloss after a year: bytes to skip */
static size_t gloss(const scanner *sc, size_t i) {
  size_t j = skip_sp(sc, i);
  if (j >= sc->n || sc->s[j] != '(')
    return 0;
  j = skip_sp(sc, j + 1);
  int e = era_at(sc, j);
  if (e >= 0)
    j = skip_sp(sc, j + 6);
  long v;
  size_t k = lit_n(sc, j, "元", sizeof "元" - 1) ? 3 : read_int(sc, j, true, &v, NULL);
  if (!k)
    return 0;
  j = skip_sp(sc, j + k);
  if (lit_n(sc, j, "年", sizeof "年" - 1))
    j = skip_sp(sc, j + 3);
  if (lit_n(sc, j, "度", sizeof "度" - 1))
    j = skip_sp(sc, j + 3);
  if (j >= sc->n || sc->s[j] != ')')
    return 0;
  return j + 1 - i;
}

static const char *const weekdays[] = {"日", "月", "火", "水",
                                       "木", "金", "土"};

static int weekday_at(const scanner *sc, size_t i) {
  for (int w = 0; w < 7; w++) /* each one kanji */
    if (lit_n(sc, i, weekdays[w], 3))
      return w;
  return -1;
}

/* weekday and clock time after a date; fills a->wday, a->time, returns the
 * end of what was consumed (i when nothing) */
static size_t parse_suffix(const scanner *sc, size_t i, atom *a) {
  size_t j = skip_sp(sc, i), end = i;
  int w;
  if (j < sc->n && sc->s[j] == '(') {
    size_t k = skip_sp(sc, j + 1);
    if ((w = weekday_at(sc, k)) >= 0 || lit_n(sc, k, "祝", sizeof "祝" - 1)) {
      k += 3;
      if (lit_n(sc, k, "曜", sizeof "曜" - 1))
        k += 3;
      if (lit_n(sc, k, "日", sizeof "日" - 1))
        k += 3;
      if (lit_n(sc, k, "・祝", sizeof "・祝" - 1))
        k += 6;
      k = skip_sp(sc, k);
      if (k < sc->n && sc->s[k] == ')') {
        a->wday = w;
        end = j = k + 1;
      }
    }
  } else if ((w = weekday_at(sc, j)) >= 0 && lit_n(sc, j + 3, "曜", sizeof "曜" - 1)) {
    j += 6;
    if (lit_n(sc, j, "日", sizeof "日" - 1))
      j += 3;
    a->wday = w;
    end = j;
  }
  /* clock time */
  size_t k = skip_sp(sc, end);
  int add = 0;
  if (lit_n(sc, k, "午前", sizeof "午前" - 1)) {
    k = skip_sp(sc, k + 6);
  } else if (lit_n(sc, k, "午後", sizeof "午後" - 1)) {
    add = 12;
    k = skip_sp(sc, k + 6);
  }
  if (lit_n(sc, k, "正午", sizeof "正午" - 1)) {
    memcpy(a->time, "12:00", 6);
    end = k + 6;
  } else {
    long h, mi = 0;
    size_t t = read_int(sc, k, false, &h, NULL);
    if (t && t <= 2) {
      size_t p = skip_sp(sc, k + t);
      size_t q = 0;
      if (p < sc->n && sc->s[p] == ':' && p + 2 < sc->n &&
          is_digit(sc->s[p + 1]) && is_digit(sc->s[p + 2]) &&
          (p + 3 >= sc->n || !is_digit(sc->s[p + 3]))) {
        mi = (sc->s[p + 1] - '0') * 10 + (sc->s[p + 2] - '0');
        q = p + 3;
      } else if (lit_n(sc, p, "時", sizeof "時" - 1)) {
        q = skip_sp(sc, p + 3);
        size_t u = read_int(sc, q, false, &mi, NULL);
        if (u && lit_n(sc, skip_sp(sc, q + u), "分", sizeof "分" - 1))
          q = skip_sp(sc, q + u) + 3;
        else if (lit_n(sc, q, "半", sizeof "半" - 1))
          mi = 30, q += 3;
        else
          mi = 0;
      }
      if (q && h + add <= 24 && mi < 60) {
        h = (h < 12 || add == 0) ? h + add : h;
        /* snprintf(a->time, 6, "%02u:%02u", h % 100, mi % 60) */
        unsigned hh = (unsigned)h % 100u, mm = (unsigned)mi % 60u;
        a->time[0] = (char)('0' + hh / 10);
        a->time[1] = (char)('0' + hh % 10);
        a->time[2] = ':';
        a->time[3] = (char)('0' + mm / 10);
        a->time[4] = (char)('0' + mm % 10);
        a->time[5] = '\0';
        end = q;
      }
    }
  }
  /* 頃 after a weekday with no time: the date is approximate */
  size_t r = skip_sp(sc, end);
  if (!a->time[0] && end > i && (lit_n(sc, r, "頃", sizeof "頃" - 1) || lit_n(sc, r, "ごろ", sizeof "ごろ" - 1)))
    a->approx = true;
  if (a->time[0] && (lit_n(sc, r, "頃", sizeof "頃" - 1) || lit_n(sc, r, "ごろ", sizeof "ごろ" - 1)))
    end = r + (lit_n(sc, r, "頃", sizeof "頃" - 1) ? 3 : 6);
  r = skip_sp(sc, end);
  if (lit_n(sc, r, "現在", sizeof "現在" - 1))
    a->snapshot = true;
  return end;
}

enum { MODE_FREE, MODE_CONT };

/* `.7.28` / `/7/28` after a year at q (s[q] is the separator): month and
 * day; returns the end, 0 when not a date */
static size_t dotted_md(const scanner *sc, size_t q, long *mv, long *dv) {
  if (q >= sc->n)
    return 0;
  char sep = sc->s[q];
  int dg;
  size_t k2 = read_int(sc, q + 1, false, mv, &dg);
  if (!k2 || dg > 2 || q + 1 + k2 >= sc->n || sc->s[q + 1 + k2] != sep)
    return 0;
  size_t r = q + 1 + k2 + 1;
  size_t k3 = read_int(sc, r, false, dv, &dg);
  if (!k3 || dg > 2)
    return 0;
  r += k3;
  /* not a version number or a longer code: 2023.7.28.1, 1/2/3/4 */
  if (r < sc->n && (is_digit(sc->s[r]) || (strchr("/.-", sc->s[r]) &&
                                           r + 1 < sc->n &&
                                           is_digit(sc->s[r + 1]))))
    return 0;
  if (*mv < 1 || *mv > 12 || *dv < 1 || *dv > 31)
    return 0;
  return r;
}

/* NUM (conn NUM)* where conn is 、・, or ~ (one kind), for month lists;
 * returns bytes of the list up to the last number, 0 when no list */
static size_t month_list(const scanner *sc, size_t i, atom *a) {
  size_t j = i;
  int n = 0;
  bool range = false;
  while (n < MAXLIST) {
    long v;
    size_t k = read_int(sc, j, false, &v, NULL);
    if (!k || v < 1 || v > 12)
      break;
    a->list_val[n] = (int)v;
    a->list_s[n] = j;
    a->list_e[n] = j + k;
    n++;
    size_t c = skip_sp(sc, j + k);
    size_t w = 0;
    if (lit_n(sc, c, "・", sizeof "・" - 1) || lit_n(sc, c, "、", sizeof "、" - 1))
      w = 3;
    else if (c < sc->n && (sc->s[c] == ',' || sc->s[c] == '~')) {
      w = 1;
      if (sc->s[c] == '~')
        range = true;
    }
    if (!w)
      break;
    j = skip_sp(sc, c + w);
  }
  if (n < 2)
    return 0;
  if (range && n != 2)
    return 0;
  a->list_level = 2;
  a->list_n = n;
  a->list_range = range;
  return a->list_e[n - 1] - i;
}

/*
 * One atom at i.  Returns the end of its span (0: none); a->sfx_end is the
 * end of its weekday/time suffix.
 */
static size_t parse_atom(const scanner *sc, size_t i, int mode,
                         bool prev_yoku, atom *a) {
  memset(a, 0, sizeof *a);
  a->wday = -1;
  a->ns = i;
  size_t j = i;
  bool year = false, kanji_ok = false;
  int e;
  long v;
  int dg;

  /* ---- year part ---- */
  /* the words tried first all begin with a kanji */
  bool wide = j < sc->n && (unsigned char)sc->s[j] >= 0x80;
  if (wide && lit_n(sc, j, "毎年", sizeof "毎年" - 1)) {
    a->yrel = REL_EVERY;
    j += 6;
    year = true;
  } else if (wide && (lit_n(sc, j, "一昨年", sizeof "一昨年" - 1) || lit_n(sc, j, "昨年", sizeof "昨年" - 1) ||
             lit_n(sc, j, "本年", sizeof "本年" - 1) || lit_n(sc, j, "今年", sizeof "今年" - 1) || lit_n(sc, j, "翌年", sizeof "翌年" - 1) ||
             lit_n(sc, j, "前年", sizeof "前年" - 1))) {
    if (lit_n(sc, j, "一昨年", sizeof "一昨年" - 1)) {
      a->yrel = REL_PUB, a->ydelta = -2, j += 9;
    } else {
      if (lit_n(sc, j, "昨年", sizeof "昨年" - 1))
        a->yrel = REL_PUB, a->ydelta = -1;
      else if (lit_n(sc, j, "本年", sizeof "本年" - 1) || lit_n(sc, j, "今年", sizeof "今年" - 1))
        a->yrel = REL_PUB, a->ydelta = 0;
      else if (lit_n(sc, j, "翌年", sizeof "翌年" - 1))
        a->yrel = REL_CTX, a->ydelta = 1;
      else
        a->yrel = REL_CTX, a->ydelta = -1;
      j += 6;
    }
    if (lit_n(sc, j, "度", sizeof "度" - 1))
      a->fy = true, j += 3;
    year = true;
    kanji_ok = true;
  } else if (wide && lit_n(sc, j, "同年", sizeof "同年" - 1) && !lit_n(sc, j + 6, "次", sizeof "次" - 1) &&
             !lit_n(sc, j + 6, "代", sizeof "代" - 1) && !lit_n(sc, j + 6, "齢", sizeof "齢" - 1) &&
             !lit_n(sc, j + 6, "生", sizeof "生" - 1) && !lit_n(sc, j + 6, "輩", sizeof "輩" - 1) &&
             !lit_n(sc, j + 6, "配", sizeof "配" - 1)) {
    a->yrel = REL_SAME;
    j += 6;
    if (lit_n(sc, j, "度", sizeof "度" - 1))
      a->fy = a->y_same_fy = true, j += 3;
    year = true;
    kanji_ok = true;
  } else if (wide && lit_n(sc, j, "同", sizeof "同" - 1) && is_digit(sc->s[skip_sp(sc, j + 3)]) &&
             !lit_n(sc, j, "同日", sizeof "同日" - 1) && !lit_n(sc, j, "同月", sizeof "同月" - 1)) {
    /* 同3月17日: the same year, another month */
    long mv;
    size_t q = skip_sp(sc, j + 3);
    size_t k = read_int(sc, q, false, &mv, NULL);
    if (!k || mv < 1 || mv > 12 || !lit_n(sc, skip_sp(sc, q + k), "月", sizeof "月" - 1))
      return 0;
    a->yrel = REL_SAME;
    j = q;
    year = true;
  } else if (wide && (e = era_at(sc, j)) >= 0) {
    j = skip_sp(sc, j + 6);
    size_t vs = j;
    if (lit_n(sc, j, "元", sizeof "元" - 1)) {
      v = 1;
      j += 3;
    } else {
      size_t k = read_int(sc, j, true, &v, NULL);
      if (!k)
        return 0;
      j += k;
    }
    if (v < 1 || v > eras[e].max)
      return 0;
    a->era_base = eras[e].base;
    a->y = eras[e].base + (int)v - 1;
    if (j < sc->n && (sc->s[j] == '.' || sc->s[j] == '/')) {
      /* 令和5.10.18 */
      long mv, dv;
      size_t r = dotted_md(sc, j, &mv, &dv);
      if (!r)
        return 0;
      a->m = (int)mv;
      a->d = (int)dv;
      a->ne = r;
      a->sfx_end = parse_suffix(sc, r, a);
      return r;
    }
    a->list_val[0] = a->y;
    a->list_s[0] = vs;
    a->list_e[0] = j;
    j += gloss(sc, j);
    /* 平成25、26年度 / 平成16~26年度 / 平成24~令和元年度 */
    int n = 1;
    bool range = false;
    size_t lj = j;
    while (n < MAXLIST) {
      size_t c = skip_sp(sc, lj), w = 0;
      if (lit_n(sc, c, "・", sizeof "・" - 1) || lit_n(sc, c, "、", sizeof "、" - 1))
        w = 3;
      else if (c < sc->n && (sc->s[c] == ',' || sc->s[c] == '~'))
        w = 1, range = range || sc->s[c] == '~';
      if (!w)
        break;
      size_t q = skip_sp(sc, c + w);
      int e2 = era_at(sc, q);
      int base = a->era_base;
      if (e2 >= 0)
        base = eras[e2].base, q = skip_sp(sc, q + 6);
      long v2;
      size_t k = lit_n(sc, q, "元", sizeof "元" - 1) ? (v2 = 1, 3) : read_int(sc, q, true, &v2, NULL);
      if (!k || v2 < 1 || v2 > (e2 >= 0 ? eras[e2].max : eras[e].max))
        break;
      a->list_val[n] = base + (int)v2 - 1;
      a->list_s[n] = q;
      a->list_e[n] = q + k;
      n++;
      lj = q + k;
    }
    if (n > 1 && lit_n(sc, skip_sp(sc, lj), "年", sizeof "年" - 1) && (!range || n == 2)) {
      a->list_level = 1;
      a->list_n = n;
      a->list_range = range;
      j = lj;
    }
    j = skip_sp(sc, j);
    if (!lit_n(sc, j, "年", sizeof "年" - 1))
      return 0;
    j += 3;
    if (lit_n(sc, j, "度", sizeof "度" - 1))
      a->fy = true, j += 3;
    j += gloss(sc, j);
    year = true;
    kanji_ok = true;
  } else if (num_boundary(sc, j) &&
             ((j + 1 < sc->n &&
               (sc->s[j] == 'R' || sc->s[j] == 'H' || sc->s[j] == 'S' ||
                sc->s[j] == '\0') && /* strchr("RHS", c) */
               is_digit(sc->s[j + 1])) ||
              ((lit_n(sc, j, "令", sizeof "令" - 1) || lit_n(sc, j, "平", sizeof "平" - 1) || lit_n(sc, j, "昭", sizeof "昭" - 1)) &&
               j + 3 < sc->n && is_digit(sc->s[j + 3])))) {
    /* R5.10.18 / 令5.10.18 / H31.4.30 */
    int ei = -1;
    for (size_t k = 0; k < N_ERAS; k++)
      if (eras[k].abbr1 && (lit(sc, j, eras[k].abbr1) ||
                            lit(sc, j, eras[k].abbr2)))
        ei = (int)k;
    if (ei < 0)
      return 0;
    size_t q = j + (is_alpha(sc->s[j]) ? 1 : 3);
    long yv, mv, dv;
    size_t k1 = read_int(sc, q, false, &yv, &dg);
    if (!k1 || dg > 2 || yv < 1 || yv > eras[ei].max)
      return 0;
    q += k1;
    if (lit_n(sc, q, "年", sizeof "年" - 1)) {
      /* R5年10月 */
      a->era_base = eras[ei].base;
      a->y = eras[ei].base + (int)yv - 1;
      j = q + 3;
      if (lit_n(sc, j, "度", sizeof "度" - 1))
        a->fy = true, j += 3;
      year = true;
    } else {
      char sep = q < sc->n ? sc->s[q] : 0;
      size_t r;
      if ((sep != '.' && sep != '/') || !(r = dotted_md(sc, q, &mv, &dv)))
        return 0;
      a->y = eras[ei].base + (int)yv - 1;
      a->m = (int)mv;
      a->d = (int)dv;
      a->ne = r;
      a->sfx_end = parse_suffix(sc, r, a);
      return r;
    }
  } else if (num_boundary(sc, j) &&
             read_int(sc, j, true, &v, &dg) &&
             ((is_digit(sc->s[j]) && dg == 4) ||
              (!is_digit(sc->s[j]) && dg == 4)) &&
             v >= 1868 && v <= 2200) {
    size_t k = read_int(sc, j, true, &v, &dg);
    bool ascii = is_digit(sc->s[j]);
    if (!ascii && k != 12)
      return 0; /* 二〇二三: four kanji digits */
    size_t q = j + k;
    char sep = q < sc->n ? sc->s[q] : 0;
    if (ascii && (sep == '/' || sep == '.' || sep == '-')) {
      /* 2023/7/28, 2023.7.28, 2023-07-28 */
      long mv, dv;
      size_t r = dotted_md(sc, q, &mv, &dv);
      if (!r)
        return 0;
      a->y = (int)v;
      a->m = (int)mv;
      a->d = (int)dv;
      a->strong_slash = sep == '/';
      a->ne = r;
      a->sfx_end = parse_suffix(sc, r, a);
      return r;
    }
    q = skip_sp(sc, q);
    if (!lit_n(sc, q, "年", sizeof "年" - 1))
      return 0;
    a->y = (int)v;
    j = q + 3;
    if (lit_n(sc, j, "度", sizeof "度" - 1))
      a->fy = true, j += 3;
    j += gloss(sc, j);
    year = true;
    kanji_ok = true;
  } else if (mode == MODE_CONT && num_boundary(sc, j) &&
             read_int(sc, j, false, &v, &dg) && dg <= 2 && v >= 1 &&
             lit_n(sc, skip_sp(sc, j + (size_t)dg), "年", sizeof "年" - 1)) {
    /* range end `~5年3月`: a year of the start's era */
    a->yrel = REL_ERA;
    a->ydelta = (int)v;
    j = skip_sp(sc, j + (size_t)dg) + 3;
    if (lit_n(sc, j, "度", sizeof "度" - 1))
      a->fy = true, j += 3;
    year = true;
  }

  /* ---- month part ---- */
  size_t ystop = j; /* end of the year part */
  j = skip_sp(sc, j);
  bool month = false;
  if (!year && lit_n(sc, j, "同月", sizeof "同月" - 1)) {
    a->m_same = true;
    j += 6;
    month = true;
  } else if (!year && (lit_n(sc, j, "同日", sizeof "同日" - 1) || lit_n(sc, j, "同\n日", sizeof "同\n日" - 1))) {
    /* 同日 (also wrapped by a PDF line break: 同\n日) */
    a->d_same = true;
    j += lit_n(sc, j, "同日", sizeof "同日" - 1) ? 6 : 7;
    a->ne = j;
    if (lit_n(sc, j, "頃", sizeof "頃" - 1) || lit_n(sc, j, "ごろ", sizeof "ごろ" - 1))
      a->approx = true, a->ne = j + (lit_n(sc, j, "頃", sizeof "頃" - 1) ? 3 : 6);
    a->sfx_end = parse_suffix(sc, a->ne, a);
    return a->ne;
  } else if (year || num_boundary(sc, j)) {
    long mv;
    size_t k = read_int(sc, j, kanji_ok, &mv, &dg);
    size_t lk = (!a->list_level && is_digit(sc->s[j])) ? month_list(sc, j, a)
                                                        : 0;
    if (lk) {
      size_t q = skip_sp(sc, j + lk);
      if (lit_n(sc, q, "月", sizeof "月" - 1) && !lit_n(sc, q + 3, "間", sizeof "間" - 1)) {
        a->m = a->list_val[0];
        j = q + 3;
        month = true;
      } else {
        a->list_level = 0;
        a->list_n = 0;
      }
    }
    if (!month && k && mv >= 1 && mv <= 12 && (dg <= 2 || !is_digit(sc->s[j]))) {
      size_t q = skip_sp(sc, j + k);
      if (lit_n(sc, q, "月", sizeof "月" - 1) && !lit_n(sc, q + 3, "間", sizeof "間" - 1) && !lit_n(sc, q + 3, "曜", sizeof "曜" - 1)) {
        a->m = (int)mv;
        j = q + 3;
        month = true;
      }
    }
    if (!month && !year && k && !lk && is_digit(sc->s[j]) && dg <= 2 &&
        mv >= 1 && mv <= 12 && j + k < sc->n && sc->s[j + k] == '/') {
      /* M/D */
      long dv;
      size_t r = j + k + 1;
      size_t k2 = read_int(sc, r, false, &dv, &dg);
      if (k2 && dg <= 2 && dv >= 1 && dv <= 31 &&
          (r + k2 >= sc->n ||
           (!is_digit(sc->s[r + k2]) && sc->s[r + k2] != '/' &&
            sc->s[r + k2] != '.'))) {
        size_t after = skip_sp(sc, r + k2);
        static const char *const frac[] = {"以上", "以下", "程度", "未満",
                                           "超", "ほど", "前後", "を占"};
        for (size_t f = 0; f < sizeof frac / sizeof *frac; f++)
          if (lit(sc, after, frac[f]))
            return 0;
        if (i >= 3 && lit_n(sc, prev_char(sc, i), "約", sizeof "約" - 1))
          return 0;
        a->m = (int)mv;
        a->d = (int)dv;
        a->weak_md = true;
        a->ne = r + k2;
        a->sfx_end = parse_suffix(sc, a->ne, a);
        if (a->time[0] || a->wday >= 0)
          a->strong_slash = true;
        return a->ne;
      }
    }
  }
  if (month && !a->m_same && lit_n(sc, j, "期", sizeof "期" - 1)) {
    if (!year || a->yrel != REL_NONE || a->fy || a->list_level)
      return 0;
    a->sub = SUB_PERIOD;
    a->ne = j + 3;
    a->sfx_end = a->ne;
    return a->ne;
  }

  /* ---- day part / parts of a period ---- */
  size_t mstop = j;
  j = skip_sp(sc, j);
  bool day = false;
  if (month) {
    long dv;
    size_t k = read_int(sc, j, kanji_ok || !is_digit(sc->s[j]) ? kanji_ok : false,
                        &dv, &dg);
    if (k && dv >= 1 && dv <= 31 && dg <= 2) {
      size_t q = skip_sp(sc, j + k);
      if (lit_n(sc, q, "日", sizeof "日" - 1) && !lit_n(sc, q + 3, "間", sizeof "間" - 1) && !lit_n(sc, q + 3, "目", sizeof "目" - 1)) {
        a->d = (int)dv;
        j = q + 3;
        day = true;
      }
    }
    if (!day) {
      static const struct {
        const char *w;
        int sub, d;
      } parts[] = {{"上旬", SUB_XUN1, 0}, {"初旬", SUB_XUN1, 0},
                   {"初め", SUB_XUN1, 0}, {"初頭", SUB_XUN1, 0},
                   {"中旬", SUB_XUN2, 0}, {"半ば", SUB_XUN2, 0},
                   {"中頃", SUB_XUN2, 0}, {"下旬", SUB_XUN3, 0},
                   {"末日", SUB_NONE, DAY_LAST}, {"末", SUB_NONE, DAY_LAST}};
      for (size_t p = 0; p < sizeof parts / sizeof *parts; p++)
        if (lit(sc, j, parts[p].w)) {
          a->sub = parts[p].sub;
          a->d = parts[p].d;
          j += strlen(parts[p].w);
          day = true;
          break;
        }
      if (!day)
        j = mstop;
    }
  } else if (year) {
    static const struct {
      const char *w;
      int sub;
    } parts[] = {{"上半期", SUB_H1}, {"下半期", SUB_H2}, {"前半期", SUB_H1},
                 {"後半期", SUB_H2}, {"上期", SUB_H1},   {"下期", SUB_H2},
                 {"末", SUB_END}};
    bool got = false;
    for (size_t p = 0; p < sizeof parts / sizeof *parts; p++)
      if (lit(sc, j, parts[p].w)) {
        a->sub = parts[p].sub;
        j += strlen(parts[p].w);
        got = true;
        break;
      }
    if (!got && lit_n(sc, j, "第", sizeof "第" - 1)) {
      long qv;
      size_t k = read_int(sc, j + 3, true, &qv, NULL);
      if (k && qv >= 1 && qv <= 4 && lit_n(sc, j + 3 + k, "四半期", sizeof "四半期" - 1)) {
        a->sub = SUB_Q1 + (int)qv - 1;
        j += 3 + k + 9;
        got = true;
      }
    }
    if (!got)
      j = ystop;
    /* a relative year needs more than itself: 昨年度 alone is not a date */
    if (!got && (a->yrel == REL_PUB || a->yrel == REL_CTX ||
                 a->yrel == REL_EVERY || a->yrel == REL_ERA))
      return 0;
  } else if (mode == MODE_CONT && (lit_n(sc, j, "上旬", sizeof "上旬" - 1) || lit_n(sc, j, "中旬", sizeof "中旬" - 1) ||
                                   lit_n(sc, j, "下旬", sizeof "下旬" - 1) || lit_n(sc, j, "末", sizeof "末" - 1))) {
    /* a range end that is only a part of the start's month */
    a->m_inherit = true;
    a->sub = lit_n(sc, j, "上旬", sizeof "上旬" - 1)   ? SUB_XUN1
             : lit_n(sc, j, "中旬", sizeof "中旬" - 1) ? SUB_XUN2
             : lit_n(sc, j, "下旬", sizeof "下旬" - 1) ? SUB_XUN3
                                  : SUB_NONE;
    if (!a->sub)
      a->d = DAY_LAST;
    a->ne = j + (a->sub ? 6 : 3);
    a->sfx_end = parse_suffix(sc, a->ne, a);
    return a->ne;
  } else {
    /* bare day: N日 with a weekday, after 翌, or continuing a list/range */
    long dv;
    if (!num_boundary(sc, j))
      return 0;
    size_t k = read_int(sc, j, false, &dv, &dg);
    if (!k || dg > 2 || dv < 1 || dv > 31)
      return 0;
    size_t q = skip_sp(sc, j + k);
    if (!lit_n(sc, q, "日", sizeof "日" - 1) || lit_n(sc, q + 3, "間", sizeof "間" - 1) || lit_n(sc, q + 3, "以内", sizeof "以内" - 1) ||
        lit_n(sc, q + 3, "分", sizeof "分" - 1) || lit_n(sc, q + 3, "目", sizeof "目" - 1))
      return 0;
    a->d = (int)dv;
    a->ne = q + 3;
    a->sfx_end = parse_suffix(sc, a->ne, a);
    if (mode != MODE_CONT && !prev_yoku && a->wday < 0)
      return 0;
    return a->ne;
  }
  a->ne = j;
  size_t q = skip_sp(sc, j);
  if (lit_n(sc, q, "頃", sizeof "頃" - 1) || lit_n(sc, q, "ごろ", sizeof "ごろ" - 1)) {
    a->approx = true;
    a->ne = q + (lit_n(sc, q, "頃", sizeof "頃" - 1) ? 3 : 6);
  }
  if (!year && !month)
    return 0;
  a->sfx_end = parse_suffix(sc, a->ne, a);
  return a->ne;
}

/* ---- the run ------------------------------------------------------------- */

typedef struct items {
  item *v;
  size_t n, cap;
} items;

static item *push_item(items *it) {
  if (it->n == it->cap) {
    size_t cap = it->cap ? it->cap * 2 : 32;
    item *nv = realloc(it->v, cap * sizeof *nv);
    if (!nv)
      return NULL;
    it->v = nv;
    it->cap = cap;
  }
  item *x = &it->v[it->n++];
  memset(x, 0, sizeof *x);
  return x;
}

/* expand an atom with a number list into items; returns -1 on ENOMEM */
static int add_atom(items *it, const atom *a) {
  if (!a->list_level || a->list_n < 2) {
    item *x = push_item(it);
    if (!x)
      return -1;
    x->a[0] = *a;
    x->a[0].list_level = 0;
    return 0;
  }
  atom b[MAXLIST];
  for (int k = 0; k < a->list_n; k++) {
    b[k] = *a;
    b[k].list_level = 0;
    if (a->list_level == 1)
      b[k].y = a->list_val[k];
    else
      b[k].m = a->list_val[k];
    b[k].ns = k == 0 ? a->ns : a->list_s[k];
    b[k].ne = k == a->list_n - 1 ? a->ne : a->list_e[k];
  }
  if (a->list_range) {
    item *x = push_item(it);
    if (!x)
      return -1;
    x->a[0] = b[0];
    x->a[1] = b[1];
    x->a[0].ne = x->a[1].ne = a->ne;
    x->range = true;
    return 0;
  }
  for (int k = 0; k < a->list_n; k++) {
    item *x = push_item(it);
    if (!x)
      return -1;
    x->a[0] = b[k];
  }
  return 0;
}

/* bytes of a range connector at i (after spaces), 0 when none */
static size_t range_conn(const scanner *sc, size_t i) {
  size_t j = skip_sp(sc, i);
  if (j < sc->n && (sc->s[j] == '~' || sc->s[j] == '-'))
    return j + 1 - i;
  if (lit_n(sc, j, "から", sizeof "から" - 1) || lit_n(sc, j, "より", sizeof "より" - 1))
    return j + 6 - i;
  if (lit_n(sc, j, "ー", sizeof "ー" - 1))
    return j + 3 - i;
  return 0;
}

static size_t list_conn(const scanner *sc, size_t i) {
  size_t j = skip_sp(sc, i);
  static const char *const w[] = {"・", "、", ",", "及び", "および", "並びに"};
  for (size_t k = 0; k < sizeof w / sizeof *w; k++)
    if (lit(sc, j, w[k]))
      return j + strlen(w[k]) - i;
  return 0;
}

/* `の` + a short noun (at most 10 characters, no punctuation) + word at i:
 * returns the end of word, 0 when not there */
static size_t noun_gap(const scanner *sc, size_t i, const char *word) {
  size_t j = skip_sp(sc, i);
  if (!lit_n(sc, j, "の", sizeof "の" - 1))
    return 0;
  j += 3;
  for (int k = 0; k <= 10 && j < sc->n; k++) {
    if (lit(sc, j, word))
      return k > 0 ? j + strlen(word) : 0;
    unsigned char c = (unsigned char)sc->s[j];
    if (c == '\n' || lit_n(sc, j, "、", sizeof "、" - 1) || lit_n(sc, j, "。", sizeof "。" - 1) || c == ',' ||
        c == '(' || c == ')' || is_digit((char)c))
      return 0;
    j += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  }
  return 0;
}

/*
 * May parse_atom(MODE_FREE) succeed at i?  Its first character must be an
 * ASCII digit, R/H/S (R5.10.18), a kanji numeral (二〇二三年), or the first
 * character of a relative year, an era name or 同 (毎年 昨年 本年 今年 翌年
 * 前年 一昨年 同年 同月 同日 明治 大正 昭和 平成 令和 令5.10.18).  Any other
 * start makes parse_atom return 0, so scan skips it without calling it.
 */
static bool could_start(const jiken__dates *D, const scanner *sc, size_t i) {
  unsigned char c = (unsigned char)sc->s[i];
  if (c < 0x80)
    return is_digit((char)c) || c == 'R' || c == 'H' || c == 'S';
  if (c < 0xE3 || c > 0xE9 || i + 3 > sc->n)
    return false;
  unsigned bit = ((unsigned char)sc->s[i + 1] & 0x3Fu) << 6 |
                 ((unsigned char)sc->s[i + 2] & 0x3Fu);
  if (!(D->start_first[bit >> 6] >> (bit & 63) & 1))
    return false;
  uint32_t u = char3(sc, i);
  switch (u) {
  case 0xE38087: /* 〇 */
  case 0xE4B880: /* 一 */
  case 0xE4BA8C: /* 二 */
  case 0xE4B889: /* 三 */
  case 0xE59B9B: /* 四 */
  case 0xE4BA94: /* 五 */
  case 0xE585AD: /* 六 */
  case 0xE4B883: /* 七 */
  case 0xE585AB: /* 八 */
  case 0xE4B99D: /* 九 */
  case 0xE58D81: /* 十 */
  case 0xE799BE: /* 百 */
  case 0xE58D83: /* 千 */
  case 0xE99BB6: /* 零 */
  case 0xE6AF8E: /* 毎 */
  case 0xE698A8: /* 昨 */
  case 0xE69CAC: /* 本 */
  case 0xE4BB8A: /* 今 */
  case 0xE7BF8C: /* 翌 */
  case 0xE5898D: /* 前 */
  case 0xE5908C: /* 同 */
  case 0xE6988E: /* 明 */
  case 0xE5A4A7: /* 大 */
  case 0xE698AD: /* 昭 */
  case 0xE5B9B3: /* 平 */
  case 0xE4BBA4: /* 令 */
    return true;
  default:
    return false;
  }
}

/*
 * Given could_start(i): can parse_atom(MODE_FREE) succeed at i, judging by
 * what follows the first character?  Every way it reads an atom needs:
 *   digits   the first non-blank after the digit run is 年 月 日 (a year,
 *            month or day), / . - (2023/7/28, 3/8, 2023-07-28) or
 *            ・ 、 , ~ (a month list 6・7月);
 *   R H S    a digit (R5.10.18);
 *   a kanji numeral: another numeral (二〇二三年, four of them), or 一昨年;
 *   同       年 月 日, a line break (同\n日), or a number after blanks;
 *   本 今 前 翌 毎 昨: 年 (本年 …, 昨年, 毎年);  明 大: 治 正 (明治 大正);
 *   令 平 昭: 和 成 (the era) or a digit (令5.10.18).
 * A false answer is exact (parse_atom would return 0); true only means
 * maybe.
 */
static bool atom_may_start(const scanner *sc, size_t i) {
  const char *s = sc->s;
  size_t n = sc->n;
  unsigned char c = (unsigned char)s[i];
  if (is_digit((char)c)) {
    size_t k = i;
    while (k < n && k - i < 16 && is_digit(s[k]))
      k++;
    if (k - i >= 16)
      return true; /* too long for read_int: let parse_atom say no */
    k = skip_sp(sc, k);
    if (k >= n)
      return false;
    char c2 = s[k];
    return c2 == '/' || c2 == '.' || c2 == '-' || c2 == ',' || c2 == '~' ||
           lit_n(sc, k, "年", 3) || lit_n(sc, k, "月", 3) ||
           lit_n(sc, k, "日", 3) || lit_n(sc, k, "・", 3) ||
           lit_n(sc, k, "、", 3);
  }
  if (c < 0x80) /* R H S */
    return i + 1 < n && is_digit(s[i + 1]);
  uint32_t u = char3(sc, i); /* could_start: three bytes are there */
  if (kanji_num3(u))
    return kanji_num_at(sc, i + 3) || (u == 0xE4B880 && lit_n(sc, i + 3, "昨年", 6));
  switch (u) {
  case 0xE5908C: /* 同 */
    return lit_n(sc, i + 3, "年", 3) || lit_n(sc, i + 3, "月", 3) ||
           lit_n(sc, i + 3, "日", 3) || lit_n(sc, i + 3, "\n", 1) ||
           is_digit(s[skip_sp(sc, i + 3)]);
  case 0xE69CAC: /* 本 */
  case 0xE4BB8A: /* 今 */
  case 0xE5898D: /* 前 */
  case 0xE7BF8C: /* 翌 */
  case 0xE6AF8E: /* 毎 */
  case 0xE698A8: /* 昨 */
    return lit_n(sc, i + 3, "年", 3);
  case 0xE6988E: /* 明 */
    return lit_n(sc, i + 3, "治", 3);
  case 0xE5A4A7: /* 大 */
    return lit_n(sc, i + 3, "正", 3);
  case 0xE4BBA4: /* 令 */
    return lit_n(sc, i + 3, "和", 3) || (i + 3 < n && is_digit(s[i + 3]));
  case 0xE5B9B3: /* 平 */
    return lit_n(sc, i + 3, "成", 3) || (i + 3 < n && is_digit(s[i + 3]));
  case 0xE698AD: /* 昭 */
    return lit_n(sc, i + 3, "和", 3) || (i + 3 < n && is_digit(s[i + 3]));
  default:
    return true;
  }
}

static bool printable(unsigned char c) { return c >= 0x21 && c <= 0x7e; }

/* position of the first byte ch at or after i, n when none */
static size_t find_byte(const scanner *sc, size_t i, char ch) {
  const char *p = i < sc->n ? memchr(sc->s + i, ch, sc->n - i) : NULL;
  return p ? (size_t)(p - sc->s) : sc->n;
}

/*
 * The first match of RE_URL starting at or after i, as pcre2_match() over
 * the text from i finds it; false when there is none (or PCRE2 fails).
 * Every match lies inside one run of printable ASCII (the pattern matches
 * nothing else and looks neither behind nor past its match) and holds a
 * `.` (www. .jp .com …) or a `:` (http://), so only the runs holding one
 * are matched, each on its own, never the Japanese text between.
 */
static bool next_url(const jiken__dates *D, const scanner *sc, size_t i,
                     pcre2_match_data *md, size_t *us, size_t *ue) {
  size_t nd = find_byte(sc, i, '.'), nc = find_byte(sc, i, ':');
  for (;;) {
    size_t p = nd < nc ? nd : nc;
    if (p >= sc->n)
      return false;
    size_t a = p, b = p + 1;
    while (a > i && printable((unsigned char)sc->s[a - 1]))
      a--;
    while (b < sc->n && printable((unsigned char)sc->s[b]))
      b++;
    int rc = pcre2_jit_match(D->re[RE_URL], (PCRE2_SPTR)sc->s, b, a,
                             PCRE2_NO_UTF_CHECK, md, NULL);
    if (rc == PCRE2_ERROR_JIT_BADOPTION) /* no JIT on this machine */
      rc = pcre2_match(D->re[RE_URL], (PCRE2_SPTR)sc->s, b, a,
                       PCRE2_NO_UTF_CHECK, md, NULL);
    if (rc > 0) {
      PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
      *us = ov[0];
      *ue = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
      return true;
    }
    if (rc != PCRE2_ERROR_NOMATCH)
      return false;
    i = b;
    if (nd < i)
      nd = find_byte(sc, i, '.');
    if (nc < i)
      nc = find_byte(sc, i, ':');
  }
}

static int scan(const jiken__dates *D, const scanner *sc, items *it,
                pcre2_match_data *md) {
  /* URLs first: nothing inside them is a date */
  size_t url_s = (size_t)-1, url_e = 0, url_from = 0;
  size_t i = 0;
  while (i < sc->n) {
    if (url_s == (size_t)-1 || (i >= url_e && url_from <= i)) {
      if (!next_url(D, sc, i, md, &url_s, &url_e))
        url_s = url_e = sc->n;
      url_from = url_e;
    }
    if (i >= url_s && i < url_e) {
      i = url_e;
      continue;
    }
    /* step over what cannot start an atom, up to the next URL */
    while (i < url_s) {
      unsigned char c0 = (unsigned char)sc->s[i];
      if (c0 < 0x80) {
        if (is_digit((char)c0) || c0 == 'R' || c0 == 'H' || c0 == 'S')
          break;
        i++;
      } else if (c0 >= 0xE3 && c0 <= 0xE9) {
        if (could_start(D, sc, i))
          break;
        i += 3;
      } else {
        i += c0 < 0xE0 ? 2 : c0 < 0xF0 ? 3 : 4; /* could_start: false */
      }
    }
    if (i >= url_s)
      continue;
    unsigned char c = (unsigned char)sc->s[i];
    size_t clen = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    /* 同 inside a compound (共同, 合同, 協同 …) is not anaphora */
    if (lit_n(sc, i, "同", sizeof "同" - 1) && i >= 3) {
      size_t p = prev_char(sc, i);
      if (lit_n(sc, p, "共", sizeof "共" - 1) || lit_n(sc, p, "合", sizeof "合" - 1) || lit_n(sc, p, "協", sizeof "協" - 1) ||
          lit_n(sc, p, "混", sizeof "混" - 1) || lit_n(sc, p, "賛", sizeof "賛" - 1) || lit_n(sc, p, "異", sizeof "異" - 1) ||
          lit_n(sc, p, "帯", sizeof "帯" - 1) || lit_n(sc, p, "会", sizeof "会" - 1) || lit_n(sc, p, "一", sizeof "一" - 1) ||
          lit_n(sc, p, "年", sizeof "年" - 1) || lit_n(sc, p, "前", sizeof "前" - 1) || lit_n(sc, i + 6, "比", sizeof "比" - 1)) {
        /* 前年同月比: a statistic, not the month referred to */
        i += clen;
        continue;
      }
    }
    if (!atom_may_start(sc, i)) {
      i += clen;
      continue;
    }
    bool yoku = i >= 3 && lit_n(sc, prev_char(sc, i), "翌", sizeof "翌" - 1);
    atom a;
    size_t end = parse_atom(sc, i, MODE_FREE, yoku, &a);
    if (!end) {
      i += clen;
      continue;
    }
    size_t first = it->n;
    if (add_atom(it, &a))
      return JIKEN_ENOMEM;
    size_t next = a.sfx_end > end ? a.sfx_end : end;
    /* a range to a following atom */
    size_t rc = range_conn(sc, next);
    atom b;
    if (rc && !a.list_range) {
      size_t bs = skip_sp(sc, next + rc);
      size_t bend = parse_atom(sc, bs, MODE_CONT, false, &b);
      if (bend && !b.list_level && !b.weak_md == !a.weak_md) {
        item *x = &it->v[it->n - 1];
        x->a[1] = b;
        x->range = true;
        next = b.sfx_end > bend ? b.sfx_end : bend;
      }
    }
    /* 11月11日のサイト開設から11月21日の閉鎖まで: a range around two short
     * nouns */
    size_t nk;
    if (!rc && !a.list_range && (nk = noun_gap(sc, next, "から"))) {
      size_t bs = skip_sp(sc, nk);
      size_t bend = parse_atom(sc, bs, MODE_CONT, false, &b);
      size_t be = bend ? (b.sfx_end > bend ? b.sfx_end : bend) : 0;
      if (bend && !b.list_level && !b.weak_md && !a.weak_md &&
          noun_gap(sc, be, "まで")) {
        item *x = &it->v[it->n - 1];
        x->a[1] = b;
        x->range = true;
        next = be;
      }
    }
    /* a bare day continuing a list: 12月29日・30日 */
    while (it->n > first && !it->v[it->n - 1].range &&
           it->v[it->n - 1].a[0].d && !it->v[it->n - 1].a[0].sub) {
      size_t lc = list_conn(sc, next);
      if (!lc)
        break;
      size_t bs = skip_sp(sc, next + lc);
      if (bs >= sc->n || !is_digit(sc->s[bs]))
        break;
      size_t bend = parse_atom(sc, bs, MODE_CONT, false, &b);
      if (!bend || b.m || b.y || b.yrel || !b.d)
        break;
      item *x = push_item(it);
      if (!x)
        return JIKEN_ENOMEM;
      x->a[0] = b;
      next = b.sfx_end > bend ? b.sfx_end : bend;
    }
    i = next > i ? next : i + clen;
  }
  return JIKEN_OK;
}

/* ---- date lines (the notice's own date) -------------------------------- */

static bool re_match(const jiken__dates *D, int re, const char *s, size_t n,
                     pcre2_match_data *md) {
  return pcre2_match(D->re[re], (PCRE2_SPTR)s, n, 0, PCRE2_NO_UTF_CHECK, md,
                     NULL) > 0;
}

/* re_match() for a pattern whose every match ends, but for white space
 * (and `:` when colon) up to the end, with a word of at most `word` bytes
 * that ends in a character other than those: the match starts no earlier
 * than `word` bytes before the text stripped of them, so the search starts
 * there instead of trying every position of a long line. */
static bool re_match_tail(const jiken__dates *D, int re, const char *s,
                          size_t n, size_t word, bool colon, const char *ends,
                          pcre2_match_data *md) {
  size_t o = n;
  /* strip a superset of what \s (UCP) matches: ASCII white space, NEL,
   * NBSP, U+1680, U+180E, U+2000-U+200F, U+2028-U+202F, U+205F, U+2060,
   * U+3000, U+FEFF */
  for (;;) {
    const unsigned char *u = (const unsigned char *)s;
    if (o >= 1 && (u[o - 1] == ' ' || (u[o - 1] >= 0x09 && u[o - 1] <= 0x0D) ||
                   (colon && u[o - 1] == ':')))
      o -= 1;
    else if (o >= 2 && u[o - 2] == 0xC2 && (u[o - 1] == 0x85 || u[o - 1] == 0xA0))
      o -= 2;
    else if (o >= 3 &&
             ((u[o - 3] == 0xE1 && u[o - 2] == 0x9A && u[o - 1] == 0x80) ||
              (u[o - 3] == 0xE1 && u[o - 2] == 0xA0 && u[o - 1] == 0x8E) ||
              (u[o - 3] == 0xE2 && u[o - 2] == 0x80 &&
               (u[o - 1] <= 0x8F || (u[o - 1] >= 0xA8 && u[o - 1] <= 0xAF))) ||
              (u[o - 3] == 0xE2 && u[o - 2] == 0x81 &&
               (u[o - 1] == 0x9F || u[o - 1] == 0xA0)) ||
              (u[o - 3] == 0xE3 && u[o - 2] == 0x80 && u[o - 1] == 0x80) ||
              (u[o - 3] == 0xEF && u[o - 2] == 0xBB && u[o - 1] == 0xBF)))
      o -= 3;
    else
      break;
  }
  /* what was stripped holds all the \s (and :) after the word, and none
   * of the word's characters: the word ends at o, in one of the three-byte
   * characters of ends */
  if (o < 3)
    return false;
  bool end_ok = false;
  for (const char *e = ends; *e && !end_ok; e += 3)
    end_ok = s[o - 3] == e[0] && s[o - 2] == e[1] && s[o - 1] == e[2];
  if (!end_ok)
    return false;
  size_t off = o > word ? o - word : 0;
  while (off > 0 && ((unsigned char)s[off] & 0xC0) == 0x80)
    off--; /* a character boundary */
  return pcre2_match(D->re[re], (PCRE2_SPTR)s, n, off, PCRE2_NO_UTF_CHECK, md,
                     NULL) > 0;
}

/* RE_LINE_SUFFIX over [s, s + n): it matches at most 2 + 14 characters
 * other than white space (a label word, then up to 14), so a tail holding
 * more characters that surely are none (printable ASCII; three-byte
 * characters led by E4..E9, or by E3 but for E3 80 xx where U+3000 is)
 * cannot match */
static bool line_suffix(const jiken__dates *D, const char *s, size_t n,
                        pcre2_match_data *md) {
  size_t solid = 0;
  for (size_t k = 0; k < n;) {
    unsigned char c = (unsigned char)s[k];
    if (c < 0x80) {
      solid += c >= 0x21 && c <= 0x7e;
      k++;
    } else if (c >= 0xE3 && c <= 0xE9 && k + 3 <= n) {
      solid += c != 0xE3 || (unsigned char)s[k + 1] != 0x80;
      k += 3;
    } else {
      k++; /* anything else: maybe white space, not counted */
    }
    if (solid > 16)
      return false;
  }
  return re_match(D, RE_LINE_SUFFIX, s, n, md);
}

/* false when RE_HEAD_MARK cannot match [s, s + n): after ^\s* it needs a
 * digit, '(', a kanji numeral, or a character led by E2 (①-⑳, ■●◆◇□▼);
 * a character that may be white space (led by C2, E1, E2, or U+3000) lets
 * the regex decide */
static bool head_mark_may(const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0;
  while (i < n && (u[i] == ' ' || (u[i] >= 0x09 && u[i] <= 0x0D)))
    i++;
  if (i >= n)
    return false;
  unsigned c = u[i];
  if (c < 0x80)
    return (c >= '0' && c <= '9') || c == '(';
  if (c == 0xC2 || c == 0xE1 || c == 0xE2)
    return true;
  if (n - i < 3)
    return true;
  uint32_t v = jiken__char3(s, i);
  return v == 0xE38080 /* U+3000 */ || jiken__kanji_digit3(v) >= 1 ||
         v == 0xE58D81; /* 一 … 九, 十 */
}

/* a numbered section heading, or a line naming a timeline (`経緯`): the
 * mark can only match at the line start, the word only at its end */
static bool heading_line(const jiken__dates *D, const char *s, size_t n,
                         pcre2_match_data *md) {
  /* the last characters of 経緯 経過 概要 状況 日時 時系列 */
  return (head_mark_may(s, n) && re_match(D, RE_HEAD_MARK, s, n, md)) ||
         re_match_tail(D, RE_HEAD_WORD, s, n, 9, false, "緯過要況時列", md);
}

static void find_date_lines(const jiken__dates *D, const scanner *sc,
                            items *it, pcre2_match_data *md) {
  size_t nlines = 0; /* non-blank lines */
  for (size_t i = 0; i < sc->n;) {
    const char *nl = memchr(sc->s + i, '\n', sc->n - i);
    size_t e = nl ? (size_t)(nl - sc->s) : sc->n;
    if (skip_sp(sc, i) < e)
      nlines++;
    i = e + 1;
  }
  size_t pos = 0, nb = 0; /* non-blank lines before pos (a line start) */
  bool heading_before = false;
  for (size_t k = 0; k < it->n; k++) {
    item *x = &it->v[k];
    const atom *a = &x->a[0];
    if (x->range || x->drop || !a->y || a->yrel || !a->m || !a->d ||
        a->d == DAY_LAST || a->sub)
      continue;
    /* a date line is short: look at most 256 bytes either side */
    size_t ls = a->ns;
    while (ls > 0 && sc->s[ls - 1] != '\n' && a->ns - ls < 256)
      ls--;
    size_t le = a->sfx_end; /* the first \n, at most 256 bytes on */
    if (le < sc->n) {
      size_t lim = sc->n - le > 256 ? le + 256 : sc->n;
      const char *nl = memchr(sc->s + le, '\n', lim - le);
      le = nl ? (size_t)(nl - sc->s) : lim;
    }
    if ((ls > 0 && sc->s[ls - 1] != '\n') || (le < sc->n && sc->s[le] != '\n'))
      continue;
    while (pos < ls) {
      const char *nl = memchr(sc->s + pos, '\n', ls - pos);
      size_t e = nl ? (size_t)(nl - sc->s) : ls;
      if (skip_sp(sc, pos) < e) {
        nb++;
        if (heading_line(D, sc->s + pos, e - pos, md))
          heading_before = true;
      }
      pos = e + 1;
    }
    if (!line_suffix(D, sc->s + a->sfx_end, le - a->sfx_end, md))
      continue;
    /* the longest label is 最終報道発表日時, 24 bytes */
    if (re_match_tail(D, RE_LABEL, sc->s + ls, a->ns - ls, 24, true,
                      "新載表開行成信稿日時付", md)) {
      x->published = true; /* 更新日:2023年1月12日 */
      continue;
    }
    if (skip_sp(sc, ls) < a->ns || (nb >= 6 && nb + 4 < nlines))
      continue; /* not alone, or not near the top or bottom */
    if (heading_before && nb < 6)
      continue; /* after a section heading: a timeline entry */
    /* the value of a label on the previous line (■発覚日) is an event */
    size_t pe = ls;
    while (pe > 0 && (sc->s[pe - 1] == '\n' || sc->s[pe - 1] == ' '))
      pe--;
    if (pe >= 4 && !is_digit(sc->s[pe - 4]) && sc->s[pe - 4] != ' ' &&
        (lit_n(sc, pe - 3, "日", sizeof "日" - 1) || lit_n(sc, pe - 3, "時", sizeof "時" - 1) ||
         lit_n(sc, pe - 3, "間", sizeof "間" - 1) || lit_n(sc, pe - 3, "期", sizeof "期" - 1)))
      continue;
    x->published = true;
  }
}

/* Is [s, e) alone on its line (but for list bullets)?  Then [ns, ne) is the
 * next non-blank line. */
static bool alone_on_line(const scanner *sc, size_t s, size_t e, size_t *ns,
                          size_t *ne) {
  size_t ls = s;
  while (ls > 0 && sc->s[ls - 1] != '\n' && s - ls < 64)
    ls--;
  if (ls > 0 && sc->s[ls - 1] != '\n')
    return false;
  for (size_t i = ls; i < s;) {
    if (sc->s[i] == ' ' || sc->s[i] == '\t' || sc->s[i] == '-') {
      i++;
    } else if (lit_n(sc, i, "○", sizeof "○" - 1) || lit_n(sc, i, "・", sizeof "・" - 1) || lit_n(sc, i, "●", sizeof "●" - 1) ||
               lit_n(sc, i, "■", sizeof "■" - 1) || lit_n(sc, i, "◆", sizeof "◆" - 1)) {
      i += 3;
    } else {
      return false;
    }
  }
  size_t le = skip_sp(sc, e);
  if (le < sc->n && sc->s[le] != '\n')
    return false;
  size_t b = le;
  while (b < sc->n && (sc->s[b] == '\n' || sc->s[b] == ' '))
    b++;
  if (b >= sc->n)
    return false;
  size_t f = b; /* the first \n, at most 1024 bytes on */
  {
    size_t lim = sc->n - b > 1024 ? b + 1024 : sc->n;
    const char *nl = memchr(sc->s + b, '\n', lim - b);
    f = nl ? (size_t)(nl - sc->s) : lim;
  }
  while (f > b && ((unsigned char)sc->s[f] & 0xC0) == 0x80)
    f--; /* a character boundary */
  *ns = b;
  *ne = f;
  return true;
}

/* ---- resolution ---------------------------------------------------------- */

typedef struct ref {
  bool set;
  bool explicit_y; /* the year was written */
  int y, m, d; /* resolved; y == 0: unknown */
  bool fy;
} ref;

typedef struct rstate {
  int py, pm, pd; /* the notice's date, py == 0: none */
  bool p_line;    /* … from its date line (not the reference date) */
  ref last_day, last_month, last_year;
  ref ctx_m;      /* nearest month-or-finer with a known year */
  ref ctx_y;      /* nearest year / fiscal year */
  const scanner *sc;
  ref *item_ref;  /* per item: its resolved start day (set: reported) */
  size_t *next_explicit; /* per item: the next item with a written year and
                            month (it->n: none) */
} rstate;

typedef struct out {
  int fy_, fm, fd, ty, tm, td;
  jiken_precision prec;
  bool inferred;
} out;

/* the year of the fiscal year containing y-m */
static int fiscal_of(int y, int m) { return m >= 4 ? y : y - 1; }

/* choose the year for month m / day d from a context date */
static int roll_year(const ref *c, int m, int d, int wday) {
  int y = c->y;
  if (c->fy && !c->m) /* fiscal year context: Apr..Mar */
    return m >= 4 ? y : y + 1;
  if (!c->m)
    return y;
  int dd = d && d != DAY_LAST ? d : 15;
  int cd = c->d && c->d != DAY_LAST ? c->d : 15;
  long base = day_number(c->y, c->m, cd);
  long diff = day_number(y, m, dd > month_days(y, m) ? month_days(y, m) : dd) -
              base;
  if (diff < -245)
    y++;
  else if (diff > 245)
    y--;
  /* a weekday given with the date decides between neighbouring years */
  if (wday >= 0 && d && d != DAY_LAST) {
    bool ok = d <= month_days(y, m) && weekday(y, m, d) == wday;
    if (!ok) {
      int alt = 0, hits = 0;
      for (int t = y - 1; t <= y + 1; t += 2)
        if (d <= month_days(t, m) && weekday(t, m, d) == wday)
          alt = t, hits++;
      if (hits == 1)
        return alt;
    }
    if (ok)
      return y;
  }
  return y;
}

static void set_ref(ref *r, int y, int m, int d, bool fy) {
  r->set = true;
  r->explicit_y = false;
  r->y = y;
  r->m = m;
  r->d = d;
  r->fy = fy;
}

/*
 * `発覚日同日`: 同日 right after a label (two characters + 日) refers to the
 * day written after the same label earlier (`■発覚日\n令和6年12月20日`).
 */
static bool label_ref(const rstate *st, const items *it, size_t idx,
                      size_t ns, ref *r) {
  const scanner *sc = st->sc;
  if (!sc || !st->item_ref || ns < 9 || !lit_n(sc, ns - 3, "日", sizeof "日" - 1))
    return false;
  size_t ls = ns - 9;
  for (size_t k = ls; k < ns - 3; k += 3) {
    unsigned char c = (unsigned char)sc->s[k];
    if (c < 0xE3 || c > 0xE9 || kanji_num_at(sc, k) || lit_n(sc, k, "同", sizeof "同" - 1) ||
        lit_n(sc, k, "月", sizeof "月" - 1) || lit_n(sc, k, "日", sizeof "日" - 1))
      return false;
  }
  bool found = false;
  for (size_t k = idx > 256 ? idx - 256 : 0; k < idx; k++) {
    if (!st->item_ref[k].set)
      continue;
    size_t p = it->v[k].a[0].ns;
    while (p > 0 && strchr(" \t\n:", sc->s[p - 1]))
      p--;
    if (p >= 9 && p - 9 != ls && memcmp(sc->s + p - 9, sc->s + ls, 9) == 0) {
      *r = st->item_ref[k];
      found = true;
    }
  }
  return found;
}

/*
 * Resolve atom a (start: the range start when a is a range end, else NULL).
 * Fills *o; returns false when the atom is not a reportable date.
 */
static bool resolve(rstate *st, const items *it, size_t idx, atom *a,
                    const atom *start, out *o) {
  int y = a->y, m = a->m, d = a->d;
  bool known_y = y != 0, inferred = false, fy = a->fy;
  /* anaphora */
  ref lab;
  if (a->d_same && label_ref(st, it, idx, a->ns, &lab)) {
    /* 発覚日同日: the day given after that label */
    y = lab.y, m = lab.m, d = lab.d;
    known_y = y != 0, inferred = known_y;
  } else if (a->d_same) {
    if (!st->last_day.set)
      return false;
    y = st->last_day.y, m = st->last_day.m, d = st->last_day.d;
    known_y = y != 0, inferred = known_y;
  } else if (a->m_same) {
    if (!st->last_month.set)
      return false;
    y = st->last_month.y, m = st->last_month.m;
    known_y = y != 0, inferred = known_y;
  }
  if (a->yrel == REL_SAME) {
    if (!st->last_year.set)
      return false;
    const ref *r = &st->last_year;
    if (a->y_same_fy)
      y = r->fy ? r->y : (r->m ? fiscal_of(r->y, r->m) : r->y);
    else
      y = r->y;
    known_y = y != 0, inferred = known_y;
  } else if (a->yrel == REL_PUB) {
    if (st->py) {
      y = (fy ? fiscal_of(st->py, st->pm) : st->py) + a->ydelta;
      known_y = inferred = true;
    }
  } else if (a->yrel == REL_CTX) {
    const ref *c = st->ctx_m.set ? &st->ctx_m : &st->ctx_y;
    if (c->set && c->y) {
      y = c->y + a->ydelta;
      known_y = inferred = true;
    }
  } else if (a->yrel == REL_ERA) {
    if (start && start->era_base) {
      y = start->era_base + a->ydelta - 1;
      known_y = true;
    } else {
      return false;
    }
  }
  /* a range end inherits what it leaves out */
  if (start && !known_y && a->yrel != REL_EVERY) {
    if (!m && !a->m_same)
      m = o->fm;
    y = o->fy_;
    known_y = y != 0;
    inferred = o->inferred;
    if (known_y && m && (m < o->fm || (m == o->fm && d && o->fd && d < o->fd)))
      y++;
  }
  if (start && !m && !a->m_same && d)
    m = o->fm;
  /* a bare day takes its month from the nearest date with one */
  if (!m && d && !a->d_same) {
    if (!st->last_month.set)
      return false;
    m = st->last_month.m;
    if (!known_y) {
      y = st->last_month.y;
      known_y = y != 0, inferred = known_y;
    }
    if (st->last_day.set && st->last_day.m == m && d < st->last_day.d &&
        a->wday >= 0 && known_y) {
      /* 29日(木) … 2日(月): the next month when the weekday says so */
      int nm = m == 12 ? 1 : m + 1, ny = m == 12 ? y + 1 : y;
      if (d <= month_days(ny, nm) && weekday(ny, nm, d) == a->wday &&
          !(d <= month_days(y, m) && weekday(y, m, d) == a->wday))
        y = ny, m = nm;
    }
  }
  if (!known_y && a->yrel != REL_EVERY && a->yrel != REL_PUB &&
      !a->d_same && !a->m_same && a->yrel != REL_SAME && !start) {
    /* year from context */
    const ref *c = NULL;
    ref later = {0};
    if (st->ctx_m.set && m) {
      c = &st->ctx_m;
    } else if (m) {
      size_t k = st->next_explicit ? st->next_explicit[idx] : it->n;
      if (k < it->n) {
        const atom *b = &it->v[k].a[0];
        {
          /* a later date is weaker evidence: only when it is near */
          int dd = d && d != DAY_LAST ? d : 15;
          long diff = day_number(b->y, m, dd > month_days(b->y, m) ? 1 : dd) -
                      day_number(b->y, b->m,
                                 b->d && b->d != DAY_LAST ? b->d : 15);
          if (diff >= -183 && diff <= 183) {
            set_ref(&later, b->y, b->m, b->d, false);
            c = &later;
          }
        }
      }
      if (!c && st->p_line) {
        /* the notice's own date, e.g. a date line at the bottom: a
         * year-less event before it is in the months before it */
        set_ref(&later, st->py, st->pm, st->pd, false);
        c = &later;
      }
      if (!c && st->ctx_y.set)
        c = &st->ctx_y;
    } else if (st->ctx_y.set) {
      c = &st->ctx_y;
    }
    /* a context later than the notice's own date (an update note) is no
     * base for a year-less date: count from the notice's date */
    ref pub = {0};
    if (c && c->m && c->explicit_y && st->p_line &&
        day_number(c->y, c->m, c->d ? c->d : 1) >
            day_number(st->py, st->pm, st->pd)) {
      set_ref(&pub, st->py, st->pm, st->pd, false);
      c = &pub;
    }
    if (c && c->y) {
      y = m ? roll_year(c, m, d, a->wday) : c->y;
      known_y = inferred = true;
    }
  }
  /* validity */
  if (m && d && d != DAY_LAST && d > month_days(known_y ? y : 0, m))
    return false;
  /* interval */
  int yy = known_y ? y : 0, ly = known_y ? y : 2000;
  o->inferred = inferred && known_y;
  if (fy && !m) {
    if (a->yrel == REL_SAME && !a->y_same_fy && !known_y)
      return false;
    int Y = yy;
    o->prec = JIKEN_PREC_FISCAL_YEAR;
    o->fy_ = Y, o->fm = 4, o->fd = 1, o->ty = Y ? Y + 1 : 0, o->tm = 3,
    o->td = 31;
    if (a->sub == SUB_H1)
      o->prec = JIKEN_PREC_HALF, o->ty = Y, o->tm = 9, o->td = 30;
    else if (a->sub == SUB_H2)
      o->prec = JIKEN_PREC_HALF, o->fm = 10;
    else if (a->sub >= SUB_Q1 && a->sub <= SUB_Q4) {
      int q = a->sub - SUB_Q1;
      int sm = 4 + 3 * q;
      int sy = Y;
      if (sm > 12)
        sm -= 12, sy = Y ? Y + 1 : 0;
      o->prec = JIKEN_PREC_QUARTER;
      o->fy_ = sy, o->fm = sm, o->fd = 1, o->ty = sy, o->tm = sm + 2;
      o->td = month_days(sy ? sy : 2000, sm + 2);
    } else if (a->sub == SUB_END) {
      o->prec = JIKEN_PREC_DAY;
      o->fy_ = o->ty, o->fm = 3, o->fd = 31;
    }
    return true;
  }
  if (a->sub == SUB_PERIOD) {
    o->prec = JIKEN_PREC_FISCAL_YEAR;
    o->ty = yy, o->tm = m, o->td = month_days(ly, m);
    o->fy_ = m == 12 ? yy : (yy ? yy - 1 : 0);
    o->fm = m == 12 ? 1 : m + 1;
    o->fd = 1;
    return true;
  }
  if (!m) {
    o->fy_ = o->ty = yy;
    o->prec = JIKEN_PREC_YEAR;
    o->fm = 1, o->fd = 1, o->tm = 12, o->td = 31;
    if (a->sub == SUB_H1)
      o->prec = JIKEN_PREC_HALF, o->tm = 6, o->td = 30;
    else if (a->sub == SUB_H2)
      o->prec = JIKEN_PREC_HALF, o->fm = 7;
    else if (a->sub >= SUB_Q1 && a->sub <= SUB_Q4) {
      int sm = 1 + 3 * (a->sub - SUB_Q1);
      o->prec = JIKEN_PREC_QUARTER;
      o->fm = sm, o->tm = sm + 2, o->td = month_days(ly, sm + 2);
    } else if (a->sub == SUB_END) {
      o->prec = JIKEN_PREC_DAY;
      o->fm = 12;
    }
    return true;
  }
  o->fy_ = o->ty = yy;
  o->fm = o->tm = m;
  int last = month_days(ly, m);
  if (d == DAY_LAST) {
    o->prec = JIKEN_PREC_DAY;
    o->fd = o->td = last;
  } else if (d) {
    o->prec = JIKEN_PREC_DAY;
    o->fd = o->td = d;
  } else if (a->sub >= SUB_XUN1 && a->sub <= SUB_XUN3) {
    o->prec = JIKEN_PREC_XUN;
    o->fd = 1 + 10 * (a->sub - SUB_XUN1);
    o->td = a->sub == SUB_XUN3 ? last : o->fd + 9;
  } else {
    o->prec = JIKEN_PREC_MONTH;
    o->fd = 1, o->td = last;
  }
  return true;
}

/* record a resolved atom as context for what follows */
static void note(rstate *st, const atom *a, const out *o, bool end) {
  int y = end ? o->ty : o->fy_;
  int m = end ? o->tm : o->fm;
  int d = end ? o->td : o->fd;
  bool has_m = a->m || a->m_same || a->d_same || a->weak_md ||
               o->prec == JIKEN_PREC_DAY || o->prec == JIKEN_PREC_XUN ||
               o->prec == JIKEN_PREC_MONTH;
  bool has_d = a->d || a->d_same;
  if (o->prec == JIKEN_PREC_FISCAL_YEAR || o->prec == JIKEN_PREC_HALF ||
      o->prec == JIKEN_PREC_QUARTER || o->prec == JIKEN_PREC_YEAR)
    has_m = has_d = false;
  if (a->sub == SUB_PERIOD) {
    /* 2023年3月期: the written year and month are the context */
    set_ref(&st->ctx_m, o->ty, o->tm, 15, false);
    st->ctx_m.explicit_y = !o->inferred;
    set_ref(&st->last_year, o->ty, 0, 0, false);
    return;
  }
  if (has_d && !a->snapshot)
    set_ref(&st->last_day, y, m, d, false);
  if (has_m)
    set_ref(&st->last_month, y, m, has_d ? d : 0, false);
  set_ref(&st->last_year, y, has_m ? m : 0, 0,
          o->prec == JIKEN_PREC_FISCAL_YEAR);
  if (a->yrel == REL_EVERY || !y)
    return;
  if (has_m) {
    set_ref(&st->ctx_m, y, m, has_d ? d : 0, false);
    st->ctx_m.explicit_y = !o->inferred;
  }
  else if (o->prec == JIKEN_PREC_FISCAL_YEAR)
    set_ref(&st->ctx_y, o->fy_, 0, 0, true);
  else
    set_ref(&st->ctx_y, y, 0, 0, false);
}

/* YYYY-MM-DD (XXXX when the year is unknown), NUL-terminated */
static void fmt_date(char buf[11], int y, int m, int d) {
  unsigned um = (unsigned)m % 13u, ud = (unsigned)d % 32u;
  if (y > 0 && y < 10000) {
    unsigned uy = (unsigned)y;
    buf[0] = (char)('0' + uy / 1000);
    buf[1] = (char)('0' + uy / 100 % 10);
    buf[2] = (char)('0' + uy / 10 % 10);
    buf[3] = (char)('0' + uy % 10);
  } else {
    memcpy(buf, "XXXX", 4);
  }
  buf[4] = '-';
  buf[5] = (char)('0' + um / 10);
  buf[6] = (char)('0' + um % 10);
  buf[7] = '-';
  buf[8] = (char)('0' + ud / 10);
  buf[9] = (char)('0' + ud % 10);
  buf[10] = '\0';
}

static jiken_date_role role_group(int g) {
  return g == 1   ? JIKEN_ROLE_DETECTED
         : g == 2 ? JIKEN_ROLE_OCCURRED
         : g == 3 ? JIKEN_ROLE_REPORTED
                  : JIKEN_ROLE_OTHER;
}

/* the group (1..3) of the role verb matched in md, 0 when none */

/* every role verb of the text, found in one pass: dates look them up */
typedef struct verb {
  size_t s, e;
  int group;
} verb;

typedef struct verbs {
  verb *v;
  size_t n, cap;
} verbs;

static int find_verbs(const jiken__dates *D, const scanner *sc, verbs *vs) {
  const unsigned char *s = (const unsigned char *)sc->s;
  size_t n = sc->n;
  for (size_t i = 0; i + 3 <= n;) {
    if ((s[i] & 0xF0) != 0xE0) { /* not the lead byte of a 3-byte char */
      i++;
      continue;
    }
    unsigned bit = (s[i + 1] & 0x3Fu) << 6 | (s[i + 2] & 0x3Fu);
    if (!(D->role_first[bit >> 6] >> (bit & 63) & 1)) {
      i += 3;
      continue;
    }
    uint32_t c1 = (uint32_t)s[i] << 16 | (uint32_t)s[i + 1] << 8 | s[i + 2];
    size_t k = N_ROLE_WORDS;
    /* the next three bytes, when there (compared only for words of two
     * characters or more, which are there then) */
    uint32_t c2 = i + 6 <= n ? (uint32_t)s[i + 3] << 16 |
                                   (uint32_t)s[i + 4] << 8 | s[i + 5]
                             : 0;
    for (unsigned h = D->role_head[role_bucket(c1)]; h; h = D->role_next[h - 1])
      if (D->role_c1[h - 1] == c1 && i + D->role_len[h - 1] <= n &&
          (D->role_len[h - 1] < 6 || D->role_c2[h - 1] == c2) &&
          memcmp(s + i + 3, role_words[h - 1].w + 3, D->role_len[h - 1] - 3) ==
              0) {
        k = h - 1;
        break;
      }
    if (k == N_ROLE_WORDS) {
      i += 3;
      continue;
    }
    if (vs->n == vs->cap) {
      size_t cap = vs->cap ? vs->cap * 2 : 64;
      verb *nv = realloc(vs->v, cap * sizeof *nv);
      if (!nv)
        return JIKEN_ENOMEM;
      vs->v = nv;
      vs->cap = cap;
    }
    vs->v[vs->n++] = (verb){i, i + D->role_len[k], role_words[k].group};
    i += D->role_len[k];
  }
  return JIKEN_OK;
}

/* index of the first verb starting at or after pos */
static size_t verb_at(const verbs *vs, size_t pos) {
  size_t lo = 0, hi = vs->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (vs->v[mid].s < pos)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* group of the first (last: the last) verb inside [s, e), 0 when none */
static int verb_in(const verbs *vs, size_t s, size_t e, bool last) {
  int g = 0;
  for (size_t k = verb_at(vs, s); k < vs->n && vs->v[k].s < e; k++) {
    if (vs->v[k].e > e)
      break;
    g = vs->v[k].group;
    if (!last)
      break;
  }
  return g;
}

/*
 * Role from the verbs after the date in its sentence: a verb close after
 * the date, before any 、 (`7月19日に受信した…`, `5月22日に判明し`), else
 * the last verb up to the next date (the clause's predicate: `7月25日、
 * 不正アクセスを確認しました`), else the last verb of the sentence.
 */
static jiken_date_role role_of(const verbs *vs, const scanner *sc,
                               size_t from, size_t to, size_t sent_s,
                               size_t sent_e) {
  size_t j = skip_sp(sc, from);
  if (lit_n(sc, j, "付", sizeof "付" - 1))
    return JIKEN_ROLE_REPORTED; /* 8月10日付のお知らせ */
  size_t near = j;
  for (int k = 0; k < 20 && near < to; k++) {
    if (lit_n(sc, near, "、", sizeof "、" - 1) ||
        lit_n(sc, near, "。", sizeof "。" - 1) || sc->s[near] == ',')
      break;
    unsigned char c = (unsigned char)sc->s[near];
    near += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  }
  int g = verb_in(vs, j, near, false);
  if (!g)
    g = verb_in(vs, from, to, true);
  if (!g)
    g = verb_in(vs, sent_s, sent_e, true);
  return role_group(g);
}

int jiken__dates_run(const jiken__dates *d, const jiken__doc *doc,
                     const char *reference_date, jiken_result *res) {
  const jiken__text *t = &doc->text;
  scanner sc = {t->norm, t->norm_len};
  pcre2_match_data *md = pcre2_match_data_create(16, NULL);
  if (!md)
    return JIKEN_ENOMEM;
  items it = {0};
  ref *refs = NULL;
  size_t *nexts = NULL;
  verbs vs = {0};
  int rc = scan(d, &sc, &it, md);
  if (rc != JIKEN_OK)
    goto done;

  /* year-less M/D only in a notice that writes slash dates as dates */
  bool slash_style = false;
  for (size_t k = 0; k < it.n; k++)
    for (int r = 0; r < 2; r++)
      if (it.v[k].a[r].strong_slash ||
          (r == 0 && it.v[k].range && it.v[k].a[0].weak_md))
        slash_style = true;
  if (!slash_style)
    for (size_t k = 0; k < it.n; k++)
      if (it.v[k].a[0].weak_md)
        it.v[k].drop = true;

  find_date_lines(d, &sc, &it, md);
  rstate st;
  memset(&st, 0, sizeof st);
  for (size_t k = 0; k < it.n; k++)
    if (it.v[k].published && !it.v[k].drop) {
      st.py = it.v[k].a[0].y, st.pm = it.v[k].a[0].m, st.pd = it.v[k].a[0].d;
      st.p_line = true;
      break;
    }
  if (!st.py && reference_date && strlen(reference_date) == 10) {
    int y, m, dd;
    if (sscanf(reference_date, "%4d-%2d-%2d", &y, &m, &dd) == 3)
      st.py = y, st.pm = m, st.pd = dd;
  }

  if ((rc = find_verbs(d, &sc, &vs)) != JIKEN_OK)
    goto done;
  refs = it.n ? calloc(it.n, sizeof *refs) : NULL;
  nexts = it.n ? malloc(it.n * sizeof *nexts) : NULL;
  if (it.n && (!refs || !nexts)) {
    rc = JIKEN_ENOMEM;
    goto done;
  }
  for (size_t k = it.n, nx = it.n; k-- > 0;) {
    nexts[k] = nx;
    const atom *b = &it.v[k].a[0];
    if (b->y && !b->yrel && b->m && !it.v[k].drop)
      nx = k;
  }
  st.sc = &sc;
  st.item_ref = refs;
  st.next_explicit = nexts;
  const jiken__sentence *sent = doc->sentences.items;
  size_t ns = doc->sentences.n, si = 0;
  for (size_t k = 0; k < it.n; k++) {
    item *x = &it.v[k];
    if (x->drop)
      continue;
    out o;
    memset(&o, 0, sizeof o);
    if (x->range && !x->a[0].y && !x->a[0].yrel && x->a[1].y &&
        !x->a[1].yrel && x->a[0].m) {
      /* 10月1日~2023年3月31日: the start takes the end's year */
      x->a[0].y = x->a[1].y;
      if (x->a[0].m > x->a[1].m)
        x->a[0].y--;
    }
    if (!resolve(&st, &it, k, &x->a[0], NULL, &o))
      continue;
    note(&st, &x->a[0], &o, false);
    out e = o;
    if (x->range) {
      if (!resolve(&st, &it, k, &x->a[1], &x->a[0], &e))
        continue;
      note(&st, &x->a[1], &e, true);
    }
    if (refs)
      set_ref(&refs[k], o.fy_, o.fm, o.fd, false);
    jiken_date *dt = jiken__vec_push(&res->dates);
    if (!dt) {
      rc = JIKEN_ENOMEM;
      goto done;
    }
    jiken__text_span(t, x->a[0].ns, x->range ? x->a[1].ne : x->a[0].ne,
                     &dt->start, &dt->end);
    fmt_date(dt->from, o.fy_, o.fm, o.fd);
    fmt_date(dt->to, e.ty, e.tm, e.td);
    dt->precision = o.prec;
    memcpy(dt->time, x->a[0].time, sizeof dt->time);
    dt->year_inferred = o.inferred;
    dt->approximate = x->a[0].approx || (x->range && x->a[1].approx);
    /* role */
    while (si + 1 < ns && sent[si].end <= x->a[0].ns)
      si++;
    size_t ss = 0, se = sc.n;
    if (si < ns && sent[si].start <= x->a[0].ns && x->a[0].ns < sent[si].end)
      ss = sent[si].start, se = sent[si].end;
    else {
      ss = x->a[0].ns;
      se = x->a[0].ns;
      while (se < sc.n && sc.s[se] != '\n' && se - ss < 300)
        se++;
    }
    /* the sentence around the date, at most 300 bytes either side */
    if (x->a[0].ns > ss + 300)
      ss = x->a[0].ns - 300;
    while (ss > 0 && ((unsigned char)sc.s[ss] & 0xC0) == 0x80)
      ss--;
    if (se > x->a[0].ns + 300) {
      se = x->a[0].ns + 300;
      while (se > ss && ((unsigned char)sc.s[se] & 0xC0) == 0x80)
        se--;
    }
    size_t until = se;
    if (k + 1 < it.n && it.v[k + 1].a[0].ns < until)
      until = it.v[k + 1].a[0].ns;
    size_t after = x->range ? x->a[1].sfx_end : x->a[0].sfx_end;
    if (after > until)
      until = after;
    dt->role = x->published
                   ? JIKEN_ROLE_PUBLISHED
                   : role_of(&vs, &sc, after, until, ss, se);
    size_t nl_s, nl_e;
    if (dt->role == JIKEN_ROLE_OTHER &&
        alone_on_line(&sc, x->a[0].ns, after, &nl_s, &nl_e))
      /* a timeline entry: the date on its line, the event on the next */
      dt->role = role_of(&vs, &sc, nl_e, nl_e, nl_s, nl_e);
  }
done:
  free(vs.v);
  free(nexts);
  free(refs);
  free(it.v);
  pcre2_match_data_free(md);
  return rc;
}
