/* test_counts.c — quantities with counters and the affected total
 * (SPEC § Counts), on sentences written in the style of real notices. */
#include "helpers.h"

/* the k-th count of res, failing when there are not that many */
static const jiken_count *count_at(const jiken_result *res, size_t k) {
  size_t n;
  const jiken_count *c = jiken_result_counts(res, &n);
  assert_true(k < n);
  return &c[k];
}

static size_t n_counts(const jiken_result *res) {
  size_t n;
  jiken_result_counts(res, &n);
  return n;
}

/* span, value, unit and qualifier of one count */
static void check(const char *text, const jiken_count *c, const char *span,
                  double value, const char *unit, jiken_qualifier q) {
  if (!span_is(text, c->start, c->end, span))
    fail_msg("span [%zu,%zu) is \"%.*s\", want \"%s\"", c->start, c->end,
             (int)(c->end - c->start), text + c->start, span);
  assert_true(c->value == value);
  assert_string_equal(c->unit, unit);
  assert_int_equal(c->qualifier, q);
}

static void check_vague(const jiken_count *c, double lo, double hi) {
  assert_true(c->has_value_max);
  assert_true(c->value == lo);
  assert_true(c->value_max == hi);
  assert_int_equal(c->qualifier, JIKEN_QUAL_VAGUE);
}

static void test_pdf_spacing_and_separators(void **state) {
  const char *t = "当社サーバに保存されていた個人データ約 60,000 件が"
                  "外部に流出したおそれがあります。";
  jiken_result *res = extract_str(state, t);
  assert_int_equal(n_counts(res), 1);
  const jiken_count *c = count_at(res, 0);
  check(t, c, "約 60,000 件", 60000, "件", JIKEN_QUAL_APPROX);
  assert_false(c->has_value_max);
  assert_string_equal(c->subject, "個人データ");
  jiken_result_free(res);

  /* full-width digits and comma: the span is the original full-width bytes */
  t = "会員情報１，２３４件が閲覧可能な状態となっていました。";
  res = extract_str(state, t);
  assert_int_equal(n_counts(res), 1);
  check(t, count_at(res, 0), "１，２３４件", 1234, "件", JIKEN_QUAL_EXACT);
  assert_string_equal(count_at(res, 0)->subject, "会員情報");
  jiken_result_free(res);
}

static void test_multipliers_and_kanji(void **state) {
  const char *t =
      "漏えいのおそれがある情報は約6.5万人分で、被害額は1億2千万円です。"
      "対象は六万五千人の会員と二千四百九件の注文履歴です。";
  jiken_result *res = extract_str(state, t);
  assert_int_equal(n_counts(res), 4);
  check(t, count_at(res, 0), "約6.5万人分", 65000, "人", JIKEN_QUAL_APPROX);
  check(t, count_at(res, 1), "1億2千万円", 120000000, "円", JIKEN_QUAL_EXACT);
  check(t, count_at(res, 2), "六万五千人", 65000, "人", JIKEN_QUAL_EXACT);
  check(t, count_at(res, 3), "二千四百九件", 2409, "件", JIKEN_QUAL_EXACT);
  assert_string_equal(count_at(res, 3)->subject, "注文履歴");
  jiken_result_free(res);
}

static void test_vague_quantities(void **state) {
  const char *t =
      "数千人規模の影響が見込まれ、十数件の問い合わせと数十件の苦情、"
      "数百名の登録と10数件の再送、数回の確認がありました。";
  jiken_result *res = extract_str(state, t);
  assert_int_equal(n_counts(res), 6);
  check_vague(count_at(res, 0), 2000, 9000);
  assert_true(
      span_is(t, count_at(res, 0)->start, count_at(res, 0)->end, "数千人"));
  check_vague(count_at(res, 1), 11, 19);
  check_vague(count_at(res, 2), 20, 90);
  check_vague(count_at(res, 3), 200, 900);
  assert_string_equal(count_at(res, 3)->unit, "名");
  check_vague(count_at(res, 4), 11, 19);
  check_vague(count_at(res, 5), 2, 9);
  assert_string_equal(count_at(res, 5)->unit, "回");
  jiken_result_free(res);

  /* 複数名, 件数 and 多数 are words, not vague quantities */
  res = extract_str(state, "複数名で確認し、件数を多数の職員で点検しました。");
  assert_int_equal(n_counts(res), 0);
  jiken_result_free(res);
}

