/*
 * structure.c — notice structure: title, organisation, report number, and
 * splitting a digest into notices.
 * Takes: the analysed doc (or raw text for splitting).  Gives: res->title,
 * res->organization, res->report; notice boundaries.
 *
 * Title: the heading line near the top (ends in お知らせ/お詫び/ご報告/
 * について/に関する…, possibly followed by (第3報) or a date), or the part
 * after the organisation in a digest heading 【…】組織名 タイトル.
 *
 * Organisation: candidates are runs of name characters (kanji, katakana,
 * Latin letters, digits, ・) ending in an entity marker (株式会社, 大学,
 * 病院, 協会, 市, 県 …) or starting with a legal-entity prefix (株式会社…,
 * 独立行政法人…); a space the normaliser removed still separates words.  MeCab
 * tokens trim the left edge (numbers, counters, prefixes such as 本/当/同 are
 * not part of a name).  Each candidate is scored: mentions, a digest heading or
 * signature line naming it, "X(以下 「当社」)", a subject particle after it,
 * agreement of its kind with the notice's self-references (当社 → company, 本学
 * → university, 本県 → prefecture …); contractors (委託先, 指定管理者, 保守業者
 * …), quoted names and addresses lose points.  A municipality naming a compound
 * body (高松市移住相談センター) is also a candidate on its own.
 *
 * Report: 第3報 / 最終報(告) / 続報 in the title or heading area only.
 *
 * Split: lines starting with a digest heading 【…#…】/【…事件簿…】, or a
 * label 【…】 repeated before at least two title-like lines, start notices;
 * text before the first one is dropped unless it reads as a notice itself.
 */
#define _GNU_SOURCE /* memmem */
#include "internal.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- compiled patterns --------------------------------------------------- */

/* entity marker ending a name (lookarounds keep 市民, 大学院, 地区 out) */
static const char suffix_pat[] =
    "(?:株式会社|有限会社|合同会社|合資会社|合名会社|信用金庫|信用組合|"
    "労働金庫|組合|銀行|大学病院|大学(?!院)|病院|医療センター|クリニック|"
    "診療所|医院|博物館|美術館|図書館|科学館|資料館|協会|協議会|連合会|"
    "財団|事業団|公社|機構|研究所|センター|省|庁|水道局|"
    "市(?![民場街町]|区町村)|(?<![地学校挙特])区(?![民域分別画間内市])|"
    "町(?![民内村])|村(?![民内])|県(?![民内])|都(?![民内市])|府(?![民内])|"
    "道(?![民内]))";

/* legal-entity prefix starting a name (matched PCRE2_ANCHORED) */
static const char prefix_pat[] =
    "(?:株式会社|有限会社|合同会社|一般社団法人|公益社団法人|一般財団法人|"
    "公益財団法人|社会福祉法人|社会医療法人|医療法人社団|医療法人財団|"
    "医療法人|学校法人|国立大学法人|公立大学法人|地方独立行政法人|"
    "独立行政法人|国立研究開発法人|特定非営利活動法人|NPO法人)";

/* a title line ends like this (then maybe (第3報) / a date) */
static const char title_pat[] =
    "(?:お知らせ|お詫び|おわび|ご報告|報告|について|に関して|の件|ご案内|"
    "注意喚起|お願い|事案|発生|のご連絡)(?:と(?:お詫び|おわび|ご報告|お知らせ))"
    "?"
    "(?:\\s*[((【][^))】]{0,40}[))】])*"
    /* a trailing date (group 1) is no part of the title */
    "(\\s*(?:令和|平成)?[0-9元]{1,4}[年/.][0-9]{1,2}[月/.][0-9]{1,2}日?)?"
    "\\s*$";


/* a contractor is named just after one of these */
#define CONTRACTOR_WORDS                                                       \
  "(?:委託|受託|受注|指定管理|保守業者|業者|請け負|運営会社|協力会社|"         \
  "提供する|取引先|子会社|本社|所在地|住所)"
static const char contractor_pat[] = CONTRACTOR_WORDS "[^。、]{0,14}$";

/* an authority the notice was reported to, right after a name */
static const char recipient_pat[] =
    "(?:[、・]|及び|および|並びに|ならびに|や|と)?[^。、]{0,24}?"
    "(?:(?:に|へ)(?:も|は)?(?:報告|報|届|相談|連絡|通報|提出)|"
    "から(?:の)?(?:受託|委託|依頼|受注|請け負))|^(?:警察|労働局)";

/* いつもサンプルネットをご利用くださり: the service speaks for itself */
static const char service_pat[] =
    "(?:いつも|平素より|平素は)([^\\s、。をのにはが]{2,30}?)(?:を|の)"
    "(?:ご利用|ご愛顧|お引き立て)";

/* ---- literal prefilters ---------------------------------------------------
 * A regex that is an alternation of literals (each maybe with lookarounds,
 * which match no text) can only match where one of its literals starts.
 * Finding that position with a byte table is much cheaper than a regex
 * search, so match_lit asks the regex only from there (or not at all).  The
 * literals are read from the pattern itself; a pattern this reader does not
 * understand gets no prefilter (ok = false) and is always run. */
#define LIT_MAX 96

typedef struct litset {
  bool ok;
  bool pure; /* no lookarounds: the first literal found is the match */
  size_t n;
  bool look[LIT_MAX]; /* literal k has a lookaround (lits_from_pattern) */
  const char *w[LIT_MAX];
  size_t len[LIT_MAX];
  uint32_t key[LIT_MAX]; /* first (up to) three bytes, for a quick compare */
  bool first[256]; /* first bytes of the literals */
  /* bit (b2 & 0x3F) << 6 | (b3 & 0x3F) of three-byte first characters */
  uint64_t c3[64];
  /* literals of 3+ bytes chained by a hash of key, in pattern order: index
   * + 1, 0 ends a chain */
  uint8_t head[64], next[LIT_MAX];
  bool has_short; /* a literal under 3 bytes: look at every literal */
  char buf[1024]; /* the literals read from a pattern, NUL-separated */
} litset;

static unsigned lit_bucket(uint32_t key) { return (key * 2654435761u) >> 26; }

static uint32_t lit_key(const char *w, size_t len) {
  const unsigned char *u = (const unsigned char *)w;
  uint32_t k = 0;
  for (size_t i = 0; i < 3; i++)
    k = k << 8 | (i < len ? u[i] : 0u);
  return k;
}

static void lits_add(litset *ls, const char *w, size_t len) {
  const unsigned char *u = (const unsigned char *)w;
  size_t k = ls->n++;
  ls->w[k] = w;
  ls->key[k] = lit_key(w, len);
  ls->len[k] = len;
  if (len < 3) {
    ls->has_short = true;
  } else { /* append to its chain */
    uint8_t *link = &ls->head[lit_bucket(ls->key[k])];
    while (*link)
      link = &ls->next[*link - 1];
    *link = (uint8_t)(k + 1);
  }
  ls->first[u[0]] = true;
  if (u[0] >= 0xE0 && u[0] < 0xF0 && len >= 3) {
    unsigned bit = (u[1] & 0x3Fu) << 6 | (u[2] & 0x3Fu);
    ls->c3[bit >> 6] |= (uint64_t)1 << (bit & 63);
  }
}

/* the literals of "(?:lit|lit(?!…)|(?<!…)lit|…)"; false if not that shape */
static bool lits_from_pattern(litset *ls, const char *pat) {
  memset(ls, 0, sizeof *ls);
  ls->pure = true;
  size_t n = strlen(pat), used = 0;
  if (n < 5 || memcmp(pat, "(?:", 3) != 0 || pat[n - 1] != ')')
    return false;
  size_t i = 3, end = n - 1;
  while (i <= end) {
    /* one alternative: [i, j) up to a '|' at depth 0 or the end */
    size_t start = used;
    int depth = 0;
    bool look = false;
    size_t j = i;
    for (; j < end; j++) {
      char c = pat[j];
      if (c == '\\' || c == '[' || c == ']') {
        if (depth == 0)
          return false;
        if (c == '\\' && j + 1 < end) {
          j++; /* an escaped character inside a lookaround */
          continue;
        }
        if (c == '[') { /* a class inside a lookaround: skip to its ']' */
          while (j + 1 < end && pat[j + 1] != ']')
            j++;
          j++;
          continue;
        }
        return false; /* a stray ']' */
      }
      if (c == '(') {
        /* only lookarounds may nest here */
        if (depth == 0 && strncmp(pat + j, "(?!", 3) != 0 &&
            strncmp(pat + j, "(?=", 3) != 0 &&
            strncmp(pat + j, "(?<!", 4) != 0 &&
            strncmp(pat + j, "(?<=", 4) != 0)
          return false;
        depth++;
        ls->pure = false;
        look = true;
        continue;
      }
      if (c == ')') {
        if (depth == 0)
          return false;
        depth--;
        continue;
      }
      if (c == '|' && depth == 0)
        break;
      if (depth > 0)
        continue;
      if (strchr("{}?*+.^$", c))
        return false;
      if (used + 2 >= sizeof ls->buf)
        return false;
      ls->buf[used++] = c;
    }
    if (depth != 0 || used == start || ls->n == LIT_MAX)
      return false;
    ls->buf[used++] = '\0';
    ls->look[ls->n] = look;
    lits_add(ls, ls->buf + start, used - 1 - start);
    i = j + 1;
    if (j == end)
      break;
  }
  ls->ok = ls->n > 0;
  return ls->ok;
}

/* may a literal start at s[q] (and end by `end`)?  A cheap first test */
static inline bool lit_may(const litset *ls, const char *s, size_t q,
                           size_t end) {
  unsigned char c = (unsigned char)s[q];
  if (!ls->first[c])
    return false;
  if (c >= 0xE0 && c < 0xF0) {
    if (q + 3 > end)
      return false;
    unsigned bit = ((unsigned char)s[q + 1] & 0x3Fu) << 6 |
                   ((unsigned char)s[q + 2] & 0x3Fu);
    if (!(ls->c3[bit >> 6] >> (bit & 63) & 1))
      return false;
  }
  return true;
}

/* index of the first literal (in pattern order) at s[q] ending by `end`,
 * or -1 */
static int lit_hit(const litset *ls, const char *s, size_t q, size_t end) {
  if (!lit_may(ls, s, q, end))
    return -1;
  uint32_t key = lit_key(s + q, end - q);
  if (!ls->has_short) {
    for (unsigned k = ls->head[lit_bucket(key)]; k; k = ls->next[k - 1])
      if (ls->key[k - 1] == key && ls->len[k - 1] <= end - q &&
          (ls->len[k - 1] == 3 || /* the key is its three bytes */
           memcmp(s + q + 3, ls->w[k - 1] + 3, ls->len[k - 1] - 3) == 0))
        return (int)k - 1;
    return -1;
  }
  for (size_t k = 0; k < ls->n; k++)
    if (ls->len[k] <= end - q &&
        ls->key[k] == (ls->len[k] >= 3 ? key : lit_key(s + q, ls->len[k])) &&
        memcmp(s + q, ls->w[k], ls->len[k]) == 0)
      return (int)k;
  return -1;
}

struct jiken__structure {
  pcre2_code *suffix_re, *prefix_re, *title_re, *contractor_re,
      *recipient_re, *service_re;
  litset suffix_lits, prefix_lits, selfref_lits;
  litset name_lits; /* prefix and suffix literals together (add_run) */
  litset svc_lits;  /* いつも, 平素: where service_re can start */
  litset contractor_lits; /* the words contractor_re starts with */
  /* first bytes / three-byte first characters of any literal above: the
   * document index (index_doc) looks closer only there */
  bool any_first[256];
  uint64_t any_c3[64];
  /* self-references chained by a hash of their first six bytes (two
   * characters; sr6: every word has them): index + 1, 0 ends a chain */
  bool sr6;
  uint8_t sr_head[64], sr_next[LIT_MAX];
  uint64_t sr_key[LIT_MAX];
};

static inline uint64_t key6(const char *w) {
  uint32_t lo;
  uint16_t hi;
  memcpy(&lo, w, 4);
  memcpy(&hi, w + 4, 2);
  return (uint64_t)lo | (uint64_t)hi << 32;
}
static inline unsigned bucket6(uint64_t k) {
  return (unsigned)((k * 0x9E3779B97F4A7C15u) >> 58);
}

