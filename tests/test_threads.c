/* test_threads.c — one extractor shared by N threads gives, for every
 * notice, byte-for-byte the JSON of a single-threaded run.
 *
 * Notices: sentences written for this test, plus the dev corpus
 * (../shared/corpus/dev.jsonl) when it is there.  Each thread walks the
 * whole set from its own starting point, so different notices are in
 * flight at once.  Build with ./configure --enable-tsan to have
 * ThreadSanitizer watch the run.  JIKEN_TEST_SMALL=1 (valgrind) uses the
 * own notices only. */
#include "helpers.h"

#include <jansson.h>
#include <pthread.h>

#define NTHREADS 4
#define ROUNDS 2

static const char *const own[] = {
    "【お詫び】不正アクセスによる個人情報漏えいのお知らせ\n"
    "株式会社テスト物産\n1.概要\n2024年3月5日、当社ECサイトのサーバに"
    "第三者による不正アクセスがあり、お客様のクレジットカード情報約2,300件"
    "が流出した可能性があることが判明しました。\n2.原因\nWebアプリケーション"
    "の脆弱性を悪用されたものです。\n3.再発防止策\n多要素認証を導入し、"
    "監視体制を強化いたします。\n",
    "【第2報】ランサムウェア被害について\n令和6年5月上旬頃、ファイルサーバが"
    "ランサムウェアに感染し、データが暗号化されました。警察および個人情報保護"
    "委員会に報告済みです。",
    "メール誤送信に関するお詫び\n2023 年 12 月 1 日、職員が研修参加者 540 名に"
    "送信したメールで、宛先をBCCではなくTOに設定したため、メールアドレスが"
    "他の受信者に表示されました。",
    "USBメモリ紛失のお知らせ\n当院職員が患者様の氏名、生年月日、診療科を含む"
    "USBメモリを紛失しました。現時点で情報の不正利用は確認されておりません。",
    "■発覚の経緯\n2024.7.28 10:30頃、監視システムが異常な通信を検知。\n"
    "■漏えいした情報\n①氏名 ②住所 ③電話番号\n■今後の対応\nパスワードを"
    "変更し、外部専門機関による調査を実施します。",
    "【セキュリティ事件簿#2024-101】サンプル大学 USBメモリ紛失\n職員が電車内"
    "でUSBメモリを紛失。\n【セキュリティ事件簿#2024-102】サンプル市 メール"
    "誤送信\n540名分の受講者情報が第三者に送信された。\n",
};

typedef struct notice {
  char *text;
  size_t len;
  char *want; /* single-threaded JSON */
} notice;

typedef struct work {
  const jiken_extractor *ex;
  const notice *notices;
  size_t n, first;
  size_t done, mismatches, failures;
} work;

static char *json_of(const jiken_extractor *ex, const char *text, size_t len) {
  jiken_result *res = NULL;
  if (jiken_extract(ex, text, len, 0, &res, NULL) != JIKEN_OK)
    return NULL;
  char *json = jiken_result_to_json(res, 0);
  jiken_result_free(res);
  return json;
}

static void *run(void *arg) {
  work *w = arg;
  for (int r = 0; r < ROUNDS; r++)
    for (size_t k = 0; k < w->n; k++) {
      const notice *nt = &w->notices[(w->first + k) % w->n];
      char *got = json_of(w->ex, nt->text, nt->len);
      if (!got)
        w->failures++;
      else if (strcmp(got, nt->want) != 0)
        w->mismatches++;
      jiken_free(got);
      /* jiken_split shares the extractor too */
      jiken_notice_span *spans = NULL;
      size_t ns = 0;
      if (jiken_split(w->ex, nt->text, nt->len, &spans, &ns, NULL) !=
              JIKEN_OK ||
          ns == 0)
        w->failures++;
      jiken_free(spans);
      w->done++;
    }
  return NULL;
}