static void test_ranges(void **state) {
  const char *t =
      "影響は1,000～2,000件の記録と、3千件〜5千件の履歴に及びます。";
  jiken_result *res = extract_str(state, t);
  assert_int_equal(n_counts(res), 2);
  const jiken_count *c = count_at(res, 0);
  check(t, c, "1,000～2,000件", 1000, "件", JIKEN_QUAL_EXACT);
  assert_true(c->has_value_max);
  assert_true(c->value_max == 2000);
  c = count_at(res, 1);
  check(t, c, "3千件〜5千件", 3000, "件", JIKEN_QUAL_EXACT);
  assert_true(c->value_max == 5000);
  jiken_result_free(res);
}

static void test_qualifiers(void **state) {
  const char *t = "100件以上、3万件超、500名を超える方、10件以下、20件未満、"
                  "50件程度、100人前後、少なくとも3名、上限10件、およそ40人、"
                  "概ね8割の30社、延べ300人、最大約5万件。";
  jiken_result *res = extract_str(state, t);
  assert_int_equal(n_counts(res), 13);
  check(t, count_at(res, 0), "100件以上", 100, "件", JIKEN_QUAL_AT_LEAST);
  check(t, count_at(res, 1), "3万件超", 30000, "件", JIKEN_QUAL_OVER);
  check(t, count_at(res, 2), "500名を超える", 500, "名", JIKEN_QUAL_OVER);
  check(t, count_at(res, 3), "10件以下", 10, "件", JIKEN_QUAL_AT_MOST);
  check(t, count_at(res, 4), "20件未満", 20, "件", JIKEN_QUAL_UNDER);
  check(t, count_at(res, 5), "50件程度", 50, "件", JIKEN_QUAL_APPROX);
  check(t, count_at(res, 6), "100人前後", 100, "人", JIKEN_QUAL_APPROX);
  check(t, count_at(res, 7), "少なくとも3名", 3, "名", JIKEN_QUAL_AT_LEAST);
  check(t, count_at(res, 8), "上限10件", 10, "件", JIKEN_QUAL_AT_MOST);
  check(t, count_at(res, 9), "およそ40人", 40, "人", JIKEN_QUAL_APPROX);
  /* 概ね qualifies 8割 (no counter), not 30社 */
  check(t, count_at(res, 10), "30社", 30, "社", JIKEN_QUAL_EXACT);
  check(t, count_at(res, 11), "延べ300人", 300, "人", JIKEN_QUAL_CUMULATIVE);
  /* a bound wins over 約 */
  check(t, count_at(res, 12), "最大約5万件", 50000, "件", JIKEN_QUAL_AT_MOST);
  jiken_result_free(res);

  /* a label naming the maximum qualifies the value under it */
  t = "【流出したおそれのある最大件数】\n- 12,345件\n";
  res = extract_str(state, t);
  assert_int_equal(n_counts(res), 1);
  check(t, count_at(res, 0), "12,345件", 12345, "件", JIKEN_QUAL_AT_MOST);
  jiken_result_free(res);
}