static void selfref_lits(litset *ls);
static void selfref_chains(jiken__structure *s);

static pcre2_code *compile(const char *pat, uint32_t extra, jiken_error *err) {
  int ec;
  PCRE2_SIZE off;
  pcre2_code *re =
      pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
                    PCRE2_UTF | PCRE2_UCP | extra, &ec, &off, NULL);
  if (!re) {
    PCRE2_UCHAR msg[160];
    pcre2_get_error_message(ec, msg, sizeof msg);
    jiken__error_set(err, JIKEN_EINTERNAL, (size_t)off, "structure pattern: %s",
                     (const char *)msg);
    return NULL;
  }
  pcre2_jit_compile(re, PCRE2_JIT_COMPLETE); /* interpreter if no JIT */
  return re;
}

jiken__structure *jiken__structure_new(jiken_error *err) {
  jiken__structure *s = calloc(1, sizeof *s);
  if (!s) {
    jiken__error_set(err, JIKEN_ENOMEM, (size_t)-1, NULL);
    return NULL;
  }
  if (!(s->suffix_re = compile(suffix_pat, 0, err)) ||
      !(s->prefix_re = compile(prefix_pat, 0, err)) ||
      !(s->title_re = compile(title_pat, 0, err)) ||
      !(s->contractor_re = compile(contractor_pat, 0, err)) ||
      !(s->recipient_re = compile(recipient_pat, 0, err)) ||
      !(s->service_re = compile(service_pat, 0, err))) {
    jiken__structure_free(s);
    return NULL;
  }
  lits_from_pattern(&s->suffix_lits, suffix_pat);
  lits_from_pattern(&s->prefix_lits, prefix_pat);
  selfref_lits(&s->selfref_lits);
  selfref_chains(s);
  if (s->prefix_lits.ok && s->suffix_lits.ok &&
      s->prefix_lits.n + s->suffix_lits.n <= LIT_MAX) {
    for (size_t i = 0; i < s->prefix_lits.n; i++)
      lits_add(&s->name_lits, s->prefix_lits.w[i], s->prefix_lits.len[i]);
    for (size_t i = 0; i < s->suffix_lits.n; i++)
      lits_add(&s->name_lits, s->suffix_lits.w[i], s->suffix_lits.len[i]);
    s->name_lits.ok = true;
  }
  lits_from_pattern(&s->contractor_lits, CONTRACTOR_WORDS);
  lits_add(&s->svc_lits, "いつも", strlen("いつも"));
  lits_add(&s->svc_lits, "平素", strlen("平素"));
  s->svc_lits.ok = true;
  const litset *all[] = {&s->selfref_lits, &s->name_lits, &s->svc_lits};
  for (size_t k = 0; k < sizeof all / sizeof *all; k++) {
    for (size_t c = 0; c < 256; c++)
      s->any_first[c] |= all[k]->first[c];
    for (size_t w = 0; w < 64; w++)
      s->any_c3[w] |= all[k]->c3[w];
  }
  return s;
}

void jiken__structure_free(jiken__structure *s) {
  if (!s)
    return;
  pcre2_code_free(s->suffix_re);
  pcre2_code_free(s->prefix_re);
  pcre2_code_free(s->title_re);
  pcre2_code_free(s->contractor_re);
  pcre2_code_free(s->recipient_re);
  pcre2_code_free(s->service_re);
  free(s);
}

/* ---- small text helpers -------------------------------------------------- */

static inline int32_t cp_at(const char *s, size_t n, size_t i,
                            size_t *len) {
  int32_t c;
  if (i < n) { /* fast paths: ASCII, a well-formed three-byte character */
    const unsigned char *u = (const unsigned char *)s + i;
    if (u[0] < 0x80) {
      if (len)
        *len = 1;
      return u[0];
    }
    if ((u[0] & 0xF0) == 0xE0 && n - i >= 3 && (u[1] & 0xC0) == 0x80 &&
        (u[2] & 0xC0) == 0x80) {
      c = (int32_t)(u[0] & 0x0F) << 12 | (int32_t)(u[1] & 0x3F) << 6 |
          (u[2] & 0x3F);
      if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
        if (len)
          *len = 3;
        return c;
      }
    }
  }
  int l = jiken__utf8_next(s, n, i, &c);
  if (len)
    *len = l > 0 ? (size_t)l : 1;
  return c;
}

static size_t prev_i(const char *s, size_t i) {
  if (i == 0)
    return 0;
  i--;
  while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
    i--;
  return i;
}

static int32_t cp_before(const char *s, size_t n, size_t i) {
  if (i == 0)
    return -1;
  return cp_at(s, n, prev_i(s, i), NULL);
}

static bool is_han(int32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0xF900 && c <= 0xFAFF) || c == 0x3005 || c == 0x3007;
}
static bool is_kata(int32_t c) {
  return (c >= 0x30A1 && c <= 0x30FA) || c == 0x30FC;
}
static bool is_hira(int32_t c) { return c >= 0x3041 && c <= 0x3096; }
static bool is_alnum(int32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
         (c >= 'a' && c <= 'z');
}
/* a character that can stand inside an organisation's name */
static inline bool is_name(int32_t c) {
  return is_han(c) || is_kata(c) || is_alnum(c) || c == 0x30FB /* ・ */ ||
         c == '&';
}
static bool is_space(int32_t c) {
  return c == ' ' || c == '\t' || c == '\r' || c == 0x3000 || c == 0xA0;
}

/* inline: with a literal p the compiler knows strlen(p) */
static inline bool has_prefix(const char *s, size_t n, const char *p) {
  size_t k = strlen(p);
  return n >= k && memcmp(s, p, k) == 0;
}
static inline bool has_suffix(const char *s, size_t n, const char *p) {
  size_t k = strlen(p);
  return n >= k && memcmp(s + n - k, p, k) == 0;
}
static bool contains(const char *s, size_t n, const char *needle) {
  return memmem(s, n, needle, strlen(needle)) != NULL;
}
/* contains(s, n, "。") for normalised text starting at a character: step
 * by characters (cheaper than memmem's set-up on short lines) */
static bool has_kuten(const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  for (size_t i = 0; i + 3 <= n;) {
    unsigned c = u[i];
    if (c == 0xE3 && u[i + 1] == 0x80 && u[i + 2] == 0x82)
      return true;
    i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  }
  return false;
}

/* trim spaces (ASCII, ideographic) from both ends of [*a, *b): is_space
 * by bytes (space, tab, CR, U+3000 E3 80 80, U+00A0 C2 A0) */
static inline void trim(const char *s, size_t n, size_t *a, size_t *b) {
  const unsigned char *u = (const unsigned char *)s;
  size_t x = *a, y = *b;
  while (x < y) {
    unsigned c = u[x];
    if (c == ' ' || c == '\t' || c == '\r')
      x++;
    else if (c == 0xE3 && x + 3 <= n && u[x + 1] == 0x80 && u[x + 2] == 0x80)
      x += 3;
    else if (c == 0xC2 && x + 2 <= n && u[x + 1] == 0xA0)
      x += 2;
    else
      break;
  }
  while (y > x) {
    unsigned c = u[y - 1];
    if (c == ' ' || c == '\t' || c == '\r')
      y--;
    else if (c == 0x80 && y - x >= 3 && u[y - 2] == 0x80 && u[y - 3] == 0xE3)
      y -= 3;
    else if (c == 0xA0 && y - x >= 2 && u[y - 2] == 0xC2)
      y -= 2;
    else
      break;
  }
  *a = x;
  *b = y;
}

/* does [a, b) match re (anywhere)?  match bounds in ms, me */
static bool match_at(const pcre2_code *re, const char *s, size_t a, size_t b,
                     pcre2_match_data *md, uint32_t opts, size_t *ms,
                     size_t *me) {
  int rc = pcre2_match(re, (PCRE2_SPTR)s, b, a, opts, md, NULL);
  if (rc < 0)
    return false;
  PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
  if (ms)
    *ms = ov[0];
  if (me)
    *me = ov[1];
  return true;
}

/* match_at for a regex with a literal prefilter ls (see litset) */
static bool match_lit(const litset *ls, const pcre2_code *re, const char *s,
                      size_t a, size_t b, pcre2_match_data *md, uint32_t opts,
                      size_t *ms, size_t *me) {
  if (!ls->ok)
    return match_at(re, s, a, b, md, opts, ms, me);
  int k = -1;
  size_t q = a;
  if (opts & PCRE2_ANCHORED) {
    if (a < b)
      k = lit_hit(ls, s, a, b);
  } else {
    for (; q < b; q++)
      if (lit_may(ls, s, q, b) && (k = lit_hit(ls, s, q, b)) >= 0)
        break;
  }
  if (k < 0)
    return false; /* no literal, no match */
  /* lookarounds decide: ask the regex from there.  Without one on the
   * literal found (the first, in pattern order, at the first position with
   * any), no alternative before it matched there and it does. */
  if (!ls->pure && ls->look[k])
    return match_at(re, s, q, b, md, opts, ms, me);
  /* leftmost start, first alternative: what the regex would match */
  if (ms)
    *ms = q;
  if (me)
    *me = q + ls->len[k];
  return true;
}

/* ---- prefectures: a closed list ------------------------------------------ */
static const struct {
  const char *name;
  size_t len;
} prefectures[] = {
#define P(w) {w, sizeof w - 1}
    P("北海道"), P("青森県"), P("岩手県"), P("宮城県"), P("秋田県"), P("山形県"), P("福島県"),
    P("茨城県"), P("栃木県"), P("群馬県"), P("埼玉県"), P("千葉県"), P("東京都"), P("神奈川県"),
    P("新潟県"), P("富山県"), P("石川県"), P("福井県"), P("山梨県"), P("長野県"), P("岐阜県"),
    P("静岡県"), P("愛知県"), P("三重県"), P("滋賀県"), P("京都府"), P("大阪府"), P("兵庫県"),
    P("奈良県"), P("和歌山県"), P("鳥取県"), P("島根県"), P("岡山県"), P("広島県"), P("山口県"),
    P("徳島県"), P("香川県"), P("愛媛県"), P("高知県"), P("福岡県"), P("佐賀県"), P("長崎県"),
    P("熊本県"), P("大分県"), P("宮崎県"), P("鹿児島県"), P("沖縄県"),
#undef P
};

/* the prefecture name ending at s[end] (exactly), or 0 */
static size_t pref_ending(const char *s, size_t start, size_t end) {
  for (size_t i = 0; i < sizeof prefectures / sizeof *prefectures; i++) {
    const char *p = prefectures[i].name;
    size_t k = prefectures[i].len;
    if (end - start >= k && s[end - 2] == p[k - 2] &&
        memcmp(s + end - k, p, k) == 0)
      return k;
  }
  return 0;
}
/* the prefecture name starting at s[start], or 0 */
static size_t pref_starting(const char *s, size_t start, size_t end) {
  for (size_t i = 0; i < sizeof prefectures / sizeof *prefectures; i++) {
    const char *p = prefectures[i].name;
    size_t k = prefectures[i].len;
    if (end - start >= k && s[start + 2] == p[2] &&
        memcmp(s + start, p, k) == 0)
      return k;
  }
  return 0;
}

/* ---- kinds of issuer and the self-references that point at them ---------- */
typedef enum kind {
  K_NONE = 0,
  K_COMPANY,
  K_UNIV,
  K_HOSP,
  K_MUSEUM,
  K_KINKO,
  K_KUMIAI,
  K_KAI,
  K_KIKO,
  K_HOJIN,
  K_MINISTRY,
  K_BUREAU,
  K_PREF,
  K_CITY,
  K_WARD,
  K_TOWN,
  K_VILLAGE,
  K_COUNT
} kind;

static bool kind_is_gov(kind k) { return k >= K_PREF; }