/* own notices + dev corpus texts; returns how many */
static size_t load(notice **out) {
  size_t n = 0, cap = 256;
  notice *v = calloc(cap, sizeof *v);
  assert_non_null(v);
  for (size_t i = 0; i < sizeof own / sizeof *own; i++) {
    v[n].len = strlen(own[i]);
    v[n].text = malloc(v[n].len + 1);
    assert_non_null(v[n].text);
    memcpy(v[n].text, own[i], v[n].len + 1);
    n++;
  }
  const char *small = getenv("JIKEN_TEST_SMALL");
  FILE *f = small && *small && *small != '0'
                ? NULL
                : fopen(JIKEN_TEST_SRCDIR "/../shared/corpus/dev.jsonl", "r");
  if (f) {
    json_error_t jerr;
    json_t *rec;
    while ((rec = json_loadf(f, JSON_DISABLE_EOF_CHECK, &jerr))) {
      json_t *t = json_object_get(rec, "text");
      if (json_is_string(t)) {
        if (n == cap) {
          notice *p = realloc(v, (cap *= 2) * sizeof *v);
          assert_non_null(p);
          v = p;
        }
        v[n].len = json_string_length(t);
        v[n].text = malloc(v[n].len + 1);
        assert_non_null(v[n].text);
        memcpy(v[n].text, json_string_value(t), v[n].len + 1);
        v[n].want = NULL;
        n++;
      }
      json_decref(rec);
    }
    fclose(f);
  }
  *out = v;
  return n;
}

static void test_threads_match_single_thread(void **state) {
  const jiken_extractor *ex = *state;
  notice *v;
  size_t n = load(&v);
  for (size_t i = 0; i < n; i++) {
    v[i].want = json_of(ex, v[i].text, v[i].len);
    if (!v[i].want) /* a corpus record the library refuses: skip it */
      v[i].want = strdup("(refused)");
    assert_non_null(v[i].want);
  }
  /* refused records are compared as failures: drop them from the set */
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    if (strcmp(v[i].want, "(refused)") == 0) {
      free(v[i].text);
      free(v[i].want);
    } else {
      v[m++] = v[i];
    }
  }
  assert_true(m >= sizeof own / sizeof *own);

  pthread_t tid[NTHREADS];
  work w[NTHREADS];
  for (int t = 0; t < NTHREADS; t++) {
    w[t] = (work){ex, v, m, (size_t)t * m / NTHREADS, 0, 0, 0};
    assert_int_equal(pthread_create(&tid[t], NULL, run, &w[t]), 0);
  }
  size_t done = 0, mismatches = 0, failures = 0;
  for (int t = 0; t < NTHREADS; t++) {
    assert_int_equal(pthread_join(tid[t], NULL), 0);
    done += w[t].done;
    mismatches += w[t].mismatches;
    failures += w[t].failures;
  }
  printf("# %d threads x %d rounds x %zu notices: %zu extractions, %zu "
         "mismatches, %zu failures\n",
         NTHREADS, ROUNDS, m, done, mismatches, failures);
  assert_int_equal(done, (size_t)NTHREADS * ROUNDS * m);
  assert_int_equal(mismatches, 0);
  assert_int_equal(failures, 0);
  for (size_t i = 0; i < m; i++) {
    free(v[i].text);
    free(v[i].want);
  }
  free(v);
}

/* extractors created and freed while others extract: no shared state */
static void *make_and_use(void *arg) {
  (void)arg;
  jiken_extractor *ex = test_extractor();
  if (!ex)
    return (void *)1;
  char *json = json_of(ex, own[1], strlen(own[1]));
  jiken_extractor_free(ex);
  if (!json)
    return (void *)1;
  jiken_free(json);
  return NULL;
}

static void test_extractors_per_thread(void **state) {
  (void)state;
  pthread_t tid[NTHREADS];
  for (int t = 0; t < NTHREADS; t++)
    assert_int_equal(pthread_create(&tid[t], NULL, make_and_use, NULL), 0);
  for (int t = 0; t < NTHREADS; t++) {
    void *ret = (void *)1;
    assert_int_equal(pthread_join(tid[t], &ret), 0);
    assert_null(ret);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_threads_match_single_thread),
      cmocka_unit_test(test_extractors_per_thread),
  };
  return cmocka_run_group_tests(tests, setup_extractor, teardown_extractor);
}
