# End-to-end: kill -9 at several moments of `telusur index` (incremental and --rebuild) on a few
# thousand generated articles; each time the next search opens the last committed state and
# the check passes, and the next `telusur index` completes (cleaning up what the killed run left).
source "$(dirname "$0")/lib.sh"
I="$WORK/index"
N=2000
generate_articles "$WORK/gen" "$N" arsip
expect_exit 0 "$TELUSUR" index --index "$I" "$ARTICLES"
count() { "$TELUSUR" stats --index "$I" --format json | jq '.documents'; }

# kill_run DELAY ARGS...: starts `telusur ARGS`, kills it with SIGKILL after DELAY seconds, then
# checks that the index opens with the state from before the run (the last committed one; if
# the run finished before the kill, with what it committed), searches and passes the check.
KILLS=0
kill_run() {
    local delay="$1"; shift
    local before after
    before="$(count)"
    "$TELUSUR" "$@" >/dev/null 2>&1 &
    local pid=$!
    sleep "$delay"
    if kill -9 "$pid" 2>/dev/null; then
        KILLS=$((KILLS + 1))
        wait "$pid" 2>/dev/null
        after="$(count)" || fail "stats failed after kill -9 at ${delay}s of '$*'"
        [ "$after" -eq "$before" ] ||
            fail "after kill -9 at ${delay}s of '$*': $after articles, expected the committed $before"
    else
        wait "$pid" 2>/dev/null
        after="$(count)" || fail "stats failed after '$*'"
    fi
    expect_exit 0 "$TELUSUR" search --index "$I" --limit 1 chip
    expect_exit 0 "$TELUSUR" check --index "$I"
}

# Incremental runs (one transaction): killed early, mid-way and later.
for delay in 0.3 1.5 4; do
    kill_run "$delay" index --index "$I" "$WORK/gen"
done
# Rebuilds (a new generation beside the live one): killed at several points.
for delay in 0.2 1 3 6; do
    kill_run "$delay" index --index "$I" --rebuild "$WORK/gen"
done
[ "$KILLS" -ge 3 ] || fail "only $KILLS runs were still running when killed; the test proved little"
# The next run completes and removes the half-built generations.
expect_exit 0 "$TELUSUR" index --index "$I" --rebuild "$WORK/gen"
expect_contains "$OUT" "added $N, updated 0, unchanged 0, removed 0, skipped 0; $N articles" "rebuild after kills"
[ "$(count)" -eq "$N" ] || fail "rebuild after kills: $(count) articles"
gens=$(ls -d "$I"/gen-* | wc -l)
[ "$gens" -le 2 ] || fail "half-built generations left: $(ls "$I")"
expect_exit 0 "$TELUSUR" search --index "$I" kodearsipx1999
# Change some files; an incremental run killed part-way leaves the committed state; the next
# run updates exactly those files.
for i in 10 20 30 40 50; do printf '\nRevisi kedua.\n' >>"$WORK/gen/arsip0000$i.txt"; done
kill_run 0.3 index --index "$I" "$WORK/gen"
expect_exit 0 "$TELUSUR" index --index "$I" "$WORK/gen"
if grep -q "updated 5" <<<"$OUT"; then
    expect_contains "$OUT" "added 0, updated 5, unchanged $((N - 5)), removed 0" "incremental after kill"
else  # the killed run had finished: nothing left to do
    expect_contains "$OUT" "added 0, updated 0, unchanged $N, removed 0" "incremental after a finished run"
fi
expect_exit 0 "$TELUSUR" search --index "$I" revisi
echo ok
