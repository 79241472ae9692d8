# End-to-end: index the bundled articles with the real binary, search them, check ranking,
# exit codes and both output formats.
source "$(dirname "$0")/lib.sh"
index_articles
expect_contains "$OUT" "added 5" "first index run"

# Re-indexing the same files skips them (unchanged), never duplicates.
expect_exit 0 "$TELUSUR" index --index "$WORK/index" "$ARTICLES"
expect_contains "$OUT" "unchanged 5" "second index run"
expect_exit 0 "$TELUSUR" search --index "$WORK/index" --format json --limit 100
[ "$(jq '.total' <<<"$OUT")" -eq 5 ] || fail "re-indexing duplicated documents: $OUT"

top() {  # top QUERY: id of the first JSON result
    expect_exit 0 "$TELUSUR" search --index "$WORK/index" --format json "$@"
    jq -r '.results[0].id' <<<"$OUT"
}
[ "$(top Kunlun)" = 004_e9b3913e3daf1767 ] || fail "Kunlun should rank 004 first: $OUT"
[ "$(top Cambricon)" = 003_69ad975cae3a0d70 ] || fail "Cambricon should rank 003 first: $OUT"

# Text output: rank, title, id, score and snippet; plain (no escape codes) when not a terminal.
expect_exit 0 "$TELUSUR" search --index "$WORK/index" Kunlun
expect_contains "$OUT" "1. " "text rank"
expect_contains "$OUT" "004_e9b3913e3daf1767  score" "text id and score"
expect_contains "$OUT" "Kunlun P800" "text snippet"
[[ "$OUT" != *$'\e'* ]] || fail "escape codes written to a pipe"

# The environment variable names the index when --index is absent.
TELUSUR_INDEX="$WORK/index" expect_exit 0 "$TELUSUR" search Cambricon

# No match: exit 1, valid empty JSON.
expect_exit 1 "$TELUSUR" search --index "$WORK/index" --format json zzzqqqxx
[ "$(jq '.total' <<<"$OUT")" -eq 0 ] || fail "no-hit total"

# Paging: offset 1 limit 1 returns the second result of the full list.
expect_exit 0 "$TELUSUR" search --index "$WORK/index" --format json chip
second="$(jq -r '.results[1].id' <<<"$OUT")"
expect_exit 0 "$TELUSUR" search --index "$WORK/index" --format json --offset 1 --limit 1 chip
[ "$(jq -r '.results[0].id' <<<"$OUT")" = "$second" ] || fail "paging: $OUT"
[ "$(jq -r '.results[0].rank' <<<"$OUT")" = 2 ] || fail "paging rank: $OUT"
# The repository's own index/ (it holds README.md) is where scripts/quickstart indexes.
cp -r "$SOURCE_DIR/index" "$WORK/repo-index"
rm -rf "$WORK/repo-index"/gen-* "$WORK/repo-index/XAPIANDB" "$WORK/repo-index/telusur.lock"
expect_exit 0 "$TELUSUR" index --index "$WORK/repo-index" "$ARTICLES"
expect_exit 0 "$TELUSUR" search --index "$WORK/repo-index" Kunlun
[ -f "$WORK/repo-index/README.md" ] || fail "index/README.md removed by indexing"
echo ok
