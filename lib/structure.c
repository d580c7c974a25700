/*
 * structure.c — notice structure: title, organisation, report number, and
 * splitting a digest into notices.
 * Takes: the analysed doc (or raw text for splitting).  Gives: res->title,
 * res->organization, res->report; notice boundaries.
 * Minimal until the structure issue lands: the whole text is one notice.
 */
#include "internal.h"

#include <stdlib.h>

struct jiken__structure {
  int unused;
};

jiken__structure *jiken__structure_new(jiken_error *err) {
  jiken__structure *s = calloc(1, sizeof *s);
  if (!s)
    jiken__error_set(err, JIKEN_ENOMEM, (size_t)-1, NULL);
  return s;
}

void jiken__structure_free(jiken__structure *s) { free(s); }

int jiken__structure_run(const jiken__structure *s, const jiken__doc *doc,
                         jiken_result *res) {
  (void)s;
  (void)doc;
  (void)res;
  return JIKEN_OK;
}

int jiken__split(const jiken__structure *s, const char *text, size_t len,
                 jiken__vec *spans, jiken_error *err) {
  (void)s;
  (void)text;
  jiken_notice_span *sp = jiken__vec_push(spans);
  if (!sp)
    return jiken__error_set(err, JIKEN_ENOMEM, (size_t)-1, NULL);
  sp->start = 0;
  sp->end = len;
  return JIKEN_OK;
}
