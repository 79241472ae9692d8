# Shared by test_shards.sh and test_remote.sh (sourced after lib.sh).

# make_corpus DIR: about three hundred small articles cut from the bundled ones (each paragraph
# with each of the next three under a numbered title), so shards get several articles each and
# the index is large enough to train a stored-data dictionary (index/compression.hpp).
make_corpus() {
    local out="$1" f n=0
    mkdir -p "$out"
    for f in "$ARTICLES"/*.txt; do
        n=$((n + 1))
        awk -v out="$out" -v n="$n" '
            NR == 1 { title = $0; next }
            NF == 0 { next }
            { para[++k] = $0 }
            END {
                for (i = 1; i <= k; i++) {
                    for (j = 1; j <= 3; j++) {
                        file = sprintf("%s/a%d-%03d-%d.txt", out, n, i, j)
                        printf "Bagian %d.%d: %s\n\n%s\n\n%s\n", i, j, title, para[i],
                            para[(i + j - 1) % k + 1] > file
                        close(file)
                    }
                }
            }' "$f"
    done
}

# signature INDEX SEARCH-ARGS...: what must be equal between indexes with the same articles:
# the total, the hits as (id, score rounded to 1e-6) ordered by score then id (documents of
# equal score may come in another order: docids differ between shards), and the facet counts.
signature() {
    local index="$1"
    shift
    "$TELUSUR" search --index "$index" --format json --limit 1000 --no-collapse "$@" |
        jq -c '[.total, .relaxed, ([.results[] | {id, s: ((.score * 1000000) | round)}]
                | sort_by(-.s, .id)), .facets]'
}

# same_results INDEX_A INDEX_B SEARCH-ARGS...: fails when the signatures differ.
same_results() {
    local a="$1" b="$2" sa sb
    shift 2
    sa="$(signature "$a" "$@")" || fail "search $* on $a failed"
    sb="$(signature "$b" "$@")" || fail "search $* on $b failed"
    [ "$sa" = "$sb" ] || fail "search $* differs: $a gives $sa; $b gives $sb"
    [[ "$sa" == *'"id"'* ]] || fail "search $* found nothing on either: the check proves nothing"
}

# The queries both tests compare: words, inflected forms, a phrase, boolean, synonyms
# (cip = chip), field and company filters, with facets.
SHARD_QUERIES=(
    "chip"
    "penimbunan"
    "cip ekspor"
    "\"kecerdasan buatan\""
    "nvidia OR huawei"
    "chip -tencent"
    "company:nvidia"
)