#define MK(w, k) {w, sizeof w - 1, k}
static const struct {
  const char *marker;
  size_t len;
  kind k;
} marker_kinds[] = {
    MK("株式会社", K_COMPANY),  MK("有限会社", K_COMPANY), MK("合同会社", K_COMPANY),
    MK("合資会社", K_COMPANY),  MK("合名会社", K_COMPANY), MK("銀行", K_COMPANY),
    MK("信用金庫", K_KINKO),    MK("労働金庫", K_KINKO),   MK("信用組合", K_KUMIAI),
    MK("組合", K_KUMIAI),       MK("大学病院", K_HOSP),    MK("大学", K_UNIV),
    MK("医療センター", K_HOSP), MK("病院", K_HOSP),        MK("クリニック", K_HOSP),
    MK("診療所", K_HOSP),       MK("医院", K_HOSP),        MK("博物館", K_MUSEUM),
    MK("美術館", K_MUSEUM),     MK("図書館", K_MUSEUM),    MK("科学館", K_MUSEUM),
    MK("資料館", K_MUSEUM),     MK("協議会", K_KAI),       MK("協会", K_KAI),
    MK("連合会", K_KAI),        MK("事業団", K_KAI),       MK("財団", K_KAI),
    MK("公社", K_KIKO),         MK("機構", K_KIKO),        MK("研究所", K_KIKO),
    MK("センター", K_KIKO),     MK("省", K_MINISTRY),      MK("庁", K_MINISTRY),
    MK("局", K_BUREAU),         MK("都", K_PREF),          MK("道", K_PREF),
    MK("府", K_PREF),           MK("県", K_PREF),          MK("市", K_CITY),
    MK("区", K_WARD),           MK("町", K_TOWN),          MK("村", K_VILLAGE),
};
#undef MK

static kind kind_of_name(const char *s, size_t n) {
  for (size_t i = 0; i < sizeof marker_kinds / sizeof *marker_kinds; i++) {
    const char *m = marker_kinds[i].marker;
    size_t k = marker_kinds[i].len;
    if (n >= k && s[n - 1] == m[k - 1] && memcmp(s + n - k, m, k) == 0)
      return marker_kinds[i].k;
  }
  if (has_prefix(s, n, "株式会社") || has_prefix(s, n, "有限会社") ||
      has_prefix(s, n, "合同会社"))
    return K_COMPANY;
  if (contains(s, n, "法人"))
    return K_HOJIN;
  return K_NONE;
}

static const struct {
  const char *word;
  kind k;
  int weight;
} selfrefs[] = {
    {"当社", K_COMPANY, 3},       {"弊社", K_COMPANY, 3},
    {"当グループ", K_COMPANY, 2}, {"本学", K_UNIV, 3},
    {"当大学", K_UNIV, 3},        {"本大学", K_UNIV, 3},
    {"当院", K_HOSP, 3},          {"本院", K_HOSP, 3},
    {"当病院", K_HOSP, 3},        {"当クリニック", K_HOSP, 3},
    {"当センター", K_HOSP, 2},    {"当センター", K_KIKO, 2},
    {"当館", K_MUSEUM, 3},        {"本館", K_MUSEUM, 1},
    {"当金庫", K_KINKO, 3},       {"当組合", K_KUMIAI, 3},
    {"本組合", K_KUMIAI, 3},      {"当国保組合", K_KUMIAI, 3},
    {"当会", K_KAI, 3},           {"本会", K_KAI, 3},
    {"当協会", K_KAI, 3},         {"本協会", K_KAI, 3},
    {"当協議会", K_KAI, 3},       {"当財団", K_KAI, 3},
    {"当事業団", K_KAI, 3},       {"当機構", K_KIKO, 3},
    {"本機構", K_KIKO, 3},        {"当研究所", K_KIKO, 3},
    {"当公社", K_KIKO, 3},        {"本公社", K_KIKO, 3},
    {"当法人", K_HOJIN, 3},       {"本法人", K_HOJIN, 3},
    {"当省", K_MINISTRY, 3},      {"本省", K_MINISTRY, 2},
    {"当庁", K_MINISTRY, 3},      {"当局", K_BUREAU, 3},
    {"本県", K_PREF, 3},          {"当県", K_PREF, 3},
    {"県では", K_PREF, 2},        {"県が", K_PREF, 2},
    {"県民", K_PREF, 1},          {"県立", K_PREF, 1},
    {"本都", K_PREF, 3},          {"都民", K_PREF, 1},
    {"本府", K_PREF, 3},          {"府民", K_PREF, 1},
    {"本道", K_PREF, 3},          {"道民", K_PREF, 1},
    {"本市", K_CITY, 3},          {"当市", K_CITY, 3},
    {"市では", K_CITY, 2},        {"市が", K_CITY, 2},
    {"市民", K_CITY, 1},          {"市立", K_CITY, 1},
    {"本区", K_WARD, 3},          {"当区", K_WARD, 3},
    {"区では", K_WARD, 2},        {"区民", K_WARD, 1},
    {"本町", K_TOWN, 3},          {"当町", K_TOWN, 3},
    {"町では", K_TOWN, 2},        {"町民", K_TOWN, 1},
    {"本村", K_VILLAGE, 3},       {"当村", K_VILLAGE, 3},
    {"村民", K_VILLAGE, 1},
};

static void selfref_lits(litset *ls) {
  memset(ls, 0, sizeof *ls);
  for (size_t r = 0; r < sizeof selfrefs / sizeof *selfrefs && r < LIT_MAX;
       r++)
    lits_add(ls, selfrefs[r].word, strlen(selfrefs[r].word));
  /* a table longer than LIT_MAX: no prefilter */
  ls->ok = sizeof selfrefs / sizeof *selfrefs <= LIT_MAX;
}

/* the six-byte chains of the self-references (sr6) */
static void selfref_chains(jiken__structure *s) {
  s->sr6 = s->selfref_lits.ok;
  for (size_t r = 0; s->sr6 && r < sizeof selfrefs / sizeof *selfrefs; r++)
    s->sr6 = strlen(selfrefs[r].word) >= 6;
  for (size_t r = 0; s->sr6 && r < sizeof selfrefs / sizeof *selfrefs; r++) {
    s->sr_key[r] = key6(selfrefs[r].word);
    uint8_t *link = &s->sr_head[bucket6(s->sr_key[r])];
    while (*link)
      link = &s->sr_next[*link - 1];
    *link = (uint8_t)(r + 1);
  }
}

/* add the weights of the self-references starting at s[i] to w */
static void selfrefs_at(const litset *ls, const char *s, size_t n, size_t i,
                        int w[K_COUNT]) {
  uint32_t key = lit_key(s + i, n - i);
  if (ls->ok && !ls->has_short) {
    /* the words with these first three bytes (literal k is selfrefs[k]) */
    int32_t c = -2;
    for (unsigned k = ls->head[lit_bucket(key)]; k; k = ls->next[k - 1]) {
      size_t r = k - 1;
      const char *word = selfrefs[r].word;
      size_t len = ls->len[r];
      if (ls->key[r] != key || len > n - i)
        continue;
      if (len >= 6 && (s[i + 3] != word[3] || s[i + 5] != word[5]))
        continue; /* the second character differs: 当社, 当院 … */
      if (memcmp(s + i, word, len) != 0)
        continue;
      if (c == -2) /* standalone: 熊本市 is a name, not 本市 */
        c = cp_before(s, n, i);
      if (c >= 0 && is_name(c))
        continue;
      w[selfrefs[r].k] += selfrefs[r].weight;
    }
    return;
  }
  for (size_t r = 0; r < sizeof selfrefs / sizeof *selfrefs; r++) {
    if (ls->ok && ls->len[r] >= 3 && ls->key[r] != key)
      continue; /* the first three bytes differ */
    size_t k = ls->ok ? ls->len[r] : strlen(selfrefs[r].word);
    if (k > n - i || memcmp(s + i, selfrefs[r].word, k) != 0)
      continue;
    /* standalone: 熊本市 is a name, not 本市 */
    int32_t c = cp_before(s, n, i);
    if (c >= 0 && is_name(c))
      continue;
    w[selfrefs[r].k] += selfrefs[r].weight;
  }
}

/* weights of each kind's self-references in the text (every occurrence of
 * every word, in one pass); index_doc does this when ls->ok */
static void count_selfrefs(const litset *ls, const char *s, size_t n,
                           int w[K_COUNT]) {
  memset(w, 0, sizeof(int) * K_COUNT);
  for (size_t i = 0; i < n; i++) {
    if (ls->ok && !lit_may(ls, s, i, n))
      continue;
    selfrefs_at(ls, s, n, i, w);
  }
}

/* ---- lines ----------------------------------------------------------------
 */
typedef struct line {
  size_t a, b; /* trimmed */
} line;

static size_t split_lines(const char *s, size_t n, line *out, size_t max) {
  size_t k = 0, a = 0;
  while (a <= n && k < max) {
    const char *nl = a < n ? memchr(s + a, '\n', n - a) : NULL;
    size_t b = nl ? (size_t)(nl - s) : (a < n ? n : a);
    size_t ta = a, tb = b;
    trim(s, n, &ta, &tb);
    if (tb > ta)
      out[k++] = (line){ta, tb};
    if (b >= n)
      break;
    a = b + 1;
  }
  return k;
}

/* the next non-empty trimmed line at or after *pos; false at the end */
static bool next_line(const char *s, size_t n, size_t *pos, line *out) {
  while (*pos < n) {
    size_t a = *pos;
    const char *nl = memchr(s + a, '\n', n - a);
    size_t b = nl ? (size_t)(nl - s) : n;
    *pos = b < n ? b + 1 : n;
    size_t ta = a, tb = b;
    trim(s, n, &ta, &tb);
    if (tb > ta) {
      *out = (line){ta, tb};
      return true;
    }
  }
  return false;
}

/* ---- candidates -----------------------------------------------------------
 */
#define MAX_CANDS 128
#define NAME_MAX_BYTES 240

typedef struct cand {
  char name[NAME_MAX_BYTES];
  size_t len;
  kind k;
  double score;
  size_t first; /* first mention, normalised bytes */
  int mentions;
  bool gov_compound; /* a compound starting with a municipality's name */
  bool proper; /* a proper name at least once (not 社会福祉協議会) */
} cand;

typedef struct scorer {
  const jiken__structure *st;
  const jiken__doc *doc;
  const char *s;
  size_t n;
  pcre2_match_data *md;
  cand c[MAX_CANDS];
  size_t nc;
  int self[K_COUNT];
  size_t header_end; /* bytes before the body (title area) */
  /* the document index (index_doc): every position where a name literal
   * (legal-entity prefix or entity marker) starts, in order, with the end of
   * the shortest one there.  While indexed, runs and lines without one are
   * skipped (add_run could add nothing there). */
  struct name_hit {
    size_t pos, end;
  } *hits;
  size_t nhits, hits_cap;
  bool indexed;
  size_t svc_first; /* first いつも or 平素 (n: none) when svc_indexed */
  bool svc_indexed;
  /* every いつも and 平素, in order, when svc_all (not more than fit) */
  size_t svc_pos[16], nsvc;
  bool svc_all;
  /* title_re's matches found by title_rank: [a, b) and where group 1 (a
   * trailing date) starts (PCRE2_UNSET: none) */
  struct title_match {
    size_t a, b, date;
  } tm[8];
  size_t ntm;
} scorer;

/* end of the shortest literal of ls at s[q] (ending by n), or 0 if none:
 * lit_hit(ls, s, q, e) >= 0 exactly when that end is <= e */
static size_t lit_min_end(const litset *ls, const char *s, size_t q,
                          size_t n) {
  if (!lit_may(ls, s, q, n))
    return 0;
  uint32_t key = lit_key(s + q, n - q);
  size_t best = 0;
  if (!ls->has_short) {
    for (unsigned k = ls->head[lit_bucket(key)]; k; k = ls->next[k - 1])
      if (ls->key[k - 1] == key && ls->len[k - 1] <= n - q &&
          (!best || ls->len[k - 1] < best) &&
          (ls->len[k - 1] == 3 || /* the key is its three bytes */
           memcmp(s + q + 3, ls->w[k - 1] + 3, ls->len[k - 1] - 3) == 0))
        best = ls->len[k - 1];
  } else {
    for (size_t k = 0; k < ls->n; k++)
      if (ls->len[k] <= n - q && (!best || ls->len[k] < best) &&
          ls->key[k] ==
              (ls->len[k] >= 3 ? key : lit_key(s + q, ls->len[k])) &&
          memcmp(s + q, ls->w[k], ls->len[k]) == 0)
        best = ls->len[k];
  }
  return best ? q + best : 0;
}

