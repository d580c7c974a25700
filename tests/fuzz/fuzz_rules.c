/*
 * fuzz_rules.c — libFuzzer harness for the rule-table loader.
 *
 * At start-up the tree's dict/rules/NAME.rules files are copied into a private
 * temporary directory.  Each input replaces one of them (chosen by the first
 * byte; the rest of the input is the file's new content), then
 * jiken__rules_new(dir, &err) loads the directory.  A loader failure must
 * carry a rule-file error code and a message; a table that loads is run on a
 * fixed notice, so patterns the fuzzer makes up are matched too.  The
 * original file is put back after every input.
 */
#define _DEFAULT_SOURCE /* mkdtemp */
#include "fuzz_common.h"

#include "internal.h"

#include <dirent.h>
#include <unistd.h>

#define MAX_FILES 32

static char dir[64];
static struct {
  char name[256];
  char *body;
  size_t len;
} files[MAX_FILES];
static size_t nfiles;
static jiken__doc doc;
static int have_doc;

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 4096, n = 0, got;
  char *buf = malloc(cap);
  while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      char *p = realloc(buf, cap *= 2);
      if (!p)
        free(buf);
      buf = p;
    }
  }
  fclose(f);
  *len = n;
  return buf;
}

static void spew(const char *name, const void *data, size_t len) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  if (!f || (len && fwrite(data, 1, len, f) != len) || fclose(f) != 0) {
    perror(path);
    abort();
  }
}

static void cleanup(void) {
  char path[512];
  for (size_t i = 0; i < nfiles; i++) {
    snprintf(path, sizeof path, "%s/%.255s", dir, files[i].name);
    unlink(path);
    free(files[i].body);
  }
  snprintf(path, sizeof path, "%s/extra.rules", dir);
  unlink(path);
  rmdir(dir);
  if (have_doc)
    jiken__doc_free(&doc);
}

static void setup(void) {
  strcpy(dir, "/tmp/jiken-fuzz-rules-XXXXXX");
  if (!mkdtemp(dir)) {
    perror("mkdtemp");
    abort();
  }
  DIR *d = opendir(JIKEN_TEST_RULES_DIR);
  struct dirent *e;
  while (d && (e = readdir(d)) && nfiles < MAX_FILES) {
    size_t k = strlen(e->d_name);
    if (k < 7 || k >= sizeof files[0].name ||
        strcmp(e->d_name + k - 6, ".rules") != 0)
      continue;
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", JIKEN_TEST_RULES_DIR, e->d_name);
    files[nfiles].body = slurp(path, &files[nfiles].len);
    if (!files[nfiles].body)
      continue;
    strcpy(files[nfiles].name, e->d_name);
    spew(files[nfiles].name, files[nfiles].body, files[nfiles].len);
    nfiles++;
  }
  if (d)
    closedir(d);
  static const char notice[] =
      "【お詫び】不正アクセスによる個人情報漏えいについて\n"
      "1.概要\n2024年3月5日、当社サーバがランサムウェアに感染し、"
      "顧客の氏名、住所、クレジットカード番号など約1,200件が流出した可能"
      "性があります。\n2.原因\nVPN機器の脆弱性を悪用されました。\n"
      "3.再発防止策\n多要素認証を導入し、警察および個人情報保護委員会に"
      "報告いたしました。\n";
  jiken_error err;
  if (jiken__doc_build(fuzz_extractor(0), notice, sizeof notice - 1, &doc,
                       &err) != JIKEN_OK) {
    fprintf(stderr, "fuzz_rules: %s\n", err.message);
    abort();
  }
  have_doc = 1;
  atexit(cleanup);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > FUZZ_MAX_INPUT)
    return 0;
  if (!dir[0])
    setup();
  /* first byte: which file the rest replaces (past the end: a new file) */
  size_t which = size ? data[0] % (nfiles + 1) : nfiles;
  const char *name = which < nfiles ? files[which].name : "extra.rules";
  if (size)
    data++, size--;
  spew(name, data, size);

  jiken_error err;
  memset(&err, 0, sizeof err);
  jiken__rules *r = jiken__rules_new(dir, &err);
  if (!r) {
    FUZZ_CHECK(err.code < 0);
    FUZZ_CHECK(strcmp(jiken_err_name(err.code), "UNKNOWN") != 0);
    FUZZ_CHECK(err.message[0] != '\0');
    FUZZ_CHECK(err.line >= 0 && err.column >= 0);
    FUZZ_CHECK(memchr(err.file, '\0', sizeof err.file) != NULL);
  } else {
    jiken_result *res = jiken__result_new(doc.text.orig, doc.text.orig_len);
    FUZZ_CHECK(res != NULL);
    int rc = jiken__rules_run(r, &doc, res);
    FUZZ_CHECK(rc == JIKEN_OK || rc == JIKEN_ENOMEM);
    jiken_result_free(res);
    jiken__rules_free(r);
  }

  /* put the tree back as it was */
  if (which < nfiles) {
    spew(name, files[which].body, files[which].len);
  } else {
    char path[512];
    snprintf(path, sizeof path, "%s/extra.rules", dir);
    unlink(path);
  }
  return 0;
}
