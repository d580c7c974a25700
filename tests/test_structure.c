/* test_structure.c — title, issuing organisation, report number and digest
 * splitting (lib/structure.c).  Every notice below is written for these
 * tests in the style of published incident notices. */
#include "helpers.h"

static void assert_org(void **state, const char *text, const char *want) {
  jiken_result *res = extract_str(state, text);
  const char *org = jiken_result_organization(res);
  if (want) {
    assert_non_null(org);
    assert_string_equal(org, want);
  } else {
    assert_null(org);
  }
  jiken_result_free(res);
}

/* ---- titles and report numbers ------------------------------------------ */

static void title_with_report_number(void **state) {
  const char *text =
      "弊社ネットワークへの不正侵入に関するお知らせ(第3報)\n"
      "2023年9月12日\n"
      "株式会社みらい精機\n"
      "代表取締役社長 山本 一郎\n"
      "弊社では、前回のお知らせ以降も外部の調査会社とともに侵入経路の特定を進"
      "めてまいりました。本日までに判明した事項をお知らせいたします。\n";
  jiken_result *res = extract_str(state, text);
  assert_string_equal(jiken_result_title(res),
                      "弊社ネットワークへの不正侵入に関するお知らせ(第3報)");
  assert_string_equal(jiken_result_organization(res), "株式会社みらい精機");
  jiken_report r = jiken_result_report(res);
  assert_int_equal(r.present, 1);
  assert_int_equal(r.number, 3);
  assert_int_equal(r.final, 0);
  jiken_result_free(res);
}

/* report numbers: two ASCII digits or up to three kanji numerals */
static void report_number_forms(void **state) {
  static const struct {
    const char *mark;
    int present, number;
  } cases[] = {{"(第12報)", 1, 12}, {"(第十二報)", 1, 12},
               {"(第123報)", 0, 0}, {"(第一二三四報)", 0, 0},
               {"(第報)", 0, 0}};
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char text[512];
    snprintf(text, sizeof text,
             "会員サイトへの不正ログインに関するお知らせ%s\n"
             "2024年2月1日\n株式会社ほしぞら書房\n"
             "前回のお知らせ以降の調査の状況をお知らせいたします。\n",
             cases[i].mark);
    jiken_result *res = extract_str(state, text);
    jiken_report r = jiken_result_report(res);
    assert_int_equal(r.present, cases[i].present);
    assert_int_equal(r.number, cases[i].number);
    jiken_result_free(res);
  }
}

static void final_report_and_signature(void **state) {
  /* a 第2報 named in the body refers to an earlier notice */
  const char *text =
      "お客様各位\n"
      "受注管理システムへの不正侵入に関するご報告(最終報)\n"
      "第2報でお伝えした調査がすべて終わりましたので、結果をご報告いたしま"
      "す。\n"
      "2024年3月1日\n"
      "ガンマ電機株式会社\n";
  jiken_result *res = extract_str(state, text);
  assert_string_equal(jiken_result_title(res),
                      "受注管理システムへの不正侵入に関するご報告(最終報)");
  assert_string_equal(jiken_result_organization(res), "ガンマ電機株式会社");
  jiken_report r = jiken_result_report(res);
  assert_int_equal(r.present, 1);
  assert_int_equal(r.number, 0);
  assert_int_equal(r.final, 1);
  jiken_result_free(res);
}

static void follow_up_report(void **state) {
  const char *text =
      "会員向け案内メールの宛先開示に関するお詫び(続報)\n"
      "先日、当協会から会員宛ての案内メールを、宛先を互いに見られる状態で送"
      "信いたしました。その後の対応をお知らせします。\n"
      "公益社団法人日本デジタル安全協会\n";
  jiken_result *res = extract_str(state, text);
  assert_string_equal(jiken_result_title(res),
                      "会員向け案内メールの宛先開示に関するお詫び(続報)");
  assert_string_equal(jiken_result_organization(res),
                      "公益社団法人日本デジタル安全協会");
  jiken_report r = jiken_result_report(res);
  assert_int_equal(r.present, 1);
  assert_int_equal(r.number, 0);
  assert_int_equal(r.final, 0);
  jiken_result_free(res);
}

static void body_report_mention_is_not_a_report(void **state) {
  const char *text =
      "このたび、当社が第2報でお知らせした不正アクセスの調査が完了しました。"
      "調査の結果、お客様の情報が外部に流出した事実は確認されませんでした。\n";
  jiken_result *res = extract_str(state, text);
  jiken_report r = jiken_result_report(res);
  assert_int_equal(r.present, 0);
  assert_null(jiken_result_title(res));
  jiken_result_free(res);
}

