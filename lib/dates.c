/*
 * dates.c — calendar expressions (SPEC § Dates).
 * Takes: the analysed doc.  Gives: res->dates with original-byte spans.
 * Minimal until the dates issue lands: recognises nothing yet.
 */
#include "internal.h"

#include <stdlib.h>

struct jiken__dates {
  int unused;
};

jiken__dates *jiken__dates_new(jiken_error *err) {
  jiken__dates *d = calloc(1, sizeof *d);
  if (!d)
    jiken__error_set(err, JIKEN_ENOMEM, (size_t)-1, NULL);
  return d;
}

void jiken__dates_free(jiken__dates *d) { free(d); }

int jiken__dates_run(const jiken__dates *d, const jiken__doc *doc,
                     const char *reference_date, jiken_result *res) {
  (void)d;
  (void)doc;
  (void)reference_date;
  (void)res;
  return JIKEN_OK;
}