/* index_doc at s[i], where some literal may start */
static void index_at(scorer *sc, size_t i, bool *names, bool *svc) {
  const jiken__structure *st = sc->st;
  const char *s = sc->s;
  size_t n = sc->n;
  if (st->sr6) {
    /* the words whose first two characters are here */
    if (n - i >= 6) {
      uint64_t k6 = key6(s + i);
      int32_t c = -2;
      for (unsigned k = st->sr_head[bucket6(k6)]; k; k = st->sr_next[k - 1]) {
        size_t r = k - 1, len = st->selfref_lits.len[r];
        if (st->sr_key[r] != k6 || len > n - i ||
            memcmp(s + i + 6, selfrefs[r].word + 6, len - 6) != 0)
          continue;
        if (c == -2) /* standalone: 熊本市 is a name, not 本市 */
          c = cp_before(s, n, i);
        if (c >= 0 && is_name(c))
          continue;
        sc->self[selfrefs[r].k] += selfrefs[r].weight;
      }
    }
  } else if (st->selfref_lits.ok && lit_may(&st->selfref_lits, s, i, n)) {
    selfrefs_at(&st->selfref_lits, s, n, i, sc->self);
  }
  size_t e = *names ? lit_min_end(&st->name_lits, s, i, n) : 0;
  if (e) {
    if (sc->nhits == sc->hits_cap) {
      size_t cap = sc->hits_cap ? 2 * sc->hits_cap : 256;
      struct name_hit *p = realloc(sc->hits, cap * sizeof *p);
      if (!p) {
        *names = false;
        free(sc->hits);
        sc->hits = NULL;
        sc->nhits = sc->hits_cap = 0;
      } else {
        sc->hits = p;
        sc->hits_cap = cap;
      }
    }
    if (*names)
      sc->hits[sc->nhits++] = (struct name_hit){i, e};
  }
  if (*svc && ((n - i >= strlen("いつも") &&
                memcmp(s + i, "いつも", strlen("いつも")) == 0) ||
               (n - i >= strlen("平素") &&
                memcmp(s + i, "平素", strlen("平素")) == 0))) {
    if (sc->nsvc == 0)
      sc->svc_first = i;
    if (sc->nsvc < sizeof sc->svc_pos / sizeof *sc->svc_pos)
      sc->svc_pos[sc->nsvc++] = i;
    else
      *svc = false; /* too many: match_service searches */
  }
}

/* One pass over the text, one look per character: the self-reference
 * weights (count_selfrefs), the name literals (sc->hits) and the first
 * いつも/平素.  Without memory for the hits, nothing is skipped later. */
static void index_doc(scorer *sc) {
  const jiken__structure *st = sc->st;
  size_t n = sc->n;
  bool names = st->name_lits.ok, svc = true;
  if (!st->selfref_lits.ok)
    count_selfrefs(&st->selfref_lits, sc->s, n, sc->self);
  sc->svc_first = n;
  const unsigned char *u = (const unsigned char *)sc->s;
  const uint64_t *c3 = st->any_c3;
  const bool *first = st->any_first;
  /* the normalised text is valid UTF-8: step by whole characters.  A
   * three-byte character is looked at closer when its last two bytes are
   * those of a literal's first character; no literal starts with a two- or
   * four-byte character (index_at would find nothing there). */
  size_t i = 0, n3 = n > 2 ? n - 2 : 0; /* before n3: three bytes left */
  while (i < n3) {
    unsigned c = u[i];
    if (c >= 0xE0) {
      if (c < 0xF0) {
        if (c3[u[i + 1] & 0x3Fu] >> (u[i + 2] & 0x3Fu) & 1)
          index_at(sc, i, &names, &svc);
        i += 3;
      } else {
        i += 4;
      }
    } else if (c < 0x80) {
      if (first[c])
        index_at(sc, i, &names, &svc);
      i++;
    } else {
      i += 2;
    }
  }
  for (; i < n; i++) /* the last bytes: no three-byte character here */
    if (first[u[i]])
      index_at(sc, i, &names, &svc);
  sc->indexed = names;
  sc->svc_indexed = true;
  sc->svc_all = svc;
}

/* is there a hit starting in [from, to) and ending by to?  *h: a cursor
 * into sc->hits; from must not decrease between calls */
static bool hit_in(const scorer *sc, size_t *h, size_t from, size_t to) {
  while (*h < sc->nhits && sc->hits[*h].pos < from)
    (*h)++;
  for (size_t k = *h; k < sc->nhits && sc->hits[k].pos < to; k++)
    if (sc->hits[k].end <= to)
      return true;
  return false;
}

/* a word boundary at norm byte i: a space, or one the normaliser dropped
 * (東和大学 個人情報 → 東和大学個人情報) */
static bool sep_at(const scorer *sc, size_t i) {
  if (i >= sc->n)
    return true;
  if (is_space(cp_at(sc->s, sc->n, i, NULL)))
    return true;
  const jiken__text *t = &sc->doc->text;
  return i > 0 && t->src_start && t->src_start[i] > t->src_end[i - 1] &&
         t->orig &&
         is_space(cp_at(t->orig, t->orig_len, t->src_end[i - 1], NULL));
}

/* a space between two Latin words of one name: Beta Trading株式会社 */
static bool latin_space(const scorer *sc, size_t i) {
  return i > 0 && i + 1 < sc->n && sc->s[i] == ' ' &&
         is_alnum((unsigned char)sc->s[i - 1]) &&
         is_alnum((unsigned char)sc->s[i + 1]);
}

static cand *cand_get(scorer *sc, const char *name, size_t len, size_t pos) {
  if (len == 0 || len >= NAME_MAX_BYTES)
    return NULL;
  for (size_t i = 0; i < sc->nc; i++)
    if (sc->c[i].len == len && memcmp(sc->c[i].name, name, len) == 0) {
      if (pos < sc->c[i].first)
        sc->c[i].first = pos;
      return &sc->c[i];
    }
  if (sc->nc == MAX_CANDS)
    return NULL;
  cand *c = &sc->c[sc->nc++];
  memset(c, 0, sizeof *c);
  memcpy(c->name, name, len);
  c->name[len] = '\0';
  c->len = len;
  c->k = kind_of_name(name, len);
  c->first = pos;
  return c;
}

/* the first token starting at or after byte pos (tokens are in order) */
static const jiken__token *token_at(const jiken__doc *doc, size_t pos,
                                    size_t *idx) {
  const jiken__token *t = doc->tokens.items;
  size_t lo = 0, hi = doc->tokens.n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (t[mid].start < pos)
      lo = mid + 1;
    else
      hi = mid;
  }
  *idx = lo;
  return lo < doc->tokens.n ? &t[lo] : NULL;
}

/* MeCab agrees the marker is a word of its own (反省 is not 反+省, 来庁
 * not 来+庁), or it ends a proper noun (四日市) */
static bool marker_ok(const scorer *sc, size_t ms, size_t me) {
  size_t idx;
  token_at(sc->doc, ms + 1, &idx);
  if (idx == 0)
    return true;
  const jiken__token *t =
      &((const jiken__token *)sc->doc->tokens.items)[idx - 1];
  if (t->end <= ms || t->start == ms)
    return true;
  if (strcmp(t->pos1, "固有名詞") != 0)
    return false;
  /* 東西大学|病院: the marker 大学病院 ends where a token ends */
  const jiken__token *all = sc->doc->tokens.items;
  for (size_t i = idx - 1; i < sc->doc->tokens.n && all[i].start < me; i++)
    if (all[i].end == me)
      return true;
  return false;
}

/* a proper name, not a generic one (社会福祉協議会, 動物病院): MeCab
 * finds a proper noun in it, or it has katakana or Latin letters */
static bool proper_name(const scorer *sc, size_t a, size_t marker) {
  size_t idx;
  const jiken__token *all = sc->doc->tokens.items;
  token_at(sc->doc, a, &idx);
  for (; idx < sc->doc->tokens.n && all[idx].start < marker; idx++)
    if (strcmp(all[idx].pos1, "固有名詞") == 0)
      return true;
  /* 国立歴史博物館, 公立みどり病院: a public institution's name */
  /* each six bytes: a character, then 立 */
  static const char publics[] = "国立公立県立市立都立府立道立町立村立区立私立";
  if (marker - a > 6 && memcmp(sc->s + a + 3, "立", 3) == 0)
    for (size_t i = 0; i + 6 <= sizeof publics - 1; i += 6)
      if (memcmp(sc->s + a, publics + i, 3) == 0)
        return true;
  /* コールセンター, お客様センター: katakana is not enough for センター */
  if (has_prefix(sc->s + marker, sc->n - marker, "センター"))
    return false;
  for (size_t i = a; i < marker;) {
    size_t l;
    int32_t c = cp_at(sc->s, sc->n, i, &l);
    if (is_kata(c) || is_alnum(c) || is_hira(c))
      return true;
    i += l;
  }
  return false;
}

static bool is_selfref(const jiken__structure *st, const char *s, size_t n) {
  if (!n || (st->selfref_lits.ok && lit_hit(&st->selfref_lits, s, 0, n) < 0))
    return false;
  for (size_t r = 0; r < sizeof selfrefs / sizeof *selfrefs; r++)
    if ((st->selfref_lits.ok ? st->selfref_lits.len[r]
                             : strlen(selfrefs[r].word)) == n &&
        memcmp(selfrefs[r].word, s, n) == 0)
      return true;
  return false;
}

/* Move a name's start past what MeCab says is not part of a name: numbers
 * and counters (令和5年度…), prefixes and demonstratives (本, 当, 同, 当該). */
static size_t trim_left_tokens(const scorer *sc, size_t a, size_t b) {
  /* one-character stop words, then two-character ones */
  static const char stop1[] = "本当同各全旧元弊貴両他別";
  static const char stop2[] = "当該上記下記前記今回本件同社同院令和平成昭和"
                              "年度午前午後現在";
  size_t idx;
  const jiken__token *t = token_at(sc->doc, a, &idx);
  const jiken__token *all = sc->doc->tokens.items;
  while (t && t->start == a && t->end < b) {
    /* the surface is the text's bytes [start, end) */
    const char *sf = sc->s + t->start;
    size_t sl = t->end - t->start;
    bool skip =
        (t->pos1_len == 3 && memcmp(t->pos1, "数", 3) == 0) ||
        (t->pos_len == 6 && memcmp(t->pos, "名詞", 6) == 0 &&
         t->pos1_len == 6 && memcmp(t->pos1, "接尾", 6) == 0 &&
         !kind_of_name(sf, sl)) ||
        (t->pos_len == 6 && memcmp(t->pos, "記号", 6) == 0);
    if (!skip && (sl == 3 || sl == 6)) {
      const char *w = sl == 3 ? stop1 : stop2;
      size_t wn = sl == 3 ? sizeof stop1 - 1 : sizeof stop2 - 1;
      for (size_t i = 0; !skip && i < wn; i += sl)
        skip = sf[0] == w[i] && memcmp(sf, w + i, sl) == 0;
    }
    if (!skip)
      skip = is_selfref(sc->st, sf, sl);
    if (skip && idx + 1 < sc->doc->tokens.n && all[idx + 1].end < b &&
        all[idx + 1].start == t->end) {
      /* 当|院 split by MeCab: skip both (the two surfaces are the text's
       * bytes [t->start, next end); at most 63 bytes were looked at) */
      size_t k = all[idx + 1].end - t->start;
      if (k < 64 && is_selfref(sc->st, sf, k)) {
        a = all[idx + 1].end;
        idx += 2;
        t = idx < sc->doc->tokens.n ? &all[idx] : NULL;
        continue;
      }
    }
    if (!skip)
      break;
    a = t->end;
    idx++;
    t = idx < sc->doc->tokens.n ? &all[idx] : NULL;
  }
  /* digits MeCab left glued: skip ASCII digits and 年/月/日 after them */
  size_t l;
  while (a < b && is_alnum(cp_at(sc->s, sc->n, a, &l)) && sc->s[a] >= '0' &&
         sc->s[a] <= '9') {
    a += l;
    while (a < b) {
      int32_t c = cp_at(sc->s, sc->n, a, &l);
      if (c == 0x5E74 || c == 0x6708 || c == 0x65E5 ||
          c == 0x5EA6) /* 年月日度 */
        a += l;
      else
        break;
    }
  }
  return a;
}

