/*
 * counts.c — quantities with counters and the affected total (SPEC § Counts).
 * Takes: the analysed doc (normalised text, sentences, MeCab tokens).
 * Gives: res->counts in document order and res->affected.
 *
 * A count is  [prefix qualifiers] NUMBER [~ NUMBER] COUNTER [分] [postfix]:
 *   prefix   約 およそ 概ね → approx; 最大 上限 → at_most; 少なくとも 最低 →
 *            at_least; 延べ/のべ → cumulative; 計 合計 総計 全 (no meaning)
 *   NUMBER   jiken__parse_number (60,000 / 6.5万 / 1億2千万 / 六万五千) or a
 *            vague quantity: 数 (2..9), 数十 (20..90), 十数 (11..19),
 *            数百, 数千, 数万, 十数万, 百数十 …
 *   COUNTER  件 人 名 社 台 通 枚 点 ファイル 個 本 冊 回 箇所 団体 校 店舗 円
 *            世帯 行 種類 アカウント 者 先 クラス 地区 項目 つ …; `人分`,
 * `件分` give unit 人 / 件 (the 分 stays in the span) postfix  以上 → at_least;
 * 超 / を超える / 余り → over; 以下 以内 → at_most; 未満 → under; 程度 前後
 * ほど 強 弱 → approx A label naming a maximum (`【…最大件数】` / `最大人数:`
 * just before the value) makes the value at_most. Qualifier precedence when
 * several are written: a bound (at_least, over, at_most, under) wins over
 * cumulative, which wins over vague, which wins over approx: `最大約5万件` is
 * at_most (the analyst's question is "how many at most"; the 約 only says the
 * bound is rounded), `約100件以上` at_least. Word boundaries come from MeCab:
 * the counter must end where a token ends
 * (`1名簿`, `4本件`, `2人事部` are no counts), and a kanji numeral must be a
 * numeral token of its own (`一部`, `一人暮らし` are words, not counts).
 * Not counts: ordinals (第3報, 1回目, 2つ目), numbers glued to ids, phone
 * numbers, URLs and mail addresses (skipped as whole spans), and everything
 * whose unit is not a counter: dates, times, durations, ages, sizes, floors.
 * A range `1,000~2,000件` / `1,000件~2,000件` is one count with value_max.
 * A PDF line break between number and counter (`8\n者`) is bridged.
 *
 * subject: the noun phrase written right before the count (`個人データ約
 * 60,000件`, `社員6名のアカウント` → 社員), else the one after `の`
 * (`約60,000件の個人データ`), else NULL.
 *
 * affected: see the comment above score_count() below.
 *
 * Cost: one scan of the normalised text per sentence, counters matched from
 * a table, word boundaries by binary search over the tokens; the regular
 * expressions (context words) are compiled and JIT-compiled once in
 * jiken__counts_new(), and run only where a byte test cannot already say
 * no (see re_how).  Per call: the candidate array, the URL spans and one
 * PCRE2 match-data block; nothing per token.
 */
#include "internal.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

/* ---- tables ------------------------------------------------------------ */

enum { UNIT_PEOPLE = 1, UNIT_RECORDS = 2, UNIT_NOT_AFFECTED = 4 };

typedef struct counter_def {
  const char *word; /* as written after normalisation */
  const char *unit; /* reported unit */
  unsigned kind;    /* UNIT_* */
  size_t len;       /* strlen(word) */
} counter_def;

#define C(w, u, k) {w, u, k, sizeof w - 1}
/* Longest match wins, so order does not matter. */
static const counter_def counters[] = {
    C("件", "件", UNIT_RECORDS),
    C("人", "人", UNIT_PEOPLE),
    C("名", "名", UNIT_PEOPLE),
    C("名様", "名", UNIT_PEOPLE),
    C("者", "者", UNIT_PEOPLE),
    C("世帯", "世帯", UNIT_PEOPLE),
    C("社", "社", 0),
    C("団体", "団体", 0),
    C("法人", "法人", 0),
    C("事業所", "事業所", 0),
    C("事業者", "事業者", 0),
    C("病院", "病院", 0),
    C("施設", "施設", 0),
    C("機関", "機関", 0),
    C("医療機関", "医療機関", 0),
    C("自治体", "自治体", 0),
    C("校", "校", 0),
    C("店舗", "店舗", 0),
    C("店", "店", 0),
    C("拠点", "拠点", 0),
    C("地区", "地区", 0),
    C("クラス", "クラス", 0),
    C("学級", "学級", 0),
    C("先", "先", 0),
    C("台", "台", UNIT_NOT_AFFECTED),
    C("通", "通", UNIT_NOT_AFFECTED),
    C("枚", "枚", 0),
    C("点", "点", 0),
    C("ファイル", "ファイル", UNIT_NOT_AFFECTED),
    C("フォルダ", "フォルダ", UNIT_NOT_AFFECTED),
    C("個", "個", UNIT_NOT_AFFECTED),
    C("本", "本", UNIT_NOT_AFFECTED),
    C("冊", "冊", 0),
    C("部", "部", UNIT_NOT_AFFECTED),
    C("回", "回", UNIT_NOT_AFFECTED),
    C("箇所", "箇所", UNIT_NOT_AFFECTED),
    C("カ所", "カ所", UNIT_NOT_AFFECTED),
    C("ヵ所", "ヵ所", UNIT_NOT_AFFECTED),
    C("ヶ所", "ヶ所", UNIT_NOT_AFFECTED),
    C("ケ所", "ケ所", UNIT_NOT_AFFECTED),
    C("か所", "か所", UNIT_NOT_AFFECTED),
    C("個所", "個所", UNIT_NOT_AFFECTED),
    C("カ国", "カ国", UNIT_NOT_AFFECTED),
    C("ヵ国", "ヵ国", UNIT_NOT_AFFECTED),
    C("ヶ国", "ヶ国", UNIT_NOT_AFFECTED),
    C("か国", "か国", UNIT_NOT_AFFECTED),
    C("円", "円", UNIT_NOT_AFFECTED),
    C("行", "行", UNIT_NOT_AFFECTED),
    C("列", "列", UNIT_NOT_AFFECTED),
    C("種類", "種類", UNIT_NOT_AFFECTED),
    C("項目", "項目", UNIT_NOT_AFFECTED),
    C("アカウント", "アカウント", UNIT_NOT_AFFECTED),
    C("ページ", "ページ", UNIT_NOT_AFFECTED),
    C("頁", "頁", UNIT_NOT_AFFECTED),
    C("箱", "箱", UNIT_NOT_AFFECTED),
    C("袋", "袋", UNIT_NOT_AFFECTED),
    C("冊子", "冊子", UNIT_NOT_AFFECTED),
    C("棟", "棟", UNIT_NOT_AFFECTED),
    C("病棟", "病棟", UNIT_NOT_AFFECTED),
    C("戸", "戸", UNIT_PEOPLE),
    C("軒", "軒", 0),
    C("口座", "口座", 0),
    C("端末", "端末", UNIT_NOT_AFFECTED),
    C("部署", "部署", UNIT_NOT_AFFECTED),
    C("課", "課", UNIT_NOT_AFFECTED),
    C("科目", "科目", UNIT_NOT_AFFECTED),
    C("診療科", "診療科", UNIT_NOT_AFFECTED),
    C("企業", "企業", 0),
    C("大学", "大学", 0),
    C("市町村", "市町村", 0),
    C("都道府県", "都道府県", 0),
    C("通信", NULL, 0), /* not a counter: 2通信 */
    C("つ", "つ", UNIT_NOT_AFFECTED),
};
#undef C

typedef struct affix_def {
  const char *word;
  jiken_qualifier q;
  bool neutral; /* 計, 合計: part of the span, no qualifier */
  size_t len;   /* strlen(word) */
} affix_def;
#define A(w, q, neutral) {w, q, neutral, sizeof w - 1}

static const affix_def prefixes[] = {
    A("約", JIKEN_QUAL_APPROX, false),
    A("およそ", JIKEN_QUAL_APPROX, false),
    A("概ね", JIKEN_QUAL_APPROX, false),
    A("おおむね", JIKEN_QUAL_APPROX, false),
    A("最大", JIKEN_QUAL_AT_MOST, false),
    A("最大で", JIKEN_QUAL_AT_MOST, false),
    A("上限", JIKEN_QUAL_AT_MOST, false),
    A("少なくとも", JIKEN_QUAL_AT_LEAST, false),
    A("最低", JIKEN_QUAL_AT_LEAST, false),
    A("延べ", JIKEN_QUAL_CUMULATIVE, false),
    A("のべ", JIKEN_QUAL_CUMULATIVE, false),
    A("延", JIKEN_QUAL_CUMULATIVE, false),
    A("計", JIKEN_QUAL_EXACT, true),
    A("合計", JIKEN_QUAL_EXACT, true),
    A("総計", JIKEN_QUAL_EXACT, true),
    A("全", JIKEN_QUAL_EXACT, true),
};

static const affix_def postfixes[] = {
    A("以上", JIKEN_QUAL_AT_LEAST, false), A("超", JIKEN_QUAL_OVER, false),
    A("超え", JIKEN_QUAL_OVER, false),     A("超える", JIKEN_QUAL_OVER, false),
    A("を超え", JIKEN_QUAL_OVER, false),   A("を超える", JIKEN_QUAL_OVER, false),
    A("余り", JIKEN_QUAL_OVER, false),     A("余", JIKEN_QUAL_OVER, false),
    A("強", JIKEN_QUAL_APPROX, false),     A("弱", JIKEN_QUAL_APPROX, false),
    A("以下", JIKEN_QUAL_AT_MOST, false),  A("以内", JIKEN_QUAL_AT_MOST, false),
    A("未満", JIKEN_QUAL_UNDER, false),    A("程度", JIKEN_QUAL_APPROX, false),
    A("前後", JIKEN_QUAL_APPROX, false),   A("ほど", JIKEN_QUAL_APPROX, false),
};
#undef A

/* ---- compiled state ---------------------------------------------------- */

/* A set of literal words written as an alternation `漏え|漏洩|…` (no
 * other regex syntax), answering "does one of them occur in [s, e)" as the
 * pattern would, but in one pass indexed by the first character: PCRE2
 * tries every alternative at every character of Japanese text.  Every word
 * begins with a 3-byte character. */
#define LIT_MAX 80
#define LIT_BITS 8
#define LIT_SLOTS (1 << LIT_BITS) /* > 2 * LIT_MAX */
#define LIT_PER_SLOT 8
typedef struct lit_set {
  const char *word[LIT_MAX];
  size_t len[LIT_MAX];
  size_t nword;
  struct {
    uint32_t key; /* first character as 24 bits; 0: empty */
    uint8_t n, idx[LIT_PER_SLOT];
  } slot[LIT_SLOTS];
  /* bit (b2 & 0x3F) << 6 | (b3 & 0x3F) of every first character E? b2 b3:
   * most characters of a text fail it before any lookup */
  uint64_t first[64];
} lit_set;

