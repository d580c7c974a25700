#!/usr/bin/env python3
"""gen_seeds.py — write the fuzz seed corpus (tests/fuzz/corpus/NAME/).

Every sentence here is written for the seeds in the style of incident
notices; none is taken from a real notice.  Run from anywhere:
    python3 tests/fuzz/gen_seeds.py
The output is committed; rerun after editing the lists below.
"""
import hashlib
import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))

SENTENCES = [
    "2024年3月5日、当社サーバへの不正アクセスを検知しました。",
    "令和6年4月上旬頃、第三者による不正ログインが発生した可能性があります。",
    "顧客の氏名、住所、電話番号、メールアドレス約1,200件が流出した恐れがあります。",
    "クレジットカード情報(カード番号、有効期限、セキュリティコード)最大3,456件。",
    "なお、銀行口座情報は含まれておりません。",
    "原因は、VPN機器の脆弱性を悪用されたことによるものと判明しました。",
    "当社は警察および個人情報保護委員会へ報告いたしました。",
    "再発防止策として、多要素認証の導入とパスワードの変更を実施いたします。",
    "2023 年 12 月 1 日 ~ 2024 年 1 月 15 日の間にご注文いただいたお客様。",
    "ランサムウェアにより、ファイルサーバのデータが暗号化されました。",
    "従業員が業務用パソコンを電車内で紛失しました。",
    "メールの誤送信により、540名分の受講者情報が第三者に送信されました。",
    "延べ約12万人分の会員情報が閲覧可能な状態となっていました。",
    "平成30年度から令和5年度までの申請者データ",
    "今後は外部専門機関の協力のもと、セキュリティ体制の強化に努めてまいります。",
    "第3報 最終報",
    "①氏名 ②生年月日 ③性別 ④メールアドレス",
    "ｸﾚｼﾞｯﾄｶｰﾄﾞ番号の一部（下４桁）",
    "被害額は1億2千万円にのぼる見込みです。",
    "2024.7.28 10:30頃、監視システムが異常な通信を検知。",
]

NOTICES = [
    "【お詫び】不正アクセスによる個人情報漏えいについて\n"
    "株式会社サンプル商事\n"
    "1.概要\n" + SENTENCES[0] + SENTENCES[2] + "\n"
    "2.原因\n" + SENTENCES[5] + "\n"
    "3.対応\n" + SENTENCES[6] + "\n"
    "4.再発防止策\n" + SENTENCES[7] + "\n"
    "【お問い合わせ窓口】\n電話 0120-000-000(平日9:00~17:00)\n",
    "■発覚の経緯\n" + SENTENCES[19] + "\n■漏えいした情報\n" + SENTENCES[16] + "\n",
    "【セキュリティ事件簿#2024-101】サンプル大学 USBメモリ紛失\n"
    + SENTENCES[10] + "\n"
    "【セキュリティ事件簿#2024-102】サンプル市 メール誤送信\n"
    + SENTENCES[11] + "\n",
    "(1)経緯\r\n" + SENTENCES[8] + "\r\n(2)対象\r\n" + SENTENCES[3] + "\r\n",
]


def write(sub, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    d = os.path.join(HERE, "corpus", sub)
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def main():
    shutil.rmtree(os.path.join(HERE, "corpus"), ignore_errors=True)
    # extract: sentences, notices, and a few hostile shapes
    for s in SENTENCES + NOTICES:
        write("extract", s)
    write("extract", "約" * 200 + "件")
    write("extract", "令和99999年99月99日")
    write("extract", "9" * 300 + "件")
    write("extract", "個 人 情 報 の 漏 え い\n" * 3)
    write("extract", b"\xef\xbb\xbf" + SENTENCES[0].encode())
    write("extract", "\u3099" * 50 + "ア\u0301\u0302\u0303")
    write("extract", "㍿㈱㍻ﷺ" * 10)
    # jsonl: the CLI's JSON Lines input
    lines = [json.dumps({"id": i, "text": s}, ensure_ascii=(i % 2 == 0))
             for i, s in enumerate(SENTENCES[:8])]
    write("jsonl", "\n".join(lines) + "\n")
    write("jsonl", json.dumps({"id": "n1", "text": NOTICES[0]},
                              ensure_ascii=False) + "\n")
    write("jsonl", '{"id":"a","text":"abc\\u0000def"}\nnot json\n\n'
                   '{"text":12}\n[1,2]\n{"id":{"x":[1]},"text":"紛失"}')
    write("jsonl", '{"id":"s","text":"\\ud800\\udc00\\ud83d\\ude00"}\n')
    write("jsonl", NOTICES[0].encode("cp932"))
    write("jsonl", NOTICES[0].encode("euc_jp"))
    write("jsonl", NOTICES[2].encode("utf-16"))
    # rules: the first byte picks the table the rest replaces
    rules = [
        "# causes\nransomware\tランサムウェア|暗号化\n"
        "unauthorized_access\t不正(アクセス|ログイン)\n",
        "[loss]\nword = 紛失\nword = 置き忘れ\n",
        "category: misdelivery\n  pattern: 誤(送信|送付|配信)\n",
        "@format 1\nmisconfiguration\t(?<!非)公開設定\n",
        # the format of dict/README.md (rule kind, category, options,
        # words, ..N windows, /regex/, sets)
        "format 1\n\ncause ransomware: ランサムウェア|暗号化 ..6 /身代金|脅迫/\n"
        "cause malware -hyp: ウイルス ..4 /感染(?!した旨)/\n",
        "format 1\nset hyp: おそれ 恐れ 可能性\n"
        "data name notin=contact: 氏名|お名前\n"
        "leak suspected: 流出 ..3 /可能性|おそれ/\n",
        "format 2\ncause x: y\n",
        "format 1\ncause bad: /((((/\n",
    ]
    for i, r in enumerate(rules):
        write("rules", bytes([i]) + r.encode())
    root = os.path.join(HERE, "..", "..", "dict", "rules")
    for i, name in enumerate(sorted(os.listdir(root))):
        if name.endswith(".rules"):
            with open(os.path.join(root, name), "rb") as f:
                write("rules", bytes([i]) + f.read())


if __name__ == "__main__":
    main()
