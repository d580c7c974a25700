/* test_rules.c — the rule engine and the shipped tables: causes,
 * countermeasures, data items (with negation), authorities, leak status;
 * context (negation, hypotheticals, sections); the rule-file parser. */
#include "helpers.h"

#include <unistd.h>

/* ---- helpers ------------------------------------------------------------ */
static const jiken_finding *find_cat(const jiken_finding *f, size_t n,
                                     const char *cat, int negated) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(f[i].category, cat) == 0 && f[i].negated == negated)
      return &f[i];
  return NULL;
}

static const jiken_finding *cause(jiken_result *res, const char *cat) {
  size_t n;
  const jiken_finding *f = jiken_result_causes(res, &n);
  return find_cat(f, n, cat, 0);
}
static const jiken_finding *counter(jiken_result *res, const char *cat) {
  size_t n;
  const jiken_finding *f = jiken_result_countermeasures(res, &n);
  return find_cat(f, n, cat, 0);
}
static const jiken_finding *data(jiken_result *res, const char *cat,
                                 int negated) {
  size_t n;
  const jiken_finding *f = jiken_result_data_items(res, &n);
  return find_cat(f, n, cat, negated);
}
static const jiken_finding *authority(jiken_result *res, const char *cat) {
  size_t n;
  const jiken_finding *f = jiken_result_reported_to(res, &n);
  return find_cat(f, n, cat, 0);
}

/* ---- causes ------------------------------------------------------------- */
static void test_causes(void **state) {
  const char *t = "このたび、当社の基幹サーバーが第三者による不正アクセスを受け、"
                  "ランサムウェアに感染してファイルが暗号化される被害が発生しました。";
  jiken_result *res = extract_str(state, t);
  const jiken_finding *f = cause(res, "ransomware");
  assert_non_null(f);
  assert_true(span_is(t, f->start, f->end, "ランサムウェア"));
  assert_non_null(cause(res, "unauthorized_access"));
  assert_null(cause(res, "loss"));
  assert_null(cause(res, "insider"));
  jiken_result_free(res);

  /* misdelivery: To instead of Bcc; loss; contractor; theft */
  res = extract_str(state,
                    "委託先の職員が参加者へ案内メールを送信した際、本来BCCで送信す"
                    "べきところを誤ってTOに入力して送信しました。");
  assert_non_null(cause(res, "misdelivery"));
  assert_non_null(cause(res, "contractor"));
  jiken_result_free(res);
  res = extract_str(state, "職員が帰宅途中に業務用USBメモリを紛失しました。");
  assert_non_null(cause(res, "loss"));
  assert_null(cause(res, "theft"));
  jiken_result_free(res);
  res = extract_str(state,
                    "駐車場で車上荒らしに遭い、書類の入ったかばんが盗まれました。");
  assert_non_null(cause(res, "theft"));
  jiken_result_free(res);
  /* stolen passwords are an account compromise, not a theft */
  res = extract_str(state, "攻撃者により一部社員のアカウントのパスワードが"
                           "盗まれ、社外から社内端末に侵入されました。");
  assert_non_null(cause(res, "account_compromise"));
  assert_null(cause(res, "theft"));
  jiken_result_free(res);
}

static void test_causes_context(void **state) {
  /* a warning to recipients is hypothetical: no malware cause */
  jiken_result *res = extract_str(
      state, "不審なメールを開くとウイルスに感染するおそれがございますので、"
             "開かずに削除してください。");
  assert_null(cause(res, "malware"));
  jiken_result_free(res);
  /* a fake virus warning is a support scam (phishing), not malware */
  res = extract_str(state, "閲覧中に偽のウイルス警告が表示され、表示された番号"
                           "に電話をかけてしまいました。");
  assert_non_null(cause(res, "phishing"));
  assert_null(cause(res, "malware"));
  jiken_result_free(res);
  /* negated: no intrusion found */
  res = extract_str(state, "調査の結果、サーバーへの侵入の痕跡や不正アクセスは"
                           "確認されませんでした。");
  assert_null(cause(res, "unauthorized_access"));
  jiken_result_free(res);
  /* 不正アクセスによる漏えいは…ない: the negation is the leak's */
  res = extract_str(state, "当社サーバーが不正アクセスを受けましたが、不正アクセ"
                           "スによる情報漏えいは確認されておりません。");
  assert_non_null(cause(res, "unauthorized_access"));
  jiken_result_free(res);
}

