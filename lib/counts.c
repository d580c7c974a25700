/*
 * counts.c — quantities with counters and the affected total (SPEC § Counts).
 * Takes: the analysed doc.  Gives: res->counts and res->affected.
 * Minimal until the counts issue lands: recognises nothing yet.
 */
#include "internal.h"

#include <stdlib.h>

struct jiken__counts {
  int unused;
};

jiken__counts *jiken__counts_new(jiken_error *err) {
  jiken__counts *c = calloc(1, sizeof *c);
  if (!c)
    jiken__error_set(err, JIKEN_ENOMEM, (size_t)-1, NULL);
  return c;
}

void jiken__counts_free(jiken__counts *c) { free(c); }

int jiken__counts_run(const jiken__counts *c, const jiken__doc *doc,
                      jiken_result *res) {
  (void)c;
  (void)doc;
  (void)res;
  return JIKEN_OK;
}
