/* test_alloc.c — every allocation failure on the library's own paths gives
 * JIKEN_ENOMEM (or a NULL from a constructor) and frees what was taken.
 *
 * Linked with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc: the wrap
 * applies to the library objects (libjiken-core is linked statically) and
 * this file, not to MeCab, ICU or jansson (MeCab throws std::bad_alloc,
 * which no C caller can survive).  Each run first counts the allocations of
 * a successful call, then fails the 1st, 2nd, … nth in turn (the jansson
 * malloc-chaos practice).  Leaks show under make check-valgrind and the
 * ASan build (LeakSanitizer). */
#include "helpers.h"

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);

static long countdown = -1; /* fail when it reaches 0; -1 = never */
static long calls;

static bool fail_now(void) {
  calls++;
  return countdown >= 0 && countdown-- == 0;
}
void *__wrap_malloc(size_t size) {
  return fail_now() ? NULL : __real_malloc(size);
}
void *__wrap_calloc(size_t n, size_t size) {
  return fail_now() ? NULL : __real_calloc(n, size);
}
void *__wrap_realloc(void *p, size_t size) {
  return fail_now() ? NULL : __real_realloc(p, size);
}

static const char notice[] =
    "【お詫び】不正アクセスによる個人情報漏えいについて\n株式会社テスト商会\n"
    "1.概要\n2024年3月5日、当社サーバへの不正アクセスを検知し、顧客の氏名、"
    "住所など約1,200件が流出した可能性があります。\n2.原因\nVPN機器の"
    "脆弱性を悪用されました。\n3.再発防止策\n多要素認証を導入します。\n";

static void test_extract_alloc_failures(void **state) {
  const jiken_extractor *ex = *state;
  jiken_result *res = NULL;
  calls = 0;
  assert_int_equal(jiken_extract(ex, notice, sizeof notice - 1, 0, &res, NULL),
                   JIKEN_OK);
  char *want = jiken_result_to_json(res, 0);
  assert_non_null(want);
  jiken_result_free(res);
  long total = calls;
  assert_true(total > 5);
  long enomem = 0;
  for (long k = 0; k < total; k++) {
    jiken_error err;
    countdown = k;
    int rc = jiken_extract(ex, notice, sizeof notice - 1, 0, &res, &err);
    countdown = -1;
    if (rc == JIKEN_OK) {
      /* a failure the library may absorb must not change the answer */
      char *got = jiken_result_to_json(res, 0);
      bool same = got && strcmp(got, want) == 0;
      jiken_free(got);
      jiken_result_free(res);
      if (!same) {
        jiken_free(want);
        fail_msg("allocation %ld failed, jiken_extract said JIKEN_OK and "
                 "returned a different result (a failure was swallowed)",
                 k + 1);
      }
    } else {
      assert_int_equal(rc, JIKEN_ENOMEM);
      assert_null(res);
      assert_int_equal(err.code, JIKEN_ENOMEM);
      enomem++;
    }
  }
  printf("# %ld allocations in one extraction, %ld failures gave ENOMEM\n",
         total, enomem);
  assert_true(enomem > 0);
  jiken_free(want);
}

static void test_json_alloc_failures(void **state) {
  const jiken_extractor *ex = *state;
  jiken_result *res = NULL;
  assert_int_equal(jiken_extract(ex, notice, sizeof notice - 1, 0, &res, NULL),
                   JIKEN_OK);
  /* jiken_result_to_json writes into one buffer it grows with realloc */
  calls = 0;
  char *want = jiken_result_to_json(res, JIKEN_JSON_PRETTY);
  assert_non_null(want);
  long total = calls;
  assert_true(total >= 1);
  for (long k = 0; k < total; k++) {
    countdown = k;
    char *got = jiken_result_to_json(res, JIKEN_JSON_PRETTY);
    countdown = -1;
    assert_null(got);
  }
  jiken_free(want);
  /* and the split path */
  for (long k = 0; k < 8; k++) {
    jiken_notice_span *spans = NULL;
    size_t n = 99;
    countdown = k;
    int rc = jiken_split(ex, notice, sizeof notice - 1, &spans, &n, NULL);
    countdown = -1;
    if (rc == JIKEN_OK) {
      assert_true(n >= 1);
    } else {
      assert_int_equal(rc, JIKEN_ENOMEM);
      assert_null(spans);
      assert_int_equal(n, 0);
    }
    jiken_free(spans);
  }
  jiken_result_free(res);
}

static void test_extractor_new_alloc_failures(void **state) {
  (void)state;
  jiken_options opt;
  jiken_options_init(&opt);
  opt.user_dic = JIKEN_TEST_USERDIC;
  opt.rules_dir = JIKEN_TEST_RULES_DIR;
  calls = 0;
  jiken_extractor *ex = jiken_extractor_new(&opt, NULL);
  assert_non_null(ex);
  jiken_extractor_free(ex);
  long total = calls;
  /* each try loads the MeCab model: keep it to the first allocations */
  if (total > 40)
    total = 40;
  for (long k = 0; k < total; k++) {
    jiken_error err;
    countdown = k;
    ex = jiken_extractor_new(&opt, &err);
    countdown = -1;
    if (ex) {
      jiken_extractor_free(ex);
    } else {
      assert_int_equal(err.code, JIKEN_ENOMEM);
    }
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_extract_alloc_failures),
      cmocka_unit_test(test_json_alloc_failures),
      cmocka_unit_test(test_extractor_new_alloc_failures),
  };
  return cmocka_run_group_tests(tests, setup_extractor, teardown_extractor);
}
