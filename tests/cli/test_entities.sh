# End-to-end: company filters and facets on the bundled articles against hand annotations.
# Annotations (read from the cleaned articles; site furniture such as related-post lists is not
# part of an article): which article names which company, by article number.
source "$(dirname "$0")/lib.sh"
index_articles

declare -A NAMES=(
    [nvidia]="000 001 002 003 004" [baidu]="000 001 004" [alibaba]="003 004"
    [google]="000 001" [tencent]="000 001" [gartner]="000"
    [openai]="002" [moonshot-ai]="002" [baichuan]="002"
    [huawei]="003" [cambricon]="003" [smic]="003" [xiaomi]="003" [meta]="003"
    [kunlun]="004"
)

ids() { "$TELUSUR" search --index "$WORK/index" --format json --limit 100 --no-collapse "$@" | jq -r '[.results[].id[0:3]] | sort | join(" ")'; }

# Every company filter returns exactly the annotated articles (empty query + filter lists them).
for company in "${!NAMES[@]}"; do
    [ "$(ids --company "$company")" = "${NAMES[$company]}" ] || fail "--company $company: $(ids --company "$company")"
    [ "$(ids "company:$company")" = "${NAMES[$company]}" ] || fail "company:$company"
done

# Facet counts over the whole index equal the annotations, and list no other company.
expect_exit 0 "$TELUSUR" facets --index "$WORK/index" --type company --format json
got="$(jq -r '.facets.company[] | "\(.id)=\(.count)"' <<<"$OUT" | sort | tr '\n' ' ')"
want="$(for c in "${!NAMES[@]}"; do n=(${NAMES[$c]}); echo "$c=${#n[@]}"; done | sort | tr '\n' ' ')"
[ "$got" = "$want" ] || fail "company facets: got $got, want $want"

# Facets for a query count the whole match set, not the page; company_all ignores the filter.
out="$("$TELUSUR" search --index "$WORK/index" --format json --facets --limit 1 Kunlun)"
[ "$(jq -r '.facets.company[] | select(.id=="baidu") | .count' <<<"$out")" = 1 ] || fail "query facets"
out="$("$TELUSUR" search --index "$WORK/index" --format json --facets --limit 1 --company huawei chip)"
[ "$(jq '.total' <<<"$out")" = 1 ] || fail "filtered total"
[ "$(jq -r '.facets.company_all[] | select(.id=="nvidia") | .count' <<<"$out")" -ge 4 ] || fail "company_all"

# Repeated --company: any of them; --all-companies: all of them.
[ "$(ids --company huawei --company openai)" = "002 003" ] || fail "OR of companies"
[ "$(ids --company baidu --company alibaba --all-companies)" = "004" ] || fail "AND of companies"
# Company and entity filters combine with AND.
[ "$(ids --company nvidia --entity jensen-huang --entity openai)" = "$(ids --entity jensen-huang --entity openai)" ] || fail "company AND entity"

# Aliases: NVIDIA and Kunlunxin name the same ids; a product mention counts only with --with-products.
[ "$(ids --company NVIDIA)" = "${NAMES[nvidia]}" ] || fail "alias as filter value"
[ "$(ids --entity ascend)" = "003" ] || fail "product entity"
[ "$(ids --company huawei --with-products)" = "003" ] || fail "--with-products"

# Case-sensitive alias: "AS" the country is an entity, the word "as" is not.
printf 'Judul\nHubungan AS dan China memanas.\n' >"$WORK/as.txt"
printf 'Judul\nIa bekerja as usual di kantor.\n' >"$WORK/as2.txt"
expect_exit 0 "$TELUSUR" index --index "$WORK/as-index" "$WORK/as.txt" "$WORK/as2.txt"
[ "$("$TELUSUR" search --index "$WORK/as-index" --format json --entity amerika-serikat | jq -r '[.results[].id] | join(" ")')" = "as" ] || fail "AS vs as"

# Results list their entities with mention counts.
out="$("$TELUSUR" search --index "$WORK/index" --format json Kunlun)"
[ "$(jq -r '.results[0].entities[] | select(.id=="kunlun") | .type' <<<"$out")" = company ] || fail "hit entities"

# entities --suggest lists frequent capitalised names the gazetteer lacks, not known ones.
printf 'Judul\nPerusahaan Zhongwei Semikon dan Nvidia bekerja sama. Analis menilai Zhongwei Semikon kuat.\n' >"$WORK/s1.txt"
printf 'Judul\nSaham Zhongwei Semikon naik setelah Huawei membeli chip.\n' >"$WORK/s2.txt"
expect_exit 0 "$TELUSUR" index --index "$WORK/suggest" "$WORK/s1.txt" "$WORK/s2.txt"
expect_exit 0 "$TELUSUR" entities --suggest --index "$WORK/suggest" --format json
[ "$(jq -r '.[0].name, .[0].mentions, .[0].articles' <<<"$OUT" | tr '\n' ' ')" = "Zhongwei Semikon 3 2 " ] || fail "suggest: $OUT"
[ "$(jq '[.[] | select(.name == "Nvidia" or .name == "Huawei")] | length' <<<"$OUT")" = 0 ] || fail "suggest lists known names"
expect_exit 0 "$TELUSUR" entities --type company
expect_contains "$OUT" "nvidia" "entities list"

# Unknown id: one line with the closest ids, exit 2.
expect_exit 2 "$TELUSUR" search --index "$WORK/index" --company nvdia
expect_contains "$ERR" "unknown company 'nvdia'; did you mean nvidia" "unknown company"
echo ok