static void test_counters(void **state) {
  const char *t = "5台、4点、12社、3冊、2箇所、1団体、3校、2店舗、4世帯、10行、"
                  "3種類、5アカウント、2者、3先、4クラス、2地区、11項目、2つ、"
                  "20ファイル、150通、6枚、3個、1本、週1回。";
  static const char *const units[] = {
      "台",   "点", "社",       "冊",         "箇所", "団体", "校",     "店舗",
      "世帯", "行", "種類",     "アカウント", "者",   "先",   "クラス", "地区",
      "項目", "つ", "ファイル", "通",         "枚",   "個",   "本",     "回"};
  jiken_result *res = extract_str(state, t);
  assert_int_equal(n_counts(res), sizeof units / sizeof *units);
  for (size_t k = 0; k < sizeof units / sizeof *units; k++)
    assert_string_equal(count_at(res, k)->unit, units[k]);
  check(t, count_at(res, 23), "1回", 1, "回", JIKEN_QUAL_EXACT);
  jiken_result_free(res);

  /* 人分 / 件分 / 名様 report the bare counter, the span keeps the suffix */
  t = "患者様2,013件分と受講者38名分、当選者10人分、お申込みの6名様。";
  res = extract_str(state, t);
  assert_int_equal(n_counts(res), 4);
  check(t, count_at(res, 0), "2,013件分", 2013, "件", JIKEN_QUAL_EXACT);
  check(t, count_at(res, 1), "38名分", 38, "名", JIKEN_QUAL_EXACT);
  check(t, count_at(res, 2), "10人分", 10, "人", JIKEN_QUAL_EXACT);
  check(t, count_at(res, 3), "6名様", 6, "名", JIKEN_QUAL_EXACT);
  jiken_result_free(res);
}

static void test_parenthesised_pair(void **state) {
  const char *t = "1.個人情報流出のおそれがある画像データ\n"
                  "令和5年度の固定資産税納税通知書 96件(88名)\n";
  jiken_result *res = extract_str(state, t);
  assert_int_equal(n_counts(res), 2);
  check(t, count_at(res, 0), "96件", 96, "件", JIKEN_QUAL_EXACT);
  check(t, count_at(res, 1), "88名", 88, "名", JIKEN_QUAL_EXACT);
  /* people over records */
  jiken_affected a = jiken_result_affected(res);
  assert_true(a.present);
  assert_true(a.value == 88);
  assert_string_equal(a.unit, "名");
  assert_false(a.summed);
  jiken_result_free(res);

  /* the people count further inside the bracket */
  t = "1. 流出した情報の件数\n約8,000件(対象となるお客様約7,500名分)\n";
  res = extract_str(state, t);
  assert_int_equal(n_counts(res), 2);
  check(t, count_at(res, 1), "約7,500名分", 7500, "名", JIKEN_QUAL_APPROX);
  assert_string_equal(count_at(res, 1)->subject, "お客様");
  a = jiken_result_affected(res);
  assert_true(a.present);
  assert_true(a.value == 7500);
  assert_string_equal(a.unit, "名");
  assert_int_equal(a.qualifier, JIKEN_QUAL_APPROX);
  jiken_result_free(res);
}

static void test_subjects(void **state) {
  const char *t =
      "社員6名のアカウントが不正に利用され、約 60,000 件の個人データと"
      "20ファイルが暗号化されました。";
  jiken_result *res = extract_str(state, t);
  assert_int_equal(n_counts(res), 3);
  assert_string_equal(count_at(res, 0)->subject, "社員");
  check(t, count_at(res, 1), "約 60,000 件", 60000, "件", JIKEN_QUAL_APPROX);
  assert_string_equal(count_at(res, 1)->subject, "個人データ");
  assert_null(count_at(res, 2)->subject);
  jiken_result_free(res);

  /* `17時23分 500件`: the time's 分 is no subject */
  res = extract_str(state, "17時23分 500件を送信しました。");
  assert_int_equal(n_counts(res), 1);
  assert_null(count_at(res, 0)->subject);
  jiken_result_free(res);
}

/* numbers inside URLs and mail addresses are skipped, the counts around
 * them are still read; counters sharing a first character (名/名様,
 * 通/通信, 個/個所) are told apart by length */