/* false when recipient_re cannot match anchored at b (subject end lb): a
 * match ends in に/へ[もは]?(報|届|相談|連絡|通報|提出) or
 * から(の)?(受託|委託|依頼|受注|請け負) starting at most 4 + 24 characters
 * (12 + 96 bytes) after b; its ^ branch needs b == 0 */
static bool recipient_may(const char *s, size_t b, size_t lb) {
  static const char *const after_ni[] = {"報", "届", "相談", "連絡", "通報",
                                         "提出"};
  static const char *const after_kara[] = {"受託", "委託", "依頼", "受注",
                                           "請け負"};
  if (b == 0)
    return true;
  size_t lim = lb - b > 120 ? b + 120 : lb;
  for (size_t t = b; t + 6 <= lim; t++) {
    if ((unsigned char)s[t] != 0xE3 || (unsigned char)s[t + 1] != 0x81)
      continue;
    const char *const *w;
    size_t nw, u;
    if (has_prefix(s + t, lb - t, "に") || has_prefix(s + t, lb - t, "へ")) {
      u = t + strlen("に");
      if (has_prefix(s + u, lb - u, "も") || has_prefix(s + u, lb - u, "は"))
        u += strlen("も");
      w = after_ni;
      nw = sizeof after_ni / sizeof *after_ni;
    } else if (has_prefix(s + t, lb - t, "から")) {
      u = t + strlen("から");
      if (has_prefix(s + u, lb - u, "の"))
        u += strlen("の");
      w = after_kara;
      nw = sizeof after_kara / sizeof *after_kara;
    } else {
      continue;
    }
    for (size_t i = 0; i < nw; i++)
      if (has_prefix(s + u, lb - u, w[i]))
        return true;
  }
  return false;
}

/* false when contractor_re cannot match in [from, a) (subject end a): a
 * match is one of its words, ending at most 14 characters (56 bytes) before
 * a; each word is at most 12 bytes */
static bool contractor_may(const jiken__structure *st, const char *s,
                           size_t from, size_t a) {
  const litset *ls = &st->contractor_lits;
  if (!ls->ok)
    return true;
  size_t q = a - from > 56 + 12 ? a - 56 - 12 : from;
  for (; q < a; q++)
    if (lit_may(ls, s, q, a) && lit_hit(ls, s, q, a) >= 0)
      return true;
  return false;
}

/* does contractor_re match in [from, a)?  By hand when its words are
 * known (contractor_lits, pure literals): a word at q in [from, a), then
 * at most 14 characters but 。 and 、 up to $ (the end a, or a final
 * newline at a - 1) */
