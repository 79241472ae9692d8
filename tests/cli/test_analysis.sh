# End-to-end: Indonesian analysis through the real binary: stems, inflected forms finding each
# other in the bundled articles, roots that look affixed, stop words, `stem` and `analyze`.
source "$(dirname "$0")/lib.sh"
index_articles

ids() {  # ids QUERY...: sorted ids of all hits
    "$TELUSUR" search --index "$WORK/index" --format json --limit 100 "$@" | jq -r '.results[].id' | sort | tr '\n' ' '
}

# menimbun / penimbunan / timbun: one root, the same articles.
[ -n "$(ids penimbunan)" ] || fail "penimbunan finds nothing"
[ "$(ids menimbun)" = "$(ids penimbunan)" ] || fail "menimbun vs penimbunan: $(ids menimbun) / $(ids penimbunan)"
[ "$(ids timbun)" = "$(ids penimbunan)" ] || fail "timbun vs penimbunan"
# Capitalised words are stemmed like lower-case ones.
[ "$(ids Penimbunan)" = "$(ids penimbunan)" ] || fail "Penimbunan vs penimbunan"

# mengembangkan finds articles that only say berkembang / pengembangan (root kembang).
expect_exit 0 "$TELUSUR" stem mengembangkan berkembang pengembangan perkembangan
[ "$(sort -u <<<"$OUT")" = "kembang" ] || fail "kembang family: $OUT"
[ "$(ids mengembangkan)" = "$(ids kembang)" ] || fail "mengembangkan vs kembang"

# Roots that look affixed stay whole: perangkat does not match angkat.
expect_exit 0 "$TELUSUR" stem perangkat menteri media kalian huawei nvidia H200 7nm
[ "$(tr '\n' ' ' <<<"$OUT")" = "perangkat menteri media kalian huawei nvidia h200 7nm " ] || fail "roots: $OUT"

# stem reads stdin line by line; an empty line answers with an empty line.
OUT="$(printf 'menimbun\n\nPenimbunan\n' | "$TELUSUR" stem)"
[ "$OUT" = $'timbun\n\ntimbun' ] || fail "stem stdin: $OUT"

# Stop words are dropped from ranked queries but count inside phrases.
[ "$(ids yang Kunlun)" = "$(ids Kunlun)" ] || fail "stop word changed the hits"
expect_exit 0 "$TELUSUR" search --index "$WORK/index" --format json '"chip yang"'
expect_exit 1 "$TELUSUR" search --index "$WORK/index" '"yang Kunlun"'

# Compounds: Chat-GPT / ChatGPT / "chat gpt" are one thing; COVID-19 stays whole.
printf 'Judul\nPengguna Chat-GPT bertambah.\n' >"$WORK/a.txt"
printf 'Judul\nPengguna ChatGPT bertambah.\n' >"$WORK/b.txt"
expect_exit 0 "$TELUSUR" index --index "$WORK/compound" "$WORK/a.txt" "$WORK/b.txt"
for q in ChatGPT Chat-GPT "chat gpt" '"chat gpt"'; do
    n="$("$TELUSUR" search --index "$WORK/compound" --format json "$q" | jq '.total')"
    [ "$n" -ge 1 ] || fail "'$q' found nothing"
done
[ "$("$TELUSUR" search --index "$WORK/compound" --format json ChatGPT | jq '.total')" -eq 2 ] || fail "ChatGPT should find both spellings"

# analyze shows offsets into the original text and stop words.
expect_exit 0 "$TELUSUR" analyze --format json "Chip-chip H200 yang"
[ "$(jq -r '.tokens[0].terms[0]' <<<"$OUT")" = chip ] || fail "analyze reduplication: $OUT"
[ "$(jq -r '.tokens[1].norm, .tokens[1].begin, .tokens[1].end' <<<"$OUT" | tr '\n' ' ')" = "h200 10 14 " ] || fail "analyze offsets: $OUT"
[ "$(jq -r '.tokens[2].stopword' <<<"$OUT")" = true ] || fail "analyze stop word"
expect_exit 0 "$TELUSUR" analyze --help
echo ok