/* ---- countermeasures ---------------------------------------------------- */
static void test_countermeasures(void **state) {
  const char *t =
      "不正アクセスを確認した直後に外部との通信を遮断し、外部専門家による"
      "フォレンジック調査を実施しております。\n"
      "全従業員のパスワードを変更し、多要素認証を導入いたしました。\n"
      "対象となるお客様には、個別にお詫びとご説明のご連絡を差し上げております。\n";
  jiken_result *res = extract_str(state, t);
  const jiken_finding *f = counter(res, "isolation");
  assert_non_null(f);
  assert_true(span_is(t, f->start, f->end, "遮断"));
  assert_non_null(counter(res, "investigation"));
  assert_non_null(counter(res, "password_reset"));
  assert_non_null(counter(res, "mfa"));
  assert_non_null(counter(res, "notification"));
  assert_null(counter(res, "training"));
  jiken_result_free(res);

  /* a public apology is not a notification of the people concerned */
  res = extract_str(state, "皆様に多大なご迷惑とご心配をおかけしましたことを、"
                           "深くお詫び申し上げます。");
  assert_null(counter(res, "notification"));
  jiken_result_free(res);
}

static void test_countermeasures_sections(void **state) {
  /* in the 原因 section a missing control is a cause, not a step taken */
  const char *t = "2.原因\n"
                  "多層防御に対応していないシステムが存在しました。\n"
                  "送信前のダブルチェックが不十分であったことも一因です。\n"
                  "3.再発防止策\n"
                  "EDRを全端末へ導入し、監視を強化いたします。\n"
                  "メール送信時は複数の職員で宛先を確認する手順に改めます。\n";
  jiken_result *res = extract_str(state, t);
  const jiken_finding *f = counter(res, "edr_monitoring");
  assert_non_null(f);
  assert_true(span_is(t, f->start, f->end, "EDR"));
  f = counter(res, "process");
  assert_non_null(f);
  /* the process evidence comes from the prevention section */
  assert_true(f->start > (size_t)(strstr(t, "3.再発防止策") - t));
  jiken_result_free(res);

  /* the same lack outside any section is still no countermeasure */
  res = extract_str(state, "送信前のダブルチェックが不十分でした。");
  assert_null(counter(res, "process"));
  jiken_result_free(res);
}

/* ---- data items ------------------------------------------------------------ */
static void test_data_items(void **state) {
  const char *t =
      "流出したおそれのある情報は、お客様の氏名、住所、電話番号、メール"
      "アドレスです。なお、クレジットカード情報は含まれておりません。";
  jiken_result *res = extract_str(state, t);
  assert_non_null(data(res, "name", 0));
  assert_non_null(data(res, "address", 0));
  assert_non_null(data(res, "phone", 0));
  assert_non_null(data(res, "email", 0));
  const jiken_finding *f = data(res, "credit_card", 1);
  assert_non_null(f);
  assert_true(span_is(t, f->start, f->end, "クレジットカード情報"));
  assert_null(data(res, "credit_card", 0));
  jiken_result_free(res);

  /* 記録されておりません negates; 流出は確認されていない does not */
  res = extract_str(state,
                    "当該USBメモリには患者様の病名と年齢が保存されていましたが、"
                    "氏名や生年月日は記録されておりません。");
  assert_non_null(data(res, "health", 0));
  assert_non_null(data(res, "age", 0));
  assert_non_null(data(res, "name", 1));
  assert_non_null(data(res, "birthdate", 1));
  assert_null(data(res, "name", 0));
  jiken_result_free(res);
  res = extract_str(state,
                    "現時点で、会員の氏名やメールアドレスの流出は確認されておりません。");
  assert_non_null(data(res, "name", 0));
  assert_null(data(res, "name", 1));
  jiken_result_free(res);

  /* a contact line is not leaked data */
  res = extract_str(state, "【お問い合わせ先】\n電話番号:0120-000-000\n");
  assert_null(data(res, "phone", 0));
  jiken_result_free(res);
}