static bool contractor_in(const jiken__structure *st, pcre2_match_data *md,
                          const char *s, size_t from, size_t a) {
  const litset *ls = &st->contractor_lits;
  if (!ls->ok || !ls->pure || ls->has_short)
    return match_at(st->contractor_re, s, from, a, md, 0, NULL, NULL);
  /* the characters before a that are neither 。 nor 、: [z, a) */
  size_t z = a, chars = 0;
  while (z > from && chars < 16) {
    size_t p = z - 1;
    while (p > from && ((unsigned char)s[p] & 0xC0) == 0x80)
      p--;
    if ((a - p >= 3 && (memcmp(s + p, "。", 3) == 0 ||
                        memcmp(s + p, "、", 3) == 0)))
      break;
    z = p;
    chars++;
  }
  bool nl = a > from && s[a - 1] == '\n';
  /* a word must end at or after z, with at most 14 characters after it
   * (15 when the last is the final newline) */
  size_t wmax = 0; /* the longest word */
  for (size_t r = 0; r < ls->n; r++)
    if (ls->len[r] > wmax)
      wmax = ls->len[r];
  size_t lo = z > from + wmax ? z - wmax : from;
  while (lo > from && ((unsigned char)s[lo] & 0xC0) == 0x80)
    lo--;
  for (size_t q = lo; q < a; q++) {
    if (!lit_may(ls, s, q, a))
      continue;
    uint32_t key = lit_key(s + q, a - q);
    for (unsigned h = ls->head[lit_bucket(key)]; h; h = ls->next[h - 1]) {
      size_t r = h - 1, l = ls->len[r];
      if (ls->key[r] != key || l > a - q || memcmp(s + q, ls->w[r], l) != 0)
        continue;
      size_t e = q + l;
      if (e < z)
        continue; /* a 。 or 、 after it */
      size_t k = 0; /* characters in [e, a) */
      for (size_t i = e; i < a && k <= 15; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
      if (k <= 14 || (nl && k == 15))
        return true;
    }
  }
  return false;
}

/* Score one mention [a, b) of a candidate in its context. */
static double mention_score(scorer *sc, size_t a, size_t b, size_t la,
                            size_t lb, bool whole_run, bool owner) {
  const char *s = sc->s;
  double w = 1.0;
  /* (以下「当社」) / (以下、「QST」) right after: the issuer naming itself */
  const char *after = s + b;
  size_t an = lb - b;
  if (has_prefix(after, an, "(以下「当") ||
      has_prefix(after, an, "(以下、「当") ||
      has_prefix(after, an, "(以下「本") ||
      has_prefix(after, an, "(以下、「本") ||
      has_prefix(after, an, "(以下「弊") ||
      has_prefix(after, an, "(以下、「弊") ||
      has_prefix(after, an, "(取締役") || has_prefix(after, an, "(代表"))
    w += 5;
  else if (has_prefix(after, an, "(以下")) {
    /* (以下「アルファ社」): the notice's own body calls itself 当社 */
    size_t q = 0;
    while (q < an && q < 60 && after[q] != ')')
      q++;
    w += contains(after, q, "社」") ? -3 : 1;
  }
  /* an authority the notice reports to (香川県、高松市及び…にも報告) */
  if (recipient_may(s, b, lb) &&
      match_at(sc->st->recipient_re, s, b, lb, sc->md, PCRE2_ANCHORED, NULL,
               NULL))
    w -= 3;
  if (whole_run &&
      (has_prefix(after, an, "は") || has_prefix(after, an, "では") ||
       has_prefix(after, an, "において") || has_prefix(after, an, "における") ||
       has_prefix(after, an, "で発生") || has_prefix(after, an, "で起き") ||
       has_prefix(after, an, "におきまして") || has_prefix(after, an, "にて")))
    w += 1.5;
  else if (whole_run && has_prefix(after, an, "が"))
    w += 0.5;
  if (b <= sc->header_end)
    w += 2;
  /* the municipality owning a named body is not that body's contractor */
  if (owner)
    return w;
  /* contractor context before it in the same sentence */
  size_t from = a > la + 90 ? a - 90 : la;
  while (from > la && ((unsigned char)s[from] & 0xC0) == 0x80)
    from++;
  if (contractor_may(sc->st, s, from, a) &&
      contractor_in(sc->st, sc->md, s, from, a))
    w -= 4;
  if (has_prefix(after, an, "(本社") || has_prefix(after, an, "(以下「受託") ||
      has_prefix(after, an, "(以下、「受託") ||
      has_prefix(after, an, "(以下「委託") ||
      has_prefix(after, an, "(以下、「委託") ||
      has_prefix(after, an, "(以下「再委託") ||
      has_prefix(after, an, "(以下、「再委託"))
    w -= 4;
  /* inside 「…」 or 『…』: a product, event or document name */
  int open = 0;
  for (size_t i = la; i < a;) {
    size_t l;
    int32_t c = cp_at(s, sc->n, i, &l);
    if (c == 0x300C || c == 0x300E)
      open++;
    else if ((c == 0x300D || c == 0x300F) && open > 0)
      open--;
    i += l;
  }
  if (open > 0 && !kind_is_gov(kind_of_name(s + a, b - a)))
    w -= 2;
  return w;
}

/* a signature line: [label:] NAME [長] [ role/department/person ] */
static bool signature_line(const scorer *sc, size_t a, size_t b, size_t la,
                           size_t lb) {
  const char *s = sc->s;
  if (lb - la > 160 || has_kuten(s + la, lb - la))
    return false;
  if (a > la) {
    /* only a neutral label may precede */
    size_t k = a - la;
    static const char *const labels[] = {
        "発生源:", "発表:",   "発表者:", "公表者:", "発信者:",
        "発信元:", "団体名:", "法人名:", "会社名:", "名称:"};
    bool ok = false;
    for (size_t i = 0; !ok && i < sizeof labels / sizeof *labels; i++)
      ok = k == strlen(labels[i]) && memcmp(s + la, labels[i], k) == 0;
    if (!ok)
      return false;
  }
  size_t i = b;
  if (has_prefix(s + i, lb - i, "長"))
    i += strlen("長");
  if (i == lb)
    return true;
  if (!sep_at(sc, i))
    return false;
  return lb - i <= 60 && !contains(s + i, lb - i, "、");
}

/* does normalised text [s, s + n) (from a character on) hold 〒, 所在地 or
 * 住所?  One pass by characters */
static bool addr_word(const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  for (size_t i = 0; i + 3 <= n;) {
    unsigned c = u[i];
    if (c == 0xE3 && memcmp(s + i, "〒", 3) == 0)
      return true;
    if (c == 0xE6 && i + 9 <= n && memcmp(s + i, "所在地", 9) == 0)
      return true;
    if (c == 0xE4 && i + 6 <= n && memcmp(s + i, "住所", 6) == 0)
      return true;
    i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  }
  return false;
}

/* Add the candidates of one run of name characters [ra, rb). */
static void add_run(scorer *sc, size_t ra, size_t rb, size_t la, size_t lb,
                    bool heading_line) {
  const char *s = sc->s;
  /* A name needs a legal-entity prefix or an entity marker.  The name's
   * start a (below) lies in [ra - 18, rb) (hiragana taken in front) and
   * both regexes need one of their literals there: without any, nothing
   * below can add a candidate, so skip the work. */
  const litset *nl = &sc->st->name_lits;
  if (nl->ok && !sc->indexed) { /* else scan_candidates asked hit_in */
    size_t q = ra >= la + 18 ? ra - 18 : la;
    for (; q < rb; q++)
      if (lit_may(nl, s, q, rb) && lit_hit(nl, s, q, rb) >= 0)
        break;
    if (q >= rb)
      return;
  }
  size_t a = trim_left_tokens(sc, ra, rb);
  if (a >= rb)
    return;
  /* hiragana just before the run, itself after a boundary: さいたま赤十字病院
   */
  size_t h = ra;
  while (h > la && is_hira(cp_before(s, sc->n, h)))
    h = prev_i(s, h);
  if (h < ra && a == ra && ra - h <= 18 && ra - h >= 6) {
    int32_t c = cp_before(s, sc->n, h);
    static const char *const stop[] = {"なお",   "また", "さらに", "ただし",
                                       "その",   "この", "および", "ならびに",
                                       "または", "これ", "それ",   "こと"};
    bool ok = c < 0 || !(is_name(c) || is_hira(c));
    /* ending in a particle: すぐに病院 is no name */
    int32_t last = cp_before(s, sc->n, ra);
    static const char particles[] = "にをはがでのともへやらりるたてしく";
    for (size_t i = 0; ok && h > la && i < sizeof particles - 1;) {
      size_t l;
      int32_t pc = cp_at(particles, sizeof particles - 1, i, &l);
      ok = pc != last;
      i += l;
    }
    for (size_t i = 0; ok && i < sizeof stop / sizeof *stop; i++)
      ok = !has_prefix(s + h, ra - h, stop[i]);
    if (ok)
      a = h;
  }
  /* a label glued on by the normaliser: 会社名 株式会社X → 会社名株式会社X */
#define W(w) {w, sizeof w - 1}
  static const struct {
    const char *w;
    size_t len;
  } labels[] = {W("会社名"), W("社名"),   W("法人名"), W("団体名"),
                W("名称"),   W("発信者"), W("発表者"), W("発信元")};
#undef W
  for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
    if (rb - a > labels[i].len + 6 && s[a] == labels[i].w[0] &&
        memcmp(s + a, labels[i].w, labels[i].len) == 0) {
      a += labels[i].len;
      break;
    }
  size_t ms, me, end = 0;
  /* 株式会社みらい精機: a bare prefix takes the hiragana and kanji after it,
   * up to a particle, a space or punctuation */
  if (match_lit(&sc->st->prefix_lits, sc->st->prefix_re, s, a, rb, sc->md, PCRE2_ANCHORED, &ms, &me) &&
      me == rb) {
    static const char particles[] = "はがをにでへものとや";
    size_t e = rb, l;
    while (e < lb && is_space(cp_at(s, sc->n, e, &l))) /* 株式会社 ABC */
      e += l;
    size_t e0 = e;
    while (e < lb && (e == e0 || !sep_at(sc, e) || latin_space(sc, e))) {
      int32_t c = cp_at(s, sc->n, e, &l);
      if (c == ' ') {
        e += l;
        continue;
      }
      if (!is_name(c) && !is_hira(c))
        break;
      if (is_hira(c) && e > e0) {
        bool particle = false;
        for (size_t i = 0; !particle && i < sizeof particles - 1;) {
          size_t pl;
          particle = cp_at(particles, sizeof particles - 1, i, &pl) == c;
          i += pl;
        }
        if (particle)
          break;
      }
      e += l;
    }
    rb = e;
  }
  /* legal-entity prefix: the whole run is the name */
  bool prefixed = false;
  size_t body = a; /* where the name proper starts, after 社会福祉法人 */
  if (match_lit(&sc->st->prefix_lits, sc->st->prefix_re, s, a, rb, sc->md, PCRE2_ANCHORED, &ms, &me) &&
      me < rb) {
    prefixed = true;
    end = rb;
    body = me;
    /* 医療法人3者: a number ends the name */
    size_t idx;
    const jiken__token *all = sc->doc->tokens.items;
    token_at(sc->doc, me, &idx);
    for (; idx < sc->doc->tokens.n && all[idx].start < rb; idx++)
      if (strcmp(all[idx].pos1, "数") == 0) {
        end = all[idx].start;
        break;
      }
    if (end <= me)
      return;
  }
  /* all entity markers inside the run */
  size_t ends[16], mstart[16], ne = 0;
  for (size_t p = a; p < rb && ne < 16;) {
    if (!match_lit(&sc->st->suffix_lits, sc->st->suffix_re, s, p, rb, sc->md, 0, &ms, &me))
      break;
    if (me > rb)
      break;
    if (ms > a && marker_ok(sc, ms, me)) { /* a name before the marker */
      mstart[ne] = ms;
      ends[ne++] = me;
    }
    p = me > ms ? me : ms + 1;
  }
  size_t marker = end;
  if (!prefixed && ne) {
    end = ends[ne - 1];
    marker = mstart[ne - 1];
  }
  if (!end)
    return;
  size_t na = a, nb = end;
  /* prefectures come from the list only */
  kind k = kind_of_name(s + na, nb - na);
  if (!prefixed && k == K_PREF) {
    size_t pk = pref_ending(s, na, nb);
    if (!pk)
      return;
    na = nb - pk;
  }
  /* 香川県丸亀市: the municipality is the name */
  size_t pk = pref_starting(s, na, nb);
  if (!prefixed && pk && pk < nb - na &&
      (k == K_CITY || k == K_TOWN || k == K_VILLAGE || k == K_WARD)) {
    double w = mention_score(sc, na, na + pk, la, lb, false, true);
    cand *g = cand_get(sc, s + na, pk, na);
    if (g) {
      g->proper = true;
      g->score += w * 0.5;
      g->mentions++;
    }
    na += pk;
  }
  if (nb - na < 6 || is_selfref(sc->st, s + na, nb - na)) /* 本市 is no name */
    return;
  bool whole = nb == rb;
  double w = mention_score(sc, na, nb, la, lb, whole, false);
  if (signature_line(sc, na, nb, la, lb))
    w += 5;
  if (heading_line)
    w += 1;
  bool proper = prefixed || proper_name(sc, na, marker);
  if (!proper)
    w -= 3;
  /* an address: 東京都渋谷区道玄坂1-2-3, 〒100-0001 */
  if (kind_is_gov(kind_of_name(s + na, nb - na))) {
    bool addr = addr_word(s + la, na - la);
    for (size_t i = nb; !addr && i < rb; i++)
      addr = s[i] >= '0' && s[i] <= '9';
    if (addr)
      w -= 3;
  }
  cand *c = cand_get(sc, s + na, nb - na, na);
  if (!c)
    return;
  c->proper |= proper;
  c->score += w;
  c->mentions++;
  /* a municipality or prefecture naming a compound body: also a candidate */
  if (kind_is_gov(c->k))
    return;
  if (body < na)
    body = na;
  for (size_t i = 0; i < ne; i++) {
    size_t gb = ends[i];
    if (gb >= nb || gb <= body)
      continue;
    kind gk = kind_of_name(s + body, gb - body);
    size_t ga = body, q;
    if (gk == K_PREF) {
      if (!(q = pref_ending(s, body, gb)))
        continue;
      ga = gb - q;
    } else if (gk != K_CITY && gk != K_TOWN && gk != K_VILLAGE &&
               gk != K_WARD) {
      continue;
    } else if ((q = pref_starting(s, body, gb)) && q < gb - body) {
      ga = body + q; /* 香川県丸亀市 */
    }
    if (gb - ga < 6)
      continue;
    c->gov_compound = true;
    double gw = mention_score(sc, ga, gb, la, lb, false, true);
    cand *g = cand_get(sc, s + ga, gb - ga, ga);
    if (g) {
      g->proper |= gk == K_PREF || proper_name(sc, ga, gb - strlen("市"));
      g->score += gw;
      g->mentions++;
    }
    break;
  }
}

/* a character no run goes through (see scan_candidates) */
static bool run_stop(const scorer *sc, size_t i) {
  return !is_name(cp_at(sc->s, sc->n, i, NULL)) && !latin_space(sc, i);
}

static void scan_candidates(scorer *sc, size_t from, size_t to) {
  const char *s = sc->s;
  size_t pos = from, h = 0, nojump = (size_t)-1;
  line ln;
  for (;;) {
    if (sc->indexed) { /* straight to the line of the next name literal */
      while (h < sc->nhits && sc->hits[h].pos < pos)
        h++;
      if (h == sc->nhits || sc->hits[h].pos >= to)
        break;
      size_t q = sc->hits[h].pos;
      const char *nl = memrchr(s + pos, '\n', q - pos);
      if (nl)
        pos = (size_t)(nl - s) + 1;
    }
    if (!next_line(s, to, &pos, &ln))
      break;
    size_t la = ln.a, lb = ln.b;
    bool heading = lb <= sc->header_end;
    for (size_t i = la; i < lb;) {
      size_t l;
      int32_t c = cp_at(s, sc->n, i, &l);
      if (!is_name(c)) {
        i += l;
        continue;
      }
      if (sc->indexed) {
        /* a run from here on needs a literal starting at or after its
         * start - 18 (add_run) and before the line's end */
        size_t lo = i >= la + 18 ? i - 18 : la;
        while (h < sc->nhits && sc->hits[h].pos < lo)
          h++;
        if (h == sc->nhits || sc->hits[h].pos >= lb)
          break;
        /* runs ending by that literal's start need none of this: resume at
         * the last character before it that ends every run */
        size_t q = sc->hits[h].pos;
        if (q > i && q != nojump) {
          size_t p = prev_i(s, q);
          while (p > i && !run_stop(sc, p))
            p = prev_i(s, p);
          if (p > i) {
            i = p;
            continue;
          }
          nojump = q;
        }
      }
      size_t ra = i, chars = 0;
      while (i < lb &&
             (is_name(cp_at(s, sc->n, i, &l)) || latin_space(sc, i))) {
        /* a dropped space ends the run unless it is PDF letter-spacing
         * (個 人 情 報): a word of 3+ characters before, 2+ after */
        if (i > ra && chars >= 3 && sep_at(sc, i)) {
          size_t j = i, k = 0, l2;
          while (j < lb && k < 2 && is_name(cp_at(s, sc->n, j, &l2)) &&
                 (j == i || !sep_at(sc, j))) {
            j += l2;
            k++;
          }
          if (k >= 2)
            break;
        }
        i += l;
        chars++;
      }
      if (!sc->indexed || hit_in(sc, &h, ra >= la + 18 ? ra - 18 : la, i))
        add_run(sc, ra, i, la, lb, heading);
    }
  }
}

/* Two-part signatures: 独立行政法人地域医療機構 / 東山医療センター on
 * consecutive lines, or 公益社団法人有隣厚生会 富士病院 on one line. */
/* one line [la, lb) of join_signatures; nxt: the next line (NULL: none) */
static void join_line(scorer *sc, size_t la, size_t lb, const line *nxt,
                      cand **best, double *best_score) {
  const char *s = sc->s;
  size_t ms, me;
  if (!match_lit(&sc->st->prefix_lits, sc->st->prefix_re, s, la, lb, sc->md, PCRE2_ANCHORED, &ms,
                &me))
    return;
  /* the first part: up to a space or the end of the line */
  size_t p = la, l;
  while (p < lb && is_name(cp_at(s, sc->n, p, &l)) &&
         (p == la || p <= me || !sep_at(sc, p)))
    p += l;
  if (p == me)
    return;
  size_t qa, qb;
  if (p == lb) {
    if (!nxt)
      return;
    qa = nxt->a;
    qb = nxt->b;
  } else {
    if (!sep_at(sc, p))
      return;
    qa = p;
    qb = lb;
    trim(s, sc->n, &qa, &qb);
  }
  /* the second part: a name ending in a marker, alone on its line */
  size_t q = qa;
  while (q < qb && is_name(cp_at(s, sc->n, q, &l)))
    q += l;
  if (q != qb || q == qa || !kind_of_name(s + qa, q - qa))
    return;
  char buf[NAME_MAX_BYTES];
  size_t n1 = p - la, n2 = q - qa;
  if (n1 + n2 + 2 > sizeof buf)
    return;
  memcpy(buf, s + la, n1);
  buf[n1] = ' ';
  memcpy(buf + n1 + 1, s + qa, n2);
  cand *c = cand_get(sc, buf, n1 + 1 + n2, la);
  if (!c)
    return;
  c->k = kind_of_name(s + qa, n2);
  /* it outranks either part on its own */
  double base = 0;
  for (size_t i = 0; i < sc->nc; i++) {
    cand *o = &sc->c[i];
    if ((o->len == n1 && memcmp(o->name, s + la, n1) == 0) ||
        (o->len == n2 && memcmp(o->name, s + qa, n2) == 0))
      if (o->score > base)
        base = o->score;
  }
  c->score = base + 1;
  if (!*best || c->score > *best_score) {
    *best = c;
    *best_score = c->score;
  }
}

static void join_signatures(scorer *sc, cand **best, double *best_score) {
  const char *s = sc->s;
  line cur, nxt;
  if (sc->indexed) {
    /* a line starting with a legal-entity prefix starts with a name
     * literal: look only at the lines starting at a hit */
    size_t ls = 0; /* start of the line of the previous hit */
    for (size_t h = 0; h < sc->nhits; h++) {
      size_t q = sc->hits[h].pos;
      const char *nl = memrchr(s + ls, '\n', q - ls);
      if (nl)
        ls = (size_t)(nl - s) + 1;
      size_t a = ls, l; /* only spaces before q on its line? */
      while (a < q && is_space(cp_at(s, sc->n, a, &l)))
        a += l;
      size_t pos = ls;
      if (a != q || !next_line(s, sc->n, &pos, &cur) || cur.a != q)
        continue;
      bool more = next_line(s, sc->n, &pos, &nxt);
      join_line(sc, cur.a, cur.b, more ? &nxt : NULL, best, best_score);
    }
    return;
  }
  size_t pos = 0;
  bool have = next_line(s, sc->n, &pos, &cur);
  while (have) {
    bool more = next_line(s, sc->n, &pos, &nxt);
    size_t la = cur.a, lb = cur.b;
    cur = nxt;
    have = more;
    join_line(sc, la, lb, more ? &cur : NULL, best, best_score);
  }
}

/* いつもXをご利用くださり: a service name with Latin or katakana letters */
/* service_re from p: a match starts at いつも or 平素 (平素より/平素は),
 * so the regex runs anchored at each of them in turn (the first anchored
 * match is the match an unanchored search would find) */
static size_t find_from(const char *s, size_t n, size_t p, const char *w,
                        size_t wl) {
  const char *x = p < n ? memmem(s + p, n - p, w, wl) : NULL;
  return x ? (size_t)(x - s) : n;
}

static bool match_service(scorer *sc, size_t p) {
  const char *s = sc->s;
  size_t n = sc->n;
  size_t x = 0, y = 0; /* next いつも, 平素 at or after cur (when known) */
  bool xk = false, yk = false;
  size_t cur = p, q;
  if (sc->svc_indexed && sc->svc_all) { /* all of them, from index_doc */
    for (size_t k = 0; k < sc->nsvc; k++)
      if (sc->svc_pos[k] >= p &&
          match_at(sc->st->service_re, s, sc->svc_pos[k], n, sc->md,
                   PCRE2_ANCHORED | PCRE2_NO_UTF_CHECK, NULL, NULL))
        return true;
    return false;
  }
  if (p == 0 && sc->svc_indexed) /* the first of them, from index_doc */
    q = sc->svc_first;
  else
    q = n + 1; /* look below */
  for (;;) {
    if (q > n) {
      if (!xk || x < cur) {
        x = find_from(s, n, cur, "いつも", strlen("いつも"));
        xk = true;
      }
      if (!yk || y < cur) {
        y = find_from(s, n, cur, "平素", strlen("平素"));
        yk = true;
      }
      q = x < y ? x : y;
    }
    if (q >= n)
      return false;
    if (match_at(sc->st->service_re, s, q, n, sc->md,
                 PCRE2_ANCHORED | PCRE2_NO_UTF_CHECK, NULL, NULL))
      return true;
    cur = q + 1;
    q = n + 1;
  }
}

static void add_services(scorer *sc) {
  size_t p = 0;
  while (p < sc->n &&
         match_service(sc, p)) {
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sc->md);
    size_t a = ov[2], b = ov[3];
    p = ov[1] > p ? ov[1] : p + 1;
    bool letters = false;
    for (size_t i = a; i < b;) {
      size_t l;
      int32_t c = cp_at(sc->s, sc->n, i, &l);
      if (is_kata(c) || (is_alnum(c) && !(c >= '0' && c <= '9')))
        letters = true;
      i += l;
    }
    if (!letters || b - a >= NAME_MAX_BYTES)
      continue;
    int32_t c0 = cp_at(sc->s, sc->n, a, NULL);
    if (c0 == 0x5F53 || c0 == 0x5F0A || c0 == 0x672C) /* 当 弊 本 */
      continue;
    cand *c = cand_get(sc, sc->s + a, b - a, a);
    if (c) {
      c->score += 3;
      c->mentions++;
    }
  }
}