static void kanji_report_number_in_heading(void **state) {
  const char *text =
      "第二報(令和6年1月12日 午後5時現在)\n"
      "令和6年1月11日、本町の住民情報を含む書類を紛失する事案が起き"
      "ました。\n";
  jiken_result *res = extract_str(state, text);
  jiken_report r = jiken_result_report(res);
  assert_int_equal(r.present, 1);
  assert_int_equal(r.number, 2);
  jiken_result_free(res);
}

static void org_before_title_on_heading_line(void **state) {
  /* organisation, title and date on one line: the title is the middle */
  const char *text =
      "株式会社サンプル 不正アクセスに関するお知らせ 2023年8月1日\n"
      "当社サーバーが不正アクセスを受けました。調査を進めております。\n";
  jiken_result *res = extract_str(state, text);
  assert_string_equal(jiken_result_organization(res), "株式会社サンプル");
  assert_string_equal(jiken_result_title(res), "不正アクセスに関するお知らせ");
  jiken_result_free(res);
}

static void spaced_title_names_nobody(void **state) {
  /* the space splits the title, but 不正アクセス is no organisation */
  const char *text =
      "不正アクセス 被害に関するお知らせ\n"
      "当社サーバーが不正アクセスを受けました。調査を進めております。\n";
  jiken_result *res = extract_str(state, text);
  assert_null(jiken_result_organization(res));
  assert_string_equal(jiken_result_title(res),
                      "不正アクセス被害に関するお知らせ");
  jiken_result_free(res);
}

static void no_title_without_heading(void **state) {
  jiken_result *res = extract_str(
      state, "2023年7月25日、弊社サーバーへの不正アクセスを確認いたしました。"
             "現在、外部専門家による調査を実施しております。\n");
  assert_null(jiken_result_title(res));
  assert_null(jiken_result_organization(res)); /* never named */
  jiken_report r = jiken_result_report(res);
  assert_int_equal(r.present, 0);
  jiken_result_free(res);
}

/* ---- organisations ---------------------------------------------------------
 */

static void org_in_digest_heading(void **state) {
  const char *text =
      "【事故簿#2024-101】アルファ精工株式会社 "
      "弊社サーバへの不正アクセスに関する"
      "お知らせ(第2報)\n"
      "弊社は、2024年5月8日、弊社サーバへの不正アクセスを検知いたしました。\n";
  jiken_result *res = extract_str(state, text);
  assert_string_equal(jiken_result_organization(res), "アルファ精工株式会社");
  assert_string_equal(jiken_result_title(res),
                      "弊社サーバへの不正アクセスに関するお知らせ(第2報)");
  assert_int_equal(jiken_result_report(res).number, 2);
  jiken_result_free(res);
}

static void heading_org_without_marker(void **state) {
  /* the part before the space is the organisation even without 株式会社 */
  const char *text =
      "【事故簿#2024-105】ミライソフト 当社の社内システムに対する"
      "不正アクセスについて\n"
      "当社の社員アカウントが不正に利用されたことがわかりました。\n";
  jiken_result *res = extract_str(state, text);
  assert_string_equal(jiken_result_organization(res), "ミライソフト");
  assert_string_equal(jiken_result_title(res),
                      "当社の社内システムに対する不正アクセスについて");
  jiken_result_free(res);
}

static void prefecture_with_contractors(void **state) {
  /* the contractor and its maintenance vendor are not the issuer */
  assert_org(
      state,
      "自動車税コールセンターの委託先における個人情報の不正持ち出しについて\n"
      "山梨県が自動車税に関する電話案内業務を委託している株式会社ミナトテレ"
      "コムサービスにおいて、同社の保守業者である北斗システムズ株式会社の元"
      "派遣社員が、県民の個人情報を不正に持ち出していたことがわかりました。\n"
      "北斗システムズ株式会社からの報告によると、持ち出された情報は約3万人分"
      "です。\n"
      "本県では、株式会社ミナトテレコムサービスに対し、再発防止の徹底を求め"
      "ました。\n",
      "山梨県");
}

static void prefecture_in_digest_heading_with_contractor(void **state) {
  assert_org(
      state,
      "【事故簿#2024-110】山梨県 ホクトシステムズ社員による納税者情報の"
      "持ち出しについて\n"
      "県が業務を委託した北斗システムズ株式会社の社員が、納税者の情報を持"
      "ち出していました。\n",
      "山梨県");
}

