/*
 * extract.c — the pipeline, top to bottom, and the extractor's lifecycle.
 * jiken_extractor_new() loads and compiles everything once (MeCab model,
 * date/count patterns, rule tables); jiken_extract() runs
 *   validate → normalise → segment → tokenise → dates → counts → rules →
 *   structure
 * with per-call state only, so one extractor serves many threads.
 */
#include "config.h"
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The compiled-in defaults: the installed copy, or, when the library runs
 * from its build tree and was never installed, the build tree's own
 * dictionary and rules (both paths fixed at build time; no environment). */
static const char *installed_or_build(const char *installed,
                                      const char *build) {
  return access(installed, F_OK) == 0 || access(build, F_OK) != 0 ? installed
                                                                  : build;
}

void jiken_options_init(jiken_options *opt) {
  if (!opt)
    return;
  memset(opt, 0, sizeof *opt);
}

jiken_extractor *jiken_extractor_new(const jiken_options *opt,
                                     jiken_error *err) {
  jiken_options defaults;
  if (!opt) {
    jiken_options_init(&defaults);
    opt = &defaults;
  }
  jiken_extractor *ex = calloc(1, sizeof *ex);
  if (!ex) {
    jiken__error_set(err, JIKEN_ENOMEM, (size_t)-1, NULL);
    return NULL;
  }
  ex->max_input = opt->max_input ? opt->max_input : JIKEN__DEFAULT_MAX_INPUT;
  if (opt->reference_date) {
    int y, m, d;
    char tail;
    if (strlen(opt->reference_date) != 10 ||
        sscanf(opt->reference_date, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
        m < 1 || m > 12 || d < 1 || d > 31) {
      jiken__error_set(err, JIKEN_EINVAL, (size_t)-1,
                       "reference_date must be YYYY-MM-DD, got \"%s\"",
                       opt->reference_date);
      free(ex);
      return NULL;
    }
    memcpy(ex->reference_date, opt->reference_date, 11);
  }
  const char *dicdir = opt->mecab_dicdir ? opt->mecab_dicdir : JIKEN_MECAB_DICDIR;
  const char *userdic =
      opt->user_dic ? opt->user_dic
                    : installed_or_build(JIKEN_PKGDATADIR "/jiken.dic",
                                         JIKEN_BUILD_USERDIC);
  const char *rules =
      opt->rules_dir ? opt->rules_dir
                     : installed_or_build(JIKEN_PKGDATADIR "/rules",
                                          JIKEN_BUILD_RULES_DIR);
  if (!(ex->normalizer = jiken__normalizer_new(err)) ||
      !(ex->tokenizer = jiken__tokenizer_new(dicdir, userdic, err)) ||
      !(ex->dates = jiken__dates_new(err)) ||
      !(ex->counts = jiken__counts_new(err)) ||
      !(ex->rules = jiken__rules_new(rules, err)) ||
      !(ex->structure = jiken__structure_new(err))) {
    jiken_extractor_free(ex);
    return NULL;
  }
  return ex;
}

void jiken_extractor_free(jiken_extractor *ex) {
  if (!ex)
    return;
  jiken__structure_free(ex->structure);
  jiken__rules_free(ex->rules);
  jiken__counts_free(ex->counts);
  jiken__dates_free(ex->dates);
  jiken__tokenizer_free(ex->tokenizer);
  jiken__normalizer_free(ex->normalizer);
  free(ex);
}

void jiken__doc_free(jiken__doc *doc) {
  jiken__tokenize_release(doc);
  jiken__text_free(&doc->text);
  jiken__vec_free(&doc->sentences);
  jiken__vec_free(&doc->tokens);
  jiken__arena_free(&doc->arena);
}

int jiken__doc_build(const jiken_extractor *ex, const char *text, size_t len,
                     jiken__doc *doc, jiken_error *err) {
  memset(doc, 0, sizeof *doc);
  doc->sentences = (jiken__vec)JIKEN__VEC(jiken__sentence);
  doc->tokens = (jiken__vec)JIKEN__VEC(jiken__token);
  int rc = jiken__normalize_input(ex->normalizer, text, len, ex->max_input,
                                  &doc->text, err);
  if (rc == JIKEN_OK)
    rc = jiken__segment(doc, err);
  if (rc == JIKEN_OK)
    rc = jiken__tokenize(ex->tokenizer, doc, err);
  if (rc != JIKEN_OK)
    jiken__doc_free(doc);
  return rc;
}

int jiken_extract(const jiken_extractor *ex, const char *text, size_t len,
                  uint32_t flags, jiken_result **out, jiken_error *err) {
  (void)flags;
  if (out)
    *out = NULL;
  if (!ex || !out || (!text && len))
    return jiken__error_set(err, JIKEN_EINVAL, (size_t)-1,
                            "jiken_extract: extractor, text and out are "
                            "required");
  jiken__doc doc;
  int rc = jiken__doc_build(ex, text, len, &doc, err);
  if (rc != JIKEN_OK)
    return rc;
  jiken_result *res = jiken__result_new(text, len);
  if (!res) {
    jiken__doc_free(&doc);
    return jiken__error_set(err, JIKEN_ENOMEM, (size_t)-1, NULL);
  }
  /* every stage reads spans against the result's own copy of the input */
  doc.text.orig = res->input;
  rc = jiken__dates_run(ex->dates, &doc, ex->reference_date, res);
  if (rc == JIKEN_OK)
    rc = jiken__counts_run(ex->counts, &doc, res);
  if (rc == JIKEN_OK)
    rc = jiken__rules_run(ex->rules, &doc, res);
  if (rc == JIKEN_OK)
    rc = jiken__structure_run(ex->structure, &doc, res);
  jiken__doc_free(&doc);
  if (rc != JIKEN_OK) {
    jiken_result_free(res);
    return jiken__error_set(err, rc, (size_t)-1, "%s", jiken_strerror(rc));
  }
  *out = res;
  return JIKEN_OK;
}

int jiken_split(const jiken_extractor *ex, const char *text, size_t len,
                jiken_notice_span **out, size_t *n, jiken_error *err) {
  if (out)
    *out = NULL;
  if (n)
    *n = 0;
  if (!ex || !out || !n || (!text && len))
    return jiken__error_set(err, JIKEN_EINVAL, (size_t)-1,
                            "jiken_split: extractor, text, out and n are "
                            "required");
  int rc = jiken_validate(text, len, ex->max_input, err);
  if (rc != JIKEN_OK)
    return rc;
  jiken__vec spans = JIKEN__VEC(jiken_notice_span);
  rc = jiken__split(ex->structure, text, len, &spans, err);
  if (rc != JIKEN_OK) {
    jiken__vec_free(&spans);
    return rc;
  }
  *out = spans.items;
  *n = spans.n;
  return JIKEN_OK;
}
