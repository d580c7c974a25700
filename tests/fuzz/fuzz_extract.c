/*
 * fuzz_extract.c — libFuzzer harness for the whole pipeline: arbitrary bytes
 * through jiken_validate, jiken_extract, jiken_result_to_json and
 * jiken_split on one shared extractor.
 *
 * Invariants checked (a violation aborts, so the fuzzer keeps the input):
 *   - jiken_extract fails exactly when jiken_validate does, with the same
 *     code: valid text is never refused;
 *   - on failure *out is NULL, err.code is the return code and the message
 *     is set; on success every span lies inside the input on UTF-8
 *     character boundaries;
 *   - the JSON is produced (jansson refuses invalid UTF-8, so a span cutting
 *     a character shows up here too);
 *   - jiken_split's spans are ordered, disjoint and inside the input.
 */
#include "fuzz_common.h"

static int is_boundary(const uint8_t *s, size_t n, size_t i) {
  return i == 0 || i >= n || (s[i] & 0xC0) != 0x80;
}

static void check_span(const uint8_t *s, size_t n, size_t start, size_t end) {
  FUZZ_CHECK(start <= end);
  FUZZ_CHECK(end <= n);
  FUZZ_CHECK(is_boundary(s, n, start));
  FUZZ_CHECK(is_boundary(s, n, end));
}

static void check_findings(const uint8_t *s, size_t n, const jiken_finding *f,
                           size_t k) {
  for (size_t i = 0; i < k; i++) {
    FUZZ_CHECK(f[i].category && f[i].category[0]);
    check_span(s, n, f[i].start, f[i].end);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > FUZZ_MAX_INPUT)
    return 0;
  const jiken_extractor *ex = fuzz_extractor(0);
  const char *text = (const char *)data;

  jiken_error verr;
  int vrc = jiken_validate(text, size, 0, &verr);

  jiken_result *res = (jiken_result *)&res; /* must be reset to NULL */
  jiken_error err;
  int rc = jiken_extract(ex, text, size, 0, &res, &err);
  FUZZ_CHECK(rc == vrc);
  if (rc != JIKEN_OK) {
    FUZZ_CHECK(res == NULL);
    FUZZ_CHECK(err.code == rc);
    FUZZ_CHECK(err.message[0] != '\0');
    FUZZ_CHECK(strcmp(jiken_err_name(rc), "UNKNOWN") != 0);
    FUZZ_CHECK(err.offset == (size_t)-1 || err.offset <= size);
  } else {
    FUZZ_CHECK(res != NULL);
    size_t n, len;
    const char *in = jiken_result_input(res, &len);
    FUZZ_CHECK(len == size && memcmp(in, data, size) == 0);
    const jiken_date *d = jiken_result_dates(res, &n);
    for (size_t i = 0; i < n; i++) {
      check_span(data, size, d[i].start, d[i].end);
      FUZZ_CHECK(memchr(d[i].from, '\0', sizeof d[i].from));
      FUZZ_CHECK(memchr(d[i].to, '\0', sizeof d[i].to));
      FUZZ_CHECK(memchr(d[i].time, '\0', sizeof d[i].time));
    }
    const jiken_count *c = jiken_result_counts(res, &n);
    for (size_t i = 0; i < n; i++)
      check_span(data, size, c[i].start, c[i].end);
    const jiken_finding *f = jiken_result_causes(res, &n);
    check_findings(data, size, f, n);
    f = jiken_result_countermeasures(res, &n);
    check_findings(data, size, f, n);
    f = jiken_result_data_items(res, &n);
    check_findings(data, size, f, n);
    f = jiken_result_reported_to(res, &n);
    check_findings(data, size, f, n);
    char *json = jiken_result_to_json(res, size & 1 ? JIKEN_JSON_PRETTY : 0);
    FUZZ_CHECK(json != NULL);
    FUZZ_CHECK(strncmp(json, "{", 1) == 0);
    jiken_free(json);
    jiken_result_free(res);
  }

  jiken_notice_span *spans = NULL;
  size_t ns = 0;
  rc = jiken_split(ex, text, size, &spans, &ns, &err);
  FUZZ_CHECK(rc == vrc);
  if (rc == JIKEN_OK) {
    size_t prev = 0;
    for (size_t i = 0; i < ns; i++) {
      check_span(data, size, spans[i].start, spans[i].end);
      FUZZ_CHECK(spans[i].start >= prev);
      prev = spans[i].end;
    }
  } else {
    FUZZ_CHECK(spans == NULL && ns == 0);
  }
  jiken_free(spans);
  return 0;
}