static void test_data_negation_forms(void **state) {
  /* 〜ではない is a copula, not a denial that the item is involved */
  jiken_result *res = extract_str(
      state, "児童15名分の健康診断の結果を、本人ではない別の児童へ誤って配付しました。");
  assert_non_null(data(res, "health", 0));
  assert_null(data(res, "health", 1));
  jiken_result_free(res);
  /* 〜なければならない is an obligation */
  res = extract_str(state, "担当者は、送付先のメールアドレスをBCCに入れなければ"
                           "ならないことを理解していました。");
  assert_null(data(res, "email", 1));
  jiken_result_free(res);
  /* 〜なし in a listing negates; an ASCII comma ends a clause like 、 */
  res = extract_str(state, "漏えいした項目:氏名、住所\nマイナンバー:なし\n");
  assert_non_null(data(res, "name", 0));
  assert_non_null(data(res, "my_number", 1));
  jiken_result_free(res);
  res = extract_str(state, "会員の氏名を記載した名簿が見つからず,"
                           "住所は記録されておりません。");
  assert_non_null(data(res, "name", 0));
  assert_non_null(data(res, "address", 1));
  jiken_result_free(res);
}

static void test_spans_are_original_bytes(void **state) {
  /* full-width letters and PDF spacing are normalised before matching;
   * the evidence still points at the original bytes */
  const char *t = "当社は２０２４年 ５ 月、ＥＤＲを全端末に導入いたしました。\n"
                  "また、ご本人様には個別にご連絡いたします。";
  jiken_result *res = extract_str(state, t);
  const jiken_finding *f = counter(res, "edr_monitoring");
  assert_non_null(f);
  assert_true(span_is(t, f->start, f->end, "ＥＤＲ"));
  f = counter(res, "notification");
  assert_non_null(f);
  assert_true(f->start > (size_t)(strstr(t, "また") - t));
  assert_true(f->end <= strlen(t));
  jiken_result_free(res);
}

/* ---- authorities ----------------------------------------------------------- */
static void test_reported_to(void **state) {
  const char *t = "本件は個人情報保護委員会へ報告するとともに、所轄の警察署に"
                  "被害届を提出しました。また、JPCERT/CCにも情報を提供しております。";
  jiken_result *res = extract_str(state, t);
  const jiken_finding *f = authority(res, "ppc");
  assert_non_null(f);
  assert_int_equal(memcmp(t + f->start, "個人情報保護委員会", 27), 0);
  assert_non_null(authority(res, "police"));
  assert_non_null(authority(res, "security_org"));
  assert_null(authority(res, "regulator"));
  jiken_result_free(res);
  /* a name alone is no report */
  res = extract_str(state, "総務省が公表している注意喚起をご参照ください。");
  assert_null(authority(res, "regulator"));
  jiken_result_free(res);
}

/* ---- leak status ----------------------------------------------------------- */
static jiken_leak_status leak_of(void **state, const char *t) {
  jiken_result *res = extract_str(state, t);
  jiken_leak_status s = jiken_result_leak_status(res);
  jiken_result_free(res);
  return s;
}