struct jiken__counts {
  pcre2_code *skip;      /* URLs and mail addresses: no counts inside */
  lit_set leak;         /* words saying data leaked or may have */
  lit_set people;       /* nouns naming the affected population */
  pcre2_code *not_after; /* after the count: not the population */
  pcre2_code *not_label; /* before the count: not the population */
  lit_set never;        /* sentences whose counts are never the population */
  pcre2_code *label; /* `件数:` `対象者数` `被害規模:` right before */
  /* recipients, not the leaked data: `あて` `送信先` anywhere (recip_w) or
   * `送付した` at the end (recipient): one alternation, matched in halves */
  lit_set recip_w;
  pcre2_code *recipient;
  pcre2_code *sent_to; /* after the count: `…の方へ誤って送信` */
  lit_set sent_need;   /* one of them is in every sent_to match */
  pcre2_code *total;   /* `件数合計:` `全体で` right before */
  lit_set pii;    /* personal data items: 氏名 住所 メールアドレス … */
  lit_set strong;    /* leak words that need no data word beside them */
  lit_set data;      /* a word for data: 情報 データ 名簿 … */
  pcre2_code *staff;  /* who caused it: 職員 担当者 委託先 … */
  lit_set counter_ix; /* counters[] by first character, in table order */
  /* the lit_set kind of bit set for the characters that start a number:
   * 〇 一 二 三 四 五 六 七 八 九 十 百 千 数 */
  uint64_t num_first[64];
};

static pcre2_code *compile(const char *pattern, jiken_error *err) {
  int ec;
  PCRE2_SIZE eo;
  pcre2_code *re =
      pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                    PCRE2_UTF | PCRE2_NO_UTF_CHECK, &ec, &eo, NULL);
  if (!re) {
    PCRE2_UCHAR msg[160];
    pcre2_get_error_message(ec, msg, sizeof msg);
    jiken__error_set(err, JIKEN_EINTERNAL, (size_t)-1,
                     "counts: pattern at %zu: %s", (size_t)eo, (char *)msg);
    return NULL;
  }
  pcre2_jit_compile(re, PCRE2_JIT_COMPLETE); /* falls back to the interpreter */
  return re;
}

static inline uint32_t char3(const char *s, size_t i);

static size_t lit_slot(const lit_set *l, uint32_t key) {
  size_t h = (size_t)((key * 2654435761u) >> (32 - LIT_BITS)) & (LIT_SLOTS - 1);
  while (l->slot[h].key && l->slot[h].key != key)
    h = (h + 1) & (LIT_SLOTS - 1);
  return h;
}

static bool lit_add(lit_set *l, const char *w, size_t len, jiken_error *err) {
  bool ok = l->nword < LIT_MAX && len >= 3 &&
            ((unsigned char)w[0] & 0xF0) == 0xE0 &&
            strcspn(w, "\\()[]{}.*+?^$") >= len;
  size_t h = ok ? lit_slot(l, char3(w, 0)) : 0;
  if (!ok || l->slot[h].n == LIT_PER_SLOT) {
    jiken__error_set(err, JIKEN_EINTERNAL, (size_t)-1,
                     "counts: bad word list at %.*s", (int)len, w);
    return false;
  }
  l->slot[h].key = char3(w, 0);
  l->slot[h].idx[l->slot[h].n++] = (uint8_t)l->nword;
  unsigned bit = ((unsigned char)w[1] & 0x3Fu) << 6 | ((unsigned char)w[2] & 0x3Fu);
  l->first[bit >> 6] |= (uint64_t)1 << (bit & 63);
  l->word[l->nword] = w;
  l->len[l->nword++] = len;
  return true;
}

static bool lits(lit_set *l, const char *alts, jiken_error *err) {
  for (const char *p = alts;;) {
    const char *bar = strchr(p, '|');
    if (!lit_add(l, p, bar ? (size_t)(bar - p) : strlen(p), err))
      return false;
    if (!bar)
      return true;
    p = bar + 1;
  }
}

jiken__counts *jiken__counts_new(jiken_error *err) {
  jiken__counts *c = calloc(1, sizeof *c);
  if (!c) {
    jiken__error_set(err, JIKEN_ENOMEM, (size_t)-1, NULL);
    return NULL;
  }
  for (size_t k = 0; k < sizeof counters / sizeof *counters; k++)
    if (!lit_add(&c->counter_ix, counters[k].word, counters[k].len, err)) {
      jiken__counts_free(c);
      return NULL;
    }
  static const char num_chars[] = "〇一二三四五六七八九十百千数";
  for (size_t k = 0; k + 3 <= sizeof num_chars - 1; k += 3) {
    unsigned bit = ((unsigned char)num_chars[k + 1] & 0x3Fu) << 6 |
                   ((unsigned char)num_chars[k + 2] & 0x3Fu);
    c->num_first[bit >> 6] |= (uint64_t)1 << (bit & 63);
  }
  if (!(c->skip =
            compile("(?:https?://|www\\.)[!-~]+"
                    "|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+",
                    err)) ||
      !lits(&c->leak, "漏え|漏洩|漏れ|流出|閲覧|誤送|誤配|誤交付|誤って|"
                          "紛失|盗難|盗ま|所在不明|おそれ|恐れ|可能性|対象|"
                          "影響|被害|該当|窃取|見える|見られ",
                          err) ||
      !lits(&c->strong, "漏え|漏洩|漏れ|流出|閲覧|誤送|誤配|誤交付|"
                            "誤って|紛失|盗難|盗ま|所在不明|窃取|見える|"
                            "見られ|おそれ|恐れ|可能性",
                            err) ||
      !(c->staff = compile("(?:職員|社員|従業員|教員|教諭|担当者|作業員|"
                           "スタッフ|委託先|業者|派遣社員|役職員)$",
                           err)) ||
      !lits(&c->data, "情報|データ|アドレス|氏名|住所|名簿|書類|文書|"
                          "ファイル|記録",
                          err) ||
      !lits(&c->people, "個人情報|お客様|顧客|会員|患者|児童|生徒|学生|"
                            "従業員|職員|社員|利用者|受講|受験者|申込者|"
                            "応募者|住民|市民|町民|村民|区民|保護者|方|対象者|"
                            "名簿|情報|データ",
                            err) ||
      !(c->not_after = compile(
            "^(?:の方)?(?:の|が|を)?(?:メールアカウント|アカウント|端末|"
            "パソコン|PC|サーバ|ファイル|フォルダ|メール(?!アドレス)|USB|機器|"
            "封筒|はがき|ハガキ|郵便物|FAX|ファクス|発送リスト|"
            "お?問い?合わ?せ|苦情|"
            "使用|利用|所有|保有|管理す|で(?:行|確認|担当|対応|実施))",
            err)) ||
      !(c->not_label = compile(
            "(?:メール|アカウント|端末|パソコン|PC|サーバ|台数|ファイル|"
            "回数|アクセス数|問い?合わ?せ|苦情)(?:は|が|の数|数|件数)?"
            "[\\s:=]*$",
            err)) ||
      !lits(&c->never, "再発防止|以上で|複数人|受付時間|電話番号:|"
                           "フリーダイヤル",
                           err) ||
      !(c->label = compile("(?:(?:件数|人数|者数|の数|総数|合計|規模|対象者|"
                           "対象|内訳|数)[\\s:=】」)\\]]*|=\\s*)$",
                           err)) ||
      !lits(&c->pii, "氏名|名前|住所|電話番号|メールアドレス|生年月日|"
                         "性別|学籍番号|口座|カード番号|クレジットカード",
                         err) ||
      !(c->total =
            compile("(?:(?:合計|総数|総計|全体で?|計で?)[\\s:=】」)\\]]*|"
                    "[×+][^=]*=\\s*)$",
                    err)) ||
      !lits(&c->sent_need, "送信|送付|送っ|送り|配信|誤送|誤配|届|あて|宛",
            err) ||
      !(c->sent_to = compile(
            "^\\)?(?:の[^、。,()をがは]{0,18}?)?(?:(?:に対して|に対し|に|へ)、?"
            "[^。]{0,40}?(?:送信|送付|送って|送り|送っ|配信|誤送|誤配|届)|"
            "あて|宛)",
            err)) ||
      !lits(&c->recip_w, "あて|宛|送信先|送付先|配信先|流出先|受信", err) ||
      !(c->recipient = compile("(?:(?:送付|送信|発送|配信)した|送った|"
                               "受け取(?:った|られた))$",
                               err))) {
    jiken__counts_free(c);
    return NULL;
  }
  return c;
}

void jiken__counts_free(jiken__counts *c) {
  if (!c)
    return;
  pcre2_code_free(c->skip);
  pcre2_code_free(c->not_after);
  pcre2_code_free(c->not_label);
  pcre2_code_free(c->label);
  pcre2_code_free(c->recipient);
  pcre2_code_free(c->sent_to);
  pcre2_code_free(c->total);
  pcre2_code_free(c->staff);
  free(c);
}

/* ---- small text helpers ------------------------------------------------ */

static bool at(const char *s, size_t n, size_t i, const char *w) {
  size_t k = strlen(w);
  return i + k <= n && memcmp(s + i, w, k) == 0;
}

/* the word w ends exactly at i */
static bool ends_at(const char *s, size_t lo, size_t i, const char *w) {
  size_t k = strlen(w);
  return i >= lo + k && memcmp(s + i - k, w, k) == 0;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }

/* memcmp(a, b, n) == 0 for the short words of the tables, inline: most
 * comparisons fail at the first byte */
static bool same_bytes(const char *a, const char *b, size_t n) {
  for (size_t k = 0; k < n; k++)
    if (a[k] != b[k])
      return false;
  return true;
}

/* start of the code point before i (i > lo) */
static size_t prev_cp(const char *s, size_t lo, size_t i) {
  size_t j = i - 1;
  while (j > lo && ((unsigned char)s[j] & 0xC0) == 0x80)
    j--;
  return j;
}

static int32_t cp_at(const char *s, size_t n, size_t i) {
  int32_t cp = -1;
  if (i < n)
    jiken__utf8_next(s, n, i, &cp);
  return cp;
}

static bool is_kanji(int32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         cp == 0x3005; /* 々 */
}

/* 〇 一 二 三 四 五 六 七 八 九 十 百 千 as one 24-bit value (E3..E7 xx xx);
 * 零 starts no count */
static bool kanji_numeral3(uint32_t v) {
  return (jiken__kanji_digit3(v) >= 0 && v != 0xE99BB6) ||
         jiken__kanji_small_unit3(v);
}

static inline uint32_t char3(const char *s, size_t i) {
  return jiken__char3(s, i);
}

/* a kanji numeral or 数: the second bytes of all of them (80 B8 B9 BA 9B
 * 85 8D 99 95, low six bits) first, which most kanji fail */
static bool number_start3(uint32_t v) {
  static const uint64_t second =
      1ull << 0x00 | 1ull << 0x38 | 1ull << 0x39 | 1ull << 0x3A |
      1ull << 0x1B | 1ull << 0x05 | 1ull << 0x0D | 1ull << 0x19 | 1ull << 0x15;
  if (!(second >> ((v >> 8) & 0x3F) & 1))
    return false;
  return kanji_numeral3(v) || v == 0xE695B0; /* 数 */
}

