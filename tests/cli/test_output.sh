# End-to-end: output formats and habits. JSON validated against docs/search-output.schema.json,
# --fields, tsv, colour on and off, quiet exit on a broken pipe, sorting, estimates.
source "$(dirname "$0")/lib.sh"
index_articles
SCHEMA="$SOURCE_DIR/docs/search-output.schema.json"
validate() { /usr/bin/python3 "$SOURCE_DIR/tests/cli/validate_json.py" "$SCHEMA"; }
search() { "$TELUSUR" search --index "$WORK/index" "$@"; }

# Real output of every JSON-producing mode validates against the schema...
search --format json chip Nvidia | validate >/dev/null || fail "search json"
search --format json --facets --company nvidia chip | validate >/dev/null || fail "facets json"
search --format json --explain --no-collapse menimbun | validate >/dev/null || fail "explain json"
{ search --format json nvdia || [ $? -eq 1 ]; } | validate >/dev/null || fail "suggestion json"
search --format json --fields id,score chip | validate >/dev/null || fail "fields json"
"$TELUSUR" similar --index "$WORK/index" --format json 001_d7ea76b0c9959144 | validate >/dev/null \
    || fail "similar json"
printf 'chip\n"unclosed\nKunlun\n' | search --batch - | validate >/dev/null || fail "batch json"
# ...and the validator does reject what breaks the contract (a renamed field, a wrong type).
search --format json chip | jq -c 'del(.total)' | validate 2>/dev/null && fail "schema accepts no total"
search --format json chip | jq -c '.results[0].score = "high"' | validate 2>/dev/null \
    && fail "schema accepts a string score"

# --fields keeps only the chosen result fields; an unknown field is an error.
[ "$(search --format json --fields id,score chip | jq -c '[.results[] | keys] | unique')" = '[["id","score"]]' ] \
    || fail "--fields id,score"
expect_exit 2 "$TELUSUR" search --index "$WORK/index" --fields id,colour chip
expect_contains "$ERR" "unknown field 'colour'" "--fields error"

# tsv: id, score, date, title; one line per hit, four columns, for cut and awk.
out="$(search --format tsv --no-collapse --limit 100 chip)"
[ "$(wc -l <<<"$out")" -eq "$(search --format json --no-collapse --limit 100 chip | jq .total)" ] || fail "tsv lines"
[ "$(awk -F'\t' 'NF != 4' <<<"$out")" = "" ] || fail "tsv columns: $out"
[ "$(awk -F'\t' '$1 == "000_58f45c9217456762" {print $3}' <<<"$out")" = 2025-05-27 ] || fail "tsv date"

# Colour: escapes only when asked or on a terminal, never with NO_COLOR in auto mode.
esc=$'\x1b['
[[ "$(search --color=always Kunlun)" == *"${esc}1;31mKunlun"* ]] || fail "--color=always"
[[ "$(search --color=never Kunlun)" != *"$esc"* ]] || fail "--color=never"
[[ "$(search Kunlun)" != *"$esc"* ]] || fail "auto colour on a pipe"
if command -v script >/dev/null; then  # a real terminal through script(1)
    tty_out="$(script -qec "'$TELUSUR' search --index '$WORK/index' Kunlun" /dev/null)"
    [[ "$tty_out" == *"$esc"* ]] || fail "auto colour on a terminal"
    tty_out="$(NO_COLOR=1 script -qec "'$TELUSUR' search --index '$WORK/index' Kunlun" /dev/null)"
    [[ "$tty_out" != *"${esc}1;31m"* ]] || fail "NO_COLOR on a terminal"
fi
expect_exit 2 "$TELUSUR" search --index "$WORK/index" --color=sometimes chip
expect_contains "$ERR" "--color must be auto, always or never" "--color error"

# A batch counts facets from an in-memory table: the same facets as one query at a time, also
# with a company filter (company_all) and after the index changed between two queries.
queries=(chip "penimbunan chip" Kunlun '"chip AI"' ekspor)
printf '%s\n' "${queries[@]}" | search --batch - --facets --company nvidia \
    | jq -c '{facets, company_all, total}' >"$WORK/batch-facets.txt"
for q in "${queries[@]}"; do
    search --format json --facets --company nvidia "$q" | jq -c '{facets, company_all, total}'
done >"$WORK/single-facets.txt"
cmp -s "$WORK/batch-facets.txt" "$WORK/single-facets.txt" || fail "batch facets differ from single queries"
grep -q '"nvidia"' "$WORK/batch-facets.txt" || fail "no nvidia facet in batch output"
cp -r "$WORK/index" "$WORK/index-facets"
cat >"$WORK/extra.txt" <<'TXT'
Huawei dan Nvidia bersaing soal chip AI di Jakarta.
TXT
# One batch process, answering a query before and one after an incremental run (coproc, so the
# order is certain).
facet_line() { jq -c '[.total, (.facets.company[] | select(.id == "huawei") | .count)]'; }
coproc BATCH { "$TELUSUR" search --index "$WORK/index-facets" --batch - --facets; }
echo chip >&"${BATCH[1]}"
read -r before <&"${BATCH[0]}"
"$TELUSUR" index -q "$WORK/extra.txt" --index "$WORK/index-facets" >/dev/null 2>&1 \
    || fail "incremental index run"
echo chip >&"${BATCH[1]}"
read -r after <&"${BATCH[0]}"
exec {BATCH[1]}>&-
wait "$BATCH_PID" || true
facet_line <<<"$before" >"$WORK/changed.txt"
facet_line <<<"$after" >>"$WORK/changed.txt"
[ "$(sed -n 2p "$WORK/changed.txt")" = "$("$TELUSUR" search --index "$WORK/index-facets" \
    --format json --facets chip | facet_line)" ] \
    || fail "batch facets stale after an index change: $(cat "$WORK/changed.txt")"
[ "$(sed -n 1p "$WORK/changed.txt")" != "$(sed -n 2p "$WORK/changed.txt")" ] \
    || fail "index change not seen by the batch: $(cat "$WORK/changed.txt")"

# Broken pipe: a reader that stops early gets a quiet exit 0 and no message.
yes chip | head -5000 | search --batch - 2>"$WORK/pipe.err" | head -1 >/dev/null
codes=("${PIPESTATUS[@]}")
[ "${codes[2]}" -eq 0 ] || fail "broken pipe exit ${codes[2]}"
[ ! -s "$WORK/pipe.err" ] || fail "broken pipe message: $(cat "$WORK/pipe.err")"
# A full disk is an error, not silence.
if [ -w /dev/full ]; then
    expect_exit 2 bash -c "'$TELUSUR' search --index '$WORK/index' chip >/dev/full"
    expect_contains "$ERR" "cannot write the output" "write error"
fi

# Sorting by date: the dated article first with -date, last with date; bad values are errors.
[ "$(search --format tsv --no-collapse --sort -date chip | head -1 | cut -f1)" = 000_58f45c9217456762 ] || fail "-date"
[ "$(search --format tsv --no-collapse --sort date chip | head -1 | cut -f3)" = 2025-05-27 ] || fail "date ascending"
expect_exit 2 "$TELUSUR" search --index "$WORK/index" --sort newest chip
# Totals on the bundled articles are exact.
[ "$(search --format json chip | jq .total_exact)" = true ] || fail "total_exact"
echo ok
