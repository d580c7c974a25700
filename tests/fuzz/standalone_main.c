/*
 * standalone_main.c — replays inputs through a fuzz harness without
 * libFuzzer, so `make check` builds every harness with the normal compiler
 * (and the sanitizers when configured) and runs its seed corpus and the
 * regression inputs of past crashes (the PCRE2/jansson/utf8proc practice).
 *
 *   replay_NAME [FILE|DIR]...   each file, or every file in each directory;
 *                               no arguments: tests/fuzz/corpus/NAME and
 *                               tests/fuzz/regress/NAME of the source tree
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t replayed;

static int replay_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    perror(path);
    return -1;
  }
  size_t cap = 4096, n = 0, got;
  uint8_t *buf = malloc(cap);
  while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      uint8_t *p = realloc(buf, cap *= 2);
      if (!p)
        free(buf);
      buf = p;
    }
  }
  int bad = ferror(f);
  fclose(f);
  if (!buf || bad) {
    fprintf(stderr, "%s: cannot read\n", path);
    free(buf);
    return -1;
  }
  LLVMFuzzerTestOneInput(buf, n);
  free(buf);
  replayed++;
  return 0;
}

static int replay(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0) {
    perror(path);
    return -1;
  }
  if (!S_ISDIR(st.st_mode))
    return replay_file(path);
  DIR *d = opendir(path);
  if (!d) {
    perror(path);
    return -1;
  }
  int rc = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.')
      continue;
    char sub[4096];
    snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
    if (replay(sub) != 0)
      rc = -1;
  }
  closedir(d);
  return rc;
}

int main(int argc, char **argv) {
  int rc = 0;
  if (argc > 1) {
    for (int i = 1; i < argc; i++)
      if (replay(argv[i]) != 0)
        rc = 1;
  } else {
    if (replay(JIKEN_TEST_SRCDIR "/tests/fuzz/corpus/" FUZZ_NAME) != 0 ||
        replay(JIKEN_TEST_SRCDIR "/tests/fuzz/regress/" FUZZ_NAME) != 0)
      rc = 1;
  }
  printf("replay_%s: %zu inputs replayed%s\n", FUZZ_NAME, replayed,
         rc ? ", some unreadable" : "");
  return rc || replayed == 0;
}
