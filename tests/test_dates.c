/* test_dates.c — calendar expressions (SPEC § Dates), on sentences written
 * in the style of incident notices. */
#include "helpers.h"

/* the i-th date; fails when there are not that many */
static const jiken_date *nth(const jiken_result *res, size_t i) {
  size_t n;
  const jiken_date *d = jiken_result_dates(res, &n);
  if (i >= n)
    fprintf(stderr, "only %zu dates, wanted #%zu\n", n, i);
  assert_true(i < n);
  return &d[i];
}

static size_t ndates(const jiken_result *res) {
  size_t n;
  jiken_result_dates(res, &n);
  return n;
}

/* text, from, to of date i */
#define ASSERT_DATE(res, text, i, want_text, want_from, want_to)              \
  do {                                                                         \
    const jiken_date *d_ = nth(res, i);                                        \
    if (!span_is(text, d_->start, d_->end, want_text))                         \
      fprintf(stderr, "date %d: span [%zu,%zu) \"%.*s\" != \"%s\"\n", (int)(i), \
              d_->start, d_->end, (int)(d_->end - d_->start),                  \
              (text) + d_->start, want_text);                                  \
    assert_true(span_is(text, d_->start, d_->end, want_text));                 \
    assert_string_equal(d_->from, want_from);                                  \
    assert_string_equal(d_->to, want_to);                                      \
  } while (0)

static void test_western(void **state) {
  const char *t = "2023 年 7 月 28 日、当社サーバへの不正アクセスを確認しました。"
                  "その後、２０２３年８月３日に警察へ相談し、2023/8/10、"
                  "2023.8.21 及び 2023-09-01 に報告を行いました。";
  jiken_result *res = extract_str(state, t);
  assert_int_equal(ndates(res), 5);
  ASSERT_DATE(res, t, 0, "2023 年 7 月 28 日", "2023-07-28", "2023-07-28");
  assert_int_equal(nth(res, 0)->precision, JIKEN_PREC_DAY);
  assert_false(nth(res, 0)->year_inferred);
  assert_string_equal(nth(res, 0)->time, "");
  ASSERT_DATE(res, t, 1, "２０２３年８月３日", "2023-08-03", "2023-08-03");
  ASSERT_DATE(res, t, 2, "2023/8/10", "2023-08-10", "2023-08-10");
  ASSERT_DATE(res, t, 3, "2023.8.21", "2023-08-21", "2023-08-21");
  ASSERT_DATE(res, t, 4, "2023-09-01", "2023-09-01", "2023-09-01");
  jiken_result_free(res);
}

static void test_era(void **state) {
  const char *t = "令和元年5月1日に開設したサイトで、令和５年１０月１８日に"
                  "改ざんを検知しました。R5.10.19と令5.10.20に調査を行い、"
                  "H31.4.30以前の記録も確認しました。";
  jiken_result *res = extract_str(state, t);
  assert_int_equal(ndates(res), 5);
  ASSERT_DATE(res, t, 0, "令和元年5月1日", "2019-05-01", "2019-05-01");
  ASSERT_DATE(res, t, 1, "令和５年１０月１８日", "2023-10-18", "2023-10-18");
  ASSERT_DATE(res, t, 2, "R5.10.19", "2023-10-19", "2023-10-19");
  ASSERT_DATE(res, t, 3, "令5.10.20", "2023-10-20", "2023-10-20");
  ASSERT_DATE(res, t, 4, "H31.4.30", "2019-04-30", "2019-04-30");
  jiken_result_free(res);

  const char *k = "令和五年十月十八日、二〇二三年度の名簿を紛失しました。"
                  "昭和64年1月7日と平成元年1月8日の記録は含まれません。";
  res = extract_str(state, k);
  assert_int_equal(ndates(res), 4);
  ASSERT_DATE(res, k, 0, "令和五年十月十八日", "2023-10-18", "2023-10-18");
  ASSERT_DATE(res, k, 1, "二〇二三年度", "2023-04-01", "2024-03-31");
  ASSERT_DATE(res, k, 2, "昭和64年1月7日", "1989-01-07", "1989-01-07");
  ASSERT_DATE(res, k, 3, "平成元年1月8日", "1989-01-08", "1989-01-08");
  jiken_result_free(res);

  const char *o = "令和5.7.28に発生し、R5年10月18日に判明しました。H30年度と"
                  "令和元(2019)年5月の記録、2023.7.28.1版の手順書、H2Oの件。";
  res = extract_str(state, o);
  assert_int_equal(ndates(res), 4);
  ASSERT_DATE(res, o, 0, "令和5.7.28", "2023-07-28", "2023-07-28");
  ASSERT_DATE(res, o, 1, "R5年10月18日", "2023-10-18", "2023-10-18");
  ASSERT_DATE(res, o, 2, "H30年度", "2018-04-01", "2019-03-31");
  ASSERT_DATE(res, o, 3, "令和元(2019)年5月", "2019-05-01", "2019-05-31");
  jiken_result_free(res);
}

