/* test_api.c — public API lifecycle: options, constructor errors, NULL-safe
 * frees, accessors, versions. */
#include "helpers.h"

static void test_version(void **state) {
  (void)state;
  assert_int_equal(jiken_version_hex(), JIKEN_VERSION_HEX);
  char want[32];
  snprintf(want, sizeof want, "%d.%d.%d", JIKEN_VERSION_MAJOR,
           JIKEN_VERSION_MINOR, JIKEN_VERSION_PATCH);
  assert_string_equal(jiken_version(), want);
}

static void test_null_frees(void **state) {
  (void)state;
  jiken_result_free(NULL);
  jiken_extractor_free(NULL);
  jiken_free(NULL);
  size_t n = 99;
  assert_null(jiken_result_dates(NULL, &n));
  assert_int_equal(n, 0);
  assert_null(jiken_result_to_json(NULL, 0));
}

static void test_missing_dictionary(void **state) {
  (void)state;
  jiken_options opt;
  jiken_options_init(&opt);
  opt.mecab_dicdir = "/nonexistent/ipadic";
  opt.user_dic = JIKEN_TEST_USERDIC;
  opt.rules_dir = JIKEN_TEST_RULES_DIR;
  jiken_error err;
  assert_null(jiken_extractor_new(&opt, &err));
  assert_int_equal(err.code, JIKEN_EMECAB);
  assert_non_null(strstr(err.message, "/nonexistent/ipadic"));
}

static void test_missing_rules_dir(void **state) {
  (void)state;
  jiken_options opt;
  jiken_options_init(&opt);
  opt.user_dic = JIKEN_TEST_USERDIC;
  opt.rules_dir = "/nonexistent/rules";
  jiken_error err;
  assert_null(jiken_extractor_new(&opt, &err));
  assert_int_equal(err.code, JIKEN_EIO);
  assert_non_null(strstr(err.message, "/nonexistent/rules"));
}

static void test_bad_reference_date(void **state) {
  (void)state;
  jiken_options opt;
  jiken_options_init(&opt);
  opt.user_dic = JIKEN_TEST_USERDIC;
  opt.rules_dir = JIKEN_TEST_RULES_DIR;
  opt.reference_date = "2023/07/28";
  jiken_error err;
  assert_null(jiken_extractor_new(&opt, &err));
  assert_int_equal(err.code, JIKEN_EINVAL);
  assert_non_null(strstr(err.message, "YYYY-MM-DD"));
}

static void test_extract_keeps_input_copy(void **state) {
  char text[] = "個人情報を含むUSBメモリの紛失について";
  jiken_result *res = extract_str(state, text);
  text[0] = 'X'; /* the caller's buffer may change or go away */
  size_t len;
  const char *in = jiken_result_input(res, &len);
  assert_int_equal(len, strlen(text));
  assert_memory_equal(in, "個人情報", strlen("個人情報"));
  jiken_result_free(res);
}

static void test_split_plain_text_is_one_notice(void **state) {
  const char *t = "不正アクセスに関するお知らせ\n本文です。";
  jiken_notice_span *spans;
  size_t n;
  assert_int_equal(jiken_split(*state, t, strlen(t), &spans, &n, NULL),
                   JIKEN_OK);
  assert_true(n >= 1);
  assert_int_equal(spans[0].start, 0);
  assert_int_equal(spans[n - 1].end, strlen(t));
  jiken_free(spans);
  assert_int_equal(jiken_split(*state, "\xff", 1, &spans, &n, NULL),
                   JIKEN_EUTF8);
}

static void test_many_extractions_share_one_extractor(void **state) {
  for (int i = 0; i < 50; i++) {
    jiken_result *res =
        extract_str(state, "2023年7月28日、約60,000件の個人データが漏えい。");
    jiken_result_free(res);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_version),
      cmocka_unit_test(test_null_frees),
      cmocka_unit_test(test_missing_dictionary),
      cmocka_unit_test(test_missing_rules_dir),
      cmocka_unit_test(test_bad_reference_date),
      cmocka_unit_test(test_extract_keeps_input_copy),
      cmocka_unit_test(test_split_plain_text_is_one_notice),
      cmocka_unit_test(test_many_extractions_share_one_extractor),
  };
  return cmocka_run_group_tests(tests, setup_extractor, teardown_extractor);
}
