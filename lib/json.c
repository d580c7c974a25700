/*
 * json.c — last stage: the result as a jiken-1 JSON object (SPEC.md).
 * Takes: a finished jiken_result.  Gives: a NUL-terminated string the caller
 * frees with jiken_free().  Built with jansson, so escaping is never ours.
 * Missing scalars are null, never omitted; arrays keep document order.
 */
#include "internal.h"

#include <jansson.h>
#include <string.h>

static json_t *span_text(const jiken_result *res, size_t s, size_t e) {
  if (e > res->input_len)
    e = res->input_len;
  if (s > e)
    s = e;
  return json_stringn(res->input + s, e - s);
}

static json_t *str_or_null(const char *s) {
  return s ? json_string(s) : json_null();
}

static int set(json_t *obj, const char *key, json_t *val) {
  return val ? json_object_set_new(obj, key, val) : -1;
}

static json_t *findings_json(const jiken_result *res, const jiken__vec *v,
                             bool with_negated) {
  json_t *arr = json_array();
  const jiken_finding *f = v->items;
  for (size_t i = 0; arr && i < v->n; i++) {
    json_t *o = json_object();
    if (!o || set(o, "category", json_string(f[i].category)) ||
        (with_negated && set(o, "negated", json_boolean(f[i].negated))) ||
        set(o, "text", span_text(res, f[i].start, f[i].end)) ||
        set(o, "start", json_integer((json_int_t)f[i].start)) ||
        set(o, "end", json_integer((json_int_t)f[i].end)) ||
        json_array_append_new(arr, o)) {
      json_decref(o);
      json_decref(arr);
      return NULL;
    }
  }
  return arr;
}

static json_t *dates_json(const jiken_result *res) {
  json_t *arr = json_array();
  const jiken_date *d = res->dates.items;
  for (size_t i = 0; arr && i < res->dates.n; i++) {
    json_t *o = json_object();
    if (!o || set(o, "text", span_text(res, d[i].start, d[i].end)) ||
        set(o, "start", json_integer((json_int_t)d[i].start)) ||
        set(o, "end", json_integer((json_int_t)d[i].end)) ||
        set(o, "from", json_string(d[i].from)) ||
        set(o, "to", json_string(d[i].to)) ||
        set(o, "precision", json_string(jiken_precision_name(d[i].precision))) ||
        set(o, "time", d[i].time[0] ? json_string(d[i].time) : json_null()) ||
        set(o, "year_inferred", json_boolean(d[i].year_inferred)) ||
        set(o, "approximate", json_boolean(d[i].approximate)) ||
        set(o, "role", json_string(jiken_role_name(d[i].role))) ||
        json_array_append_new(arr, o)) {
      json_decref(o);
      json_decref(arr);
      return NULL;
    }
  }
  return arr;
}

static json_t *counts_json(const jiken_result *res) {
  json_t *arr = json_array();
  const jiken_count *c = res->counts.items;
  for (size_t i = 0; arr && i < res->counts.n; i++) {
    json_t *o = json_object();
    if (!o || set(o, "text", span_text(res, c[i].start, c[i].end)) ||
        set(o, "start", json_integer((json_int_t)c[i].start)) ||
        set(o, "end", json_integer((json_int_t)c[i].end)) ||
        set(o, "value", json_real(c[i].value)) ||
        set(o, "value_max",
            c[i].has_value_max ? json_real(c[i].value_max) : json_null()) ||
        set(o, "unit", str_or_null(c[i].unit)) ||
        set(o, "qualifier", json_string(jiken_qualifier_name(c[i].qualifier))) ||
        set(o, "subject", str_or_null(c[i].subject)) ||
        json_array_append_new(arr, o)) {
      json_decref(o);
      json_decref(arr);
      return NULL;
    }
  }
  return arr;
}

static json_t *result_json(const jiken_result *res) {
  json_t *root = json_object();
  if (!root)
    return NULL;
  json_t *report = json_null(), *affected = json_null();
  if (res->report.present)
    report = json_pack("{s:o,s:b}", "number",
                       res->report.number ? json_integer(res->report.number)
                                          : json_null(),
                       "final", res->report.final);
  if (res->affected.present)
    affected = json_pack(
        "{s:f,s:o,s:s,s:b}", "value", res->affected.value, "unit",
        str_or_null(res->affected.unit), "qualifier",
        jiken_qualifier_name(res->affected.qualifier), "summed",
        res->affected.summed);
  if (set(root, "schema", json_string(JIKEN_SCHEMA)) ||
      set(root, "title", str_or_null(res->title)) ||
      set(root, "organization", str_or_null(res->organization)) ||
      set(root, "report", report) ||
      set(root, "leak_status",
          json_string(jiken_leak_status_name(res->leak_status))) ||
      set(root, "affected", affected) || set(root, "dates", dates_json(res)) ||
      set(root, "counts", counts_json(res)) ||
      set(root, "causes", findings_json(res, &res->causes, false)) ||
      set(root, "countermeasures",
          findings_json(res, &res->countermeasures, false)) ||
      set(root, "data_items", findings_json(res, &res->data_items, true)) ||
      set(root, "reported_to", findings_json(res, &res->reported_to, false))) {
    json_decref(root);
    return NULL;
  }
  return root;
}

char *jiken_result_to_json(const jiken_result *res, uint32_t flags) {
  if (!res)
    return NULL;
  json_t *root = result_json(res);
  if (!root)
    return NULL;
  size_t jf = JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15);
  jf |= (flags & JIKEN_JSON_PRETTY) ? JSON_INDENT(2) : JSON_COMPACT;
  char *s = json_dumps(root, jf);
  json_decref(root);
  return s; /* malloc'd by jansson's default allocator: jiken_free() */
}