static void test_counts_beside_addresses(void **state) {
  const char *t = "info3@example.jp及びwww.example.jp/news/7件/から、"
                  "お客様12名様と取引先2社へ計5通を送付し、3個所と2通信網を"
                  "確認しました。";
  jiken_result *res = extract_str(state, t);
  assert_int_equal(n_counts(res), 4);
  check(t, count_at(res, 0), "12名様", 12, "名", JIKEN_QUAL_EXACT);
  check(t, count_at(res, 1), "2社", 2, "社", JIKEN_QUAL_EXACT);
  check(t, count_at(res, 2), "計5通", 5, "通", JIKEN_QUAL_EXACT);
  check(t, count_at(res, 3), "3個所", 3, "個所", JIKEN_QUAL_EXACT);
  jiken_result_free(res);

  /* a kanji numeral right after an address and at the end of the text */
  t = "http://example.jp/a 宛てに五件、続いて十";
  res = extract_str(state, t);
  assert_int_equal(n_counts(res), 1);
  check(t, count_at(res, 0), "五件", 5, "件", JIKEN_QUAL_EXACT);
  jiken_result_free(res);
}

/* the leak word may close the sentence or stand in the line above */
static void test_affected_leak_word_at_edges(void **state) {
  const char *t = "会員様の氏名と住所を含む個人情報1,250件を誤って外部へ"
                  "送付し流出";
  jiken_result *res = extract_str(state, t);
  jiken_affected a = jiken_result_affected(res);
  assert_true(a.present);
  assert_true(a.value == 1250);
  assert_string_equal(a.unit, "件");
  jiken_result_free(res);

  t = "【流出したおそれのある情報】\n顧客名簿 342名分\n";
  res = extract_str(state, t);
  a = jiken_result_affected(res);
  assert_true(a.present);
  assert_true(a.value == 342);
  assert_string_equal(a.unit, "名");
  jiken_result_free(res);
}

static void test_not_counts(void **state) {
  static const char *const texts[] = {
      "2023年7月28日13時、9時頃に判明し、約6カ月間、3日間、2週間続きました。",
      "第3報として、1回目の調査と2年生の名簿、4階の執務室、令和5年度の事業を報"
      "告します。",
      "75歳以上の方と40代の男性、60KBのファイル、109のメールアドレスが対象です"
      "。",
      "お問い合わせは電話03-1234-5678(平日9時~17時)、〒100-0001まで。",
      "詳細は https://example.jp/news/2023/100件/ をご覧ください。",
      "件数は調査中です。影響を受けた人数については確認を進めております。",
      "(1)発覚の経緯\n1.概要\n①原因\n",
      "1名簿の管理、4本件の対応、一部の情報、一人一人への連絡、生徒一人ひとり"
      "。",
      "3 本県の対応\n2 人事課の対応\n",
      "書類を一件ずつ確認し、2者間の協議と3件数の集計を行いました。",
      "Microsoft365アカウントとWindows10端末を確認しました。",
  };
  for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
    jiken_result *res = extract_str(state, texts[k]);
    if (n_counts(res) != 0) {
      const jiken_count *c = count_at(res, 0);
      fail_msg("text %zu: unexpected count \"%.*s\"", k,
               (int)(c->end - c->start), texts[k] + c->start);
    }
    assert_false(jiken_result_affected(res).present);
    jiken_result_free(res);
  }
}

static void test_line_break_between_number_and_counter(void **state) {
  const char *t = "漏えい元の法人を含む医療機関8\n者に対して謝罪しました。";
  jiken_result *res = extract_str(state, t);
  assert_int_equal(n_counts(res), 1);
  check(t, count_at(res, 0), "8\n者", 8, "者", JIKEN_QUAL_EXACT);
  jiken_result_free(res);
}