static void hospital_named_as_self(void **state) {
  assert_org(
      state,
      "このたび、北浜中央病院(以下「当院」)の外来で、検査予約の一覧表が所"
      "在不明となりました。\n"
      "当院では、院内を捜索するとともに、該当する方へご連絡しております。"
      "\n",
      "北浜中央病院");
}

static void city_with_department(void **state) {
  /* 高松市市民課: the city, not the counter that made the mistake */
  assert_org(
      state,
      "令和6年5月10日(金曜日)、高松市市民課の窓口で、住民票の写しを別の方"
      "に誤って交付する事案が起きました。\n"
      "本市では、関係する皆様に経緯をご説明し、お詫び申し上げました。\n",
      "高松市");
}

static void city_owning_a_named_body(void **state) {
  /* a body named after the city, with no voice of its own, is the city's */
  assert_org(state,
             "令和5年6月2日、高松市移住相談センターが会員向けのお知らせを送信し"
             "た際、宛先欄に他の会員のアドレスが見える設定になっていました。\n"
             "高松市移住相談センターでは、送信前の確認を徹底いたします。\n",
             "高松市");
}

static void council_speaking_for_itself(void **state) {
  assert_org(
      state,
      "高松市社会福祉協議会の相談窓口で、相談票の綴りが所在不明となりまし"
      "た。\n"
      "本会では、書類の保管方法を見直します。\n",
      "高松市社会福祉協議会");
}

static void municipality_in_prefecture_compound(void **state) {
  assert_org(
      state,
      "香川県丸亀市は、住民情報システムを私的に照会した職員を処分したと発"
      "表しました。市民の皆様の信頼を損ねたことをお詫びします。\n",
      "丸亀市");
}

static void two_line_signature(void **state) {
  const char *text =
      "2024年2月5日\n"
      "独立行政法人地域医療機構\n"
      "東山医療センター\n"
      "院長 佐藤 花子\n"
      "検診結果の誤送付について\n"
      "このたび、当院で検診を受けられた方の結果報告書を誤って別の方に"
      "送付してしまいました。\n";
  jiken_result *res = extract_str(state, text);
  assert_string_equal(jiken_result_organization(res),
                      "独立行政法人地域医療機構 東山医療センター");
  assert_string_equal(jiken_result_title(res), "検診結果の誤送付について");
  jiken_result_free(res);
}

static void disclosure_header_with_subsidiary(void **state) {
  /* PDF letter-spaced label; the subsidiary is not the issuer */
  assert_org(
      state,
      "会 社 名 株式会社ネクサスホールディングス\n"
      "代表者名 代表取締役社長 田中 太郎\n"
      "当社連結子会社への不正アクセスに関するお知らせ\n"
      "当社の連結子会社であるネクサス物流株式会社のサーバが不正アクセスを受"
      "けたことが判明しましたので、お知らせいたします。\n",
      "株式会社ネクサスホールディングス");
}

static void generic_words_are_not_names(void **state) {
  /* 反省 does not end in the ministry marker 省; 社会福祉協議会 alone is
   * nobody's name */
  assert_org(
      state,
      "このたびの事態を深く反省し、再発防止に努めます。社会福祉協議会の職員"
      "にも周知いたしました。\n",
      NULL);
}

static void authority_reported_to_is_not_the_issuer(void **state) {
  assert_org(
      state,
      "当法人の給食センターで不審な通信を検知しました。同日中に香川県、高"
      "松市及び警察へも報告しています。\n"
      "社会医療法人青葉会\n",
      "社会医療法人青葉会");
}

static void public_institution_in_body(void **state) {
  /* 国立自然史博物館 holds no proper noun for MeCab; 国立 makes it a name */
  assert_org(
      state,
      "国立自然史博物館では、来館者向けメールシステムへの第三者の侵入を確認"
      "しました。当館の利用者の皆様にお詫び申し上げます。\n",
      "国立自然史博物館");
}

static void name_starting_with_a_prefix_word(void **state) {
  /* 新 is a prefix for MeCab but part of this company's name */
  assert_org(
      state,
      "このたび、新日本電工株式会社(以下「当社」)のサーバーがランサムウェア"
      "に感染しました。\n",
      "新日本電工株式会社");
}

static void latin_name_after_legal_prefix(void **state) {
  assert_org(
      state,
      "このたび、株式会社 Beta Trading(以下「当社」)のサーバーが不正アクセ"
      "スを受けました。\n",
      "株式会社Beta Trading"); /* normalised: no space by kanji */
}

