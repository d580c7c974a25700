/* test_input.c — input validation: every kind of bad input gets its own
 * code and the byte offset of the first bad byte. */
#include "helpers.h"

static void test_valid_japanese(void **state) {
  (void)state;
  const char *t = "2023年7月28日、不正アクセスを検知しました。";
  assert_int_equal(jiken_validate(t, strlen(t), 0, NULL), JIKEN_OK);
}

static void test_empty(void **state) {
  (void)state;
  jiken_error err;
  assert_int_equal(jiken_validate("", 0, 0, &err), JIKEN_EEMPTY);
  assert_int_equal(err.code, JIKEN_EEMPTY);
}

static void test_invalid_utf8_offsets(void **state) {
  (void)state;
  jiken_error err;
  /* bad byte at start, middle and end */
  assert_int_equal(jiken_validate("\xff漏えい", 10, 0, &err), JIKEN_EUTF8);
  assert_int_equal(err.offset, 0);
  const char mid[] = "漏えい\x80です";
  assert_int_equal(jiken_validate(mid, sizeof mid - 1, 0, &err), JIKEN_EUTF8);
  assert_int_equal(err.offset, 9);
  const char end[] = "紛失\xe3\x81"; /* truncated sequence */
  assert_int_equal(jiken_validate(end, sizeof end - 1, 0, &err), JIKEN_EUTF8);
  assert_int_equal(err.offset, 6);
  assert_non_null(strstr(err.message, "offset 6"));
}

static void test_overlong_and_surrogates(void **state) {
  (void)state;
  jiken_error err;
  const char overlong[] = "a\xc0\xaf";
  assert_int_equal(jiken_validate(overlong, 3, 0, &err), JIKEN_EUTF8);
  assert_int_equal(err.offset, 1);
  const char cesu[] = "\xed\xa0\x80\xed\xb0\x80"; /* surrogate pair, CESU-8 */
  assert_int_equal(jiken_validate(cesu, 6, 0, &err), JIKEN_EUTF8);
  assert_int_equal(err.offset, 0);
  const char above[] = "\xf4\x90\x80\x80"; /* > U+10FFFF */
  assert_int_equal(jiken_validate(above, 4, 0, &err), JIKEN_EUTF8);
}

static void test_nul_byte(void **state) {
  (void)state;
  jiken_error err;
  const char t[] = "個人情報\0の漏えい";
  assert_int_equal(jiken_validate(t, sizeof t - 1, 0, &err), JIKEN_ENUL);
  assert_int_equal(err.offset, 12);
}

static void test_size_limit(void **state) {
  (void)state;
  jiken_error err;
  const char *t = "不正アクセスに関するお知らせ";
  assert_int_equal(jiken_validate(t, strlen(t), 10, &err), JIKEN_ETOOBIG);
  assert_non_null(strstr(err.message, "limit"));
}

static void test_binary(void **state) {
  (void)state;
  unsigned char junk[256];
  for (int i = 0; i < 256; i++)
    junk[i] = (unsigned char)(i % 32 == 0 ? 1 : (i % 31) + 1);
  jiken_error err;
  assert_int_equal(jiken_validate((const char *)junk, sizeof junk, 0, &err),
                   JIKEN_EBINARY);
  /* one stray form feed from a PDF page break is still text */
  const char *t = "第1報\f第2報について";
  assert_int_equal(jiken_validate(t, strlen(t), 0, NULL), JIKEN_OK);
}

static void test_extract_reports_errors(void **state) {
  jiken_result *res = (jiken_result *)0x1;
  jiken_error err;
  const char bad[] = "令和5年\xff";
  assert_int_equal(jiken_extract(*state, bad, sizeof bad - 1, 0, &res, &err),
                   JIKEN_EUTF8);
  assert_null(res);
  assert_int_equal(err.offset, 10); /* 令和5年 is 10 bytes */
  assert_int_equal(jiken_extract(*state, "", 0, 0, &res, &err), JIKEN_EEMPTY);
  assert_int_equal(jiken_extract(*state, NULL, 5, 0, &res, &err),
                   JIKEN_EINVAL);
}

static void test_extract_size_limit_option(void **state) {
  (void)state;
  jiken_options opt;
  jiken_options_init(&opt);
  opt.user_dic = JIKEN_TEST_USERDIC;
  opt.rules_dir = JIKEN_TEST_RULES_DIR;
  opt.max_input = 16;
  jiken_extractor *ex = jiken_extractor_new(&opt, NULL);
  assert_non_null(ex);
  jiken_result *res;
  jiken_error err;
  const char *t = "当社サーバへの不正アクセスについて";
  assert_int_equal(jiken_extract(ex, t, strlen(t), 0, &res, &err),
                   JIKEN_ETOOBIG);
  assert_int_equal(jiken_extract(ex, "紛失", 6, 0, &res, &err), JIKEN_OK);
  jiken_result_free(res);
  jiken_extractor_free(ex);
}

static void test_error_names(void **state) {
  (void)state;
  assert_string_equal(jiken_err_name(JIKEN_EUTF8), "EUTF8");
  assert_string_equal(jiken_strerror(JIKEN_ENUL), "NUL byte in input");
  assert_string_equal(jiken_err_name(12345), "UNKNOWN");
  assert_non_null(jiken_strerror(-999));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_valid_japanese),
      cmocka_unit_test(test_empty),
      cmocka_unit_test(test_invalid_utf8_offsets),
      cmocka_unit_test(test_overlong_and_surrogates),
      cmocka_unit_test(test_nul_byte),
      cmocka_unit_test(test_size_limit),
      cmocka_unit_test(test_binary),
      cmocka_unit_test(test_extract_reports_errors),
      cmocka_unit_test(test_extract_size_limit_option),
      cmocka_unit_test(test_error_names),
  };
  return cmocka_run_group_tests(tests, setup_extractor, teardown_extractor);
}
