# End-to-end: the golden scenario (tests/golden/README.md): ids, first hit, highlighted words
# and exact company facets for each query over the bundled articles.
source "$(dirname "$0")/lib.sh"
index_articles
rows=0
# Tabs become \x1f first: bash collapses runs of a whitespace IFS, and empty columns matter.
while IFS=$'\x1f' read -r options query ids first highlights facets; do
    [[ -z "$options$query" || "$options" == \#* ]] && continue
    rows=$((rows + 1))
    read -r -a opts <<<"$options"
    what="[$options] $query"
    if [ "$ids" = "-" ]; then
        expect_exit 1 "$TELUSUR" search --index "$WORK/index" "${opts[@]}" "$query"
        continue
    fi
    expect_exit 0 "$TELUSUR" search --index "$WORK/index" --format json --limit 100 --facets \
        "${opts[@]}" "$query"
    got="$(jq -r '[.results[].id[0:3]] | sort | join(",")' <<<"$OUT")"
    [ "$got" = "$ids" ] || fail "$what: ids $got, expected $ids"
    if [ -n "$first" ]; then
        got="$(jq -r '.results[0].id[0:3]' <<<"$OUT")"
        [ "$got" = "$first" ] || fail "$what: first $got, expected $first"
    fi
    if [ -n "$highlights" ]; then
        words="$(jq -r '[.results[] | .snippet as $s | .highlights[] | $s[.[0]:.[1]] | ascii_downcase] | unique | join("|")' <<<"$OUT")"
        IFS='|' read -r -a wanted <<<"$highlights"
        for w in "${wanted[@]}"; do
            [[ "|$words|" == *"|$w|"* ]] || fail "$what: '$w' not highlighted (highlighted: $words)"
        done
    fi
    if [ -n "$facets" ]; then
        got="$(jq -r '[.facets.company[] | "\(.id)=\(.count)"] | sort | join(",")' <<<"$OUT")"
        [ "$got" = "$facets" ] || fail "$what: facets $got, expected $facets"
    fi
done < <(sed $'s/\t/\x1f/g' "$SOURCE_DIR/tests/golden/scenario.tsv")
[ "$rows" -ge 20 ] || fail "only $rows golden rows read"
echo "ok: $rows golden queries"
