# End-to-end: `telusur index` marks the multi-word synonyms and aliases in each article, and the
# pairs of its common terms, and records both (search/phrases.hpp); searches that expand to them
# or type such phrases give the same articles, totals, facets and scores (to 9 decimals: sums in
# another order) as the positional phrases they replace (index copy with the records cleared).
source "$(dirname "$0")/lib.sh"
index_articles
gen="$(ls -d "$WORK"/index/gen-*)"
recorded="$(xapian-metadata get "$gen" telusur.phrases)"
grep -qx "XWrepublik rakyat tiongkok" <<<"$recorded" || fail "no marker record: $recorded"
grep -qx "XWkartu grafis" <<<"$recorded" || fail "synonym phrases not recorded"
# The bundled articles name "Amerika Serikat": some article carries its marker.
xapian-delve -t "XWamerika serikat" "$gen" | head -1 | grep -q 'termfreq [1-9]' ||
    fail "no article marked for 'amerika serikat'"

# Common terms: those in most of the (here: all five) articles, with their pairs marked.
common="$(xapian-metadata get "$gen" telusur.common)"
grep -qx "chip" <<<"$common" && grep -qx "ai" <<<"$common" || fail "common terms: $common"
xapian-delve -t "XWchip ai" "$gen" | head -1 | grep -q 'termfreq [1-9]' ||
    fail "no article marked for the pair 'chip ai'"

cp -r "$WORK/index" "$WORK/plain"
xapian-metadata set "$(ls -d "$WORK"/plain/gen-*)" telusur.phrases ""
xapian-metadata set "$(ls -d "$WORK"/plain/gen-*)" telusur.common ""
# --common-terms 0: no common terms recorded, no pair marked (the synonym phrases still are).
expect_exit 0 "$TELUSUR" index --index "$WORK/nocommon" --common-terms 0 "$ARTICLES"
nocommon="$(ls -d "$WORK"/nocommon/gen-*)"
[ -z "$(xapian-metadata get "$nocommon" telusur.common)" ] || fail "--common-terms 0 recorded terms"
xapian-delve -t "XWchip ai" "$nocommon" 2>&1 | grep -q 'not in database' ||
    fail "--common-terms 0 still marked the pair 'chip ai'"
xapian-delve -t "XWamerika serikat" "$nocommon" | head -1 | grep -q 'termfreq [1-9]' ||
    fail "--common-terms 0 dropped the synonym markers"
# An existing index keeps its common terms: the option needs --rebuild, which applies it.
expect_exit 2 "$TELUSUR" index --index "$WORK/nocommon" --common-terms 64 "$ARTICLES"
expect_contains "$ERR" "--common-terms applies to a new index; add --rebuild" "--common-terms on an index"
# common_count: the number of common terms the live generation recorded.
common_count() { xapian-metadata get "$(ls -d "$WORK"/nocommon/gen-* | tail -1)" telusur.common | wc -w; }
expect_exit 0 "$TELUSUR" index --index "$WORK/nocommon" --rebuild --common-terms 2 "$ARTICLES"
[ "$(common_count)" = 2 ] || fail "--rebuild --common-terms 2 did not record 2 common terms"
# A rebuild without the option keeps the number the live index was built with (cron jobs).
expect_exit 0 "$TELUSUR" index --index "$WORK/nocommon" --rebuild "$ARTICLES"
[ "$(common_count)" = 2 ] || fail "--rebuild without --common-terms: $(common_count) terms, not 2"
expect_exit 0 "$TELUSUR" index --index "$WORK/nocommon" --rebuild --common-terms 0 "$ARTICLES"
expect_exit 0 "$TELUSUR" index --index "$WORK/nocommon" --rebuild "$ARTICLES"
[ "$(common_count)" = 0 ] || fail "--rebuild after --common-terms 0: $(common_count) terms"
cat >"$WORK/queries" <<'Q'
china
Tiongkok
"Republik Rakyat Tiongkok"
AS chip
Amerika Serikat
"amerika serikat" company:nvidia
gpu
kecerdasan buatan
AI company:huawei
larangan ekspor
pembatasan ekspor chip
"chip ai" company:nvidia
"teknologi yang" OR "yang lebih"
"chip ai buatan"
ekspor "di china"
Q
for index in index plain nocommon; do
    "$TELUSUR" search --index "$WORK/$index" --batch "$WORK/queries" --facets --no-collapse -n 50 |
        jq -c 'del(.took_ms) | .results |= map({id, score: (.score * 1e9 | round)})' >"$WORK/$index.out" ||
        fail "batch search on $index"
done
[ "$(wc -l <"$WORK/index.out")" = 15 ] || fail "batch answered $(wc -l <"$WORK/index.out") queries"
jq -e 'select(.total > 0)' "$WORK/index.out" >/dev/null || fail "no query found anything"
diff "$WORK/index.out" "$WORK/plain.out" >&2 || fail "marked and positional phrases differ"
diff "$WORK/index.out" "$WORK/nocommon.out" >&2 || fail "--common-terms 0 changed the results"
echo "ok"