static void test_gloss(void **state) {
  const char *t = "令和6年(2024年)4月13日に判明した事案は、令和5(2023)年から"
                  "続いていました。";
  jiken_result *res = extract_str(state, t);
  assert_int_equal(ndates(res), 2);
  ASSERT_DATE(res, t, 0, "令和6年(2024年)4月13日", "2024-04-13",
              "2024-04-13");
  ASSERT_DATE(res, t, 1, "令和5(2023)年", "2023-01-01", "2023-12-31");
  assert_int_equal(nth(res, 1)->precision, JIKEN_PREC_YEAR);
  jiken_result_free(res);
}

static void test_inferred_year(void **state) {
  /* from the nearest preceding date */
  const char *t = "2023年7月25日に不正アクセスを確認しました。8月10日には"
                  "個人情報保護委員会へ報告しました。";
  jiken_result *res = extract_str(state, t);
  assert_int_equal(ndates(res), 2);
  ASSERT_DATE(res, t, 1, "8月10日", "2023-08-10", "2023-08-10");
  assert_true(nth(res, 1)->year_inferred);
  assert_false(nth(res, 0)->year_inferred);
  jiken_result_free(res);

  /* December then January: the next year */
  const char *r = "令和4年12月26日、不審なメールの送信を検知しました。"
                  "1月5日に外部専門家による調査を開始しました。";
  res = extract_str(state, r);
  ASSERT_DATE(res, r, 1, "1月5日", "2023-01-05", "2023-01-05");
  jiken_result_free(res);

  /* no date before: the first later one */
  const char *l = "7月3日に職員が紛失に気付き、2023年7月5日に警察へ届け出ました。";
  res = extract_str(state, l);
  ASSERT_DATE(res, l, 0, "7月3日", "2023-07-03", "2023-07-03");
  assert_true(nth(res, 0)->year_inferred);
  jiken_result_free(res);

  /* nothing gives a year */
  const char *x = "8月10日(木)に教室でUSBメモリを紛失しました。";
  res = extract_str(state, x);
  assert_int_equal(ndates(res), 1);
  ASSERT_DATE(res, x, 0, "8月10日", "XXXX-08-10", "XXXX-08-10");
  assert_false(nth(res, 0)->year_inferred);
  jiken_result_free(res);

  /* 毎年 is no particular year, and does not give one */
  const char *e = "毎年10月から11月にかけて訪問調査を行っております。";
  res = extract_str(state, e);
  assert_int_equal(ndates(res), 1);
  ASSERT_DATE(res, e, 0, "毎年10月から11月", "XXXX-10-01", "XXXX-11-30");
  jiken_result_free(res);
}

static void test_fiscal(void **state) {
  const char *t = "令和5年度の名簿と2023年度の台帳、平成25、26年度の資料が"
                  "対象です。令和5年度上半期、2022年度下期、令和4年度第3四半期の"
                  "記録も含まれ、2023年3月期決算への影響を精査しています。";
  jiken_result *res = extract_str(state, t);
  assert_int_equal(ndates(res), 8);
  ASSERT_DATE(res, t, 0, "令和5年度", "2023-04-01", "2024-03-31");
  assert_int_equal(nth(res, 0)->precision, JIKEN_PREC_FISCAL_YEAR);
  ASSERT_DATE(res, t, 1, "2023年度", "2023-04-01", "2024-03-31");
  ASSERT_DATE(res, t, 2, "平成25", "2013-04-01", "2014-03-31");
  ASSERT_DATE(res, t, 3, "26年度", "2014-04-01", "2015-03-31");
  ASSERT_DATE(res, t, 4, "令和5年度上半期", "2023-04-01", "2023-09-30");
  assert_int_equal(nth(res, 4)->precision, JIKEN_PREC_HALF);
  ASSERT_DATE(res, t, 5, "2022年度下期", "2022-10-01", "2023-03-31");
  ASSERT_DATE(res, t, 6, "令和4年度第3四半期", "2022-10-01", "2022-12-31");
  assert_int_equal(nth(res, 6)->precision, JIKEN_PREC_QUARTER);
  ASSERT_DATE(res, t, 7, "2023年3月期", "2022-04-01", "2023-03-31");
  jiken_result_free(res);

  /* a span of fiscal years is one range */
  const char *r = "卒業生の学籍番号(平成16~26年度に入学)が閲覧できる状態でした。";
  res = extract_str(state, r);
  assert_int_equal(ndates(res), 1);
  ASSERT_DATE(res, r, 0, "平成16~26年度", "2004-04-01", "2015-03-31");
  jiken_result_free(res);
}