static void test_leak_status(void **state) {
  assert_int_equal(leak_of(state, "案内メールを誤送信し、受信者同士でメール"
                                  "アドレスが見える状態となりました。"),
                   JIKEN_LEAK_CONFIRMED);
  assert_int_equal(
      leak_of(state, "お客様の個人情報が外部に流出したおそれがあります。"),
      JIKEN_LEAK_SUSPECTED);
  assert_int_equal(
      leak_of(state, "なお、現時点で個人情報の流出は確認されておりません。"),
      JIKEN_LEAK_NONE);
  assert_int_equal(
      leak_of(state, "現在のところ、個人情報の不正利用は確認されていない。"),
      JIKEN_LEAK_UNKNOWN);
  /* lost and not recovered: suspected, unless the notice says no leak */
  assert_int_equal(leak_of(state, "生徒の名簿を保存したUSBメモリを紛失しました。"
                                  "現在も見つかっておりません。"),
                   JIKEN_LEAK_SUSPECTED);
  assert_int_equal(leak_of(state, "USBメモリを紛失しました。現時点で個人情報が"
                                  "流出した事実は確認されておりません。"),
                   JIKEN_LEAK_NONE);
  assert_int_equal(leak_of(state, "現在のところ、個人情報の漏えいや不正利用などは"
                                  "確認されておりません。"),
                   JIKEN_LEAK_NONE);
  /* the denial must be the leak's own: a later negated verb is not */
  assert_int_equal(leak_of(state, "第三者がメールを閲覧するなどして個人情報が漏洩した"
                                  "可能性はございません。"),
                   JIKEN_LEAK_NONE);
  assert_int_equal(leak_of(state, "名簿を誤って公開していた事実が課内で共有されて"
                                  "いませんでした。"),
                   JIKEN_LEAK_CONFIRMED);
  /* exposure without confirmed viewing */
  assert_int_equal(leak_of(state, "設定の誤りにより、名簿ファイルが外部から"
                                  "閲覧可能な状態となっていました。"),
                   JIKEN_LEAK_SUSPECTED);
  assert_int_equal(leak_of(state, "当社サイトが一時的に閲覧しにくい状態になりました。"),
                   JIKEN_LEAK_UNKNOWN);
}

/* ---- the rule-file parser ------------------------------------------------ */
typedef struct tmpdir {
  char dir[64];
  char file[128];
} tmpdir;

static void write_rules(tmpdir *d, const char *content) {
  strcpy(d->dir, "/tmp/jiken-rules-XXXXXX");
  assert_non_null(mkdtemp(d->dir));
  snprintf(d->file, sizeof d->file, "%s/test.rules", d->dir);
  FILE *f = fopen(d->file, "w");
  assert_non_null(f);
  fputs(content, f);
  fclose(f);
}

static void remove_rules(tmpdir *d) {
  unlink(d->file);
  rmdir(d->dir);
}

/* load content; expect code and "test.rules:LINE:COL: expected" */
static void expect_error(const char *content, int code, int line, int col,
                         const char *what) {
  tmpdir d;
  write_rules(&d, content);
  jiken_error err;
  memset(&err, 0, sizeof err);
  jiken__rules *r = jiken__rules_new(d.dir, &err);
  assert_null(r);
  assert_int_equal(err.code, code);
  assert_int_equal(err.line, line);
  assert_int_equal(err.column, col);
  char where[160];
  snprintf(where, sizeof where, "%s:%d:%d: ", d.file, line, col);
  if (!strstr(err.message, where) || !strstr(err.message, what))
    fprintf(stderr, "message: %s\n", err.message);
  assert_non_null(strstr(err.message, where));
  assert_non_null(strstr(err.message, what));
  remove_rules(&d);
}

static void test_parser_errors(void **state) {
  (void)state;
  /* no format line */
  expect_error("cause malware: ウイルス\n", JIKEN_ERULES, 1, 1,
               "expected 'format 1'");
  /* unknown kind */
  expect_error("format 1\nreason malware: ウイルス\n", JIKEN_ERULES, 2, 1,
               "expected a rule kind");
  /* unknown category, column in code points */
  expect_error("format 1\n# comment\ncause virus: ウイルス\n", JIKEN_ERULES, 3,
               7, "expected a cause category");
  /* missing colon */
  expect_error("format 1\ncause malware ウイルス\n", JIKEN_ERULES, 2, 15,
               "expected a flag");
  /* unterminated regex after a Japanese literal: column counts characters */
  expect_error("format 1\ncause malware: ウイルス /感染\n", JIKEN_ERULES, 2, 24,
               "expected '/' closing");
  /* gap first, gap last */
  expect_error("format 1\ncause malware: ..3 感染\n", JIKEN_ERULES, 2, 16,
               "before a gap");
  expect_error("format 1\ncause malware: ウイルス ..3\n", JIKEN_ERULES, 2, 24,
               "after the final gap");
  /* flags after the colon */
  expect_error("format 1\ncause malware: ウイルス -neg\n", JIKEN_ERULES, 2, 21,
               "flags go before ':'");
  /* bad section name */
  expect_error("format 1\ncountermeasure mfa in=prevent: 多要素認証\n",
               JIKEN_ERULES, 2, 23, "expected a section name");
  /* a bad regex reports the position inside it */
  expect_error("format 1\ncause malware: /ウイルス(感染/\n", JIKEN_EREGEX, 2,
               24, "bad regular expression");
}