/* ---- title and heading ----------------------------------------------------
 */

/* end of the heading area: the first body sentence (a line with 。).
 * lines (room for 16) gets the heading area's lines, *nlines of them:
 * what split_lines would find before the end returned */
static size_t find_header_end(const char *s, size_t n, line *lines,
                              size_t *nlines) {
  /* only the first 16 lines are looked at */
  size_t nl = split_lines(s, n, lines, 16);
  *nlines = nl;
  for (size_t i = 0; i < nl; i++) {
    if (lines[i].b - lines[i].a > 45 &&
        has_kuten(s + lines[i].a, lines[i].b - lines[i].a)) {
      *nlines = i;
      return lines[i].a;
    }
  }
  return nl ? lines[nl - 1].b : 0;
}

/* [*a, *b) is a digest heading 【…#…】 / 【…事件簿…】: strip it */
static bool digest_label(const char *s, size_t a, size_t b, size_t *rest) {
  if (!has_prefix(s + a, b - a, "【"))
    return false;
  size_t i = a + strlen("【");
  while (i < b && !has_prefix(s + i, b - i, "】"))
    i++;
  if (i >= b)
    return false;
  bool tag = false;
  for (size_t k = a; k < i; k++)
    if (s[k] == '#')
      tag = true;
  if (contains(s + a, i - a, "＃") || contains(s + a, i - a, "事件簿"))
    tag = true;
  *rest = i + strlen("】");
  return tag;
}

/* false when title_re cannot match in [a, b): before its closing \s*$ a
 * match ends in the last character of a title word (お知らせ お詫び おわび
 * ご報告 報告 について に関して の件 ご案内 注意喚起 お願い 事案 発生
 * のご連絡), a closing bracket, or a date (a digit, 日).  Only a last
 * character that is surely none of these nor white space rejects. */
static bool title_tail_may(const char *s, size_t a, size_t b) {
  const unsigned char *u = (const unsigned char *)s;
  while (b > a && (u[b - 1] == ' ' || (u[b - 1] >= '\t' && u[b - 1] <= '\r')))
    b--;
  if (b == a)
    return false;
  unsigned c = u[b - 1];
  if (c < 0x80)
    return (c >= '0' && c <= '9') || c == ')';
  if (b - a < 3 || u[b - 3] < 0xE3 || u[b - 3] > 0xE9)
    return true; /* not a common three-byte character: let the regex say */
  switch ((uint32_t)u[b - 3] << 16 | (uint32_t)u[b - 2] << 8 | c) {
  case 0xE3819B: /* せ */
  case 0xE381B3: /* び */
  case 0xE5918A: /* 告 */
  case 0xE381A6: /* て */
  case 0xE4BBB6: /* 件 */
  case 0xE58685: /* 内 */
  case 0xE8B5B7: /* 起 */
  case 0xE38184: /* い */
  case 0xE6A188: /* 案 */
  case 0xE7949F: /* 生 */
  case 0xE7B5A1: /* 絡 */
  case 0xE38091: /* 】 */
  case 0xE697A5: /* 日 */
  case 0xE38080: /* ideographic space */
    return true;
  default:
    return false;
  }
}

/* 2: ends like a notice's title (お知らせ, お詫び, ご報告, について …);
 * 1: weakly (の件, 事案, 報告 …); 0: not a title */
static int title_rank(scorer *sc, size_t a, size_t b) {
  if (b - a < 18 || b - a > 300 || has_kuten(sc->s + a, b - a))
    return 0;
  size_t ms;
  if (!title_tail_may(sc->s, a, b) ||
      !match_at(sc->st->title_re, sc->s, a, b, sc->md, PCRE2_NO_UTF_CHECK, &ms,
                NULL))
    return 0;
  if (sc->ntm < sizeof sc->tm / sizeof *sc->tm) {
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sc->md);
    sc->tm[sc->ntm++] = (struct title_match){
        a, b, pcre2_get_ovector_count(sc->md) > 1 ? ov[2] : PCRE2_UNSET};
  }
  static const char *const strong[] = {"お知らせ", "お詫び",   "おわび",
                                       "ご報告",   "について", "に関して",
                                       "ご案内",   "お願い"};
  for (size_t i = 0; i < sizeof strong / sizeof *strong; i++)
    if (has_prefix(sc->s + ms, b - ms, strong[i]))
      return 2;
  return 1;
}

static bool title_like(scorer *sc, size_t a, size_t b) {
  return title_rank(sc, a, b) > 0;
}

/* Find the title; in "ORG TITLE" headings score ORG; the title goes to ta, tb.
 */
static bool find_title(scorer *sc, const line *lines, size_t nl, size_t *ta,
                       size_t *tb) {
  const char *s = sc->s;
  /* a line ending like a title proper wins over a weaker one above it */
  int need = 1, rank[24];
  size_t ranked = 0; /* rank[i] for i < ranked */
  for (size_t i = 0; i < nl && i < 24; i++) {
    size_t a = lines[i].a, b = lines[i].b;
    rank[ranked++] = title_rank(sc, a, b);
    if (rank[i] == 2) {
      need = 2;
      break;
    }
  }
  for (size_t i = 0; i < nl; i++) {
    size_t a = lines[i].a, b = lines[i].b, rest;
    bool digest = digest_label(s, a, b, &rest);
    if (!digest && has_prefix(s + a, b - a, "【")) {
      size_t k = a;
      while (k < b && !has_prefix(s + k, b - k, "】"))
        k++;
      if (k < b)
        rest = k + strlen("】");
      else
        rest = a;
    } else if (!digest) {
      rest = a;
    }
    /* breadcrumbs: ホーム > お知らせ > タイトル */
    for (size_t k = rest; k < b; k++)
      if (s[k] == '>')
        rest = k + 1;
    size_t l;
    while (rest < b && is_space(cp_at(s, sc->n, rest, &l)))
      rest += l;
    if (rest >= b)
      continue;
    if (!digest &&
        (rest == a && i < ranked ? rank[i] : title_rank(sc, rest, b)) < need)
      continue;
    /* ORG<space>TITLE */
    size_t sp = rest;
    do
      sp += sp < b ? (cp_at(s, sc->n, sp, &l), l) : 0;
    while (sp < b && !sep_at(sc, sp));
    size_t pms, pme; /* 株式会社 ベータ商事 タイトル: the prefix is not all */
    if (sp < b &&
        match_lit(&sc->st->prefix_lits, sc->st->prefix_re, s, rest, sp, sc->md, PCRE2_ANCHORED, &pms,
                 &pme) &&
        pme == sp) {
      while (sp < b && is_space(cp_at(s, sc->n, sp, &l)))
        sp += l;
      do
        sp += sp < b ? (cp_at(s, sc->n, sp, &l), l) : 0;
      while (sp < b && !sep_at(sc, sp));
    }
    if (sp < b) {
      size_t t2 = sp;
      while (t2 < b && is_space(cp_at(s, sc->n, t2, &l)))
        t2 += l;
      bool hira = false;
      for (size_t k = rest; k < sp; k += l)
        if (is_hira(cp_at(s, sc->n, k, &l)))
          hira = true;
      /* a digest heading names the issuer first (ミライソフト, 山梨県); on
       * other title lines only a name with an entity marker counts
       * (不正アクセス 被害に関するお知らせ names nobody) */
      bool org_like = kind_of_name(s + rest, sp - rest) ||
                      (digest && !hira && sp - rest >= 6);
      if (org_like && sp - rest <= 90 && title_like(sc, t2, b)) {
        cand *c = cand_get(sc, s + rest, sp - rest, rest);
        if (c) {
          c->proper = true;
          if (!c->k)
            c->k = K_COMPANY;
          c->score += digest ? 12 : 6;
          c->mentions++;
        }
        *ta = t2;
        *tb = b;
        return true;
      }
    }
    *ta = rest;
    *tb = b;
    return true;
  }
  return false;
}

/* ---- report number ---------------------------------------------------------
 */
static int kanji_number(const char *s, size_t n) {
  static const char *const d[] = {"一", "二", "三", "四", "五",
                                  "六", "七", "八", "九"};
  int v = 0, cur = 0;
  for (size_t i = 0; i < n;) {
    if (has_prefix(s + i, n - i, "十")) {
      v += (cur ? cur : 1) * 10;
      cur = 0;
      i += strlen("十");
      continue;
    }
    size_t k;
    for (k = 0; k < 9; k++)
      if (has_prefix(s + i, n - i, d[k]))
        break;
    if (k == 9)
      return 0;
    cur = (int)k + 1;
    i += strlen(d[k]);
  }
  return v + cur;
}

/* The report number: the leftmost of 第N報 (N: 1-2 ASCII digits or 1-3
 * kanji numerals), 最終報, 続報 in [a, b) */
