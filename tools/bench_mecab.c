/*
 * bench_mecab.c — `make bench`: libjiken throughput next to bare MeCab, in
 * one run, on the same texts.
 *
 * usage: bench_mecab CORPUS.jsonl MIN_MB RUNS USERDIC RULESDIR
 *
 * The texts of CORPUS (its "text" fields) are cycled until MIN_MB of input
 * is reached.  Phase A tokenises their NORMALISED form with bare MeCab
 * (same IPADIC + user dictionary, one lattice, line by line: the floor of
 * the pipeline); phase B runs jiken_extract() + jiken_result_to_json() on
 * the original texts.  The phases alternate RUNS times (A B A B …); the
 * medians are reported, and the median of the per-run ratios.
 */
#include "config.h"
#include "internal.h"

#include <jansson.h>
#include <mecab.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

typedef struct text {
  char *orig;
  size_t orig_len;
  jiken__text norm;
} text;

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: %s CORPUS.jsonl MIN_MB RUNS USERDIC RULESDIR\n",
            argv[0]);
    return 2;
  }
  double min_bytes = atof(argv[2]) * 1e6;
  int runs = atoi(argv[3]);
  if (runs < 1 || runs > 50)
    runs = 3;
  FILE *f = fopen(argv[1], "r");
  if (!f) {
    perror(argv[1]);
    return 1;
  }
  jiken__normalizer *nz = jiken__normalizer_new(NULL);
  text *texts = NULL;
  size_t n = 0, cap = 0, total = 0;
  char *line = NULL;
  size_t lcap = 0;
  while (getline(&line, &lcap, f) > 0) {
    json_t *o = json_loads(line, 0, NULL);
    json_t *t = json_object_get(o, "text");
    if (json_is_string(t) && json_string_length(t) > 0) {
      if (n == cap) {
        cap = cap ? cap * 2 : 128;
        texts = realloc(texts, cap * sizeof *texts);
      }
      text *x = &texts[n++];
      x->orig_len = json_string_length(t);
      x->orig = malloc(x->orig_len);
      memcpy(x->orig, json_string_value(t), x->orig_len);
      jiken__normalize(nz, x->orig, x->orig_len, &x->norm, NULL);
      total += x->orig_len;
    }
    json_decref(o);
  }
  free(line);
  fclose(f);
  if (!n) {
    fprintf(stderr, "no texts in %s\n", argv[1]);
    return 1;
  }
  size_t cycles = (size_t)(min_bytes / (double)total) + 1;
  double bytes = (double)total * (double)cycles;
  size_t notices = n * cycles;

  /* phase A: bare MeCab on the normalised text */
  const char *margv[] = {"bench", "-r", "/dev/null", "-d", JIKEN_MECAB_DICDIR,
                         "-u", argv[4]};
  mecab_model_t *model = mecab_model_new(7, (char **)margv);
  if (!model) {
    fprintf(stderr, "MeCab: %s\n", mecab_strerror(NULL));
    return 1;
  }
  mecab_t *tagger = mecab_model_new_tagger(model);
  mecab_lattice_t *lat = mecab_model_new_lattice(model);
  /* phase B: the whole library, JSON included */
  jiken_options opt;
  jiken_options_init(&opt);
  opt.user_dic = argv[4];
  opt.rules_dir = argv[5];
  jiken_error err;
  jiken_extractor *ex = jiken_extractor_new(&opt, &err);
  if (!ex) {
    fprintf(stderr, "%s\n", err.message);
    return 1;
  }
  /* The phases alternate, A B A B …, so that a machine that slows down or
   * speeds up over the run (other tenants, frequency) weighs on both; the
   * ratio is the median of the per-run ratios. */
  double *ta = calloc((size_t)runs, sizeof *ta),
         *tb = calloc((size_t)runs, sizeof *tb),
         *tr = calloc((size_t)runs, sizeof *tr);
  size_t tokens = 0, json_bytes = 0;
  for (int r = 0; r < runs; r++) {
    double t0 = now();
    for (size_t c = 0; c < cycles; c++)
      for (size_t i = 0; i < n; i++) {
        const char *s = texts[i].norm.norm, *end = s + texts[i].norm.norm_len;
        while (s < end) {
          const char *nl = memchr(s, '\n', (size_t)(end - s));
          size_t len = (size_t)((nl ? nl : end) - s);
          if (len) {
            mecab_lattice_set_sentence2(lat, s, len);
            mecab_parse_lattice(tagger, lat);
            for (const mecab_node_t *nd = mecab_lattice_get_bos_node(lat); nd;
                 nd = nd->next)
              tokens++;
          }
          s += len + 1;
        }
      }
    ta[r] = now() - t0;
    t0 = now();
    for (size_t c = 0; c < cycles; c++)
      for (size_t i = 0; i < n; i++) {
        jiken_result *res;
        if (jiken_extract(ex, texts[i].orig, texts[i].orig_len, 0, &res,
                          &err) != JIKEN_OK) {
          fprintf(stderr, "extract failed: %s\n", err.message);
          return 1;
        }
        char *js = jiken_result_to_json(res, 0);
        json_bytes += strlen(js);
        jiken_free(js);
        jiken_result_free(res);
      }
    tb[r] = now() - t0;
    tr[r] = ta[r] / tb[r];
  }
  mecab_lattice_destroy(lat);
  mecab_destroy(tagger);
  mecab_model_destroy(model);
  jiken_extractor_free(ex);
  qsort(ta, (size_t)runs, sizeof *ta, cmp_double);
  qsort(tb, (size_t)runs, sizeof *tb, cmp_double);
  qsort(tr, (size_t)runs, sizeof *tr, cmp_double);
  double a = ta[runs / 2], b = tb[runs / 2];
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("corpus: %zu notices x %zu cycles = %.1f MB of text (median of %d "
         "runs, 1 thread)\n",
         n, cycles, bytes / 1e6, runs);
  printf("%-28s %9s %11s %9s\n", "", "MB/s", "notices/s", "seconds");
  printf("%-28s %9.2f %11.0f %9.3f\n", "bare MeCab (normalised)",
         bytes / 1e6 / a, (double)notices / a, a);
  printf("%-28s %9.2f %11.0f %9.3f\n", "libjiken extract + JSON",
         bytes / 1e6 / b, (double)notices / b, b);
  printf("ratio libjiken / MeCab: %.2f (median of the runs' ratios; "
         "lowest %.2f, highest %.2f)\n",
         tr[runs / 2], tr[0], tr[runs - 1]);
  printf("peak RSS of the bench process (corpus, bare MeCab and extractor held): %.1f MB\n",
         (double)ru.ru_maxrss / 1024.0);
  for (size_t i = 0; i < n; i++) {
    free(texts[i].orig);
    jiken__text_free(&texts[i].norm);
  }
  free(texts);
  free(ta);
  free(tb);
  free(tr);
  jiken__normalizer_free(nz);
  (void)tokens;
  return 0;
}