static void test_month_parts(void **state) {
  const char *t = "2024年10月上旬、11月中旬頃、12月下旬に不審な通信が発生し、"
                  "1月初旬、2月末日、3月末に再び確認されました。";
  jiken_result *res = extract_str(state, t);
  assert_int_equal(ndates(res), 6);
  ASSERT_DATE(res, t, 0, "2024年10月上旬", "2024-10-01", "2024-10-10");
  assert_int_equal(nth(res, 0)->precision, JIKEN_PREC_XUN);
  ASSERT_DATE(res, t, 1, "11月中旬頃", "2024-11-11", "2024-11-20");
  assert_true(nth(res, 1)->approximate);
  assert_false(nth(res, 0)->approximate);
  ASSERT_DATE(res, t, 2, "12月下旬", "2024-12-21", "2024-12-31");
  /* the next year, February of a common year */
  ASSERT_DATE(res, t, 3, "1月初旬", "2025-01-01", "2025-01-10");
  ASSERT_DATE(res, t, 4, "2月末日", "2025-02-28", "2025-02-28");
  ASSERT_DATE(res, t, 5, "3月末", "2025-03-31", "2025-03-31");
  jiken_result_free(res);

  const char *m = "2023年7月ごろから、ログイン画面が改ざんされていた。";
  res = extract_str(state, m);
  ASSERT_DATE(res, m, 0, "2023年7月ごろ", "2023-07-01", "2023-07-31");
  assert_int_equal(nth(res, 0)->precision, JIKEN_PREC_MONTH);
  assert_true(nth(res, 0)->approximate);
  jiken_result_free(res);
}

static void test_ranges(void **state) {
  const char *t = "令和4年10月上旬～令和5年5月下旬までの間、攻撃を受けていました。";
  jiken_result *res = extract_str(state, t);
  assert_int_equal(ndates(res), 1);
  ASSERT_DATE(res, t, 0, "令和4年10月上旬～令和5年5月下旬", "2022-10-01",
              "2023-05-31");
  jiken_result_free(res);

  const char *r = "2023年7月25日から28日まで調査を行い、2023年8月1日～同月4日に"
                  "対象者へ連絡しました。12月29日・30日は窓口を休止します。";
  res = extract_str(state, r);
  assert_int_equal(ndates(res), 4);
  ASSERT_DATE(res, r, 0, "2023年7月25日から28日", "2023-07-25", "2023-07-28");
  ASSERT_DATE(res, r, 1, "2023年8月1日～同月4日", "2023-08-01", "2023-08-04");
  ASSERT_DATE(res, r, 2, "12月29日", "2023-12-29", "2023-12-29");
  ASSERT_DATE(res, r, 3, "30日", "2023-12-30", "2023-12-30");
  jiken_result_free(res);

  /* across a year end; with times on both ends */
  const char *y = "2022年12月28日(水)22時頃より1月4日(水)午前9時頃までの間、"
                  "メールが送信されました。";
  res = extract_str(state, y);
  assert_int_equal(ndates(res), 1);
  ASSERT_DATE(res, y, 0, "2022年12月28日(水)22時頃より1月4日", "2022-12-28",
              "2023-01-04");
  assert_string_equal(nth(res, 0)->time, "22:00");
  jiken_result_free(res);
}