static void test_affected_parts_summed(void **state) {
  const char *t = "紛失した個人情報は以下のとおりです。\n"
                  "(1)利用者名簿 2,409件\n"
                  "(2)協力員名簿 1,082件\n"
                  "(3)講座申込者名簿 796件\n";
  jiken_result *res = extract_str(state, t);
  assert_int_equal(n_counts(res), 3);
  jiken_affected a = jiken_result_affected(res);
  assert_true(a.present);
  assert_true(a.value == 2409 + 1082 + 796);
  assert_string_equal(a.unit, "件");
  assert_true(a.summed);
  jiken_result_free(res);

  /* counts inside the items (`1つ以上`) are looked through; an item that
   * is no personal data (`会議資料`) is not a part */
  t = "2.漏洩した可能性のある情報\n"
      "(1)会員の情報(氏名、住所等のうち1つ以上を含むもの):2,409件\n"
      "(2)講座参加者の情報(氏名、メールアドレス等のうち1つ以上を含むもの):"
      "1,082件\n"
      "(3)取引先担当者の情報(氏名、電話番号等のうち1つ以上を含むもの):796件\n"
      "(4)過去の会議資料:24件\n";
  res = extract_str(state, t);
  assert_int_equal(n_counts(res), 7);
  check(t, count_at(res, 0), "1つ以上", 1, "つ", JIKEN_QUAL_AT_LEAST);
  a = jiken_result_affected(res);
  assert_true(a.present);
  assert_true(a.value == 2409 + 1082 + 796);
  assert_true(a.summed);
  jiken_result_free(res);
}

static void test_affected_stated_total(void **state) {
  /* the parts and their stated total: the total, not summed again */
  const char *t = "流出したおそれのある個人情報\n"
                  "(1)会員情報 1,200件\n"
                  "(2)取引先情報 300件\n"
                  "計1,500件\n";
  jiken_result *res = extract_str(state, t);
  jiken_affected a = jiken_result_affected(res);
  assert_true(a.present);
  assert_true(a.value == 1500);
  assert_false(a.summed);
  jiken_result_free(res);
}

static void test_affected_not_devices_or_recipients(void **state) {
  /* accounts, files and mails are not the affected population */
  const char *t = "社員6名のアカウントが不正に利用され、150通のメールが外部に"
                  "送信されました。サーバ内の20ファイルが暗号化されました。";
  jiken_result *res = extract_str(state, t);
  assert_int_equal(n_counts(res), 3);
  assert_false(jiken_result_affected(res).present);
  jiken_result_free(res);

  /* the recipients of a misdirected mail are not the leaked addresses */
  t = "217名の会員様あてにお知らせメールを送信した際、BCCに入れるべき"
      "49件のメールアドレスを宛先欄に入力したため、メールアドレスが"
      "流出しました。";
  res = extract_str(state, t);
  jiken_affected a = jiken_result_affected(res);
  assert_true(a.present);
  assert_true(a.value == 49);
  assert_string_equal(a.unit, "件");
  jiken_result_free(res);

  /* `115名のうち59名`: the part that leaked */
  t = "研修の受講生115名のうち59名のメールアドレスが、他の受講生から"
      "閲覧できる状態となっていました。";
  res = extract_str(state, t);
  a = jiken_result_affected(res);
  assert_true(a.present);
  assert_true(a.value == 59);
  assert_string_equal(a.unit, "名");
  jiken_result_free(res);
}

static void test_affected_needs_data(void **state) {
  /* 影響 without any data: staff whose work stopped are no population */
  jiken_result *res = extract_str(
      state, "当社の社内サーバ3台がランサムウェアにより暗号化されました。"
             "現時点で個人情報の流出は確認されておりません。"
             "従業員約500名の業務に影響が出ております。");
  assert_int_equal(n_counts(res), 2);
  assert_false(jiken_result_affected(res).present);
  jiken_result_free(res);

  /* 影響 next to data does speak of the leak */
  res = extract_str(state, "今回の事案で影響を受けた会員情報は約2,500件です。");
  jiken_affected a = jiken_result_affected(res);
  assert_true(a.present);
  assert_true(a.value == 2500);
  assert_int_equal(a.qualifier, JIKEN_QUAL_APPROX);
  jiken_result_free(res);
}

