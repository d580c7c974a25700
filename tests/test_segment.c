/* test_segment.c — sentences, headings and sections; tokens per sentence. */
#include "config.h"
#include "helpers.h"

#include <mecab.h>
#include <stdbool.h>

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

/* Every token of doc against MeCab run directly on the same sentence
 * (each under 1 KiB, so one MeCab piece); returns the number of distinct
 * dictionary entries (feature strings) seen. */
static size_t check_tokens_against_mecab(const jiken__doc *doc) {
  const char *argv[] = {"t", "-r", "/dev/null", "-d", JIKEN_MECAB_DICDIR,
                        "-u", JIKEN_TEST_USERDIC};
  mecab_model_t *model = mecab_model_new(7, (char **)argv);
  assert_non_null(model);
  mecab_t *tagger = mecab_model_new_tagger(model);
  mecab_lattice_t *lat = mecab_model_new_lattice(model);
  const char **seen = calloc(doc->tokens.n + 1, sizeof *seen);
  assert_non_null(seen);
  size_t nseen = 0;
  const jiken__sentence *sent = doc->sentences.items;
  const jiken__token *tok = doc->tokens.items;
  for (size_t si = 0; si < doc->sentences.n; si++) {
    assert_true(sent[si].end - sent[si].start < 1024);
    mecab_lattice_set_sentence2(lat, doc->text.norm + sent[si].start,
                                sent[si].end - sent[si].start);
    assert_true(mecab_parse_lattice(tagger, lat));
    size_t k = sent[si].tok_first;
    for (const mecab_node_t *nd = mecab_lattice_get_bos_node(lat); nd;
         nd = nd->next) {
      if (nd->stat == MECAB_BOS_NODE || nd->stat == MECAB_EOS_NODE)
        continue;
      assert_true(k < sent[si].tok_first + sent[si].tok_count);
      const jiken__token *t = &tok[k++];
      assert_int_equal(t->end - t->start, nd->length);
      assert_memory_equal(t->surface, nd->surface, nd->length);
      assert_int_equal(strlen(t->surface), nd->length);
      assert_int_equal(strlen(t->pos), t->pos_len);
      assert_int_equal(strlen(t->pos1), t->pos1_len);
      assert_int_equal(strlen(t->base), t->base_len);
      /* feature = pos,pos1,pos2,pos3,conj,form,base,... */
      char want[512];
      snprintf(want, sizeof want, "%s,%s,", t->pos, t->pos1);
      assert_memory_equal(nd->feature, want, strlen(want));
      const char *f = nd->feature;
      for (int commas = 0; *f && commas < 6; f++)
        commas += *f == ',';
      size_t blen = strcspn(f, ",");
      if (blen == 1 && *f == '*')
        assert_string_equal(t->base, t->surface);
      else {
        assert_int_equal(strlen(t->base), blen);
        assert_memory_equal(t->base, f, blen);
      }
      bool dup = false;
      for (size_t j = 0; j < nseen && !dup; j++)
        dup = seen[j] == nd->feature;
      if (!dup)
        seen[nseen++] = nd->feature;
    }
    assert_int_equal(k, sent[si].tok_first + sent[si].tok_count);
  }
  free(seen);
  mecab_lattice_destroy(lat);
  mecab_destroy(tagger);
  mecab_model_destroy(model);
  return nseen;
}

static void test_tokens_match_mecab(void **state) {
  const char *t =
      "当社サーバーへの不正アクセスについて\n"
      "2024年3月5日、当社が運用するサーバーが第三者による不正アクセスを受け、"
      "ランサムウェアに感染したことを確認いたしました。\n"
      "お客様の氏名、住所、電話番号が漏えいした可能性がございます。\n"
      "外部の専門機関による調査を進めております。";
  jiken__doc doc;
  assert_int_equal(jiken__doc_build(*state, t, strlen(t), &doc, NULL),
                   JIKEN_OK);
  assert_true(doc.tokens.n > 40);
  assert_true(check_tokens_against_mecab(&doc) > 30);
  jiken__doc_free(&doc);
}

/* Tokens take their POS and base form from a per-tagger cache of
 * dictionary entries, emptied at the start of a call once it holds its
 * limit; past the limit within one notice, entries are cut out for that
 * notice alone.  With the limit set to 40, a notice of a few hundred
 * distinct words runs through both paths, three times over. */
static void test_tokens_when_lexeme_cache_overflows(void **state) {
  jiken_extractor *ex = *state;
  jiken__tokenizer_set_lexeme_limit(ex->tokenizer, 40);
  const char *t =
      "弊社が運営する通販サイトにおいて、外部からの不正アクセスにより、"
      "お客様のクレジットカード情報が流出した可能性があることが判明しました。\n"
      "流出した可能性のある情報は、カード名義人名、カード番号、有効期限、"
      "セキュリティコードです。\n"
      "同年6月上旬、カード会社から不正利用の懸念について連絡を受け、"
      "直ちにサイトでのカード決済を停止いたしました。\n"
      "第三者調査機関による調査の結果、システムの脆弱性を突いた攻撃により"
      "決済アプリケーションが改ざんされていたことが原因と判明しました。\n"
      "個人情報保護委員会へ報告するとともに、所轄の警察署へ被害を申告しております。\n"
      "今後は監視体制を強化し、再発防止に努めてまいります。";
  for (int round = 0; round < 3; round++) {
    jiken__doc doc;
    assert_int_equal(jiken__doc_build(ex, t, strlen(t), &doc, NULL),
                     JIKEN_OK);
    assert_true(check_tokens_against_mecab(&doc) > 80); /* > 2 x 40 */
    jiken__doc_free(&doc);
  }
  jiken__tokenizer_set_lexeme_limit(ex->tokenizer, (size_t)-1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_sentences_and_sections),
      cmocka_unit_test(test_dates_are_not_headings),
      cmocka_unit_test(test_heading_keywords),
      cmocka_unit_test(test_tokens_use_user_dictionary),
      cmocka_unit_test(test_tokens_match_mecab),
      cmocka_unit_test(test_tokens_when_lexeme_cache_overflows),
  };
  return cmocka_run_group_tests(tests, setup_extractor, teardown_extractor);
}
