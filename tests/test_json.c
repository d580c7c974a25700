/* test_json.c — the JSON record has the jiken-1 shape: every key present,
 * missing scalars null, span text equal to the original bytes. */
#include "helpers.h"

#include <jansson.h>

static json_t *to_json(jiken_result *res) {
  char *s = jiken_result_to_json(res, 0);
  assert_non_null(s);
  json_error_t e;
  json_t *root = json_loads(s, 0, &e);
  jiken_free(s);
  assert_non_null(root);
  return root;
}

static void test_record_shape(void **state) {
  jiken_result *res = extract_str(state, "お客様情報の取り扱いについて");
  json_t *root = to_json(res);
  static const char *const keys[] = {
      "schema", "title",  "organization",    "report",     "leak_status",
      "affected", "dates", "counts", "causes", "countermeasures",
      "data_items", "reported_to"};
  for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
    assert_non_null(json_object_get(root, keys[i]));
  assert_string_equal(json_string_value(json_object_get(root, "schema")),
                      "jiken-1");
  assert_true(json_is_array(json_object_get(root, "dates")));
  assert_true(json_is_string(json_object_get(root, "leak_status")));
  json_decref(root);
  jiken_result_free(res);
}

static void test_finding_span_text_is_original_bytes(void **state) {
  /* PDF spacing in the original; the finding is located in normalised text */
  const char *text = "当社は ラ ン サ ム ウ ェ ア 攻撃を受けました。";
  jiken__doc doc;
  assert_int_equal(jiken__doc_build(*state, text, strlen(text), &doc, NULL),
                   JIKEN_OK);
  const char *at = strstr(doc.text.norm, "ランサムウェア");
  assert_non_null(at);
  size_t ns = (size_t)(at - doc.text.norm);
  jiken_result *res = jiken__result_new(text, strlen(text));
  assert_int_equal(jiken__result_add_finding(res, &res->causes, &doc.text,
                                             "ransomware", ns,
                                             ns + strlen("ランサムウェア"), 0),
                   JIKEN_OK);
  /* the same category again is not added twice */
  assert_int_equal(jiken__result_add_finding(res, &res->causes, &doc.text,
                                             "ransomware", 0, 3, 0),
                   JIKEN_OK);
  jiken__doc_free(&doc);
  json_t *root = to_json(res);
  json_t *causes = json_object_get(root, "causes");
  assert_int_equal(json_array_size(causes), 1);
  json_t *c = json_array_get(causes, 0);
  assert_string_equal(json_string_value(json_object_get(c, "category")),
                      "ransomware");
  assert_string_equal(json_string_value(json_object_get(c, "text")),
                      "ラ ン サ ム ウ ェ ア");
  size_t s = (size_t)json_integer_value(json_object_get(c, "start"));
  size_t e = (size_t)json_integer_value(json_object_get(c, "end"));
  assert_true(span_is(text, s, e, "ラ ン サ ム ウ ェ ア"));
  json_decref(root);
  jiken_result_free(res);
}

static void test_nulls_and_pretty(void **state) {
  jiken_result *res = extract_str(state, "お知らせ");
  json_t *root = to_json(res);
  assert_true(json_is_null(json_object_get(root, "affected")));
  assert_true(json_is_null(json_object_get(root, "report")));
  json_decref(root);
  char *pretty = jiken_result_to_json(res, JIKEN_JSON_PRETTY);
  assert_non_null(strchr(pretty, '\n'));
  jiken_free(pretty);
  jiken_result_free(res);
}

/* ---- the writer: escaping, numbers, layout, allocation failure ---------- */

/* the library's writer calls realloc(); tests/test_json is linked with
 * -Wl,--wrap=realloc so a countdown can make the n-th call fail */
void *__real_realloc(void *p, size_t n);
void *__wrap_realloc(void *p, size_t n);
static int realloc_fail_at = -1; /* 0: the next call fails; -1: never */
void *__wrap_realloc(void *p, size_t n) {
  if (realloc_fail_at >= 0 && realloc_fail_at-- == 0)
    return NULL;
  return __real_realloc(p, n);
}

/* a finding over original bytes [s,e) of res->input, no doc needed */
static void push_finding(jiken__vec *v, const char *category, size_t s,
                         size_t e, int negated) {
  jiken_finding *f = jiken__vec_push(v);
  assert_non_null(f);
  f->category = category;
  f->start = s;
  f->end = e;
  f->negated = negated;
}

static void test_span_text_escaping(void **state) {
  (void)state;
  /* a notice line quoting a phishing mail subject, with a path, a tab, a
   * line break and two stray control bytes from a broken PDF */
  const char *text = "件名「\"【重要】パスワード更新\"」のメールを開封し、"
                     "C:\\Users\\共有\tフォルダ\r\nに\b保存\f\x01\x1f\x7f後";
  jiken_result *res = jiken__result_new(text, strlen(text));
  assert_non_null(res);
  push_finding(&res->causes, "phishing", 0, strlen(text), 0);
  res->title = jiken__arena_strndup(&res->arena, "お詫び\"続報\"",
                                    strlen("お詫び\"続報\""));
  assert_non_null(res->title);
  char *s = jiken_result_to_json(res, 0);
  assert_non_null(s);
  /* the exact bytes: RFC 8259 short escapes, \u00XX in upper case for the
   * other controls, DEL and all UTF-8 unescaped */
  assert_non_null(strstr(
      s, "\"text\":\"件名「\\\"【重要】パスワード更新\\\"」のメールを開封し、"
         "C:\\\\Users\\\\共有\\tフォルダ\\r\\nに\\b保存\\f\\u0001\\u001F\x7f"
         "後\",\"start\":0,"));
  assert_non_null(strstr(s, "\"title\":\"お詫び\\\"続報\\\"\","));
  /* and the value reads back as the original bytes */
  json_error_t e;
  json_t *root = json_loads(s, 0, &e);
  assert_non_null(root);
  json_t *t = json_object_get(json_array_get(json_object_get(root, "causes"),
                                             0),
                              "text");
  assert_int_equal(json_string_length(t), strlen(text));
  assert_memory_equal(json_string_value(t), text, strlen(text));
  assert_string_equal(json_string_value(json_object_get(root, "title")),
                      "お詫び\"続報\"");
  json_decref(root);
  jiken_free(s);
  jiken_result_free(res);
}