static void test_anaphora(void **state) {
  const char *t = "令和5年3月17日、不審なメールの送信を確認しました。同日、"
                  "アカウントを停止し、同月20日に報告しました。同年の点検は"
                  "同3月31日に完了し、同年度の記録も調べました。";
  jiken_result *res = extract_str(state, t);
  assert_int_equal(ndates(res), 6);
  ASSERT_DATE(res, t, 1, "同日", "2023-03-17", "2023-03-17");
  assert_true(nth(res, 1)->year_inferred);
  ASSERT_DATE(res, t, 2, "同月20日", "2023-03-20", "2023-03-20");
  ASSERT_DATE(res, t, 3, "同年", "2023-01-01", "2023-12-31");
  ASSERT_DATE(res, t, 4, "同3月31日", "2023-03-31", "2023-03-31");
  /* the fiscal year holding 2023-03-31 */
  ASSERT_DATE(res, t, 5, "同年度", "2022-04-01", "2023-03-31");
  jiken_result_free(res);

  /* bare relative words are not dates */
  const char *b = "翌日、前日の記録を確認し、当日中に本日付で公表しました。翌朝には"
                  "今年の計画を年内に見直すことを決めました。";
  res = extract_str(state, b);
  assert_int_equal(ndates(res), 0);
  jiken_result_free(res);

  /* 同日 after a label: the day given after that label */
  const char *l = "■発覚日\n令和6年12月20日\n■経緯\n令和6年3月5日に申出を受け、"
                  "令和6年4月10日に誤って交付しました。\n発覚日同日、ご本人に謝罪"
                  "しました。";
  res = extract_str(state, l);
  assert_int_equal(ndates(res), 4);
  ASSERT_DATE(res, l, 3, "同日", "2024-12-20", "2024-12-20");
  jiken_result_free(res);

  /* 共同 is not 同 */
  const char *c = "2023年5月1日から共同日程で調査を進めています。";
  res = extract_str(state, c);
  assert_int_equal(ndates(res), 1);
  jiken_result_free(res);
}

static void test_last_year(void **state) {
  /* against the notice's own date line */
  const char *t = "2024年2月9日\n株式会社サンプル\n"
                  "昨年11月30日に発生した不正アクセスについて、昨年8月から"
                  "脆弱性が残っていたことが判明しました。昨年度末に点検を行いました。";
  jiken_result *res = extract_str(state, t);
  assert_int_equal(ndates(res), 4);
  ASSERT_DATE(res, t, 0, "2024年2月9日", "2024-02-09", "2024-02-09");
  assert_int_equal(nth(res, 0)->role, JIKEN_ROLE_PUBLISHED);
  ASSERT_DATE(res, t, 1, "昨年11月30日", "2023-11-30", "2023-11-30");
  ASSERT_DATE(res, t, 2, "昨年8月", "2023-08-01", "2023-08-31");
  ASSERT_DATE(res, t, 3, "昨年度末", "2023-03-31", "2023-03-31");
  jiken_result_free(res);

  /* no date line: the reference date of the options, else unknown */
  const char *s = "昨年11月30日に発生した不正アクセスについてご報告します。";
  res = extract_str(state, s);
  ASSERT_DATE(res, s, 0, "昨年11月30日", "XXXX-11-30", "XXXX-11-30");
  assert_false(nth(res, 0)->year_inferred);
  jiken_result_free(res);

  jiken_options opt;
  jiken_options_init(&opt);
  opt.user_dic = JIKEN_TEST_USERDIC;
  opt.rules_dir = JIKEN_TEST_RULES_DIR;
  opt.reference_date = "2021-03-15";
  jiken_extractor *ex = jiken_extractor_new(&opt, NULL);
  assert_non_null(ex);
  void *st = ex;
  res = extract_str(&st, s);
  ASSERT_DATE(res, s, 0, "昨年11月30日", "2020-11-30", "2020-11-30");
  assert_true(nth(res, 0)->year_inferred);
  jiken_result_free(res);
  jiken_extractor_free(ex);
}