static void hiragana_name_in_signature(void **state) {
  assert_org(
      state,
      "本日、当金庫の職員が顧客情報を記載した帳票を紛失したことが判明しまし"
      "た。\n"
      "みなと信用金庫\n",
      "みなと信用金庫");
}

/* the issuer is named only deep in the body, after many lines that name
 * nobody, and a contractor word right before another company */
static void issuer_named_late_in_a_long_notice(void **state) {
  const char *text =
      "不正アクセスによる個人情報流出のお知らせ\n"
      "2024年5月20日\n"
      "このたび、お客様の個人情報が外部に流出した可能性があることが判明いた"
      "しました。\n"
      "お客様には多大なるご迷惑とご心配をおかけしますことを深くお詫び申し上"
      "げます。\n"
      "流出した可能性がある情報は、お名前、ご住所、電話番号です。\n"
      "現時点で、情報の不正利用は確認されておりません。\n"
      "不審なメールやお電話にはご注意ください。\n"
      "対象のお客様には、順次メールでご連絡いたします。\n"
      "システムの保守を委託しているデルタシステムズ株式会社から連絡を受け、"
      "調査を始めました。\n"
      "外部の専門機関と協力し、原因の特定を進めております。\n"
      "北栄産業株式会社(以下「当社」)は、再発防止に全力で取り組んでまいり"
      "ます。\n"
      "当社では、今後も情報の管理を徹底いたします。\n";
  assert_org(state, text, "北栄産業株式会社");
}

/* markers in the middle of a line, after kanji and punctuation: the name
 * starts after the punctuation, not at its marker (東和大学附属病院, not
 * 附属病院) */
static void marker_in_the_middle_of_a_line(void **state) {
  assert_org(state,
             "電子カルテ閲覧事案に関するご報告\n"
             "電子カルテ閲覧事案発生、東和大学附属病院(以下「当院」)における調査"
             "の結果をお知らせいたします。当院では再発防止に努めてまいります。\n",
             "東和大学附属病院");
}

static void contractor_only_is_no_issuer(void **state) {
  /* the issuer never names itself; its contractor is not reported */
  assert_org(
      state,
      "当社が業務を委託している株式会社データリンクにおいて、ランサムウェア"
      "による被害が発生しました。当社のお客様情報が含まれていた可能性があり"
      "ます。\n",
      NULL);
}

/* ---- splitting digests
 * ------------------------------------------------------- */

static jiken_notice_span *split(void **state, const char *text, size_t *n) {
  jiken_notice_span *spans = NULL;
  jiken_error err;
  assert_int_equal(jiken_split(*state, text, strlen(text), &spans, n, &err),
                   JIKEN_OK);
  return spans;
}

static void split_digest(void **state) {
  const char *text =
      "日々の情報セキュリティ事故をまとめるブログ。更新は不定期です\n"
      "【事故簿#2024-101】アルファ精工株式会社 "
      "弊社サーバへの不正アクセスに関する"
      "お知らせ\n"
      "弊社は、2024年5月8日、弊社サーバへの不正アクセスを検知いたしました。\n"
      "\n"
      "【事故簿#2024-102】西山市 個人情報を含むUSBメモリの紛失について\n"
      "令和6年5月9日、本市職員がUSBメモリを紛失しました。\n"
      "【事故簿#2024-103】東和大学 メールアカウントへの不正アクセスについて\n"
      "本学教員のメールアカウントが不正に利用されました。\n\n";
  size_t n = 0;
  jiken_notice_span *sp = split(state, text, &n);
  assert_int_equal(n, 3);
  const char *h1 = strstr(text, "【事故簿#2024-101】");
  const char *h2 = strstr(text, "【事故簿#2024-102】");
  const char *h3 = strstr(text, "【事故簿#2024-103】");
  /* the tagline is dropped; each notice starts at its heading */
  assert_int_equal(sp[0].start, (size_t)(h1 - text));
  assert_int_equal(sp[1].start, (size_t)(h2 - text));
  assert_int_equal(sp[2].start, (size_t)(h3 - text));
  /* and ends at the end of its text, without the blank lines */
  assert_true(span_is(text, sp[0].end - strlen("検知いたしました。"), sp[0].end,
                      "検知いたしました。"));
  assert_int_equal(sp[1].end, (size_t)(h3 - text) - 1);
  assert_true(span_is(text, sp[2].end - strlen("利用されました。"), sp[2].end,
                      "利用されました。"));
  /* each record names its own issuer */
  const char *want[] = {"アルファ精工株式会社", "西山市", "東和大学"};
  for (size_t i = 0; i < n; i++) {
    jiken_result *res = NULL;
    jiken_error err;
    assert_int_equal(jiken_extract(*state, text + sp[i].start,
                                   sp[i].end - sp[i].start, 0, &res, &err),
                     JIKEN_OK);
    assert_string_equal(jiken_result_organization(res), want[i]);
    jiken_result_free(res);
  }
  jiken_free(sp);
}

