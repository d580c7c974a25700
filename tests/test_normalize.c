/* test_normalize.c — NFKC, dash/tilde unification, PDF spacing repair and
 * the offset map back to the original bytes. */
#include "helpers.h"

typedef struct fixture {
  jiken__normalizer *nz;
  jiken__text t;
} fixture;

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  f->nz = jiken__normalizer_new(NULL);
  *state = f;
  return f->nz ? 0 : -1;
}
static int teardown(void **state) {
  fixture *f = *state;
  jiken__normalizer_free(f->nz);
  free(f);
  return 0;
}

static const char *norm(fixture *f, const char *in) {
  jiken__text_free(&f->t);
  assert_int_equal(jiken__normalize(f->nz, in, strlen(in), &f->t, NULL),
                   JIKEN_OK);
  return f->t.norm;
}

/* the original bytes under the normalised substring `what` */
static void assert_maps_to(fixture *f, const char *what, const char *orig) {
  const char *at = strstr(f->t.norm, what);
  assert_non_null(at);
  size_t ns = (size_t)(at - f->t.norm), os, oe;
  jiken__text_span(&f->t, ns, ns + strlen(what), &os, &oe);
  assert_int_equal(oe - os, strlen(orig));
  assert_memory_equal(f->t.orig + os, orig, strlen(orig));
}

static void test_pdf_spacing_date(void **state) {
  fixture *f = *state;
  const char *in = "当社は、2023 年 7 月 28 日、不正アクセスを検知しました。";
  assert_string_equal(norm(f, in),
                      "当社は、2023年7月28日、不正アクセスを検知しました。");
  assert_maps_to(f, "2023年7月28日", "2023 年 7 月 28 日");
  jiken__text_free(&f->t);
}

static void test_pdf_spacing_count_and_words(void **state) {
  fixture *f = *state;
  assert_string_equal(norm(f, "約 60,000 件の個 人 情 報が漏えい"),
                      "約60,000件の個人情報が漏えい");
  assert_maps_to(f, "約60,000件", "約 60,000 件");
  assert_maps_to(f, "個人情報", "個 人 情 報");
  /* spaces between Latin words survive */
  assert_string_equal(norm(f, "EDR(Endpoint Detection and Response)の導入"),
                      "EDR(Endpoint Detection and Response)の導入");
  jiken__text_free(&f->t);
}

static void test_nfkc_radicals_and_fullwidth(void **state) {
  fixture *f = *state;
  /* Kangxi radicals ⽉ ⽇ ⼈ from PDFs, full-width digits and brackets */
  assert_string_equal(norm(f, "12⽉4⽇(⽉)に個⼈情報"), "12月4日(月)に個人情報");
  assert_maps_to(f, "月4日", "⽉4⽇");
  assert_string_equal(norm(f, "令和４年１０月（第２報）"), "令和4年10月(第2報)");
  assert_maps_to(f, "10", "１０");
  assert_string_equal(norm(f, "ｾｷｭﾘﾃｨ"), "セキュリティ");
  jiken__text_free(&f->t);
}

static void test_tildes_and_dashes(void **state) {
  fixture *f = *state;
  assert_string_equal(norm(f, "7月25日〜28日"), "7月25日~28日");
  assert_string_equal(norm(f, "7月25日～28日"), "7月25日~28日");
  assert_string_equal(norm(f, "7月25日∼28日"), "7月25日~28日");
  assert_string_equal(norm(f, "03−1234‐5678"), "03-1234-5678");
  /* the katakana long vowel mark is a letter, not a dash */
  assert_string_equal(norm(f, "サーバー"), "サーバー");
  jiken__text_free(&f->t);
}

static void test_circled_numbers_stay(void **state) {
  fixture *f = *state;
  /* NFKC would make ①2,409件 into 12,409件 */
  assert_string_equal(norm(f, "①2,409件 ②1,082件"), "①2,409件②1,082件");
  jiken__text_free(&f->t);
}

static void test_crlf_and_controls(void **state) {
  fixture *f = *state;
  assert_string_equal(norm(f, "概要\r\n経緯\r原因"), "概要\n経緯\n原因");
  assert_string_equal(norm(f, "紛失\x0c"), "紛失 ");
  /* zero-width characters disappear but spans still map */
  assert_string_equal(norm(f, "不正\xe2\x80\x8bアクセス"), "不正アクセス");
  assert_maps_to(f, "不正アクセス", "不正\xe2\x80\x8bアクセス");
  jiken__text_free(&f->t);
}

static void test_combining_voicing_mark(void **state) {
  fixture *f = *state;
  /* か + combining ゙ composes to が; the span covers both original chars */
  assert_string_equal(norm(f, "ウイルスか\xe3\x82\x99検知"), "ウイルスが検知");
  assert_maps_to(f, "が", "か\xe3\x82\x99");
  jiken__text_free(&f->t);
}

static void test_map_is_monotonic(void **state) {
  fixture *f = *state;
  norm(f, "令和５年１２⽉４⽇（⽉）１３:００ 約 6.5 万人分　個 人 情 報");
  for (size_t i = 1; i < f->t.norm_len; i++) {
    assert_true(f->t.src_start[i] >= f->t.src_start[i - 1]);
    assert_true(f->t.src_end[i] >= f->t.src_start[i]);
  }
  assert_true(f->t.src_end[f->t.norm_len - 1] <= f->t.orig_len);
  jiken__text_free(&f->t);
}