static void test_affected_not_the_staff(void **state) {
  /* the employee who lost the data is not the population */
  jiken_result *res = extract_str(
      state, "当院職員1名が患者様の個人情報を含むUSBメモリを紛失しました。");
  assert_int_equal(n_counts(res), 1);
  assert_false(jiken_result_affected(res).present);
  jiken_result_free(res);

  res = extract_str(state, "当院職員1名が、患者様32名分の検査結果を含む"
                           "USBメモリを紛失しました。");
  jiken_affected a = jiken_result_affected(res);
  assert_true(a.present);
  assert_true(a.value == 32);
  assert_string_equal(a.unit, "名");
  jiken_result_free(res);
}

static void test_affected_inquiries(void **state) {
  /* a contact desk in the sentence does not hide the population */
  jiken_result *res =
      extract_str(state, "漏えいした可能性がある約1万件のお客様情報について、"
                         "お問い合わせ窓口を設置しました。");
  jiken_affected a = jiken_result_affected(res);
  assert_true(a.present);
  assert_true(a.value == 10000);
  jiken_result_free(res);

  /* inquiries are counted, but are not the population */
  res = extract_str(state, "個人情報の流出について、お客様から約20件の"
                           "お問い合わせが寄せられています。");
  assert_int_equal(n_counts(res), 1);
  assert_false(jiken_result_affected(res).present);
  jiken_result_free(res);
}

static void test_affected_prevention_is_not_population(void **state) {
  const char *t = "誤送付により患者様1名の検査結果が別の方に届きました。\n"
                  "再発防止策\n"
                  "封入作業は必ず2人以上で確認します。\n";
  jiken_result *res = extract_str(state, t);
  assert_int_equal(n_counts(res), 2);
  check(t, count_at(res, 1), "2人以上", 2, "人", JIKEN_QUAL_AT_LEAST);
  jiken_affected a = jiken_result_affected(res);
  assert_true(a.present);
  assert_true(a.value == 1);
  assert_string_equal(a.unit, "名");
  jiken_result_free(res);
}

static void test_affected_approx_kept(void **state) {
  const char *t =
      "このたび、当社が運営する通販サイトが不正アクセスを受け、"
      "お客様のクレジットカード情報約3万件が流出した可能性があることが"
      "判明しました。";
  jiken_result *res = extract_str(state, t);
  jiken_affected a = jiken_result_affected(res);
  assert_true(a.present);
  assert_true(a.value == 30000);
  assert_string_equal(a.unit, "件");
  assert_int_equal(a.qualifier, JIKEN_QUAL_APPROX);
  assert_false(a.summed);
  jiken_result_free(res);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_pdf_spacing_and_separators),
      cmocka_unit_test(test_multipliers_and_kanji),
      cmocka_unit_test(test_vague_quantities),
      cmocka_unit_test(test_ranges),
      cmocka_unit_test(test_qualifiers),
      cmocka_unit_test(test_counters),
      cmocka_unit_test(test_parenthesised_pair),
      cmocka_unit_test(test_subjects),
      cmocka_unit_test(test_not_counts),
      cmocka_unit_test(test_line_break_between_number_and_counter),
      cmocka_unit_test(test_affected_parts_summed),
      cmocka_unit_test(test_affected_stated_total),
      cmocka_unit_test(test_affected_not_devices_or_recipients),
      cmocka_unit_test(test_affected_needs_data),
      cmocka_unit_test(test_affected_not_the_staff),
      cmocka_unit_test(test_affected_inquiries),
      cmocka_unit_test(test_affected_prevention_is_not_population),
      cmocka_unit_test(test_affected_approx_kept),
      cmocka_unit_test(test_counts_beside_addresses),
      cmocka_unit_test(test_affected_leak_word_at_edges),
  };
  return cmocka_run_group_tests(tests, setup_extractor, teardown_extractor);
}