static bool report_in(const scorer *sc, size_t a, size_t b, jiken_report *r) {
  static const char kanji_digits[] = "一二三四五六七八九十";
  const char *s = sc->s;
  /* every one contains 報 */
  if (b <= a || !memmem(s + a, b - a, "報", strlen("報")))
    return false;
  for (size_t p = a; p + 6 <= b; p++) {
    unsigned char c = (unsigned char)s[p];
    if (c != 0xE7 && c != 0xE6)
      continue; /* 第, 続 lead with E7, 最 with E6 */
    if (memcmp(s + p, "第", 3) == 0) {
      size_t q = p + 3, e = q;
      while (e < b && e - q < 3 && s[e] >= '0' && s[e] <= '9')
        e++;
      if (e == q) /* no digit: kanji numerals */
        while (e + 3 <= b && e - q < 12) {
          const char *k = kanji_digits;
          while (*k && memcmp(k, s + e, 3) != 0)
            k += 3;
          if (!*k)
            break;
          e += 3;
        }
      bool digits = e > q && s[q] >= '0' && s[q] <= '9';
      if (e > q && (digits ? e - q <= 2 : e - q <= 9) && e + 3 <= b &&
          memcmp(s + e, "報", 3) == 0) {
        r->present = 1;
        r->final = 0;
        r->number = digits ? atoi(s + q) : kanji_number(s + q, e - q);
        return true;
      }
    } else if (p + 9 <= b && memcmp(s + p, "最終報", 9) == 0) {
      r->present = 1;
      r->number = 0;
      r->final = 1;
      return true;
    } else if (memcmp(s + p, "続報", 6) == 0) {
      r->present = 1;
      r->number = 0;
      r->final = 0;
      return true;
    }
  }
  return false;
}

/* ---- the stage -------------------------------------------------------------
 */

int jiken__structure_run(const jiken__structure *st, const jiken__doc *doc,
                         jiken_result *res) {
  /* zero all but the candidate array (cand_get clears each one it hands
   * out): clearing 128 candidates per notice cost more than the stage */
  scorer *sc = malloc(sizeof *sc);
  if (!sc)
    return JIKEN_ENOMEM;
  memset(sc, 0, offsetof(scorer, c));
  memset(&sc->nc, 0, sizeof *sc - offsetof(scorer, nc));
  sc->st = st;
  sc->doc = doc;
  sc->s = doc->text.norm;
  sc->n = doc->text.norm_len;
  sc->md = pcre2_match_data_create(8, NULL);
  if (!sc->md) {
    free(sc);
    return JIKEN_ENOMEM;
  }
  int rc = JIKEN_OK;
  /* the heading area and its lines (for the title and the report number) */
  line lines[16];
  size_t nl;
  sc->header_end = find_header_end(sc->s, sc->n, lines, &nl);

  /* title (and the organisation of an "ORG TITLE" heading) */
  size_t ta = 0, tb = 0;
  bool have_title = find_title(sc, lines, nl, &ta, &tb);
  if (have_title) {
    /* 不正アクセスに関するお知らせ 2023年7月28日: drop the date (title_rank
     * has mostly matched this very range already) */
    size_t k = 0;
    while (k < sc->ntm && (sc->tm[k].a != ta || sc->tm[k].b != tb))
      k++;
    if (k < sc->ntm) {
      if (sc->tm[k].date != PCRE2_UNSET && sc->tm[k].date > ta)
        tb = sc->tm[k].date;
    } else if (match_at(st->title_re, sc->s, ta, tb, sc->md, 0, NULL, NULL)) {
      PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sc->md);
      if (pcre2_get_ovector_count(sc->md) > 1 && ov[2] != PCRE2_UNSET &&
          ov[2] > ta)
        tb = ov[2];
    }
    res->title = jiken__arena_strndup(&res->arena, sc->s + ta, tb - ta);
    if (!res->title)
      rc = JIKEN_ENOMEM;
  }

  /* report number: the title first, then the heading area */
  if (!(have_title && report_in(sc, ta, tb, &res->report))) {
    for (size_t i = 0; i < nl; i++)
      if (report_in(sc, lines[i].a, lines[i].b, &res->report))
        break;
  }

  /* organisation */
  index_doc(sc);
  scan_candidates(sc, 0, sc->n);
  add_services(sc);
  cand *best = NULL;
  double best_score = 0;
  for (size_t i = 0; i < sc->nc; i++) {
    cand *c = &sc->c[i];
    int agree = c->k && c->proper ? sc->self[c->k] : 0;
    if (agree > 8)
      agree = 8;
    if (c->score > 0) /* agreement backs evidence; it is none on its own */
      c->score += agree * 1.5;
    /* a body named after a municipality: the municipality unless the body
     * speaks for itself (当会, 当センター …) */
    if (c->gov_compound && !agree)
      c->score -= 1.5 * c->mentions;
    if (!best || c->score > best_score ||
        (c->score == best_score && c->first < best->first)) {
      best = c;
      best_score = c->score;
    }
  }
  join_signatures(sc, &best, &best_score);
#ifdef JIKEN_STRUCTURE_DEBUG
  for (size_t i = 0; i < sc->nc; i++)
    fprintf(stderr, "  cand %-30s k=%d m=%d score=%.1f\n", sc->c[i].name,
            sc->c[i].k, sc->c[i].mentions, sc->c[i].score);
#endif
  if (rc == JIKEN_OK && best && best_score >= 1.0) {
    res->organization =
        jiken__arena_strndup(&res->arena, best->name, best->len);
    if (!res->organization)
      rc = JIKEN_ENOMEM;
  }
  pcre2_match_data_free(sc->md);
  free(sc->hits);
  free(sc);
  return rc;
}

/* ---- splitting a digest
 * ------------------------------------------------------ */

/* bytes [a, b) of a raw line, trimmed; label [la, lb) inside 【】 or false */
static bool bracket_label(const char *s, size_t a, size_t b, size_t *la,
                          size_t *lb, size_t *rest) {
  if (!has_prefix(s + a, b - a, "【"))
    return false;
  size_t i = a + strlen("【");
  *la = i;
  while (i < b && !has_prefix(s + i, b - i, "】"))
    i++;
  if (i >= b || i == *la)
    return false;
  *lb = i;
  *rest = i + strlen("】");
  return true;
}

/* a raw heading line ends like a title (お知らせ, について, (第3報) …) */
static bool raw_title_end(const char *s, size_t a, size_t b) {
  if (b - a < 18 || contains(s + a, b - a, "。"))
    return false;
  /* full-width brackets and digits stay as typed in raw text: accept both */
  static const char *const ends[] = {
      "お知らせ", "お詫び",   "おわび", "ご報告", "報告",
      "について", "に関して", "の件",   "ご案内", "注意喚起"};
  size_t e = b;
  /* drop trailing (…) / （…） groups */
  for (int guard = 0; guard < 3; guard++) {
    if (has_suffix(s + a, e - a, ")")) {
      while (e > a && s[e - 1] != '(')
        e--;
      if (e > a)
        e--;
    } else if (has_suffix(s + a, e - a, "）")) {
      size_t k = e - strlen("）");
      while (k > a && !has_prefix(s + k, e - k, "（"))
        k--;
      e = k;
    } else {
      break;
    }
    while (e > a && (s[e - 1] == ' '))
      e--;
  }
  for (size_t i = 0; i < sizeof ends / sizeof *ends; i++)
    if (has_suffix(s + a, e - a, ends[i]))
      return true;
  return false;
}

typedef struct head {
  size_t start;  /* line start */
  size_t la, lb; /* label */
  bool strong;
} head;

/* label equal to another after dropping digits and # - */
static bool same_label(const char *s, const head *x, const head *y) {
  size_t i = x->la, j = y->la;
  for (;;) {
    while (i < x->lb && (strchr("0123456789#-", s[i]) != NULL))
      i++;
    while (j < y->lb && (strchr("0123456789#-", s[j]) != NULL))
      j++;
    if (i >= x->lb || j >= y->lb)
      return i >= x->lb && j >= y->lb;
    if (s[i] != s[j])
      return false;
    i++;
    j++;
  }
}

/* does the preamble [0, end) read as a notice rather than a tagline? */
static bool preamble_is_notice(const char *s, size_t end) {
  size_t periods = 0, chars = 0;
  for (size_t i = 0; i < end;) {
    int32_t c;
    int l = jiken__utf8_next(s, end, i, &c);
    if (c == 0x3002)
      periods++;
    if (!is_space(c) && c != '\n')
      chars++;
    i += l > 0 ? (size_t)l : 1;
  }
  if (periods >= 3 && chars >= 150)
    return true;
  line lines[64];
  size_t nl = split_lines(s, end, lines, 64);
  for (size_t i = 0; i < nl; i++)
    if (raw_title_end(s, lines[i].a, lines[i].b) && nl > 1)
      return true;
  return false;
}

int jiken__split(const jiken__structure *st, const char *text, size_t len,
                 jiken__vec *spans, jiken_error *err) {
  (void)st; /* raw bytes, no compiled patterns needed */
  size_t cap = 64, nh = 0;
  head *h = malloc(cap * sizeof *h);
  if (!h)
    return jiken__error_set(err, JIKEN_ENOMEM, (size_t)-1, NULL);
  /* heading lines */
  size_t nstrong = 0;
  for (size_t a = 0; a < len;) {
    size_t b = a;
    while (b < len && text[b] != '\n')
      b++;
    size_t ta = a, tb = b;
    trim(text, len, &ta, &tb);
    size_t la, lb, rest;
    if (tb > ta && bracket_label(text, ta, tb, &la, &lb, &rest)) {
      size_t ra = rest, rb = tb;
      trim(text, len, &ra, &rb);
      bool tag = memchr(text + la, '#', lb - la) != NULL ||
                 contains(text + la, lb - la, "＃") ||
                 contains(text + la, lb - la, "事件簿");
      bool weak = rb > ra && raw_title_end(text, ra, rb);
      if (tag || weak) {
        if (nh == cap) {
          head *p = realloc(h, 2 * cap * sizeof *h);
          if (!p) {
            free(h);
            return jiken__error_set(err, JIKEN_ENOMEM, (size_t)-1, NULL);
          }
          h = p;
          cap *= 2;
        }
        h[nh++] = (head){a, la, lb, tag};
        nstrong += tag;
      }
    }
    a = b + 1;
  }
  /* which headings start notices: the digest tags; failing those, a label
   * repeated on at least two title lines */
  size_t keep = 0;
  if (nstrong) {
    for (size_t i = 0; i < nh; i++)
      if (h[i].strong)
        h[keep++] = h[i];
  } else {
    size_t best = 0, best_n = 0;
    for (size_t i = 0; i < nh && i < 64; i++) { /* bounded: labels repeat */
      size_t c = 0;
      for (size_t j = 0; j < nh; j++)
        c += same_label(text, &h[i], &h[j]);
      if (c > best_n) {
        best_n = c;
        best = i;
      }
    }
    if (best_n >= 2) {
      head ref = h[best];
      for (size_t i = 0; i < nh; i++)
        if (same_label(text, &ref, &h[i]))
          h[keep++] = h[i];
    }
  }

  int rc = JIKEN_OK;
  size_t bounds_n = 0;
  size_t *starts = malloc((keep + 1) * sizeof *starts);
  if (!starts) {
    free(h);
    return jiken__error_set(err, JIKEN_ENOMEM, (size_t)-1, NULL);
  }
  if (keep == 0) {
    starts[bounds_n++] = 0;
  } else {
    if (h[0].start > 0 && preamble_is_notice(text, h[0].start))
      starts[bounds_n++] = 0;
    for (size_t i = 0; i < keep; i++)
      starts[bounds_n++] = h[i].start;
  }
  for (size_t i = 0; i < bounds_n && rc == JIKEN_OK; i++) {
    size_t a = starts[i], b = i + 1 < bounds_n ? starts[i + 1] : len;
    if (keep) {
      /* drop trailing blank lines and spaces */
      while (b > a) {
        size_t p = prev_i(text, b);
        int32_t c = cp_at(text, len, p, NULL);
        if (c != '\n' && !is_space(c))
          break;
        b = p;
      }
    }
    if (b <= a && keep)
      continue;
    jiken_notice_span *sp = jiken__vec_push(spans);
    if (!sp) {
      rc = jiken__error_set(err, JIKEN_ENOMEM, (size_t)-1, NULL);
      break;
    }
    sp->start = a;
    sp->end = b;
  }
  free(starts);
  free(h);
  return rc;
}
