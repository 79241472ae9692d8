# End-to-end: the query language on the bundled articles: fields, dates, NEAR, wildcards,
# synonyms in both directions with highlights, and the relaxed OR retry.
source "$(dirname "$0")/lib.sh"
index_articles

json() { "$TELUSUR" search --index "$WORK/index" --format json --limit 100 "$@"; }
ids() { json "$@" | jq -r '[.results[].id[0:3]] | join(" ")'; }
highlighted() {  # highlighted QUERY: the highlighted words of all results, lower-cased, unique
    json "$@" | jq -r '[.results[] | .snippet as $s | .highlights[] | $s[.[0]:.[1]] | ascii_downcase] | unique | join(" ")'
}

# Fields.
[ "$(ids title:Tiongkok)" = "002" ] || fail "title:Tiongkok: $(ids title:Tiongkok)"
[ "$(ids 'title:"Semakin Kuat"')" = "000" ] || fail "title phrase"
[ "$(ids source:Selular.id)" = "003" ] || fail "source filter"
[ "$(ids 'source:"BERITA PANGKEP" chip')" = "000" ] || fail "quoted source filter"
# Dates: only the first article has one (2025-05-27).
[ "$(ids date:2025)" = "000" ] || fail "date:2025"
[ "$(ids 'date:Mei 2025')" = "000" ] || fail "date:Mei 2025"
[ "$(ids date:2025-05-01..2025-06-30)" = "000" ] || fail "date range"
expect_exit 1 "$TELUSUR" search --index "$WORK/index" date:2024
expect_exit 2 "$TELUSUR" search --index "$WORK/index" date:kemarin
expect_contains "$ERR" "expected a date" "bad date"

# NEAR/n is stricter than AND.
near="$(json 'chip NEAR/1 Nvidia' | jq .total)"; both="$(json chip Nvidia | jq .total)"
[ "$near" -ge 1 ] && [ "$near" -le "$both" ] || fail "NEAR: $near vs AND: $both"

# Wildcards find and highlight the surface words.
[ "$(json 'semikonduk*' | jq .total)" -ge 3 ] || fail "wildcard"
[[ "$(highlighted 'semikonduk*')" == *semikonduktor* ]] || fail "wildcard highlight"

# Synonyms both ways, highlighted: cip finds chip; AI finds "kecerdasan buatan" and back.
[ "$(ids cip)" = "$(ids chip)" ] || fail "cip vs chip"
[[ "$(highlighted cip)" == *chip* ]] || fail "cip highlights chip"
[[ "$(highlighted '"kecerdasan buatan"')" == *ai* ]] || fail "kecerdasan buatan highlights AI"
[[ "$(highlighted AI)" == *kecerdasan* ]] || fail "AI highlights kecerdasan"

# All words together find nothing: retry with any of them, and say so.
out="$(json Kunlun zzyzxqq)"
[ "$(jq .relaxed <<<"$out")" = true ] || fail "relaxed flag: $out"
[ "$(jq -r '.results[0].id' <<<"$out")" = 004_e9b3913e3daf1767 ] || fail "relaxed hit"
expect_exit 0 "$TELUSUR" search --index "$WORK/index" Kunlun zzyzxqq
expect_contains "$OUT" "No article has all the words" "relaxed notice"
[ "$(json Kunlun Baidu | jq .relaxed)" = false ] || fail "relaxed when not needed"
echo ok