static bool is_kanji_numeral(const char *s, size_t n, size_t i) {
  unsigned char lead = (unsigned char)s[i];
  if (lead < 0xE3 || lead > 0xE7 || i + 3 > n)
    return false; /* every one of them is E3..E7 xx xx */
  return kanji_numeral3(char3(s, i));
}

static size_t skip_spaces(const char *s, size_t n, size_t i) {
  while (i < n && (s[i] == ' ' || s[i] == '\t'))
    i++;
  return i;
}

/* ---- per-call context ---------------------------------------------------- */

/* a byte range of the normalised text */
typedef struct span {
  size_t s, e;
} span;

/* remembered re_in() answers, see re_in() */
#define MEMO_SIZE 256
typedef struct re_memo {
  const void *re; /* pattern or word list; NULL: empty slot */
  size_t s, e;
  bool hit;
} re_memo;

typedef struct run_ctx {
  const jiken__counts *c;
  const jiken__doc *doc;
  jiken_result *res;
  const char *s; /* norm */
  size_t n;
  jiken__vec skips; /* span: URLs / mail addresses, sorted, disjoint */
  pcre2_match_data *md;
  re_memo *memo; /* re_in() results, while choosing the affected */
  size_t memo_mask; /* its size - 1 (a power of two) */
  const jiken__token *tokens;
  size_t ntokens;
} run_ctx;

/* a candidate count while it is being read */
typedef struct cand {
  size_t start, end; /* normalised span */
  size_t num_start;  /* first byte of the number */
  size_t unit_end;   /* end of the counter word (+分) */
  double value, value_max;
  bool has_max, vague;
  const counter_def *counter;
  jiken_qualifier prefix_q, postfix_q;
  size_t sentence; /* index into doc->sentences */
} cand;

/* only blanks or list bullets between the line start and i */
static bool line_start(const char *s, size_t lo, size_t i) {
  while (i > lo && (s[i - 1] == ' ' || s[i - 1] == '\t'))
    i--;
  return i == lo || s[i - 1] == '\n';
}

/* the original text has white space where the normalised text joins
 * norm[e-1] and norm[j] (PDF spacing repair removed it) */
static bool orig_gap(const run_ctx *x, size_t e, size_t j) {
  const jiken__text *t = &x->doc->text;
  if (e == 0 || j >= t->norm_len)
    return false;
  size_t a = t->src_end[e - 1], b = t->src_start[j];
  for (size_t k = a; k < b && k < t->orig_len; k++)
    if (t->orig[k] == ' ' || t->orig[k] == '\t' ||
        (k + 3 <= b && memcmp(t->orig + k, "\u3000", 3) == 0))
      return true;
  return false;
}

/* `【流出したおそれのある最大件数】\n- 38,313件`, `最大人数:12名`: the count is
 * the value of a label naming a maximum */
static bool label_says_at_most(const char *s, size_t b) {
  size_t k = b, lines = 0;
  for (;;) {
    if (k == 0)
      return false;
    char ch = s[k - 1];
    if (ch == ' ' || ch == '-' || ch == ':' || ch == '\t')
      k--;
    else if (ch == '\n' && lines++ == 0)
      k--;
    else if (ends_at(s, 0, k, "】") || ends_at(s, 0, k, "」") ||
             ends_at(s, 0, k, "・") || ends_at(s, 0, k, "■"))
      k -= 3;
    else
      break;
  }
  if (!ends_at(s, 0, k, "数"))
    return false;
  /* 最大 within the label (same line, a few words back) */
  size_t lim = k > 30 ? k - 30 : 0;
  for (size_t q = k; q > lim && s[q - 1] != '\n'; q--)
    if (ends_at(s, lim, q, "最大"))
      return true;
  return false;
}

/* ---- numbers ------------------------------------------------------------- */

static double kanji_scale(const char *s, size_t n, size_t i) {
  if (at(s, n, i, "十"))
    return 10;
  if (at(s, n, i, "百"))
    return 100;
  if (at(s, n, i, "千"))
    return 1000;
  return 0;
}

/* 数 (2..9), 数十 (20..90), 十数 (11..19), 百数十 (110..190), 数千, 数万,
 * 十数万 … at s[i]; returns the end or 0 */
static size_t parse_vague(const char *s, size_t n, size_t i, double *lo,
                          double *hi) {
  size_t j = i;
  double head = kanji_scale(s, n, j);
  if (head > 0) {
    j += 3;
  } else if (is_digit(s[j])) {
    /* 10数件, 100数十名 */
    if (s[j] != '1')
      return 0; /* as below, sooner */
    size_t k = j;
    while (k < n && k - j <= 4 && is_digit(s[k])) /* 5 digits: too many */
      k++;
    if (k - j < 2 || k - j > 4 || s[j] != '1')
      return 0;
    for (size_t z = j + 1; z < k; z++)
      if (s[z] != '0')
        return 0;
    head = k - j == 2 ? 10 : k - j == 3 ? 100 : 1000;
    j = k;
  }
  if (!at(s, n, j, "数"))
    return 0;
  j += 3;
  double step = kanji_scale(s, n, j);
  if (step > 0)
    j += 3;
  else
    step = 1;
  if (head > 0 && step >= head)
    return 0;
  double mult = 1;
  if (at(s, n, j, "万")) {
    mult = 1e4;
    j += 3;
  } else if (at(s, n, j, "億")) {
    mult = 1e8;
    j += 3;
  }
  *lo = (head > 0 ? head + step : 2 * step) * mult;
  *hi = (head + 9 * step) * mult;
  return j;
}

/* ---- token helpers ------------------------------------------------------- */

/* index of the token starting at byte i, or (size_t)-1 */
static size_t token_at(const run_ctx *x, size_t i) {
  size_t lo = 0, hi = x->ntokens;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (x->tokens[mid].start < i)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < x->ntokens && x->tokens[lo].start == i ? lo : (size_t)-1;
}

