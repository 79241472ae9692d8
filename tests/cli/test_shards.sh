#!/usr/bin/env bash
# telusur index --shards N --jobs N: N shard databases listed in the XAPIANDB stub; searching
# them gives the same results, order and facet counts as one database with the same articles.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/shards_lib.sh"

make_corpus "$WORK/corpus"
n=$(find "$WORK/corpus" -name '*.txt' | wc -l)
[ "$n" -ge 60 ] || fail "expected at least 60 test articles, made $n"

expect_exit 0 "$TELUSUR" index --index "$WORK/one" "$WORK/corpus"
expect_exit 0 "$TELUSUR" index --index "$WORK/par" --jobs 2 "$WORK/corpus"
expect_exit 0 "$TELUSUR" index --index "$WORK/sh" --shards 3 --jobs 2 "$WORK/corpus"
expect_contains "$OUT" "added $n," "sharded index summary"

# The stub lists the three shards of the new generation; each holds a part of the articles.
stub="$(cat "$WORK/sh/XAPIANDB")"
for k in 0 1 2; do
    expect_contains "$stub" "glass gen-000001/shard-$k" "stub"
    docs=$(xapian-delve "$WORK/sh/gen-000001/shard-$k" | sed -n 's/^number of documents = //p')
    [ "${docs:-0}" -gt 0 ] && [ "$docs" -lt "$n" ] || fail "shard $k holds ${docs:-?} of $n"
done
[ ! -e "$WORK/sh/gen-000001/.runs" ] || fail "temporary runs left in the generation"

for q in "${SHARD_QUERIES[@]}"; do
    same_results "$WORK/one" "$WORK/sh" --facets "$q"
    same_results "$WORK/one" "$WORK/par" --facets "$q"
done
same_results "$WORK/one" "$WORK/sh" --facets --company huawei "chip"
same_results "$WORK/one" "$WORK/sh" --facets ""

# Batch search over the shards: the same totals as over one database.
printf '%s\n' "${SHARD_QUERIES[@]}" >"$WORK/queries.txt"
one=$("$TELUSUR" search --index "$WORK/one" --batch "$WORK/queries.txt" | jq -c '.total')
sh=$("$TELUSUR" search --index "$WORK/sh" --batch "$WORK/queries.txt" | jq -c '.total')
[ "$one" = "$sh" ] && [ -n "$one" ] || fail "batch totals differ: $one vs $sh"
# With --facets a batch counts from its in-memory table, over the shards too (match sets have
# the combined docids): the same counts, mentions and company lists as over one database.
facets='[.total, .facets, .company_all]'
one=$("$TELUSUR" search --index "$WORK/one" --facets --batch "$WORK/queries.txt" | jq -c "$facets")
sh=$("$TELUSUR" search --index "$WORK/sh" --facets --batch "$WORK/queries.txt" | jq -c "$facets")
[ "$one" = "$sh" ] && [[ "$one" == *'"company":[{'* ]] || fail "batch facets differ: $one vs $sh"
one=$("$TELUSUR" search --index "$WORK/one" --facets --company huawei --batch "$WORK/queries.txt" |
    jq -c "$facets")
sh=$("$TELUSUR" search --index "$WORK/sh" --facets --company huawei --batch "$WORK/queries.txt" |
    jq -c "$facets")
[ "$one" = "$sh" ] && [[ "$one" == *'"company_all":[{'* ]] ||
    fail "batch facets with --company differ: $one vs $sh"

# A batch over one database ranks one-word and OR queries from its in-memory ranker
# (search/ranker.hpp: candidates scored from memory, ranked by Xapian): the same pages, scores,
# snippets and totals as separate searches, which Xapian's matcher ranks alone. Each query
# matches more than the 50 documents a page with collapsing looks at.
printf '%s\n' chip "nvidia OR huawei" ai amerika >"$WORK/ranked.txt"
batch=$("$TELUSUR" search --index "$WORK/one" --facets --batch "$WORK/ranked.txt" | jq -c 'del(.took_ms)')
single=$(while read -r q; do
    "$TELUSUR" search --index "$WORK/one" --facets --format json "$q" | jq -c .
done <"$WORK/ranked.txt")
[ "$batch" = "$single" ] || fail "batch and separate searches differ: $batch vs $single"
[ "$(jq -s 'map(select(.total > 50)) | length' <<<"$single")" = 4 ] ||
    fail "the ranked queries should each match more than 50 articles: $(jq -c .total <<<"$single")"

