# End-to-end: spelling suggestions, near-duplicate collapsing, `similar`, --explain, and each
# alias direction on articles that use only one of the two spellings.
source "$(dirname "$0")/lib.sh"
index_articles
json() { "$TELUSUR" search --index "$WORK/index" --format json "$@"; }

# Suggestions from the index's own words, when a query finds nothing.
for pair in nvdia:nvidia huwaei:huawei penyelundupn:penyelundupan; do
    typed="${pair%%:*}"; want="${pair#*:}"
    expect_exit 1 "$TELUSUR" search --index "$WORK/index" "$typed"
    expect_contains "$OUT" "Maksud Anda: $want?" "suggestion for $typed"
    [ "$(json "$typed" | jq -r .suggestion)" = "$want" ] || fail "JSON suggestion for $typed"
done
[ "$(json "chip nvdia" | jq -r .suggestion)" = "chip nvidia" ] || fail "suggestion keeps known words"
[ "$(json nvidia | jq -r .suggestion)" = null ] || fail "suggestion for a word that finds articles"
[ "$(json zzqxv | jq -r .suggestion)" = null ] || fail "suggestion for gibberish"

# Collapse: 000 is a rewrite of 001; they show as one result with "+1 similar".
out="$(json Tencent)"
[ "$(jq -r '[.results[].id] | join(" ")' <<<"$out")" = 001_d7ea76b0c9959144 ] || fail "collapsed ids: $out"
[ "$(jq -r '.results[0].similar | join(" ")' <<<"$out")" = 000_58f45c9217456762 ] || fail "similar ids"
[ "$(jq .total <<<"$out")" = 2 ] && [ "$(jq .collapsed <<<"$out")" = 1 ] || fail "total/collapsed: $out"
expect_exit 0 "$TELUSUR" search --index "$WORK/index" Tencent
expect_contains "$OUT" "+1 similar: 000_58f45c9217456762" "text +N similar"
[ "$(json --no-collapse Tencent | jq '.results | length')" = 2 ] || fail "--no-collapse"
# Articles on the same topic that are not rewrites stay apart.
[ "$(json --limit 100 chip | jq '[.results[].similar | length] | add')" = 1 ] || fail "over-collapsing"

# similar: the rewrite first, never the article itself; filters apply; unknown id is an error.
out="$("$TELUSUR" similar --index "$WORK/index" --format json --no-collapse 001_d7ea76b0c9959144)"
[ "$(jq -r '.results[0].id' <<<"$out")" = 000_58f45c9217456762 ] || fail "similar first: $out"
jq -e '[.results[].id] | index("001_d7ea76b0c9959144") == null' <<<"$out" >/dev/null || fail "similar includes itself"
[ "$("$TELUSUR" similar --index "$WORK/index" --format json --company huawei 001_d7ea76b0c9959144 | jq -r '[.results[].id] | join(" ")')" = 003_69ad975cae3a0d70 ] \
    || fail "similar with --company"
expect_exit 2 "$TELUSUR" similar --index "$WORK/index" 999_nope
expect_contains "$ERR" "no article with id '999_nope'" "similar unknown id"

# --explain: the surface word, its normalised form and the stem that matched the query.
out="$(json --explain --no-collapse menimbun)"
jq -e '[.results[].explain[] | select(.word == "penimbunan" and .term == "timbun")] | length > 0' <<<"$out" >/dev/null \
    || fail "explain penimbunan -> timbun: $out"
expect_exit 0 "$TELUSUR" search --index "$WORK/index" --explain Penimbunan
expect_contains "$OUT" "matched penimbunan → penimbunan → timbun" "explain text"

# Each alias direction, on articles that use only one spelling.
cat >"$WORK/aliases.jsonl" <<'JSONL'
{"id": "only-china", "title": "Satu", "body": "Ekspor ke China naik tajam tahun ini."}
{"id": "only-tiongkok", "title": "Dua", "body": "Impor dari Tiongkok turun tahun ini."}
{"id": "only-as", "title": "Tiga", "body": "Pemerintah AS membatasi penjualan."}
{"id": "only-amerika", "title": "Empat", "body": "Pemerintah Amerika Serikat membatasi penjualan."}
{"id": "only-ai", "title": "Lima", "body": "Perusahaan itu membangun model AI baru."}
{"id": "only-kb", "title": "Enam", "body": "Perusahaan itu membangun kecerdasan buatan baru."}
{"id": "only-cip", "title": "Tujuh", "body": "Pabrik cip baru dibuka."}
{"id": "only-chip", "title": "Delapan", "body": "Pabrik chip baru dibuka."}
JSONL
expect_exit 0 "$TELUSUR" index --index "$WORK/aliases" "$WORK/aliases.jsonl"
alias_ids() { "$TELUSUR" search --index "$WORK/aliases" --format json --no-collapse "$@" | jq -r '[.results[].id] | sort | join(" ")'; }
for q in China Tiongkok; do [ "$(alias_ids "$q")" = "only-china only-tiongkok" ] || fail "$q: $(alias_ids "$q")"; done
for q in AS '"Amerika Serikat"'; do [ "$(alias_ids "$q")" = "only-amerika only-as" ] || fail "$q: $(alias_ids "$q")"; done
for q in AI '"kecerdasan buatan"'; do [ "$(alias_ids "$q")" = "only-ai only-kb" ] || fail "$q: $(alias_ids "$q")"; done
for q in cip chip; do [ "$(alias_ids "$q")" = "only-chip only-cip" ] || fail "$q: $(alias_ids "$q")"; done

# --facets counts every match (in a pass of its own for queries without phrases) and changes
# neither the ranking nor the total: for each query shape, the top 10 and the total equal those
# without --facets, and each company's facet count equals the total of the same query filtered
# by --company.
for q in chip 'chip OR ekspor' 'chip ekspor' '"chip AI"' 'chip -Kunlun' 'semikonduk*' \
    'Kunlun OR Huawei' 'chip NEAR/5 Nvidia'; do
    with="$(json --facets --no-collapse "$q")"
    without="$(json --no-collapse "$q")"
    [ "$(jq -c '[.total, [.results[].id]]' <<<"$with")" = "$(jq -c '[.total, [.results[].id]]' <<<"$without")" ] ||
        fail "--facets changes the results of $q"
    [ "$(jq '.total > 0 and (.facets.company | length) > 0' <<<"$with")" = true ] || fail "no facets for $q: $with"
    while read -r company count; do
        filtered="$(json --no-collapse --limit 1 --company "$company" "$q" | jq .total)"
        [ "$filtered" = "$count" ] || fail "$q: facet $company counts $count, --company $company finds $filtered"
    done < <(jq -r '.facets.company[] | "\(.id) \(.count)"' <<<"$with")
done
echo ok
