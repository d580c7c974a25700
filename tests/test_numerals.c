/* test_numerals.c — numbers as notices write them. */
#include "helpers.h"

static double num(const char *s, unsigned flags, size_t *used) {
  double v = -1;
  *used = jiken__parse_number(s, strlen(s), flags, &v);
  return v;
}

#define ASSERT_NUM(text, flags, want, want_used)                               \
  do {                                                                         \
    size_t used_;                                                              \
    double v_ = num(text, flags, &used_);                                      \
    assert_int_equal(used_, want_used);                                        \
    assert_true(v_ == (double)(want));                                         \
  } while (0)

static void test_ascii(void **state) {
  (void)state;
  ASSERT_NUM("60,000件", JIKEN__NUM_ALL, 60000, 6);
  ASSERT_NUM("2,409件", JIKEN__NUM_ALL, 2409, 5);
  ASSERT_NUM("6.5万人分", JIKEN__NUM_ALL, 65000, 6);
  /* commas only group thousands: 1,2 is two numbers */
  ASSERT_NUM("1,2", JIKEN__NUM_ALL, 1, 1);
  /* dates must not read 2023.7 as a decimal */
  ASSERT_NUM("2023.7.28", JIKEN__NUM_COMMA, 2023, 4);
}

static void test_kanji(void **state) {
  (void)state;
  ASSERT_NUM("六万五千人", JIKEN__NUM_ALL, 65000, 12);
  ASSERT_NUM("二千四百九件", JIKEN__NUM_ALL, 2409, 15);
  ASSERT_NUM("二〇二三年", JIKEN__NUM_ALL, 2023, 12);
  ASSERT_NUM("十八日", JIKEN__NUM_ALL, 18, 6);
  ASSERT_NUM("十月", JIKEN__NUM_ALL, 10, 3);
  ASSERT_NUM("1億2千万円", JIKEN__NUM_ALL, 120000000, 11);
  ASSERT_NUM("約3万件", JIKEN__NUM_ALL, -1, 0);
  /* without the KANJI flag kanji are not numbers */
  ASSERT_NUM("五件", JIKEN__NUM_COMMA, -1, 0);
}

static void test_limits(void **state) {
  (void)state;
  char big[520];
  memset(big, '9', 500);
  strcpy(big + 500, "件");
  ASSERT_NUM(big, JIKEN__NUM_ALL, -1, 0);
  ASSERT_NUM("999999999999999件", JIKEN__NUM_ALL, 999999999999999.0, 15);
  ASSERT_NUM("万件", JIKEN__NUM_ALL, -1, 0);
}

/* plain digit runs take a short path: it must read exactly what the
 * general reader reads, at its edges too */
static void test_digit_runs(void **state) {
  (void)state;
  ASSERT_NUM("2023年7月", 0, 2023, 4);
  ASSERT_NUM("28日", JIKEN__NUM_ALL, 28, 2);
  ASSERT_NUM("123456789012345件", JIKEN__NUM_ALL, 123456789012345.0, 15);
  /* 16 digits: too many; but leading zeros are no significant digits */
  ASSERT_NUM("1234567890123456件", JIKEN__NUM_ALL, -1, 0);
  ASSERT_NUM("0000000000000001件", JIKEN__NUM_ALL, 1, 16);
  /* what may continue a number, with and without the flags for it */
  ASSERT_NUM("3千人", JIKEN__NUM_ALL, 3000, 4);
  ASSERT_NUM("3千人", JIKEN__NUM_COMMA, 3, 1);
  ASSERT_NUM("5万件", JIKEN__NUM_ALL, 50000, 4);
  ASSERT_NUM("5万件", JIKEN__NUM_KANJI, 5, 1);
  ASSERT_NUM("12,345名", 0, 12, 2);
  ASSERT_NUM("12,345名", JIKEN__NUM_COMMA, 12345, 6);
  ASSERT_NUM("7.5%", 0, 7, 1);
  ASSERT_NUM("7.5%", JIKEN__NUM_DECIMAL, 7.5, 3);
  ASSERT_NUM("9", JIKEN__NUM_ALL, 9, 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_ascii),
      cmocka_unit_test(test_kanji),
      cmocka_unit_test(test_limits),
      cmocka_unit_test(test_digit_runs),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