/* reals print as jansson's JSON_REAL_PRECISION(15) does */
static void test_reals_as_jansson(void **state) {
  (void)state;
  static const double values[] = {60000.0, 1200.0, 65000.0, 0.5, 2.5,
                                  1e20,    1.5e-7, 123456789012345.0,
                                  0.1,     3.0,    -5.0,  -0.0, 0.0,
                                  999999999999999.0, 1e15, 1234567.25,
                                  -2.5e-3};
  const char *text = "約6万件";
  jiken_result *res = jiken__result_new(text, strlen(text));
  assert_non_null(res);
  for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
    jiken_count *c = jiken__vec_push(&res->counts);
    assert_non_null(c);
    c->start = 0;
    c->end = strlen(text);
    c->value = values[i];
    c->value_max = values[i] * 3;
    c->has_value_max = 1;
  }
  char *s = jiken_result_to_json(res, 0);
  assert_non_null(s);
  assert_non_null(strstr(s, "\"value\":60000.0,\"value_max\":180000.0,"));
  assert_non_null(strstr(s, "\"value\":0.5,\"value_max\":1.5,"));
  assert_non_null(strstr(s, "\"value\":1e20,\"value_max\":3e20,"));
  assert_non_null(strstr(s, "\"value\":1.5e-7,"));
  for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
    json_t *r = json_real(values[i]);
    char *want = json_dumps(r, JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
    char key[80];
    snprintf(key, sizeof key, "\"value\":%s,", want);
    assert_non_null(strstr(s, key));
    free(want);
    json_decref(r);
  }
  jiken_free(s);
  jiken_result_free(res);
}

/* both layouts are byte for byte what jansson dumps for the same values */
static void test_layout_as_jansson(void **state) {
  jiken_result *res = extract_str(
      state, "株式会社テスト商事\n\n第2報 不正アクセスによる個人情報漏えいのお知らせ\n\n"
             "2024年3月5日\n\n当社サーバーが2024年2月下旬にランサムウェア攻撃を受け、"
             "お客様の氏名、住所、電話番号約1,200件が流出した可能性があります。"
             "なお、クレジットカード情報は含まれておりません。"
             "警察に相談し、個人情報保護委員会へ報告いたしました。");
  /* every kind of member is there: nested objects, reals, arrays */
  assert_true(res->report.present && res->affected.present);
  assert_true(res->dates.n > 0 && res->counts.n > 0 && res->data_items.n > 0);
  size_t flags = JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15);
  for (int pretty = 0; pretty <= 1; pretty++) {
    char *s = jiken_result_to_json(res, pretty ? JIKEN_JSON_PRETTY : 0);
    assert_non_null(s);
    json_error_t e;
    json_t *root = json_loads(s, 0, &e);
    assert_non_null(root);
    char *want = json_dumps(root, flags | (pretty ? JSON_INDENT(2)
                                                  : JSON_COMPACT));
    assert_string_equal(s, want);
    free(want);
    json_decref(root);
    jiken_free(s);
  }
  jiken_result_free(res);
}

static void test_allocation_failure_returns_null(void **state) {
  (void)state;
  const char *text = "当社は\"ランサムウェア\"攻撃を受けました。";
  jiken_result *res = jiken__result_new(text, strlen(text));
  assert_non_null(res);
  /* enough findings that the buffer has to grow several times */
  for (int i = 0; i < 400; i++)
    push_finding(&res->countermeasures, "monitoring", 0, strlen(text), 0);
  char *ok = jiken_result_to_json(res, JIKEN_JSON_PRETTY);
  assert_non_null(ok);
  assert_true(strlen(ok) > 8 * 4096);
  /* the first allocation, then each growth in turn fails: NULL, nothing
   * leaked (ASan); once k passes the last growth the record is whole */
  int k = 0;
  for (;; k++) {
    realloc_fail_at = k;
    char *s = jiken_result_to_json(res, JIKEN_JSON_PRETTY);
    realloc_fail_at = -1;
    if (s) {
      assert_string_equal(s, ok);
      jiken_free(s);
      break;
    }
    assert_true(k < 64);
  }
  assert_true(k >= 4); /* the first allocation and at least three growths */
  jiken_free(ok);
  jiken_result_free(res);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_record_shape),
      cmocka_unit_test(test_finding_span_text_is_original_bytes),
      cmocka_unit_test(test_nulls_and_pretty),
      cmocka_unit_test(test_span_text_escaping),
      cmocka_unit_test(test_reals_as_jansson),
      cmocka_unit_test(test_layout_as_jansson),
      cmocka_unit_test(test_allocation_failure_returns_null),
  };
  return cmocka_run_group_tests(tests, setup_extractor, teardown_extractor);
}