static void test_suffix(void **state) {
  const char *t = "令和5年12月4日(月)13:00に説明会を開催します。";
  jiken_result *res = extract_str(state, t);
  assert_int_equal(ndates(res), 1);
  ASSERT_DATE(res, t, 0, "令和5年12月4日", "2023-12-04", "2023-12-04");
  assert_string_equal(nth(res, 0)->time, "13:00");
  jiken_result_free(res);

  const char *s = "2024年1月21日、当社従業員のアカウントが不正に利用され、"
                  "同日 7:23～10:37 にかけて不審なメールが送信されました。"
                  "12月4日 (月) 13:00、再び通知。令和6年2月2日(金曜日)午後6時9分頃に"
                  "検知しました。";
  res = extract_str(state, s);
  assert_int_equal(ndates(res), 4);
  ASSERT_DATE(res, s, 1, "同日", "2024-01-21", "2024-01-21");
  assert_string_equal(nth(res, 1)->time, "07:23");
  assert_int_equal(nth(res, 1)->precision, JIKEN_PREC_DAY);
  /* eleven months after its context, and 4 Dec is a Monday in 2023 only */
  ASSERT_DATE(res, s, 2, "12月4日", "2023-12-04", "2023-12-04");
  assert_string_equal(nth(res, 2)->time, "13:00");
  ASSERT_DATE(res, s, 3, "令和6年2月2日", "2024-02-02", "2024-02-02");
  assert_string_equal(nth(res, 3)->time, "18:09");
  jiken_result_free(res);

  /* a bare day with a weekday takes its month from context */
  const char *b = "10月17日(火)に手術着へ入れたことは確かめられました。"
                  "19日(木)に見当たらないことに気付き、翌20日に報告しました。";
  res = extract_str(state, b);
  assert_int_equal(ndates(res), 3);
  ASSERT_DATE(res, b, 1, "19日", "XXXX-10-19", "XXXX-10-19");
  ASSERT_DATE(res, b, 2, "20日", "XXXX-10-20", "XXXX-10-20");
  jiken_result_free(res);
}

static void test_not_dates(void **state) {
  const char *t = "1.経緯\n第3報として、約6カ月間の調査と3日間の点検の結果を"
                  "お知らせします。フォトコンテスト2022の応募者が対象です。"
                  "詳細は https://www.example.jp/information/202308101100.html "
                  "をご覧ください。電話:03-1234-5678(受付番号 2023-1234)。"
                  "応募の1/3以上が該当しました。";
  jiken_result *res = extract_str(state, t);
  assert_int_equal(ndates(res), 0);
  jiken_result_free(res);

  /* calendar expressions inside names count */
  const char *n = "「令和5年度ドリームスポーツ体験教室」の参加者名簿です。";
  res = extract_str(state, n);
  assert_int_equal(ndates(res), 1);
  ASSERT_DATE(res, n, 0, "令和5年度", "2023-04-01", "2024-03-31");
  jiken_result_free(res);
}

static void test_roles(void **state) {
  const char *t = "令和5年5月26日\n"
                  "5月20日、第三者から攻撃を受けました。5月22日に外部からの"
                  "連絡で被害が判明し、5月24日に個人情報保護委員会へ報告しました。"
                  "5月25日に説明会を開きました。";
  jiken_result *res = extract_str(state, t);
  assert_int_equal(ndates(res), 5);
  assert_int_equal(nth(res, 0)->role, JIKEN_ROLE_PUBLISHED);
  assert_int_equal(nth(res, 1)->role, JIKEN_ROLE_OCCURRED);
  assert_int_equal(nth(res, 2)->role, JIKEN_ROLE_DETECTED);
  assert_int_equal(nth(res, 3)->role, JIKEN_ROLE_REPORTED);
  assert_int_equal(nth(res, 4)->role, JIKEN_ROLE_OTHER);
  /* a year-less date takes the year of the notice's date line */
  ASSERT_DATE(res, t, 1, "5月20日", "2023-05-20", "2023-05-20");
  jiken_result_free(res);

  const char *u = "更新日:2026年1月16日\n12月22日に誤って送付し、同月25日に"
                  "判明しました。";
  res = extract_str(state, u);
  assert_int_equal(ndates(res), 3);
  assert_int_equal(nth(res, 0)->role, JIKEN_ROLE_PUBLISHED);
  ASSERT_DATE(res, u, 1, "12月22日", "2025-12-22", "2025-12-22");
  ASSERT_DATE(res, u, 2, "同月25日", "2025-12-25", "2025-12-25");
  jiken_result_free(res);
}