static void test_version_mismatch(void **state) {
  (void)state;
  char content[64];
  snprintf(content, sizeof content, "format %d\ncause malware: ウイルス\n",
           JIKEN_RULES_FORMAT + 1);
  expect_error(content, JIKEN_EDICTVERSION, 1, 8, "this library reads format");
}

static void test_custom_rules(void **state) {
  (void)state;
  /* a user table: token test on the base form, gap, sections, negation */
  tmpdir d;
  write_rules(&d, "format 1\n"
                  "set hyp: おそれ\n"
                  "countermeasure training in=prevention: base=実施 ..0 pos=動詞\n"
                  "cause insider ?neg: /持ち(出|だ)/\n"
                  "data name: 氏名\n");
  jiken_error err;
  jiken__rules *r = jiken__rules_new(d.dir, &err);
  if (!r)
    fprintf(stderr, "%s\n", err.message);
  assert_non_null(r);
  jiken_extractor *ex = *(jiken_extractor **)state;
  jiken__rules *saved = ex->rules;
  ex->rules = r;
  const char *t = "元職員が名簿を持ち出していなかったことを確認しました。\n"
                  "研修を実施しました。\n"
                  "■再発防止策\n"
                  "研修を実施します。\n"
                  "氏名は含まれておりません。\n";
  jiken_result *res = extract_str(state, t);
  ex->rules = saved;
  const jiken_finding *f = counter(res, "training");
  assert_non_null(f);
  assert_true(f->start > (size_t)(strstr(t, "■再発防止策") - t));
  assert_true(span_is(t, f->start, f->end, "実施し"));
  assert_non_null(cause(res, "insider")); /* ?neg keeps a negated match */
  assert_non_null(data(res, "name", 1));
  jiken_result_free(res);
  jiken__rules_free(r);
  remove_rules(&d);
}

/* rules the engine indexes by how their matches start: a regex behind
 * lookbehinds, a regex whose first character is optional, a word list of
 * more than 64 words, a regex after a gap */
