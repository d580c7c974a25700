/*
 * fuzz_common.h — shared by the fuzz harnesses: one extractor built from the
 * uninstalled dictionary and rules of this tree, created on first use and
 * freed at exit (so LeakSanitizer and valgrind see a clean process).
 */
#ifndef JIKEN_FUZZ_COMMON_H
#define JIKEN_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiken.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_MAX_INPUT ((size_t)64 << 10) /* inputs above 64 KiB are ignored */

static jiken_extractor *fuzz_ex;

static void fuzz_free_extractor(void) {
  jiken_extractor_free(fuzz_ex);
  fuzz_ex = NULL;
}

/* max_input: 0 = library default */
static jiken_extractor *fuzz_extractor(size_t max_input) {
  if (fuzz_ex)
    return fuzz_ex;
  jiken_options opt;
  jiken_options_init(&opt);
  opt.user_dic = JIKEN_TEST_USERDIC;
  opt.rules_dir = JIKEN_TEST_RULES_DIR;
  opt.reference_date = "2024-04-01";
  opt.max_input = max_input;
  jiken_error err;
  fuzz_ex = jiken_extractor_new(&opt, &err);
  if (!fuzz_ex) {
    fprintf(stderr, "fuzz: cannot create the extractor: %s\n", err.message);
    abort();
  }
  atexit(fuzz_free_extractor);
  return fuzz_ex;
}

/* A failed invariant is a bug: report and abort so the fuzzer keeps the
 * input. */
#define FUZZ_CHECK(cond)                                                       \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__,     \
              #cond);                                                          \
      abort();                                                                 \
    }                                                                          \
  } while (0)

#endif
