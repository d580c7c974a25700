/*
 * rules.c — rule tables from dict/rules/NAME.rules (causes, countermeasures,
 * data items, authorities, leak status).
 * Takes: the analysed doc.  Gives: res->causes, countermeasures, data_items,
 * reported_to, leak_status.
 * Minimal until the rule-table issue lands: checks the directory exists.
 */
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct jiken__rules {
  int unused;
};

jiken__rules *jiken__rules_new(const char *rules_dir, jiken_error *err) {
  DIR *dir = opendir(rules_dir);
  if (!dir) {
    jiken__error_set(err, JIKEN_EIO, (size_t)-1,
                     "cannot open rules directory %s: %s", rules_dir,
                     strerror(errno));
    return NULL;
  }
  closedir(dir);
  jiken__rules *r = calloc(1, sizeof *r);
  if (!r)
    jiken__error_set(err, JIKEN_ENOMEM, (size_t)-1, NULL);
  return r;
}

void jiken__rules_free(jiken__rules *r) { free(r); }

int jiken__rules_run(const jiken__rules *r, const jiken__doc *doc,
                     jiken_result *res) {
  (void)r;
  (void)doc;
  (void)res;
  return JIKEN_OK;
}