# show finds an article in any shard.
expect_exit 0 "$TELUSUR" show --index "$WORK/sh" a2-003-2
expect_contains "$OUT" "Bagian 3.2" "show on a sharded index"

# Enough articles to train a stored-data dictionary: every shard keeps the same one, and the
# records (compared above through search results and snippets) are compressed with it.
for index in one sh; do
    expect_exit 0 "$TELUSUR" stats --index "$WORK/$index" --format json
    [ "$(jq -r '.stored_data.compression' <<<"$OUT")" = zstd ] ||
        fail "stats stored_data on $index: $OUT"
done
for k in 0 1 2; do
    first=$(xapian-delve -r 1 -d "$WORK/sh/gen-000001/shard-$k" | sed -n '/^Data for record/{n;p;q}')
    [ -n "$first" ] && [ "${first:0:1}" != "{" ] || fail "shard $k stores plain JSON records"
done
snippets_one=$("$TELUSUR" search --index "$WORK/one" --format json --limit 5 chip | jq -c '[.results[].snippet]')
snippets_sh=$("$TELUSUR" search --index "$WORK/sh" --format json --limit 5 chip | jq -c '[.results[].snippet]')
[ "$snippets_one" = "$snippets_sh" ] && [ "$snippets_one" != "[]" ] ||
    fail "snippets differ between one database and the shards: $snippets_one vs $snippets_sh"