/* index of the first token ending at or after byte i (ntokens: none) */
static size_t end_lower_bound(const run_ctx *x, size_t i) {
  size_t lo = 0, hi = x->ntokens;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (x->tokens[mid].end < i)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* index of the last token ending at or before byte i, or (size_t)-1 */
static size_t token_before(const run_ctx *x, size_t i) {
  size_t lo = end_lower_bound(x, i + 1);
  return lo ? lo - 1 : (size_t)-1;
}

/* a token starts at byte i */
static bool tok_starts(const run_ctx *x, size_t i) {
  return token_at(x, i) != (size_t)-1;
}

/* a token ends at byte i (tokens are in text order, disjoint) */
static bool tok_ends(const run_ctx *x, size_t i) {
  size_t lo = end_lower_bound(x, i);
  return lo < x->ntokens && x->tokens[lo].end == i;
}

/* byte i lies inside a URL or mail address */
static bool in_skip(const run_ctx *x, size_t i) {
  const span *v = x->skips.items;
  size_t lo = 0, hi = x->skips.n; /* the first span ending after i */
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (v[mid].e <= i)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < x->skips.n && v[lo].s <= i;
}

static bool tok_is(const jiken__token *t, const char *pos, const char *pos1) {
  return strcmp(t->pos, pos) == 0 && (!pos1 || strcmp(t->pos1, pos1) == 0);
}

/* a token that can be part of the counted noun phrase */
static bool np_token(const jiken__token *t) {
  if (strcmp(t->pos, "名詞") != 0)
    return false;
  if (strcmp(t->surface, "あて") == 0 || strcmp(t->surface, "宛") == 0 ||
      strcmp(t->surface, "宛て") == 0)
    return false; /* 会員様あて */
  /* MeCab tags unknown ASCII punctuation `(` `)、` as nouns; nor is one
   * holding 、 。 ・ 「 」 『 』 【 】 〔 〕 … ※ (E3 80 81/82/8C-91/94/95,
   * E3 83 BB, E2 80 A6/BB) part of a noun phrase */
  for (const unsigned char *p = (const unsigned char *)t->surface; *p; p++) {
    if (*p < 0x80 && !is_alnum((char)*p))
      return false;
    if (*p == 0xE3 && p[1] == 0x80 &&
        (p[2] == 0x81 || p[2] == 0x82 || (p[2] >= 0x8C && p[2] <= 0x91) ||
         p[2] == 0x94 || p[2] == 0x95))
      return false;
    if ((*p == 0xE3 && p[1] == 0x83 && p[2] == 0xBB) ||
        (*p == 0xE2 && p[1] == 0x80 && (p[2] == 0xA6 || p[2] == 0xBB)))
      return false;
  }
  return strcmp(t->pos1, "数") != 0 && strcmp(t->pos1, "非自立") != 0 &&
         strcmp(t->pos1, "代名詞") != 0 && strcmp(t->pos1, "副詞可能") != 0 &&
         strcmp(t->surface, "計") != 0 && strcmp(t->surface, "合計") != 0;
}

/* ---- reading one count -----------------------------------------------------
 */

static const counter_def *match_counter(const run_ctx *x, size_t n, size_t i) {
  /* every counter begins with a 3-byte character */
  if (i >= n || n - i < 3)
    return NULL;
  const lit_set *l = &x->c->counter_ix;
  size_t h = lit_slot(l, char3(x->s, i));
  const counter_def *best = NULL;
  size_t best_len = 0;
  /* the candidates in table order: the first of the longest wins */
  for (size_t k = 0; k < l->slot[h].n; k++) {
    const counter_def *d = &counters[l->slot[h].idx[k]];
    if (d->len > best_len && d->len <= n - i &&
        memcmp(x->s + i + 3, d->word + 3, d->len - 3) == 0) {
      best = d;
      best_len = d->len;
    }
  }
  return best && best->unit ? best : NULL;
}

/* a number (plain or vague) at i, bounded by lim; returns its end or 0 */
static size_t read_number(const run_ctx *x, size_t i, size_t lim, double *v,
                          double *vmax, bool *vague) {
  const char *s = x->s;
  *vague = false;
  size_t e = parse_vague(s, lim, i, v, vmax);
  if (e) {
    *vague = true;
    return e;
  }
  if (!is_digit(s[i]) && !is_kanji_numeral(s, lim, i))
    return 0;
  size_t k = jiken__parse_number(s + i, lim - i, JIKEN__NUM_ALL, v);
  if (!k)
    return 0;
  e = i + k;
  /* `1万数千件` and friends: not worth the guess, but never half-read */
  if (at(s, lim, e, "数"))
    return 0;
  return e;
}

/* kanji numerals must be a numeral token of their own (一部, 一人暮らし) */
static bool kanji_number_ok(const run_ctx *x, size_t i, size_t e) {
  size_t t = token_at(x, i);
  if (t == (size_t)-1)
    return x->ntokens == 0;
  /* 一つ, 二つ are one token */
  if (x->tokens[t].end == e + 3 && at(x->s, x->n, e, "つ"))
    return true;
  if (!tok_is(&x->tokens[t], "名詞", "数"))
    return false;
  return tok_ends(x, e);
}

static bool cond_prefix_ok(const run_ctx *x, size_t lo, size_t at_i,
                           const affix_def *p) {
  size_t k = p->len;
  if (k > 3)
    return true;
  /* one-character prefixes (約 計 全 延) must not be the tail of a word
   * (設計, 安全): MeCab must start a token there, or the char before is no
   * kanji */
  size_t b = at_i - k;
  if (tok_starts(x, b))
    return true;
  if (b == lo)
    return true;
  return !is_kanji(cp_at(x->s, x->n, prev_cp(x->s, lo, b)));
}

static jiken_qualifier stronger(jiken_qualifier a, jiken_qualifier b) {
  /* bound > cumulative > vague > approx > exact */
  static const int rank[] = {
      [JIKEN_QUAL_EXACT] = 0,    [JIKEN_QUAL_APPROX] = 1,
      [JIKEN_QUAL_VAGUE] = 2,    [JIKEN_QUAL_CUMULATIVE] = 3,
      [JIKEN_QUAL_AT_LEAST] = 4, [JIKEN_QUAL_OVER] = 4,
      [JIKEN_QUAL_AT_MOST] = 4,  [JIKEN_QUAL_UNDER] = 4,
  };
  return rank[b] > rank[a] ? b : a;
}

/* Try to read a count whose number starts at i in sentence [lo, hi).
 * Returns the end of the number read (to continue scanning), fills *c and
 * sets *ok when it is a count. */
static size_t read_count(const run_ctx *x, size_t lo, size_t hi, size_t i,
                         cand *c, bool *ok) {
  const char *s = x->s;
  *ok = false;
  memset(c, 0, sizeof *c);
  bool kanji = !is_digit(s[i]);
  size_t e = read_number(x, i, hi, &c->value, &c->value_max, &c->vague);
  if (!e)
    return i + 1;
  size_t num_end = e;
  /* no counter after the number, no range `~` and no line break to bridge:
   * every way below ends in `return num_end`, so end here */
  {
    size_t j0 = skip_spaces(s, hi, e);
    if (j0 < hi && s[j0] != '~' && !match_counter(x, hi, j0))
      return num_end;
  }
  c->has_max = c->vague;

  /* what stands before the number */
  if (i > lo) {
    size_t p = prev_cp(s, lo, i);
    char b = s[i - 1];
    char bb = i - 1 > lo ? s[i - 2] : ' ';
    if (is_digit(b) || b == '_' || b == '#' || b == '@' || b == '&' ||
        b == '%' || b == '\\')
      return num_end;
    /* 03-1234, 2023/7, 10:30, v1.2, id=5: glued to a number or a word;
     * but 件数:795件, ……3名様, =153名 are counts */
    if ((b == '-' || b == '/' || b == ':' || b == '.' || b == '=' || b == '?' ||
         b == '+') &&
        is_alnum(bb))
      return num_end;
    /* Microsoft365, Windows10 (a product), but PC3台, USB2本 */
    if (is_alpha(b)) {
      size_t k = i;
      bool lower = false;
      while (k > lo && is_alpha(s[k - 1])) {
        lower |= s[k - 1] >= 'a' && s[k - 1] <= 'z';
        k--;
      }
      if (lower || i - k > 3)
        return num_end;
    }
    if (at(s, hi, p, "第") || at(s, hi, p, "No") || at(s, hi, p, "№"))
      return num_end;
    if (kanji || c->vague) {
      /* 件数, 複数, 統一: a kanji before a kanji numeral makes a word */
      int32_t cp = cp_at(s, hi, p);
      if (is_kanji(cp) && !at(s, hi, p, "約") && !at(s, hi, p, "計") &&
          !at(s, hi, p, "延") && !at(s, hi, p, "大") && !at(s, hi, p, "全") &&
          !at(s, hi, p, "低"))
        return num_end;
    }
  }
  if (in_skip(x, i))
    return num_end;
  if (kanji && !c->vague && !kanji_number_ok(x, i, e))
    return num_end;
  if (c->vague && x->ntokens && !tok_starts(x, i))
    return num_end;

  /* a range: N~N counter, N counter~N counter */
  size_t j = skip_spaces(s, hi, e);
  if (j == hi && hi + 1 < x->n && s[hi] == '\n' && !kanji) {
    /* a PDF line break between the number and its counter: `8\n者` */
    size_t nl = hi + 1;
    while (nl < x->n && nl < hi + 64 && s[nl] != '\n')
      nl++;
    while (nl < x->n && ((unsigned char)s[nl] & 0xC0) == 0x80)
      nl++;
    size_t j2 = skip_spaces(s, nl, hi + 1);
    if (match_counter(x, nl, j2)) {
      j = j2;
      hi = nl;
    }
  }
  const counter_def *ctr = match_counter(x, hi, j);
  size_t after = ctr ? j + strlen(ctr->word) : 0;
  size_t r = ctr ? after : j;
  r = skip_spaces(s, hi, r);
  if (!c->vague && at(s, hi, r, "~")) {
    size_t r2 = skip_spaces(s, hi, r + 1);
    if (at(s, hi, r2, "約"))
      r2 += 3;
    double v2, v2max;
    bool vg2;
    size_t e2 = (r2 < hi && (is_digit(s[r2]) || !kanji))
                    ? read_number(x, r2, hi, &v2, &v2max, &vg2)
                    : 0;
    if (e2 && !vg2 && v2 > c->value) {
      size_t j2 = skip_spaces(s, hi, e2);
      const counter_def *ctr2 = match_counter(x, hi, j2);
      if (ctr2 && (!ctr || ctr2 == ctr)) {
        ctr = ctr2;
        after = j2 + strlen(ctr2->word);
        c->value_max = v2;
        c->has_max = true;
        j = j2;
      }
    }
  }
  if (!ctr)
    return num_end;
  c->counter = ctr;
  /* `3 本県の対応`: a section number at the start of a line, set off by a
   * space, followed by a word that merely begins with a counter */
  if (!c->has_max && line_start(s, lo, i) && j > e &&
      is_kanji(cp_at(s, hi, after)))
    return num_end;
  if (!c->has_max && line_start(s, lo, i) && j == e && orig_gap(x, e, j) &&
      is_kanji(cp_at(s, hi, after)))
    return num_end;
  if (strcmp(ctr->word, "つ") == 0 &&
      (c->vague || c->value >= 10 || c->value != (double)(int)c->value))
    return num_end;

  /* what follows the counter */
  size_t u = after;
  bool bun = at(s, hi, u, "分");
  if (bun && (strcmp(ctr->unit, "人") == 0 || strcmp(ctr->unit, "件") == 0 ||
              strcmp(ctr->unit, "名") == 0 || strcmp(ctr->unit, "世帯") == 0))
    u += 3;
  else
    bun = false;
  if (kanji && u - i <= 12 && u + (u - i) <= hi &&
      memcmp(s + u, s + i, u - i) == 0)
    return u + (u - i); /* 一人一人, 一つ一つ: each, not a count */
  if (kanji && at(s, hi, u, "ずつ"))
    return u; /* 一件ずつ: one at a time */
  if (at(s, hi, u, "目") || at(s, hi, u, "数") || at(s, hi, u, "化") ||
      at(s, hi, u, "番") || at(s, hi, u, "号") || at(s, hi, u, "時") ||
      at(s, hi, u, "間"))
    return num_end; /* 1回目, 件数, 一本化 */
  if (x->ntokens && !tok_ends(x, u) && !tok_ends(x, after))
    return num_end; /* 1名簿, 4本件: the counter is the head of a word */
  c->unit_end = u;
  c->num_start = i;

  /* prefix qualifiers, right to left: 最大約, 延べ約, 計 */
  size_t b = i;
  c->prefix_q = JIKEN_QUAL_EXACT;
  for (int round = 0; round < 3; round++) {
    size_t bb = b;
    while (bb > lo && s[bb - 1] == ' ')
      bb--;
    const affix_def *hit = NULL;
    size_t hit_len = 0;
    for (size_t k = 0; k < sizeof prefixes / sizeof *prefixes; k++) {
      size_t len = prefixes[k].len;
      if (len > hit_len && bb >= lo + len &&
          same_bytes(s + bb - len, prefixes[k].word, len) &&
          cond_prefix_ok(x, lo, bb, &prefixes[k])) {
        hit = &prefixes[k];
        hit_len = len;
      }
    }
    if (!hit)
      break;
    b = bb - hit_len;
    if (!hit->neutral)
      c->prefix_q = stronger(c->prefix_q, hit->q);
  }
  c->start = b;
  if (label_says_at_most(s, b))
    c->prefix_q = stronger(c->prefix_q, JIKEN_QUAL_AT_MOST);

  /* postfix qualifiers */
  size_t p = skip_spaces(s, hi, u);
  c->postfix_q = JIKEN_QUAL_EXACT;
  c->end = u;
  for (size_t k = 0; k < sizeof postfixes / sizeof *postfixes; k++) {
    size_t len = postfixes[k].len;
    /* 余 強 弱 alone: not the head of a word (強化, 余裕) */
    if (len == 3 && !same_bytes(postfixes[k].word, "超", 4) &&
        is_kanji(cp_at(s, hi, p + len)))
      continue;
    if (p + len <= hi && same_bytes(s + p, postfixes[k].word, len) &&
        p + len > c->end) {
      c->postfix_q = postfixes[k].q;
      c->end = p + len;
    }
  }
  *ok = true;
  return u;
}

/* ---- subject ------------------------------------------------------------- */

static const char *subject_of(const run_ctx *x, size_t lo, size_t hi,
                              const cand *c) {
  size_t ns = 0, ne = 0;
  /* noun phrase right before the count */
  size_t t = token_before(x, c->start);
  if (t != (size_t)-1 && x->tokens[t].end == c->start &&
      x->tokens[t].start >= lo && np_token(&x->tokens[t])) {
    size_t first = t;
    while (first > 0 && x->tokens[first - 1].start >= lo &&
           x->tokens[first - 1].end == x->tokens[first].start &&
           (np_token(&x->tokens[first - 1]) ||
            tok_is(&x->tokens[first - 1], "接頭詞", NULL)))
      first--;
    ns = x->tokens[first].start;
    ne = x->tokens[t].end;
    /* `23分 500件`, `78社109名`: the "noun" is another quantity's counter */
    if (first > 0 && x->tokens[first - 1].end == ns &&
        tok_is(&x->tokens[first - 1], "名詞", "数"))
      ns = ne;
    /* 対象者数 3名 → 対象者; 件数 alone → nothing */
    if (strcmp(x->tokens[t].surface, "数") == 0)
      ne = x->tokens[t].start;
    else if (strcmp(x->tokens[t].surface, "件数") == 0 ||
             strcmp(x->tokens[t].surface, "人数") == 0)
      ne = x->tokens[t].start;
  }
  if (ne <= ns) {
    /* 約60,000件の個人データ */
    ns = ne = 0;
    size_t k = token_at(x, skip_spaces(x->s, hi, c->end));
    if (k != (size_t)-1 && k + 1 < x->ntokens &&
        strcmp(x->tokens[k].surface, "の") == 0 &&
        x->tokens[k + 1].start < hi) {
      size_t f = k + 1, l = f;
      if (tok_is(&x->tokens[f], "接頭詞", NULL))
        l++;
      size_t last = (size_t)-1;
      while (l < x->ntokens && x->tokens[l].end <= hi &&
             np_token(&x->tokens[l]) &&
             (l == f || x->tokens[l].start == x->tokens[l - 1].end))
        last = l++;
      if (last != (size_t)-1) {
        ns = x->tokens[f].start;
        ne = x->tokens[last].end;
      }
    }
  }
  if (ne <= ns)
    return NULL;
  return jiken__arena_strndup(&x->res->arena, x->s + ns, ne - ns);
}

/* ---- the stage ----------------------------------------------------------- */

static int add_count(run_ctx *x, size_t lo, size_t hi, cand *c) {
  jiken_count *out = jiken__vec_push(&x->res->counts);
  if (!out)
    return JIKEN_ENOMEM;
  jiken__text_span(&x->doc->text, c->start, c->end, &out->start, &out->end);
  out->value = c->value;
  out->has_value_max = c->has_max;
  out->value_max = c->has_max ? c->value_max : 0;
  out->unit = jiken__arena_strndup(&x->res->arena, c->counter->unit,
                                   strlen(c->counter->unit));
  jiken_qualifier q = c->vague ? JIKEN_QUAL_VAGUE : JIKEN_QUAL_EXACT;
  q = stronger(q, c->prefix_q);
  q = stronger(q, c->postfix_q);
  out->qualifier = q;
  out->subject = subject_of(x, lo, hi, c);
  if (!out->unit)
    return JIKEN_ENOMEM;
  return JIKEN_OK;
}

static bool printable(unsigned char ch) { return ch >= '!' && ch <= '~'; }

/* the skip pattern over the printable-ASCII run holding p, unless done:
 * the subject is cut at the run end, which the pattern cannot match past */
static int skip_run(run_ctx *x, size_t p, size_t *done) {
  const char *s = x->s;
  if (p < *done)
    return JIKEN_OK;
  size_t a = p, b = p;
  while (a > 0 && printable((unsigned char)s[a - 1]))
    a--;
  while (b < x->n && printable((unsigned char)s[b]))
    b++;
  *done = b;
  size_t off = a;
  while (off < b) {
    int rc = pcre2_match(x->c->skip, (PCRE2_SPTR)s, b, off, PCRE2_NO_UTF_CHECK,
                         x->md, NULL);
    if (rc <= 0)
      break;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(x->md);
    if (ov[1] > ov[0]) {
      span *sp = jiken__vec_push(&x->skips);
      if (!sp)
        return JIKEN_ENOMEM;
      sp->s = ov[0];
      sp->e = ov[1];
    }
    off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
  }
  return JIKEN_OK;
}

static int span_cmp(const void *a, const void *b) {
  const span *p = a, *q = b;
  return p->s < q->s ? -1 : p->s > q->s;
}

/* Every match of c->skip is a run of printable ASCII holding `@` or
 * starting with `http` / `www.`, so the pattern only runs over the runs
 * holding one of those (found with memchr; a run met twice is
 * marked the same twice), never over the Japanese text between. */
static int mark_skips(run_ctx *x) {
  static const char *const anchors[] = {"@", "http", "www."};
  for (size_t k = 0; k < sizeof anchors / sizeof *anchors; k++) {
    size_t done = 0, from = 0;
    const char *hit;
    while (from < x->n &&
           (hit = memchr(x->s + from, anchors[k][0], x->n - from))) {
      size_t p = (size_t)(hit - x->s);
      if (at(x->s, x->n, p, anchors[k]) &&
          skip_run(x, p, &done) != JIKEN_OK)
        return JIKEN_ENOMEM;
      from = p + 1 > done ? p + 1 : done;
    }
  }
  /* sorted and merged into disjoint spans for in_skip() */
  span *v = x->skips.items;
  size_t m = 0;
  if (x->skips.n > 1)
    qsort(v, x->skips.n, sizeof *v, span_cmp);
  for (size_t k = 0; k < x->skips.n; k++) {
    if (m && v[k].s <= v[m - 1].e) {
      if (v[k].e > v[m - 1].e)
        v[m - 1].e = v[k].e;
    } else {
      v[m++] = v[k];
    }
  }
  x->skips.n = m;
  return JIKEN_OK;
}

static int choose_affected(run_ctx *x, const cand *cands, size_t n);

/* how the scan steps over a character by its first byte: 0 a digit (a
 * candidate), 1..4 its length (no candidate), STEP_MAYBE | 3 for E3..E7,
 * where the kanji numerals and 数 are */
#define STEP_MAYBE 0x80u
#define R4(v) v, v, v, v
#define R16(v) R4(v), R4(v), R4(v), R4(v)
static const uint8_t lead_step[256] = {
    R16(1), R16(1), R16(1), /* 00-2F */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0-9 */
    1, 1, 1, 1, 1, 1,       /* 3A-3F */
    R16(1), R16(1), R16(1), R16(1), /* 40-7F */
    R16(1), R16(1), R16(1), R16(1), /* 80-BF: stray continuation bytes */
    R16(2), R16(2),         /* C0-DF */
    3, 3, 3, R4(STEP_MAYBE | 3), STEP_MAYBE | 3, 3, 3, 3, 3, 3, 3, 3, /* E0-EF */
    R16(4),                 /* F0-FF */
};
#undef R4
#undef R16

/* the first position from i on, stepping over whole characters, where a
 * digit, a kanji numeral or 数 starts a candidate; hi (or past it) when
 * none (a small function of its own: its loop keeps all in registers) */
__attribute__((noinline)) static size_t
next_number(const jiken__counts *c, const unsigned char *u,
                          size_t i, size_t hi) {
  const uint64_t *nf = c->num_first;
  /* the second bytes (low six bits) of the kanji numerals and 数, as in
   * number_start3() */
  const uint64_t second =
      1ull << 0x00 | 1ull << 0x38 | 1ull << 0x39 | 1ull << 0x3A |
      1ull << 0x1B | 1ull << 0x05 | 1ull << 0x0D | 1ull << 0x19 | 1ull << 0x15;
  while (i < hi) {
    /* 3-byte characters (the text is valid UTF-8) while a whole one lies
     * before hi, read as one word (the fourth byte is there: the text goes
     * on to its terminating NUL) */
    while (i + 3 <= hi) {
      uint32_t x;
      memcpy(&x, u + i, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
      x = __builtin_bswap32(x);
#endif
      if ((x & 0xF0) != 0xE0)
        break;
      if (__builtin_expect(second >> (x >> 8 & 63) & 1, 0)) {
        unsigned bit = (x >> 2 & 0xFC0u) | (x >> 16 & 0x3Fu);
        if (nf[bit >> 6] >> (bit & 63) & 1) {
          uint32_t v = (x & 0xFF) << 16 | (x & 0xFF00) | (x >> 16 & 0xFF);
          if (kanji_numeral3(v) || v == 0xE695B0) /* 数 */
            return i;
        }
      }
      i += 3;
    }
    if (i >= hi)
      break;
    unsigned st = lead_step[u[i]];
    if (st & STEP_MAYBE) {
      if (hi - i >= 3) {
        unsigned bit = (u[i + 1] & 0x3Fu) << 6 | (u[i + 2] & 0x3Fu);
        if ((nf[bit >> 6] >> (bit & 63) & 1) &&
            number_start3((uint32_t)u[i] << 16 | (uint32_t)u[i + 1] << 8 |
                          u[i + 2]))
          return i;
      }
      i += 3;
    } else if (st) {
      i += st;
    } else {
      return i; /* a digit */
    }
  }
  return i;
}

int jiken__counts_run(const jiken__counts *c, const jiken__doc *doc,
                      jiken_result *res) {
  run_ctx x = {.c = c,
               .doc = doc,
               .res = res,
               .s = doc->text.norm,
               .n = doc->text.norm_len,
               .tokens = doc->tokens.items,
               .ntokens = doc->tokens.n};
  memset(&res->affected, 0, sizeof res->affected);
  if (x.n == 0)
    return JIKEN_OK;
  int rc = JIKEN_ENOMEM;
  jiken__vec cands = JIKEN__VEC(cand);
  x.skips = (jiken__vec)JIKEN__VEC(span);
  x.md = pcre2_match_data_create(4, NULL);
  if (!x.md || mark_skips(&x) != JIKEN_OK)
    goto out;

  const jiken__sentence *sents = doc->sentences.items;
  for (size_t si = 0; si < doc->sentences.n; si++) {
    size_t lo = sents[si].start, hi = sents[si].end;
    size_t i = lo;
    while (i < hi) {
      /* a digit, a kanji numeral or 数 (E6 95 B0) starts a candidate;
       * other characters are stepped over whole (lead_step) */
      i = next_number(c, (const unsigned char *)x.s, i, hi);
      if (i >= hi)
        break;
      cand cd;
      bool ok;
      size_t next = read_count(&x, lo, hi, i, &cd, &ok);
      if (ok) {
        cd.sentence = si;
        cand *slot = jiken__vec_push(&cands);
        if (!slot || (rc = add_count(&x, lo, hi, &cd)) != JIKEN_OK) {
          rc = JIKEN_ENOMEM;
          goto out;
        }
        *slot = cd;
      }
      /* continue after the number; never inside a multibyte character */
      i = next > i ? next : i + 1;
      while (i < hi && ((unsigned char)x.s[i] & 0xC0) == 0x80)
        i++;
    }
  }
  if (cands.n) {
    /* about 16 slots per count (a few counts: less to clear) */
    re_memo memo[MEMO_SIZE];
    size_t size = 32;
    while (size < MEMO_SIZE && size < 16 * cands.n)
      size *= 2;
    memset(memo, 0, size * sizeof *memo);
    x.memo = memo;
    x.memo_mask = size - 1;
    rc = choose_affected(&x, cands.items, cands.n);
    x.memo = NULL;
  } else {
    rc = JIKEN_OK;
  }
out:
  jiken__vec_free(&cands);
  jiken__vec_free(&x.skips);
  pcre2_match_data_free(x.md);
  return rc;
}

/* ---- the affected total ----------------------------------------------------
 *
 * Every count of people (人 名 者 世帯) or records (件) — or of another
 * unit: 枚 団体 社 … (one point less) where its sentence or the line above
 * speaks of the leak, 通 ファイル 台 回 … only as a labelled damage figure
 * (`誤送付した件数 1通`) — gets a score from its context:
 *   +2 its sentence says data leaked / may have / was lost, viewable or
 *      misdelivered; else the headings it stands under (up to the first real
 *      heading; list intros `…は以下のとおりです。` and title-like lines
 *      count as headings, list items holding counts do not); else a
 *      title-like line right above; +1 a sentence line above or the
 *      damage section
 *   +2 it is the value of a label: `件数:` `対象者数` `被害規模:` `=`,
 *      on its line or on the line above (`【…最大件数】\n- 38,313件`)
 *   +2 a stated total: `計` `合計` `件数合計:` `9名×17通=153名`
 *   +1 `人分/名分/件分`; +1 a population noun (個人情報 お客様 会員 患者 …)
 *      around it or in the heading; +1 `N件すべて` / `N名全員`
 *   -2 recipients (`217名の会員様あてに`, `17名の方へ誤って送信`,
 *      `送信先:`, `受け取られた217名`), `Nのうち` (the whole of which a part
 *      leaked), recipient headings (`流出先となった宛先の数`)
 *   -1 a subset (`このうち…380名`), a count that only qualifies the next
 *      one (`児童111人の保護者89件`, `78社109名`)
 * It is ruled out in prevention / contact text (`2人以上で確認`), when it
 * counts accounts, devices, files or mails (`社員6名のアカウント`,
 * `20ファイル`, `150通`, `1名が使用する`), and when nothing points at a leak
 * (score < 2).
 * The best score wins; on a tie people/records over other units, then the
 * count whose own sentence speaks of the leak, then the larger value.
 * Parts: when the winner is an item of a list (one count per line at the
 * line end, or on an enumerated line `(1)` `①` `1.`) and its neighbours
 * within a line or two are items of the same unit, of nearly the same score
 * and evidence, all carrying personal data or none (`氏名…:2,409件`,
 * `…369名分`), their sum is the affected total with summed=1 — unless a
 * count states that sum, which is then the total.  When a record count is
 * followed closely by a people count (`96件(88名)`, `273件(901名分`), the
 * people count (SPEC: people over records).
 */

typedef struct aff_cand {
  int score;
  bool eligible, subset, listed, total, personal;
  int leak_src; /* 1 sentence, 2 heading, 3 line above, 4 section */
  size_t line;  /* start of its line in norm */
} aff_cand;

/* Context windows are capped so that a pathological input (megabytes
 * without a line break or a sentence end) stays linear. */
#define CONTEXT_CAP 2048

/* The scoring asks the same question about the same sentence or heading
 * for every count it holds or stands under: the answers are remembered in
 * a small direct-mapped table keyed by (pattern, window). */

/* the remembered answer slot for (re, s, e); *known when it holds one */
static re_memo *memo_slot(const run_ctx *x, const void *re, size_t s, size_t e,
                          bool *known) {
  *known = false;
  if (!x->memo)
    return NULL;
  size_t h = (s * 0x9E3779B1u) ^ (e * 0x85EBCA77u) ^ ((uintptr_t)re >> 4);
  re_memo *m = &x->memo[(h ^ (h >> 11)) & x->memo_mask];
  if (m->re == re && m->s == s && m->e == e) {
    *known = true;
    return m;
  }
  m->re = re;
  m->s = s;
  m->e = e;
  return m;
}

/*
 * What re_in() knows about a pattern to match it cheaply, the answer
 * staying the pattern's own:
 *   RE_FIRST  `^`-anchored: its first character (after `\)?` for sent_to)
 *             must be one of `first`, else no match;
 *   RE_TAIL   `$`-anchored: every match is a word of at most `word` bytes,
 *             ending in a character outside `strip`, then only characters
 *             of `strip` to the end; so it starts no earlier than `word`
 *             bytes before the text stripped of those, and the search
 *             starts there instead of at every position of the window;
 *   RE_EQ     total's `[×+][^=]*=\s*$`: it starts after the `=` before the
 *             last non-blank `=` (and there is none unless that is `=`).
 */
enum {
  STRIP_WS = 1,    /* ASCII white space: \s without UCP */
  STRIP_PUNCT = 2, /* : = */
  STRIP_CLOSE = 4, /* ) ] 】 」 */
};
typedef struct re_how {
  enum { RE_PLAIN, RE_FIRST, RE_TAIL } kind;
  const uint32_t *first; /* RE_FIRST: the characters one of which comes
                            first (packed UTF-8, 0 ends) */
  bool paren;        /* RE_FIRST: after an optional `)` */
  size_t word;       /* RE_TAIL */
  unsigned strip;    /* RE_TAIL: STRIP_* */
  bool eq;           /* RE_TAIL: also total's `=` alternative */
  const uint32_t *last; /* RE_TAIL: the characters the word can end in; with
                        eq or `=\s*$` (label), an `=` in the stripped tail
                        also lets the pattern run */
  bool eq_tail;      /* RE_TAIL: that `=` rule applies */
} re_how;

/* the character at p (wholly before e), its bytes packed into one value,
 * is one of set's (ended by 0) */
static bool char_in(const char *t, size_t p, size_t e, const uint32_t *set) {
  if (p >= e)
    return false;
  const unsigned char *u = (const unsigned char *)t + p;
  size_t len = u[0] < 0x80 ? 1 : u[0] < 0xE0 ? 2 : u[0] < 0xF0 ? 3 : 4;
  if (len > e - p)
    return false;
  uint32_t v = 0;
  for (size_t k = 0; k < len; k++)
    v = v << 8 | u[k];
  for (; *set; set++)
    if (*set == v)
      return true;
  return false;
}

/* where a match of a pattern described by h can start in [s, e); e when
 * it cannot match at all */
static size_t tail_start(const char *t, size_t s, size_t e, const re_how *h) {
  const unsigned char *u = (const unsigned char *)t;
  size_t o = e;
  for (;;) {
    if (o > s && (u[o - 1] == ' ' || (u[o - 1] >= 0x09 && u[o - 1] <= 0x0D)))
      o--;
    else if (o > s && (h->strip & STRIP_PUNCT) &&
             (u[o - 1] == ':' || u[o - 1] == '='))
      o--;
    else if (o > s && (h->strip & STRIP_CLOSE) &&
             (u[o - 1] == ')' || u[o - 1] == ']'))
      o--;
    else if (o >= s + 3 && (h->strip & STRIP_CLOSE) && u[o - 3] == 0xE3 &&
             u[o - 2] == 0x80 && (u[o - 1] == 0x91 || u[o - 1] == 0x8D))
      o -= 3; /* 】 」 */
    else
      break;
  }
  /* the word must end at o in one of h->last (unless an `=` tail) */
  bool may = false;
  if (h->eq_tail)
    for (size_t k = o; k < e && !may; k++)
      may = t[k] == '=';
  if (!may && o > s) {
    size_t b = o - 1;
    while (b > s && (u[b] & 0xC0) == 0x80)
      b--;
    may = char_in(t, b, o, h->last);
  }
  if (!may)
    return e;
  size_t off = o > s + h->word ? o - h->word : s;
  if (h->eq) {
    size_t q = e; /* the last non-blank character */
    while (q > s && (u[q - 1] == ' ' || (u[q - 1] >= 0x09 && u[q - 1] <= 0x0D)))
      q--;
    if (q > s && u[q - 1] == '=') {
      size_t k = q - 1;
      while (k > s && u[k - 1] != '=')
        k--;
      if (k < off)
        off = k;
    }
  }
  while (off > s && (u[off] & 0xC0) == 0x80)
    off--; /* a character boundary */
  return off;
}

static bool re_in(const run_ctx *x, const pcre2_code *re, size_t s, size_t e,
                  const re_how *h) {
  if (e <= s)
    return false;
  bool known;
  re_memo *m = memo_slot(x, re, s, e, &known);
  if (known)
    return m->hit;
  if (e - s > CONTEXT_CAP) {
    e = s + CONTEXT_CAP;
    while (e > s && ((unsigned char)x->s[e] & 0xC0) == 0x80)
      e--;
  }
  bool hit;
  size_t off = s;
  if (h->kind == RE_FIRST) {
    size_t p = s + (h->paren && x->s[s] == ')');
    hit = char_in(x->s, s, e, h->first) ||
          (p != s && char_in(x->s, p, e, h->first));
  } else {
    off = tail_start(x->s, s, e, h);
    hit = off < e;
  }
  if (hit) {
    int rc = pcre2_jit_match(re, (PCRE2_SPTR)x->s + s, e - s, off - s, 0,
                             x->md, NULL);
    if (rc == PCRE2_ERROR_JIT_BADOPTION) /* not JIT-compiled */
      rc = pcre2_match(re, (PCRE2_SPTR)x->s + s, e - s, off - s,
                       PCRE2_NO_UTF_CHECK, x->md, NULL);
    hit = rc > 0;
  }
  if (m)
    m->hit = hit;
  return hit;
}

/* one of l's words lies in [s, e) (a function of its own: its loop keeps
 * all in registers) */
__attribute__((noinline)) static bool lit_scan(const lit_set *l, const char *t,
                                               size_t s, size_t e) {
  const unsigned char *u = (const unsigned char *)t;
  for (size_t p = s; p + 3 <= e;) {
    if ((u[p] & 0xF0) != 0xE0) {
      p++; /* words begin with a 3-byte character */
      continue;
    }
    unsigned bit = (u[p + 1] & 0x3Fu) << 6 | (u[p + 2] & 0x3Fu);
    if (!(l->first[bit >> 6] >> (bit & 63) & 1)) {
      p += 3;
      continue;
    }
    size_t h = lit_slot(l, char3(t, p));
    for (size_t k = 0; k < l->slot[h].n; k++) {
      size_t w = l->slot[h].idx[k], len = l->len[w];
      if (len <= e - p && memcmp(t + p + 3, l->word[w] + 3, len - 3) == 0)
        return true;
    }
    p += 3;
  }
  return false;
}

/* re_in() for a word list: one of the words occurs in [s, e) */
static bool lit_in(const run_ctx *x, const lit_set *l, size_t s, size_t e) {
  if (e <= s)
    return false;
  bool known;
  re_memo *m = memo_slot(x, l, s, e, &known);
  if (known)
    return m->hit;
  if (e - s > CONTEXT_CAP) { /* the same window as re_in() */
    e = s + CONTEXT_CAP;
    while (e > s && ((unsigned char)x->s[e] & 0xC0) == 0x80)
      e--;
  }
  bool hit = lit_scan(l, x->s, s, e);
  if (m)
    m->hit = hit;
  return hit;
}

/* the characters of re_how's first / last sets, packed */
/* の が を メ ア 端 パ P サ フ U 機 封 は ハ
 * 郵 F 発 お 問 苦 使 利 所 保 管 で */
static const uint32_t chars_na[] = {
    0xE381AE, 0xE3818C, 0xE38292, 0xE383A1, 0xE382A2, 0xE7ABAF, 0xE38391,
    0x50,     0xE382B5, 0xE38395, 0x55,     0xE6A99F, 0xE5B081, 0xE381AF,
    0xE3838F, 0xE983B5, 0x46,     0xE799BA, 0xE3818A, 0xE5958F, 0xE88BA6,
    0xE4BDBF, 0xE588A9, 0xE68980, 0xE4BF9D, 0xE7AEA1, 0xE381A7, 0};
/* の に へ あ 宛 */
static const uint32_t chars_st[] = {0xE381AE, 0xE381AB, 0xE381B8,
                                    0xE38182, 0xE5AE9B, 0};
/* ル ト 末 ン C バ 数 せ 情 は が */
static const uint32_t chars_nl[] = {0xE383AB, 0xE38388, 0xE69CAB, 0xE383B3,
                                    0x43,     0xE38390, 0xE695B0, 0xE3819B,
                                    0xE68385, 0xE381AF, 0xE3818C, 0};
/* 数 計 模 者 象 訳 */
static const uint32_t chars_lb[] = {0xE695B0, 0xE8A888, 0xE6A8A1, 0xE88085,
                                    0xE8B1A1, 0xE8A8B3, 0};
/* 計 数 体 で */
static const uint32_t chars_tt[] = {0xE8A888, 0xE695B0, 0xE4BD93, 0xE381A7, 0};
/* 員 諭 者 フ 先 */
static const uint32_t chars_sf[] = {0xE593A1, 0xE8ABAD, 0xE88085,
                                    0xE38395, 0xE58588, 0};
/* た */
static const uint32_t chars_rc[] = {0xE3819F, 0};

/* the patterns as re_in() sees them (see re_how) */
static const re_how how_not_after = {RE_FIRST, chars_na, false, 0,
                                     0,        false,    NULL,  false};
static const re_how how_sent_to = {RE_FIRST, chars_st, true, 0,
                                   0,        false,    NULL, false};
/* アクセス数件数, 問い合わせ件数: 21 bytes; メール アカウント 端末
 * パソコン PC サーバ 台数 ファイル 回数 アクセス数 問い合わせ 苦情,
 * then は が の数 数 件数 */
static const re_how how_not_label = {
    RE_TAIL, NULL, false, 21, STRIP_WS | STRIP_PUNCT, false, chars_nl, false};
/* 対象者: 9 bytes; 件数 人数 者数 の数 総数 合計 規模 対象者 対象 内訳 数, or
 * `=` with blanks after it */
static const re_how how_label = {
    RE_TAIL, NULL,     false, 9, STRIP_WS | STRIP_PUNCT | STRIP_CLOSE,
    false,   chars_lb, true};
/* 全体で: 9 bytes; 合計 総数 総計 全体で 計で, or `9名×17通=` */
static const re_how how_total = {
    RE_TAIL, NULL,     false, 9, STRIP_WS | STRIP_PUNCT | STRIP_CLOSE,
    true,    chars_tt, true};
/* 派遣社員, スタッフ: 12 bytes; 職員 社員 従業員 教員 教諭 担当者 作業員
 * スタッフ 委託先 業者 派遣社員 役職員 */
static const re_how how_staff = {RE_TAIL,  NULL,  false,    12,
                                 STRIP_WS, false, chars_sf, false};
/* 受け取られた: 18 bytes; 送付した 送信した 発送した 配信した 送った 受け取った
 */
static const re_how how_recipient = {RE_TAIL,  NULL,  false,    18,
                                     STRIP_WS, false, chars_rc, false};

/* the recipient alternation in [s, e): its words anywhere, or its verbs
 * at the end */
static bool recipient_in(const run_ctx *x, size_t s, size_t e) {
  return lit_in(x, &x->c->recip_w, s, e) ||
         re_in(x, x->c->recipient, s, e, &how_recipient);
}

/* start of the line holding i (at most CONTEXT_CAP back, on a character
 * boundary) */
static size_t line_of(const char *s, size_t i) {
  size_t lim = i > CONTEXT_CAP ? i - CONTEXT_CAP : 0;
  /* back to just after a line break (not below lim), eight bytes at a time
   * while none of them is one */
  const uint64_t ones = 0x0101010101010101u, nl = ones * '\n';
  while (i >= lim + 8) {
    uint64_t w;
    memcpy(&w, s + i - 8, 8);
    w ^= nl; /* a zero byte where a line break is */
    if ((w - ones) & ~w & (ones << 7))
      break;
    i -= 8;
  }
  while (i > lim && s[i - 1] != '\n')
    i--;
  while (s[i] && ((unsigned char)s[i] & 0xC0) == 0x80)
    i++;
  return i;
}

/* end of the line holding i (at most CONTEXT_CAP on, on a boundary) */
static size_t line_end(const char *s, size_t n, size_t i) {
  size_t lim = n - i > CONTEXT_CAP ? i + CONTEXT_CAP : n;
  const char *nl = i < lim ? memchr(s + i, '\n', lim - i) : NULL;
  i = nl ? (size_t)(nl - s) : lim > i ? lim : i;
  while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
    i++;
  return i;
}

/* an enumerator at the line start: (1) ① 1. 1) [1] */
static bool enumerated(const char *s, size_t n, size_t i) {
  i = skip_spaces(s, n, i);
  int32_t cp = cp_at(s, n, i);
  if ((cp >= 0x2460 && cp <= 0x2473) || (cp >= 0x2474 && cp <= 0x2487) ||
      (cp >= 0x2776 && cp <= 0x277F))
    return true; /* ① ⑴ ❶ */
  if (s[i] == '(' || s[i] == '[') {
    size_t k = i + 1;
    while (k < n && is_digit(s[k]))
      k++;
    return k > i + 1 && k < n && (s[k] == ')' || s[k] == ']');
  }
  size_t k = i;
  while (k < n && is_digit(s[k]))
    k++;
  return k > i && k < n && (s[k] == '.' || s[k] == ')');
}

/* about `bytes` before i, not before lo, on a character boundary */
static size_t back(const char *s, size_t lo, size_t i, size_t bytes) {
  size_t b = i > lo + bytes ? i - bytes : lo;
  while (b < i && ((unsigned char)s[b] & 0xC0) == 0x80)
    b++;
  return b;
}

/* about `bytes` after i, not after hi, on a character boundary */
static size_t ahead(const char *s, size_t hi, size_t i, size_t bytes) {
  size_t e = i + bytes < hi ? i + bytes : hi;
  while (e > i && ((unsigned char)s[e] & 0xC0) == 0x80)
    e--;
  return e;
}

/* a heading, a title-like line (no sentence end), or the sentence that
 * introduces a list (`紛失した個人情報は以下のとおりです。`) */
static bool heading_like(const char *s, size_t n, const jiken__sentence *st) {
  if (st->heading)
    return true;
  size_t e = st->end;
  while (e > st->start && (s[e - 1] == ' ' || s[e - 1] == '\t'))
    e--;
  if (e == st->start)
    return false;
  if (ends_at(s, st->start, e, ":") ||
      ends_at(s, st->start, e, "とおりです。") ||
      ends_at(s, st->start, e, "とおり。") ||
      ends_at(s, st->start, e, "通りです。") ||
      ends_at(s, st->start, e, "とおりです") ||
      ends_at(s, st->start, e, "次の通り"))
    return true;
  /* a short line without a sentence end, alone on its line */
  return e - st->start <= 90 && !ends_at(s, st->start, e, "。") &&
         (st->start == 0 || s[st->start - 1] == '\n') &&
         (e == st->end && (st->end >= n || s[st->end] == '\n'));
}

/* the previous non-blank line before the line starting at ln: [*lo, *hi) */
static bool prev_line(const char *s, size_t ln, size_t *lo, size_t *hi) {
  while (ln > 0) {
    size_t e = ln - 1, b = line_of(s, e);
    if (skip_spaces(s, e, b) < e) {
      *lo = b;
      *hi = e;
      return true;
    }
    ln = b;
  }
  return false;
}

/* per sentence in choose_affected(): it holds a count; heading_like() of
 * it is known, and true */
enum { S_COUNT = 1, S_HEAD_KNOWN = 2, S_HEAD = 4 };

static void score_count(const run_ctx *x, const cand *c, const cand *next,
                        const jiken_count *o, uint8_t *has_count,
                        aff_cand *a) {
  const jiken__sentence *sents = x->doc->sentences.items;
  const jiken__sentence *st = &sents[c->sentence];
  const char *s = x->s;
  size_t lo = st->start, hi = st->end;
  size_t ln = line_of(s, c->start);
  size_t lab_lo = ln > lo ? ln : lo;
  unsigned kind = c->counter->kind;
  jiken_qualifier q = o->qualifier;
  a->line = ln;
  a->score = 0;
  a->eligible = false;

  if (st->section == JIKEN__SEC_PREVENTION || st->section == JIKEN__SEC_CONTACT)
    return;
  if (lit_in(x, &x->c->never, lo, hi))
    return;
  if ((q == JIKEN_QUAL_AT_LEAST || q == JIKEN_QUAL_OVER) &&
      (kind & UNIT_PEOPLE) && at(s, hi, c->end, "で"))
    return; /* 2人以上で確認 */
  const size_t eol = line_end(s, x->n, c->end); /* used thrice below */
  size_t after_end = eol;
  if (after_end > c->end + 40)
    after_end = c->end + 40;
  while (after_end > c->end && ((unsigned char)s[after_end] & 0xC0) == 0x80)
    after_end--;
  if (re_in(x, x->c->not_after, c->end, after_end, &how_not_after))
    return;
  if (re_in(x, x->c->not_label, lab_lo, c->start, &how_not_label))
    return;
  /* `職員1名が…紛失`: who caused the incident */
  if ((at(s, x->n, c->end, "が") || at(s, x->n, c->end, "は") ||
       at(s, x->n, c->end, "で")) &&
      re_in(x, x->c->staff, back(s, lab_lo, c->start, 30), c->start,
            &how_staff))
    return;

  /* the label: same line before the count, or the previous line when the
   * count opens its line */
  bool labelled = re_in(x, x->c->label, lab_lo, c->start, &how_label);
  size_t pl = 0, ph = 0;
  bool has_prev = prev_line(s, ln, &pl, &ph);
  bool opens = c->start <= skip_spaces(s, x->n, ln) + 2 ||
               (s[skip_spaces(s, x->n, ln)] == '-' &&
                c->start <= skip_spaces(s, x->n, skip_spaces(s, x->n, ln) + 1));
  bool prev_labelled =
      has_prev && opens && !labelled && re_in(x, x->c->label, pl, ph, &how_label);
  labelled = labelled || prev_labelled;
  /* `影響` `対象` `被害` alone speak of the leak only next to data:
   * `従業員約500名の業務に影響` is no leak */
  bool sent_leak =
      lit_in(x, &x->c->strong, lo, hi) ||
      (lit_in(x, &x->c->leak, lo, hi) && lit_in(x, &x->c->data, lo, hi));
  /* a line above that is no sentence (`紛失した書類`) */
  bool prev_leak =
      has_prev && !ends_at(s, pl, ph, "。") && lit_in(x, &x->c->leak, pl, ph);
  if (kind & UNIT_NOT_AFFECTED) {
    /* 通 ファイル: only as the labelled damage (`誤送付した件数 1通`) */
    if (!labelled ||
        !lit_in(x, &x->c->leak, opens && has_prev ? pl : lab_lo, c->start))
      return;
  } else if (!(kind & (UNIT_PEOPLE | UNIT_RECORDS))) {
    /* 枚 団体 社: only where the sentence or the line above says so */
    if (!labelled && !sent_leak && !prev_leak)
      return;
    a->score -= 1;
  }

  /* leak context: the sentence, else the headings it stands under, up to
   * the first real heading: list items flagged as headings, `(1) 70名の…`,
   * are skipped, sub-headings (`・卒業生について`) are looked through */
  size_t h = c->sentence, k = 0;
  bool head = false, head_leak = false, head_people = false,
       head_recipient = false;
  while (h > 0 && k < 12) {
    h--;
    k++;
    if (has_count[h] & S_COUNT)
      continue;
    if (!(has_count[h] & S_HEAD_KNOWN))
      has_count[h] |= S_HEAD_KNOWN |
                      (heading_like(s, x->n, &sents[h]) ? S_HEAD : 0);
    if (!(has_count[h] & S_HEAD))
      continue;
    if (!head) {
      head = true;
      head_recipient = recipient_in(x, sents[h].start, sents[h].end);
    }
    head_leak = head_leak || lit_in(x, &x->c->leak, sents[h].start, sents[h].end);
    head_people =
        head_people || lit_in(x, &x->c->people, sents[h].start, sents[h].end);
    if (sents[h].heading)
      break;
  }
  if (sent_leak)
    a->score += 2, a->leak_src = 1;
  else if (head_leak)
    a->score += 2, a->leak_src = 2;
  else if (prev_leak)
    a->score += 2, a->leak_src = 3;
  else if (has_prev && lit_in(x, &x->c->leak, pl, ph))
    a->score += 1, a->leak_src = 3;
  else if (st->section == JIKEN__SEC_DAMAGE)
    a->score += 1, a->leak_src = 4;
  if (head_recipient)
    a->score -= 2;
  if (!sent_leak && (head_people || (has_prev && !ends_at(s, pl, ph, "。") &&
                                     lit_in(x, &x->c->people, pl, ph))))
    a->score += 1;
  if (labelled)
    a->score += 2;
  /* `人分 名分 件分`: so many people's / records' worth of data */
  bool bun = c->unit_end > c->num_start && ends_at(s, 0, c->unit_end, "分");
  if (bun)
    a->score += 1;
  size_t pw = back(s, lab_lo, c->start, 30);
  /* a population noun in the words before it (on its line, list items
   * describe their data before the figure) or right after it */
  size_t pw2 = back(s, lab_lo, c->start, 90);
  if (bun || lit_in(x, &x->c->people, pw2, c->start) ||
      lit_in(x, &x->c->people, c->end, ahead(s, after_end, c->end, 24)))
    a->score += 1;
  /* personal data by the count: its fields (氏名 住所 …) or `N人分` */
  a->personal =
      bun ||
      lit_in(x, &x->c->pii, c->start > lab_lo + 450 ? pw2 : lab_lo, c->start) ||
      lit_in(x, &x->c->pii, c->end, after_end);
  bool total = (c->start < c->num_start && (at(s, x->n, c->start, "計") ||
                                            at(s, x->n, c->start, "合計"))) ||
               re_in(x, x->c->total, lab_lo, c->start, &how_total);
  if (total)
    a->score += 2;
  a->total = total;
  if (ends_at(s, lab_lo, c->start, "合計で") ||
      ends_at(s, lab_lo, c->start, "計で") || at(s, x->n, c->end, "すべて") ||
      at(s, x->n, c->end, "全て") || at(s, x->n, c->end, "全員"))
    a->score += 1;
  /* recipients: `217名の会員様あてに`, `17名の方へ誤って送信`, `送信先:` */
  size_t far = eol;
  if (far > c->end + 150)
    far = c->end + 150;
  while (far > c->end && ((unsigned char)s[far] & 0xC0) == 0x80)
    far--;
  if ((lit_in(x, &x->c->sent_need, c->end, far) &&
       re_in(x, x->c->sent_to, c->end, far, &how_sent_to)) ||
      recipient_in(x, pw, c->start))
    a->score -= 2;
  /* `115名のうち59名`: the whole, of which a part leaked */
  if (at(s, x->n, c->end, "のうち") || at(s, x->n, c->end, "中"))
    a->score -= 2;
  /* `児童111人の保護者89件`: the first count only qualifies the second */
  if (next && next->sentence == c->sentence && next->start == c->end)
    a->score -= 1; /* 78社109名 */
  else if (next && next->sentence == c->sentence && next->start > c->end &&
           next->start - c->end <= 24 && at(s, x->n, c->end, "の")) {
    bool plain = true;
    for (size_t k2 = c->end; k2 < next->start; k2++)
      if (s[k2] == ',' || s[k2] == '(' || s[k2] == ')' ||
          at(s, next->start, k2, "、") || at(s, next->start, k2, "。"))
        plain = false;
    if (plain)
      a->score -= 1;
  }
  /* a subset: `このうち…】=380名`, `うち6名` */
  /* うち is E3 81 86 E3 81 A1: its third byte is rare, found by memchr */
  for (size_t k2 = lab_lo; k2 + 6 <= c->start; k2++) {
    const char *u3 = memchr(s + k2 + 2, 0x86, c->start - 5 - k2);
    if (!u3)
      break;
    k2 = (size_t)(u3 - s) - 2; /* still k2 + 6 <= c->start */
    if (memcmp(s + k2, "うち", 6) == 0 &&
        (k2 + 24 >= c->start ||
         (k2 >= lab_lo + 6 && memcmp(s + k2 - 6, "この", 6) == 0))) {
      a->subset = true;
      a->score -= 1;
      break;
    }
  }
  /* parts of a list: alone at the end of their line, or on an enumerated
   * line */
  size_t le = eol;
  size_t tail = c->end;
  while (tail < le && (s[tail] == ' ' || s[tail] == ')' || s[tail] == ']' ||
                       at(s, le, tail, "】") || at(s, le, tail, "。") ||
                       at(s, le, tail, ")")))
    tail += ((unsigned char)s[tail] < 0x80) ? 1 : 3;
  a->listed =
      (tail == le || enumerated(s, x->n, ln)) && !prev_labelled && !total;
  /* other units carry -1 and need one point less */
  a->eligible = c->value > 0 &&
                a->score >= ((kind & (UNIT_PEOPLE | UNIT_RECORDS)) ? 2 : 1);
}

static int kind_rank(const cand *c) {
  return (c->counter->kind & (UNIT_PEOPLE | UNIT_RECORDS)) ? 1 : 0;
}

/* the higher score; on a tie people/records over other units, then a
 * sentence that itself says the data leaked, then the larger value */
static bool better(const cand *c, const aff_cand *a, const jiken_count *o,
                   const cand *bc, const aff_cand *ba, const jiken_count *bo) {
  if (a->score != ba->score)
    return a->score > ba->score;
  if (kind_rank(c) != kind_rank(bc))
    return kind_rank(c) > kind_rank(bc);
  if ((a->leak_src == 1) != (ba->leak_src == 1))
    return a->leak_src == 1;
  return o->value > bo->value;
}

/* lines between two positions */
static size_t lines_between(const char *s, size_t a, size_t b) {
  size_t n = 0;
  for (size_t k = a; k < b; k++)
    n += s[k] == '\n';
  return n;
}

static int choose_affected(run_ctx *x, const cand *cands, size_t n) {
  jiken_affected *aff = &x->res->affected;
  const jiken_count *outs = x->res->counts.items;
  if (n == 0)
    return JIKEN_OK;
  aff_cand *ac = calloc(n, sizeof *ac);
  uint8_t *has_count = calloc(x->doc->sentences.n + 1, 1);
  if (!ac || !has_count) { /* never a silently missing total */
    free(ac);
    free(has_count);
    return JIKEN_ENOMEM;
  }
  /* sentences holding a count: list items such as `(1) 70名の…` that the
   * segmenter flags as headings are not the heading above a count */
  for (size_t k = 0; k < n; k++)
    has_count[cands[k].sentence] = S_COUNT;
  for (size_t k = 0; k < n; k++)
    score_count(x, &cands[k], k + 1 < n ? &cands[k + 1] : NULL, &outs[k],
                has_count, &ac[k]);
  size_t best = (size_t)-1;
  for (size_t k = 0; k < n; k++) {
    if (!ac[k].eligible)
      continue;
    if (best == (size_t)-1 || better(&cands[k], &ac[k], &outs[k], &cands[best],
                                     &ac[best], &outs[best]))
      best = k;
  }
  if (best == (size_t)-1) {
    free(ac);
    free(has_count);
    return JIKEN_OK;
  }
  const char *unit = outs[best].unit;
  /* parts: the run of listed counts of one unit around the best one, one
   * per line, at most one line without counts between them */
  double sum = 0;
  size_t parts = 0;
  bool all_same = true, summed = false;
  jiken_qualifier sum_q = JIKEN_QUAL_EXACT; /* approx when a part is */
  if (ac[best].listed && !ac[best].subset && !ac[best].total) {
#define PART(k)                                                                \
  (ac[k].eligible && ac[k].listed && !ac[k].subset &&                          \
   ac[k].score + 1 >= ac[best].score && ac[k].leak_src == ac[best].leak_src && \
   ac[k].personal == ac[best].personal && strcmp(outs[k].unit, unit) == 0)
    /* counts that cannot be the population (`1つ以上の情報`) are looked
     * through; any other count, or a gap of more than one line, ends it */
    size_t first = best, last = best;
    for (size_t k = best; k-- > 0;) {
      if (!ac[k].eligible)
        continue;
      if (!PART(k) || ac[k].line == ac[first].line ||
          lines_between(x->s, cands[k].end, cands[first].start) > 2)
        break;
      first = k;
    }
    for (size_t k = best + 1; k < n; k++) {
      if (!ac[k].eligible)
        continue;
      if (!PART(k) || ac[k].line == ac[last].line ||
          lines_between(x->s, cands[last].end, cands[k].start) > 2)
        break;
      last = k;
    }
#undef PART
    for (size_t k = first; k <= last; k++) {
      if (!ac[k].eligible)
        continue;
      if (outs[k].value != outs[best].value)
        all_same = false;
      if (outs[k].qualifier != JIKEN_QUAL_EXACT)
        sum_q = JIKEN_QUAL_APPROX;
      sum += outs[k].value;
      parts++;
    }
  }
  if (parts >= 2 && !all_same) {
    size_t total = (size_t)-1;
    for (size_t k = 0; k < n; k++)
      if (ac[k].eligible && strcmp(outs[k].unit, unit) == 0 &&
          outs[k].value == sum)
        total = k;
    if (total != (size_t)-1)
      best = total;
    else
      summed = true;
  }
  if (!summed && (cands[best].counter->kind & UNIT_RECORDS)) {
    /* 96件(88名), 8,000件(対象となるお客様約7,500名分): the people count,
     * close after it or inside the bracket that follows it */
    for (size_t k = best + 1; k < n; k++) {
      size_t e = cands[best].end, p = cands[k].start;
      bool in_bracket = p <= e + 90 && x->s[e] == '(';
      for (size_t z = e + 1; in_bracket && z < p; z++)
        if (x->s[z] == ')' || x->s[z] == '\n' || at(x->s, p, z, "。"))
          in_bracket = false;
      if (cands[k].sentence != cands[best].sentence ||
          (cands[k].num_start > e + 15 && !in_bracket))
        break;
      if (cands[k].counter->kind & UNIT_PEOPLE) {
        best = k;
        break;
      }
    }
  }
  aff->present = 1;
  aff->value = summed ? sum : outs[best].value;
  aff->unit = outs[best].unit;
  aff->qualifier = summed ? sum_q : outs[best].qualifier;
  aff->summed = summed;
  free(ac);
  free(has_count);
  return JIKEN_OK;
}