/* every byte of a text NFKC leaves alone maps to its own character, for
 * characters of 1 to 4 bytes (the normaliser copies such runs in bulk) */
static void test_unchanged_text_maps_per_character(void **state) {
  fixture *f = *state;
  const char *in = "株式会社Café東京の𠮟責メール(第2報)";
  assert_string_equal(norm(f, in), in);
  assert_int_equal(f->t.norm_len, strlen(in));
  for (size_t i = 0; i < f->t.norm_len;) {
    size_t len = (unsigned char)in[i] < 0x80   ? 1
                 : (unsigned char)in[i] < 0xE0 ? 2
                 : (unsigned char)in[i] < 0xF0 ? 3
                                               : 4;
    for (size_t k = i; k < i + len; k++) {
      assert_int_equal(f->t.src_start[k], i);
      assert_int_equal(f->t.src_end[k], i + len);
    }
    i += len;
  }
  jiken__text_free(&f->t);
}

/* a combining mark after a plain character joins it, wherever it stands:
 * after ASCII, after kana, at the very end */
static void test_combining_mark_after_plain_run(void **state) {
  fixture *f = *state;
  assert_string_equal(norm(f, "Cafe\xcc\x81の会員サイトでハ\xe3\x82\x99ックアッフ\xe3\x82\x9a"),
                      "Caféの会員サイトでバックアップ");
  assert_maps_to(f, "é", "e\xcc\x81");
  assert_maps_to(f, "バ", "ハ\xe3\x82\x99");
  assert_maps_to(f, "プ", "フ\xe3\x82\x9a");
  jiken__text_free(&f->t);
}

/* invalid UTF-8 after a run of plain text is reported at its first byte */
static void test_invalid_utf8_after_plain_run(void **state) {
  fixture *f = *state;
  static const struct {
    const char *text;
    size_t offset;
  } cases[] = {
      {"不正アクセスを検知\xe0\x80\xafしました", 27}, /* overlong */
      {"不正アクセスを検知\xed\xa0\x80しました", 27}, /* surrogate */
      {"不正アクセスを検知\xc0\xaf", 27},
      {"不正アクセスを検知\xe3\x81", 27},             /* cut at the end */
      {"ABC\x80" "DEF", 3},
  };
  for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
    jiken_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(jiken__normalize(f->nz, cases[k].text,
                                      strlen(cases[k].text), &f->t, &err),
                     JIKEN_EUTF8);
    assert_int_equal(err.offset, cases[k].offset);
  }
}

/* jiken__normalize_input() answers as jiken_validate() then
 * jiken__normalize() would: same code, same offset, same text */
static void test_normalize_input_as_validate(void **state) {
  fixture *f = *state;
  static const struct {
    const char *text;
    size_t len;
  } cases[] = {
      {"個人情報の漏えいについて\n", 0},
      {"第2報\r\n対象者は約1,200名です。\x01\n", 0},
      {"不正アクセスが発生しました。\0のおそれ", 46},
      {"令和５年７月２８日、\xE3\x81ウイルスを検知", 0},
      {"サーバ\xC0\xAFの調査", 0},
      {"\xED\xA0\x80漏洩", 0},
      {"メール\x01\x02\x03\x04誤送信", 0},
      {"\x01\x02\x03\x04\x05\x06\x07", 0},
      {"", 0},
      {"概要\n", 0},
  };
  for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
    const char *in = cases[k].text;
    size_t len = cases[k].len ? cases[k].len : strlen(in);
    size_t max = k == 9 ? 4 : 0; /* the last one is over its limit */
    jiken_error e1, e2;
    memset(&e1, 0, sizeof e1);
    memset(&e2, 0, sizeof e2);
    int want = jiken_validate(in, len, max, &e1);
    jiken__text want_t = {0};
    if (want == JIKEN_OK)
      want = jiken__normalize(f->nz, in, len, &want_t, &e1);
    int got = jiken__normalize_input(f->nz, in, len, max, &f->t, &e2);
    assert_int_equal(got, want);
    if (want != JIKEN_OK) {
      assert_int_equal(e2.offset, e1.offset);
      assert_string_equal(e2.message, e1.message);
      assert_null(f->t.norm);
    } else {
      assert_int_equal(f->t.norm_len, want_t.norm_len);
      assert_memory_equal(f->t.norm, want_t.norm, want_t.norm_len);
      assert_memory_equal(f->t.src_start, want_t.src_start,
                          want_t.norm_len * sizeof *want_t.src_start);
      assert_memory_equal(f->t.src_end, want_t.src_end,
                          want_t.norm_len * sizeof *want_t.src_end);
    }
    jiken__text_free(&want_t);
    jiken__text_free(&f->t);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_pdf_spacing_date),
      cmocka_unit_test(test_pdf_spacing_count_and_words),
      cmocka_unit_test(test_nfkc_radicals_and_fullwidth),
      cmocka_unit_test(test_tildes_and_dashes),
      cmocka_unit_test(test_circled_numbers_stay),
      cmocka_unit_test(test_crlf_and_controls),
      cmocka_unit_test(test_combining_voicing_mark),
      cmocka_unit_test(test_map_is_monotonic),
      cmocka_unit_test(test_unchanged_text_maps_per_character),
      cmocka_unit_test(test_combining_mark_after_plain_run),
      cmocka_unit_test(test_invalid_utf8_after_plain_run),
      cmocka_unit_test(test_normalize_input_as_validate),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