# In-place runs on a sharded index: new, changed, duplicate and removed articles are written
# into its shards (no new generation), each new article into the shard a rebuild would put it
# in, and searches give what one database updated the same way gives.
mkdir -p "$WORK/part1" "$WORK/part2"
i=0
for f in "$WORK"/corpus/*.txt; do
    i=$((i + 1))
    cp "$f" "$WORK/part$((i % 3 == 0 ? 2 : 1))/"
done
n2=$(find "$WORK/part2" -name '*.txt' | wc -l)
expect_exit 0 "$TELUSUR" index --index "$WORK/up-sh" --shards 3 "$WORK/part1"
expect_exit 0 "$TELUSUR" index --index "$WORK/up-one" "$WORK/part1"
# A dry run reads every shard: what would be added, nothing written.
expect_exit 0 "$TELUSUR" index --index "$WORK/up-sh" --dry-run "$WORK/part1" "$WORK/part2"
expect_contains "$OUT" "would have added $n2, updated 0, unchanged $((n - n2))" "dry run on shards"
expect_exit 1 "$TELUSUR" show --index "$WORK/up-sh" "$(basename "$(ls "$WORK"/part2/*.txt | head -1)" .txt)"
# --shards may repeat the index's number of shards, not change it.
expect_exit 0 "$TELUSUR" index --index "$WORK/up-sh" --shards 3 "$WORK/part1" "$WORK/part2"
expect_contains "$OUT" "added $n2, updated 0, unchanged $((n - n2)), removed 0" "update of shards"
expect_contains "$OUT" "$n articles in $WORK/up-sh" "update of shards: count"
[[ "$OUT" != *"switched to"* ]] || fail "an in-place run made a new generation: $OUT"
expect_exit 0 "$TELUSUR" index --index "$WORK/up-one" "$WORK/part1" "$WORK/part2"
for k in 0 1 2; do
    ids_up=$(xapian-delve -1 -A Q "$WORK/up-sh/gen-000001/shard-$k")
    ids_new=$(xapian-delve -1 -A Q "$WORK/sh/gen-000001/shard-$k")
    [ -n "$ids_up" ] && [ "$ids_up" = "$ids_new" ] ||
        fail "shard $k of the updated index holds other ids than a new build's"
done
# Change an article, remove another's file, add one whose text another file already holds.
changed=$(ls "$WORK"/part2/*.txt | head -1)
gone=$(ls "$WORK"/part1/*.txt | tail -1)
printf '\nTambahan: Kunlun P800 diuji ulang oleh Baidu di Beijing.\n' >>"$changed"
rm "$gone"
cp "$(ls "$WORK"/part1/*.txt | head -1)" "$WORK/part2/salinan.txt"
sleep 1 # so that this run's time ("updated", in seconds) differs from the build's in every shard
for index in up-sh up-one; do
    expect_exit 0 "$TELUSUR" index --index "$WORK/$index" --prune "$WORK/part1" "$WORK/part2"
    expect_contains "$OUT" "added 0, updated 1, unchanged $((n - 2)), removed 1, skipped 1" \
        "changes on $index"
    expect_contains "$ERR" "salinan.txt: duplicate of" "duplicate on $index"
done
for q in "${SHARD_QUERIES[@]}" "diuji ulang" '"kunlun p800"'; do
    same_results "$WORK/up-one" "$WORK/up-sh" --facets "$q"
done
# Every shard carries the run's metadata (Xapian writes shard 0's alone), and Xapian's check
# and telusur's pass.
updated=$("$TELUSUR" stats --index "$WORK/up-sh" --format json | jq -r .updated)
for k in 0 1 2; do
    expect_exit 0 "$TELUSUR" stats --index "$WORK/up-sh/gen-000001/shard-$k" --format json
    [ "$(jq -r .updated <<<"$OUT")" = "$updated" ] || fail "shard $k: updated $OUT, not $updated"
done
expect_exit 0 "$TELUSUR" check --index "$WORK/up-sh"
for index in up-sh:3 up-one:1; do
    expect_exit 0 "$TELUSUR" stats --index "$WORK/${index%:*}" --format json
    [ "$(jq .shards <<<"$OUT")" = "${index#*:}" ] || fail "stats shards of $index: $OUT"
done
# check finds an id held by documents in two shards (a stub listing two indexes of one file).
one_file=$(ls "$WORK"/part1/*.txt | head -1)
expect_exit 0 "$TELUSUR" index --index "$WORK/twice-a" "$one_file"
expect_exit 0 "$TELUSUR" index --index "$WORK/twice-b" "$one_file"
mkdir -p "$WORK/twice"
printf 'glass %s\nglass %s\n' "$WORK/twice-a/gen-000001" "$WORK/twice-b/gen-000001" \
    >"$WORK/twice/XAPIANDB"
expect_exit 2 "$TELUSUR" check --index "$WORK/twice"
expect_contains "$OUT" "its id $(basename "$one_file" .txt) is held by 2 documents" "check: id twice"
expect_exit 2 "$TELUSUR" index --index "$WORK/up-sh" --shards 2 "$WORK/part1"
expect_contains "$ERR" "--shards 2 applies to a new index ($WORK/up-sh has 3); add --rebuild" \
    "--shards changing the number"

# --shards needs a new index (or --rebuild); bad values are usage errors.
expect_exit 2 "$TELUSUR" index --index "$WORK/one" --shards 2 "$WORK/corpus"
expect_contains "$ERR" "--rebuild" "--shards on an existing index"
expect_exit 0 "$TELUSUR" index --index "$WORK/one" --rebuild --shards 2 "$WORK/corpus"
expect_contains "$(cat "$WORK/one/XAPIANDB")" "shard-1" "rebuilt into shards"
same_results "$WORK/sh" "$WORK/one" --facets "chip"
# A rebuild without --shards keeps the live index's shards (scripts/rebuild-index passes none);
# --shards 1 goes back to one database.
expect_exit 0 "$TELUSUR" index --index "$WORK/sh" --rebuild "$WORK/corpus"
stub="$(cat "$WORK/sh/XAPIANDB")"
expect_contains "$stub" "glass gen-000002/shard-2" "rebuild without --shards"
[ "$(grep -c '^glass ' <<<"$stub")" = 3 ] || fail "rebuild without --shards: stub $stub"
same_results "$WORK/one" "$WORK/sh" --facets "chip"
expect_exit 0 "$TELUSUR" index --index "$WORK/sh" --rebuild --shards 1 "$WORK/corpus"
[ "$(grep -c '^glass ' "$WORK/sh/XAPIANDB")" = 1 ] && ! grep -q shard "$WORK/sh/XAPIANDB" ||
    fail "--rebuild --shards 1: stub $(cat "$WORK/sh/XAPIANDB")"
expect_exit 2 "$TELUSUR" index --index "$WORK/x" --jobs 0 "$WORK/corpus"
expect_contains "$ERR" "--jobs" "--jobs 0"
expect_exit 2 "$TELUSUR" index --index "$WORK/x" --shards 0 "$WORK/corpus"
expect_contains "$ERR" "--shards" "--shards 0"
expect_exit 2 "$TELUSUR" index --index "$WORK/x" --common-terms 5000 "$WORK/corpus"
expect_contains "$ERR" "--common-terms must be between 0 and 4096" "--common-terms 5000"
echo "ok"