static void test_timeline_lines(void **state) {
  /* a date alone on a line after a section heading is a timeline entry */
  const char *t = "このたびの事案についてご報告いたします。\n"
                  "1.経緯\n"
                  "令和7年1月9日(木)\n"
                  "職員が機器の脆弱性情報を確認しました。\n";
  jiken_result *res = extract_str(state, t);
  assert_int_equal(ndates(res), 1);
  /* its event is on the next line */
  assert_int_equal(nth(res, 0)->role, JIKEN_ROLE_DETECTED);
  jiken_result_free(res);

  /* an update note dated after the notice is no base for a year-less date */
  const char *u = "2021/11/04\n"
                  "2022年2月より仮復旧の状態で運用しております。(2022/04/06)\n"
                  "10月13日付けのお知らせのとおり、不正アクセスを受けました。";
  res = extract_str(state, u);
  assert_int_equal(ndates(res), 4);
  assert_int_equal(nth(res, 0)->role, JIKEN_ROLE_PUBLISHED);
  ASSERT_DATE(res, u, 1, "2022年2月", "2022-02-01", "2022-02-28");
  ASSERT_DATE(res, u, 3, "10月13日", "2021-10-13", "2021-10-13");
  assert_int_equal(nth(res, 3)->role, JIKEN_ROLE_REPORTED);
  jiken_result_free(res);

  /* a far later date does not give a year to an early one */
  const char *f = "2月9日、外部から連絡を受けました。流出した情報は、"
                  "平成18年10月12日以前のものです。";
  res = extract_str(state, f);
  ASSERT_DATE(res, f, 0, "2月9日", "XXXX-02-09", "XXXX-02-09");
  jiken_result_free(res);

  /* a range around two short nouns; 同 and 日 split by a PDF line break */
  const char *r = "2020年11月11日のサイト開設から11月21日の閉鎖までの期間に"
                  "購入されたお客様が対象です。職員が気付き、同\n日、県へ"
                  "報告がありました。";
  res = extract_str(state, r);
  assert_int_equal(ndates(res), 2);
  ASSERT_DATE(res, r, 0, "2020年11月11日のサイト開設から11月21日",
              "2020-11-11", "2020-11-21");
  ASSERT_DATE(res, r, 1, "同\n日", "2020-11-21", "2020-11-21");
  jiken_result_free(res);
}

static void test_bottom_date_line(void **state) {
  /* year-less events before a date line at the bottom: the months before */
  const char *t = "12月20日に不正アクセスが発生しました。\n"
                  "1月10日に外部からの連絡で判明しました。\n"
                  "令和6年1月15日\n株式会社サンプル\n";
  jiken_result *res = extract_str(state, t);
  assert_int_equal(ndates(res), 3);
  ASSERT_DATE(res, t, 0, "12月20日", "2023-12-20", "2023-12-20");
  assert_true(nth(res, 0)->year_inferred);
  assert_int_equal(nth(res, 0)->role, JIKEN_ROLE_OCCURRED);
  ASSERT_DATE(res, t, 1, "1月10日", "2024-01-10", "2024-01-10");
  assert_int_equal(nth(res, 1)->role, JIKEN_ROLE_DETECTED);
  ASSERT_DATE(res, t, 2, "令和6年1月15日", "2024-01-15", "2024-01-15");
  assert_int_equal(nth(res, 2)->role, JIKEN_ROLE_PUBLISHED);
  jiken_result_free(res);
}

static void test_invalid(void **state) {
  const char *t = "2月30日、令和0年、令和99999年、2023年4月31日はいずれも誤記です。"
                  "平成32年3月に更新予定でした。";
  jiken_result *res = extract_str(state, t);
  /* 平成32年 is written in real notices for 2020 */
  assert_int_equal(ndates(res), 1);
  ASSERT_DATE(res, t, 0, "平成32年3月", "2020-03-01", "2020-03-31");
  jiken_result_free(res);

  /* 29 February exists in leap years only */
  const char *l = "2024年2月29日に確認し、2023年2月29日は誤りです。";
  res = extract_str(state, l);
  assert_int_equal(ndates(res), 1);
  ASSERT_DATE(res, l, 0, "2024年2月29日", "2024-02-29", "2024-02-29");
  jiken_result_free(res);

  /* long digit runs and odd separators do not crash or match */
  char big[700];
  memset(big, '9', 600);
  strcpy(big + 600, "年99月99日 令和");
  res = extract_str(state, big);
  assert_int_equal(ndates(res), 0);
  jiken_result_free(res);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_western),     cmocka_unit_test(test_era),
      cmocka_unit_test(test_gloss),       cmocka_unit_test(test_inferred_year),
      cmocka_unit_test(test_fiscal),      cmocka_unit_test(test_month_parts),
      cmocka_unit_test(test_ranges),      cmocka_unit_test(test_anaphora),
      cmocka_unit_test(test_last_year),   cmocka_unit_test(test_suffix),
      cmocka_unit_test(test_not_dates),   cmocka_unit_test(test_roles),
      cmocka_unit_test(test_timeline_lines),
      cmocka_unit_test(test_bottom_date_line),
      cmocka_unit_test(test_invalid),
  };
  return cmocka_run_group_tests(tests, setup_extractor, teardown_extractor);
}