static void test_rule_index(void **state) {
  tmpdir d;
  char content[2048];
  size_t k = (size_t)snprintf(content, sizeof content,
                              "format 1\n"
                              "cause theft: /(?<!パスワードが)(?<!データの)盗まれ/\n"
                              "cause loss: /紛?失した/\n"
                              "cause insider: /(元|前)?従業員が持ち出/\n"
                              "cause phishing: 偽 ..3 /(?<!の)(サイト|ページ)/\n"
                              "cause contractor: /(から|より)受託し/\n"
                              "cause ddos: /(大量|多数)の(アクセス|通信)/\n"
                              "cause malware: ");
  for (int i = 0; i < 70; i++)
    k += (size_t)snprintf(content + k, sizeof content - k, "ワ%d|", i);
  snprintf(content + k, sizeof content - k, "ワーム\n");
  write_rules(&d, content);
  jiken_error err;
  jiken__rules *r = jiken__rules_new(d.dir, &err);
  if (!r)
    fprintf(stderr, "%s\n", err.message);
  assert_non_null(r);
  jiken_extractor *ex = *(jiken_extractor **)state;
  jiken__rules *saved = ex->rules;
  ex->rules = r;
  const char *t = "当社従業員のパスワードが盗まれた可能性があります。"
                  "また、営業車両から業務用端末が盗まれました。"
                  "障害によりデータを喪失したことが判明しました。"
                  "従業員が持ち出した書類は回収しました。"
                  "偽のサイトではなく、偽サイトへ誘導されました。"
                  "ワーム型の不正プログラムが検出されました。"
                  "受託業務のうち、B社より受託した業務のデータです。"
                  "大量に届いた多数の通信により停止しました。";
  jiken_result *res = extract_str(state, t);
  ex->rules = saved;
  const jiken_finding *f = cause(res, "theft");
  assert_non_null(f);
  assert_true(f->start == (size_t)(strstr(t, "端末が盗まれ") - t) + strlen("端末が"));
  assert_true(span_is(t, f->start, f->end, "盗まれ"));
  f = cause(res, "loss");
  assert_non_null(f);
  assert_true(span_is(t, f->start, f->end, "失した"));
  f = cause(res, "insider");
  assert_non_null(f);
  assert_true(span_is(t, f->start, f->end, "従業員が持ち出"));
  f = cause(res, "phishing");
  assert_non_null(f);
  assert_true(span_is(t, f->start, f->end, "偽サイト"));
  f = cause(res, "malware");
  assert_non_null(f);
  assert_true(span_is(t, f->start, f->end, "ワーム"));
  /* a word group followed by literal text: (から|より)受託し */
  f = cause(res, "contractor");
  assert_non_null(f);
  assert_true(span_is(t, f->start, f->end, "より受託し"));
  /* a word group followed by a word group */
  f = cause(res, "ddos");
  assert_non_null(f);
  assert_true(span_is(t, f->start, f->end, "多数の通信"));
  jiken_result_free(res);
  /* none of them without their text */
  ex->rules = r;
  res = extract_str(state, "ワクチン接種会場の偽のページで案内を更新しました。");
  ex->rules = saved;
  assert_null(cause(res, "malware"));
  assert_null(cause(res, "phishing"));
  assert_null(cause(res, "loss"));
  assert_null(cause(res, "insider"));
  jiken_result_free(res);
  ex->rules = r;
  res = extract_str(state, "業務を受託し、大量のデータを送りました。");
  ex->rules = saved;
  assert_null(cause(res, "contractor"));
  assert_null(cause(res, "ddos"));
  jiken_result_free(res);
  jiken__rules_free(r);
  remove_rules(&d);
}

static void test_backtracking_is_bounded(void **state) {
  /* a rule of many gaps that never completes, on a long sentence */
  tmpdir d;
  write_rules(&d, "format 1\n"
                  "cause malware: あ ... あ ... あ ... あ ... あ ... あ ... い\n"
                  "cause loss: 紛失\n");
  jiken_error err;
  jiken__rules *r = jiken__rules_new(d.dir, &err);
  assert_non_null(r);
  jiken_extractor *ex = *(jiken_extractor **)state;
  jiken__rules *saved = ex->rules;
  ex->rules = r;
  size_t n = 3000;
  char *t = malloc(n * 3 + 64);
  assert_non_null(t);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    memcpy(t + k, "あ", 3);
    k += 3;
  }
  strcpy(t + k, "を紛失しました。");
  jiken_result *res = extract_str(state, t); /* returns, and quickly */
  ex->rules = saved;
  assert_null(cause(res, "malware"));
  assert_non_null(cause(res, "loss")); /* other rules still run */
  jiken_result_free(res);
  /* the budget is per sentence: the next one matches in full */
  strcpy(t + k, "を紛失しました。\nああああああいました。\n");
  ex->rules = r;
  res = extract_str(state, t);
  ex->rules = saved;
  const jiken_finding *f = cause(res, "malware");
  assert_non_null(f);
  assert_true(span_is(t, f->start, f->end, "ああああああい"));
  jiken_result_free(res);
  free(t);
  jiken__rules_free(r);
  remove_rules(&d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_causes),
      cmocka_unit_test(test_causes_context),
      cmocka_unit_test(test_countermeasures),
      cmocka_unit_test(test_countermeasures_sections),
      cmocka_unit_test(test_data_items),
      cmocka_unit_test(test_data_negation_forms),
      cmocka_unit_test(test_spans_are_original_bytes),
      cmocka_unit_test(test_reported_to),
      cmocka_unit_test(test_leak_status),
      cmocka_unit_test(test_parser_errors),
      cmocka_unit_test(test_version_mismatch),
      cmocka_unit_test(test_custom_rules),
      cmocka_unit_test(test_rule_index),
      cmocka_unit_test(test_backtracking_is_bounded),
  };
  return cmocka_run_group_tests(tests, setup_extractor, teardown_extractor);
}