static void split_full_width_tag_and_spacing(void **state) {
  /* ＃ typed full width, a PDF-spaced heading: spans stay original bytes */
  const char *text =
      "【事故簿＃2023-7】株式会社 ベータ 商事 個人情報の漏えいに関するお詫び\n"
      "当社は 2023 年 7 月 28 日 に漏えいを確認しました。\n"
      "【事故簿＃2023-8】南川町 書類の誤送付について\n"
      "本町で書類を誤って送付しました。\n";
  size_t n = 0;
  jiken_notice_span *sp = split(state, text, &n);
  assert_int_equal(n, 2);
  assert_int_equal(sp[0].start, 0);
  assert_true(span_is(text, sp[1].start,
                      sp[1].start + strlen("【事故簿＃2023-8】"),
                      "【事故簿＃2023-8】"));
  assert_int_equal(sp[0].end, sp[1].start - 1);
  assert_int_equal(sp[1].end, strlen(text) - 1);
  jiken_free(sp);
}

static void split_heading_on_its_own_line(void **state) {
  /* the tag alone on its line; organisation and title on the next */
  const char *text = "【事故簿#2024-201】\n"
                     "カッパ運輸株式会社 配送伝票の誤送付に関するお詫び\n"
                     "当社の配送センターで伝票を誤って送付しました。\n"
                     "【事故簿#2024-202】\n"
                     "ラムダ市 住民票の誤交付について\n"
                     "本市の窓口で住民票を誤って交付しました。\n";
  size_t n = 0;
  jiken_notice_span *sp = split(state, text, &n);
  assert_int_equal(n, 2);
  assert_int_equal(sp[0].start, 0);
  assert_int_equal(sp[1].start,
                   (size_t)(strstr(text, "【事故簿#2024-202】") - text));
  jiken_result *res = NULL;
  jiken_error err;
  assert_int_equal(jiken_extract(*state, text + sp[0].start,
                                 sp[0].end - sp[0].start, 0, &res, &err),
                   JIKEN_OK);
  assert_string_equal(jiken_result_organization(res), "カッパ運輸株式会社");
  assert_string_equal(jiken_result_title(res),
                      "配送伝票の誤送付に関するお詫び");
  jiken_result_free(res);
  jiken_free(sp);
}

static void split_repeated_label(void **state) {
  /* no digest tag, but the same 【…】 label heads two title lines */
  const char *text = "【お知らせ】株式会社デルタ 個人情報流出に関するお詫び\n"
                     "当社のサイトが改ざんされました。\n"
                     "【経過】\n"
                     "5月1日に判明しました。\n"
                     "【お知らせ】イプシロン市 メール誤送信について\n"
                     "本市職員がメールを誤送信しました。\n";
  size_t n = 0;
  jiken_notice_span *sp = split(state, text, &n);
  assert_int_equal(n, 2);
  assert_int_equal(sp[0].start, 0);
  assert_true(span_is(text, sp[1].start, sp[1].start + strlen("【お知らせ】"),
                      "【お知らせ】"));
  jiken_free(sp);
}

static void split_single_notice(void **state) {
  /* 【…】 section headings inside one notice do not split it */
  const char *text = "個人情報を含むUSBメモリの紛失について\n"
                     "【経過】\n"
                     "令和5年5月28日、職員がUSBメモリを紛失しました。\n"
                     "【原因】\n"
                     "管理簿による管理を行っていませんでした。\n";
  size_t n = 0;
  jiken_notice_span *sp = split(state, text, &n);
  assert_int_equal(n, 1);
  assert_int_equal(sp[0].start, 0);
  assert_int_equal(sp[0].end, strlen(text));
  jiken_free(sp);
}

