/* test_segment.c — sentences, headings and sections; tokens per sentence. */
#include "helpers.h"

static const char notice[] =
    "当社サーバへの不正アクセスに関するお知らせ\n"
    "このたび、当社サーバが不正アクセスを受けました。深くお詫び申し上げます。\n"
    "1.発覚の経緯\n"
    "2024年3月5日、システム監視により異常を検知しました。\n"
    "■原因\n"
    "VPN機器の脆弱性が悪用されました。\n"
    "(2)再発防止策\n"
    "多要素認証を導入いたします。\n"
    "【お問い合わせ先】\n"
    "電話 0120-000-000\n";

static const jiken__sentence *find(const jiken__doc *doc, const char *start) {
  const jiken__sentence *s = doc->sentences.items;
  for (size_t i = 0; i < doc->sentences.n; i++)
    if (strncmp(doc->text.norm + s[i].start, start, strlen(start)) == 0)
      return &s[i];
  return NULL;
}

static void test_sentences_and_sections(void **state) {
  jiken__doc doc;
  assert_int_equal(jiken__doc_build(*state, notice, strlen(notice), &doc, NULL),
                   JIKEN_OK);
  const jiken__sentence *s;
  assert_non_null(s = find(&doc, "このたび"));
  assert_false(s->heading);
  assert_int_equal(s->section, JIKEN__SEC_NONE);
  /* two sentences on one line */
  assert_non_null(s = find(&doc, "深くお詫び"));
  assert_non_null(s = find(&doc, "1.発覚の経緯"));
  assert_true(s->heading);
  assert_int_equal(s->section, JIKEN__SEC_TIMELINE);
  assert_non_null(s = find(&doc, "2024年3月5日"));
  assert_false(s->heading);
  assert_int_equal(s->section, JIKEN__SEC_TIMELINE);
  assert_non_null(s = find(&doc, "VPN機器"));
  assert_int_equal(s->section, JIKEN__SEC_CAUSE);
  assert_non_null(s = find(&doc, "多要素認証"));
  assert_int_equal(s->section, JIKEN__SEC_PREVENTION);
  assert_non_null(s = find(&doc, "電話"));
  assert_int_equal(s->section, JIKEN__SEC_CONTACT);
  jiken__doc_free(&doc);
}

static void test_dates_are_not_headings(void **state) {
  const char *t = "2023.7.28 不正アクセスを確認\n1. 概要\n";
  jiken__doc doc;
  assert_int_equal(jiken__doc_build(*state, t, strlen(t), &doc, NULL),
                   JIKEN_OK);
  const jiken__sentence *s = doc.sentences.items;
  assert_int_equal(doc.sentences.n, 2);
  assert_false(s[0].heading);
  assert_true(s[1].heading);
  assert_int_equal(s[1].section, JIKEN__SEC_OVERVIEW);
  jiken__doc_free(&doc);
}

/* the keyword that comes first in the section table wins, wherever it
 * stands in the heading; long lines and lines with 。 are no headings */
static void test_heading_keywords(void **state) {
  const char *t = "■流出の原因\n"
                  "外部の攻撃者によるものでした。\n"
                  "■被害の概要\n"
                  "□対応状況\n"
                  "●調査は継続中です。\n"
                  "経緯と概要と対策と原因と影響について順にご説明する前に、"
                  "まず当社の体制を申し上げます\n"
                  "𠮷田支店の件です!次に進みます。\n";
  jiken__doc doc;
  assert_int_equal(jiken__doc_build(*state, t, strlen(t), &doc, NULL),
                   JIKEN_OK);
  const jiken__sentence *s;
  assert_non_null(s = find(&doc, "■流出の原因"));
  assert_true(s->heading);
  assert_int_equal(s->section, JIKEN__SEC_CAUSE);
  assert_non_null(s = find(&doc, "外部の攻撃者"));
  assert_int_equal(s->section, JIKEN__SEC_CAUSE);
  assert_non_null(s = find(&doc, "■被害の概要"));
  assert_int_equal(s->section, JIKEN__SEC_DAMAGE);
  assert_non_null(s = find(&doc, "□対応状況"));
  assert_true(s->heading);
  assert_int_equal(s->section, JIKEN__SEC_RESPONSE);
  assert_non_null(s = find(&doc, "●調査は"));
  assert_false(s->heading);
  assert_non_null(s = find(&doc, "経緯と概要"));
  assert_false(s->heading);
  assert_int_equal(s->section, JIKEN__SEC_RESPONSE);
  /* a 4-byte character before the sentence end */
  assert_non_null(s = find(&doc, "𠮷田支店"));
  assert_int_equal(s->end - s->start, strlen("𠮷田支店の件です!"));
  assert_non_null(s = find(&doc, "次に進みます。"));
  jiken__doc_free(&doc);
}

static void test_tokens_use_user_dictionary(void **state) {
  const char *t = "ランサムウェアにより多要素認証を導入し、誤送信を防ぎます。";
  jiken__doc doc;
  assert_int_equal(jiken__doc_build(*state, t, strlen(t), &doc, NULL),
                   JIKEN_OK);
  const jiken__token *tok = doc.tokens.items;
  bool ransom = false, mfa = false, missend = false, base = false;
  for (size_t i = 0; i < doc.tokens.n; i++) {
    ransom |= strcmp(tok[i].surface, "ランサムウェア") == 0;
    mfa |= strcmp(tok[i].surface, "多要素認証") == 0;
    missend |= strcmp(tok[i].surface, "誤送信") == 0;
    /* 防ぎ → base form 防ぐ */
    base |= strcmp(tok[i].surface, "防ぎ") == 0 &&
            strcmp(tok[i].base, "防ぐ") == 0 && strcmp(tok[i].pos, "動詞") == 0;
    /* token offsets point at their surface in the normalised text */
    assert_memory_equal(doc.text.norm + tok[i].start, tok[i].surface,
                        tok[i].end - tok[i].start);
  }
  assert_true(ransom);
  assert_true(mfa);
  assert_true(missend);
  assert_true(base);
  jiken__doc_free(&doc);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_sentences_and_sections),
      cmocka_unit_test(test_dates_are_not_headings),
      cmocka_unit_test(test_heading_keywords),
      cmocka_unit_test(test_tokens_use_user_dictionary),
  };
  return cmocka_run_group_tests(tests, setup_extractor, teardown_extractor);
}
