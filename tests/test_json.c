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

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_record_shape),
      cmocka_unit_test(test_finding_span_text_is_original_bytes),
      cmocka_unit_test(test_nulls_and_pretty),
  };
  return cmocka_run_group_tests(tests, setup_extractor, teardown_extractor);
}
