/*
 * result.c — the jiken_result object: an arena for its strings, growable
 * arrays for its items, and the public accessors.
 * Takes: items from the extractor stages.  Gives: const views to the caller;
 * jiken_result_free() releases everything at once.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* ---- arena ------------------------------------------------------------- */
struct jiken__arena_block {
  jiken__arena_block *next;
  size_t used, cap;
  max_align_t data[]; /* aligned storage */
};

#define ARENA_BLOCK ((size_t)16384)

void *jiken__arena_alloc(jiken__arena *a, size_t size) {
  size = (size + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
  jiken__arena_block *b = a->head;
  if (!b || b->cap - b->used < size) {
    size_t cap = size > ARENA_BLOCK ? size : ARENA_BLOCK;
    b = malloc(sizeof *b + cap);
    if (!b)
      return NULL;
    b->cap = cap;
    b->used = 0;
    b->next = a->head;
    a->head = b;
  }
  void *p = (char *)b->data + b->used;
  b->used += size;
  return p;
}

char *jiken__arena_strndup(jiken__arena *a, const char *s, size_t n) {
  char *p = jiken__arena_alloc(a, n + 1);
  if (p) {
    memcpy(p, s, n);
    p[n] = '\0';
  }
  return p;
}

void jiken__arena_free(jiken__arena *a) {
  jiken__arena_block *b = a->head;
  while (b) {
    jiken__arena_block *next = b->next;
    free(b);
    b = next;
  }
  a->head = NULL;
}

/* ---- vec --------------------------------------------------------------- */
int jiken__vec_reserve(jiken__vec *v, size_t extra) {
  if (v->cap - v->n >= extra)
    return 0;
  size_t cap = v->cap ? v->cap : 8;
  while (cap - v->n < extra)
    cap *= 2;
  void *p = realloc(v->items, cap * v->size);
  if (!p)
    return -1;
  v->items = p;
  v->cap = cap;
  return 0;
}

void *jiken__vec_push(jiken__vec *v) {
  if (v->n == v->cap) {
    size_t cap = v->cap ? v->cap * 2 : 8;
    void *p = realloc(v->items, cap * v->size);
    if (!p)
      return NULL;
    v->items = p;
    v->cap = cap;
  }
  void *slot = (char *)v->items + v->n * v->size;
  memset(slot, 0, v->size);
  v->n++;
  return slot;
}

void jiken__vec_free(jiken__vec *v) {
  free(v->items);
  v->items = NULL;
  v->n = v->cap = 0;
}

/* ---- result ------------------------------------------------------------ */
jiken_result *jiken__result_new(const char *input, size_t len) {
  jiken_result *res = calloc(1, sizeof *res);
  if (!res)
    return NULL;
  res->input = malloc(len + 1);
  if (!res->input) {
    free(res);
    return NULL;
  }
  memcpy(res->input, input, len);
  res->input[len] = '\0';
  res->input_len = len;
  res->dates = (jiken__vec)JIKEN__VEC(jiken_date);
  res->counts = (jiken__vec)JIKEN__VEC(jiken_count);
  res->causes = (jiken__vec)JIKEN__VEC(jiken_finding);
  res->countermeasures = (jiken__vec)JIKEN__VEC(jiken_finding);
  res->data_items = (jiken__vec)JIKEN__VEC(jiken_finding);
  res->reported_to = (jiken__vec)JIKEN__VEC(jiken_finding);
  res->leak_status = JIKEN_LEAK_UNKNOWN;
  return res;
}

void jiken_result_free(jiken_result *res) {
  if (!res)
    return;
  jiken__vec_free(&res->dates);
  jiken__vec_free(&res->counts);
  jiken__vec_free(&res->causes);
  jiken__vec_free(&res->countermeasures);
  jiken__vec_free(&res->data_items);
  jiken__vec_free(&res->reported_to);
  jiken__arena_free(&res->arena);
  free(res->input);
  free(res);
}

int jiken__result_add_finding(jiken_result *res, jiken__vec *list,
                              const jiken__text *t, const char *category,
                              size_t ns, size_t ne, int negated) {
  jiken_finding *f = list->items;
  for (size_t i = 0; i < list->n; i++)
    if (f[i].negated == negated && strcmp(f[i].category, category) == 0)
      return JIKEN_OK; /* first evidence wins */
  jiken_finding *slot = jiken__vec_push(list);
  if (!slot)
    return JIKEN_ENOMEM;
  slot->category = jiken__arena_strndup(&res->arena, category, strlen(category));
  if (!slot->category)
    return JIKEN_ENOMEM;
  jiken__text_span(t, ns, ne, &slot->start, &slot->end);
  slot->negated = negated;
  return JIKEN_OK;
}

#define ACCESSOR(fn, type, field)                                              \
  const type *fn(const jiken_result *res, size_t *n) {                         \
    *n = res ? res->field.n : 0;                                               \
    return res ? (const type *)res->field.items : NULL;                        \
  }
ACCESSOR(jiken_result_dates, jiken_date, dates)
ACCESSOR(jiken_result_counts, jiken_count, counts)
ACCESSOR(jiken_result_causes, jiken_finding, causes)
ACCESSOR(jiken_result_countermeasures, jiken_finding, countermeasures)
ACCESSOR(jiken_result_data_items, jiken_finding, data_items)
ACCESSOR(jiken_result_reported_to, jiken_finding, reported_to)
#undef ACCESSOR

const char *jiken_result_title(const jiken_result *res) {
  return res ? res->title : NULL;
}
const char *jiken_result_organization(const jiken_result *res) {
  return res ? res->organization : NULL;
}
jiken_report jiken_result_report(const jiken_result *res) {
  jiken_report none = {0, 0, 0};
  return res ? res->report : none;
}
jiken_affected jiken_result_affected(const jiken_result *res) {
  jiken_affected none = {0, 0, NULL, JIKEN_QUAL_EXACT, 0};
  return res ? res->affected : none;
}
jiken_leak_status jiken_result_leak_status(const jiken_result *res) {
  return res ? res->leak_status : JIKEN_LEAK_UNKNOWN;
}
const char *jiken_result_input(const jiken_result *res, size_t *len) {
  if (len)
    *len = res ? res->input_len : 0;
  return res ? res->input : NULL;
}

void jiken_free(void *p) { free(p); }

const char *jiken_precision_name(jiken_precision p) {
  static const char *const names[] = {"day",  "xun",         "month", "quarter",
                                      "half", "fiscal_year", "year"};
  return (unsigned)p < sizeof names / sizeof *names ? names[p] : "day";
}
const char *jiken_role_name(jiken_date_role r) {
  static const char *const names[] = {"other", "occurred", "detected",
                                      "reported", "published"};
  return (unsigned)r < sizeof names / sizeof *names ? names[r] : "other";
}
const char *jiken_qualifier_name(jiken_qualifier q) {
  static const char *const names[] = {"exact",   "approx", "at_least",
                                      "over",    "at_most", "under",
                                      "vague",   "cumulative"};
  return (unsigned)q < sizeof names / sizeof *names ? names[q] : "exact";
}
const char *jiken_leak_status_name(jiken_leak_status s) {
  static const char *const names[] = {"unknown", "confirmed", "suspected",
                                      "none"};
  return (unsigned)s < sizeof names / sizeof *names ? names[s] : "unknown";
}