static void split_keeps_a_notice_before_the_first_heading(void **state) {
  const char *text =
      "不正アクセスに関するお知らせ\n"
      "当社サーバが不正アクセスを受けました。調査を進めています。"
      "詳細は判明し次第お知らせします。関係者の皆様にお詫び申し上げます。\n"
      "【事故簿#2024-2】ゼータ株式会社 メール誤送信についてのお詫び\n"
      "弊社の担当者がメールを誤送信しました。\n";
  size_t n = 0;
  jiken_notice_span *sp = split(state, text, &n);
  assert_int_equal(n, 2);
  assert_int_equal(sp[0].start, 0);
  assert_true(span_is(text, sp[1].start,
                      sp[1].start + strlen("【事故簿#2024-2】"),
                      "【事故簿#2024-2】"));
  jiken_free(sp);
}

/* ---- paths behind the literal prefilters (structure.c litset) ----------- */

static void service_greeting_names_the_shop(void **state) {
  /* 平素は … をご利用: the service speaks for itself; without the greeting
   * there is no name at all */
  assert_org(state,
             "個人情報漏えいに関するお詫び\n"
             "平素はハルカゼマートをご利用いただき、誠にありがとうございます。\n"
             "このたび、当ストアのサーバーが第三者による不正アクセスを受けたこと"
             "が判明いたしました。\n",
             "ハルカゼマート");
  assert_org(state,
             "個人情報漏えいに関するお詫び\n"
             "このたび、当ストアのサーバーが第三者による不正アクセスを受けたこと"
             "が判明いたしました。\n",
             NULL);
}

static void legal_entity_prefix_starts_the_name(void **state) {
  /* a legal-entity prefix takes the name up to the particle; 大学院 and
   * 市民 are no entity markers */
  assert_org(state,
             "患者情報を含む書類の紛失について\n"
             "医療法人社団緑風会みどり病院では、大学院生が実習で使用した書類を"
             "紛失しました。\n"
             "市民の皆様にはご心配をおかけし、深くお詫び申し上げます。\n",
             "医療法人社団緑風会");
}

static void body_named_after_a_city_signs(void **state) {
  assert_org(state,
             "ランサムウェア被害の発生について\n"
             "当センターでは、2024年5月10日にサーバーの暗号化を確認しました。\n"
             "なお、市民の皆様の個人情報が流出した事実は確認されておりません。\n"
             "高松市移住相談センター\n",
             "高松市移住相談センター");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(title_with_report_number),
      cmocka_unit_test(report_number_forms),
      cmocka_unit_test(final_report_and_signature),
      cmocka_unit_test(follow_up_report),
      cmocka_unit_test(body_report_mention_is_not_a_report),
      cmocka_unit_test(kanji_report_number_in_heading),
      cmocka_unit_test(org_before_title_on_heading_line),
      cmocka_unit_test(spaced_title_names_nobody),
      cmocka_unit_test(no_title_without_heading),
      cmocka_unit_test(org_in_digest_heading),
      cmocka_unit_test(heading_org_without_marker),
      cmocka_unit_test(prefecture_with_contractors),
      cmocka_unit_test(prefecture_in_digest_heading_with_contractor),
      cmocka_unit_test(hospital_named_as_self),
      cmocka_unit_test(city_with_department),
      cmocka_unit_test(city_owning_a_named_body),
      cmocka_unit_test(council_speaking_for_itself),
      cmocka_unit_test(municipality_in_prefecture_compound),
      cmocka_unit_test(two_line_signature),
      cmocka_unit_test(disclosure_header_with_subsidiary),
      cmocka_unit_test(generic_words_are_not_names),
      cmocka_unit_test(authority_reported_to_is_not_the_issuer),
      cmocka_unit_test(public_institution_in_body),
      cmocka_unit_test(name_starting_with_a_prefix_word),
      cmocka_unit_test(latin_name_after_legal_prefix),
      cmocka_unit_test(hiragana_name_in_signature),
      cmocka_unit_test(issuer_named_late_in_a_long_notice),
      cmocka_unit_test(marker_in_the_middle_of_a_line),
      cmocka_unit_test(contractor_only_is_no_issuer),
      cmocka_unit_test(split_digest),
      cmocka_unit_test(split_full_width_tag_and_spacing),
      cmocka_unit_test(split_heading_on_its_own_line),
      cmocka_unit_test(split_repeated_label),
      cmocka_unit_test(split_single_notice),
      cmocka_unit_test(split_keeps_a_notice_before_the_first_heading),
      cmocka_unit_test(service_greeting_names_the_shop),
      cmocka_unit_test(legal_entity_prefix_starts_the_name),
      cmocka_unit_test(body_named_after_a_city_signs),
  };
  return cmocka_run_group_tests(tests, setup_extractor, teardown_extractor);
}
