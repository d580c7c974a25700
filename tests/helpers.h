/* helpers.h — shared by the cmocka unit tests: an extractor that uses the
 * uninstalled dictionary and rules of this build tree. */
#ifndef JIKEN_TEST_HELPERS_H
#define JIKEN_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static inline jiken_extractor *test_extractor(void) {
  jiken_options opt;
  jiken_options_init(&opt);
  opt.user_dic = JIKEN_TEST_USERDIC;
  opt.rules_dir = JIKEN_TEST_RULES_DIR;
  jiken_error err;
  jiken_extractor *ex = jiken_extractor_new(&opt, &err);
  if (!ex)
    fprintf(stderr, "test_extractor: %s\n", err.message);
  return ex;
}

/* cmocka group setup/teardown keeping one extractor in *state */
static inline int setup_extractor(void **state) {
  *state = test_extractor();
  return *state ? 0 : -1;
}
static inline int teardown_extractor(void **state) {
  jiken_extractor_free(*state);
  return 0;
}

/* extract a C string; fails the test on error */
static inline jiken_result *extract_str(void **state, const char *text) {
  jiken_result *res = NULL;
  jiken_error err;
  int rc = jiken_extract(*state, text, strlen(text), 0, &res, &err);
  if (rc != JIKEN_OK)
    fprintf(stderr, "extract: %s\n", err.message);
  assert_int_equal(rc, JIKEN_OK);
  assert_non_null(res);
  return res;
}

/* the original bytes of a span */
static inline int span_is(const char *text, size_t start, size_t end,
                          const char *want) {
  size_t n = strlen(want);
  return end - start == n && memcmp(text + start, want, n) == 0;
}

#endif
