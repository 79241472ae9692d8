# End-to-end: searches keep answering, from the old or the new index and never a mix, while
# rebuilds, compactions and rollbacks switch the index under them; two real writers.
source "$(dirname "$0")/lib.sh"
I="$WORK/index"
generate_articles "$WORK/lama" 300 lama
generate_articles "$WORK/baru" 300 baru
expect_exit 0 "$TELUSUR" index --index "$I" "$WORK/lama"

# A loop of searches; each records the ids it found, or the failure.
: >"$WORK/seen"; : >"$WORK/failures"
(
    while [ ! -f "$WORK/stop" ]; do
        if out="$("$TELUSUR" search --index "$I" --format json --no-collapse --limit 10 'kodelamax7 OR kodebarux7' 2>&1)"; then
            jq -r '[.results[].id] | join(",")' <<<"$out" >>"$WORK/seen"
        else
            printf '%s\n' "$out" >>"$WORK/failures"
        fi
    done
) &
loop=$!
wait_seen() {  # wait_seen PATTERN: until a search has seen it (at most 60 s)
    for _ in $(seq 600); do grep -q "$1" "$WORK/seen" && return 0; sleep 0.1; done
    fail "searches never saw $1: $(sort "$WORK/seen" | uniq -c)"
}
wait_seen lama000007
expect_exit 0 "$TELUSUR" index --index "$I" --rebuild "$WORK/baru"
wait_seen baru000007
# Many quick switches: rollbacks back and forth, and compactions (which also delete the oldest
# generation while searches may still be opening it).
for round in 1 2 3 4 5 6; do
    expect_exit 0 "$TELUSUR" rollback --index "$I"
    expect_exit 0 "$TELUSUR" compact --index "$I"
done
sleep 1
touch "$WORK/stop"
wait "$loop"
[ ! -s "$WORK/failures" ] || fail "searches failed during switches: $(head -5 "$WORK/failures")"
total=$(wc -l <"$WORK/seen")
[ "$total" -ge 5 ] || fail "only $total searches ran"
grep -qx lama000007 "$WORK/seen" || fail "old content never seen: $(sort "$WORK/seen" | uniq -c)"
grep -qx baru000007 "$WORK/seen" || fail "new content never seen: $(sort "$WORK/seen" | uniq -c)"
if grep -v -x -e lama000007 -e baru000007 "$WORK/seen" | grep -q .; then
    fail "a search saw a mixed or partial index: $(grep -v -x -e lama000007 -e baru000007 "$WORK/seen" | head -3)"
fi
echo "searches during switches: $total, none failed" >&2

# Two real writers: while a rebuild runs, a second writer fails at once with the holder named;
# with --wait it runs after the first one.
"$TELUSUR" index --index "$I" --rebuild "$WORK/lama" >"$WORK/first.out" 2>&1 &
first=$!
for _ in $(seq 100); do [ -s "$I/telusur.lock" ] && break; sleep 0.05; done
expect_exit 2 "$TELUSUR" index --index "$I" "$WORK/baru"
expect_contains "$ERR" "index $I is being updated by another process (pid $first on" "second writer"
expect_exit 0 "$TELUSUR" index --index "$I" --wait 300 "$WORK/baru"
wait "$first" || fail "first writer failed: $(cat "$WORK/first.out")"
expect_contains "$OUT" "added 300," "waiting writer ran after the first"

# A long-running reader (search --batch) picks up switches and in-place updates between queries.
expect_exit 0 "$TELUSUR" index --index "$I" --rebuild "$WORK/lama"
mkfifo "$WORK/q"
"$TELUSUR" search --index "$I" --no-collapse --batch - <"$WORK/q" >"$WORK/answers" 2>"$WORK/batch.err" &
reader=$!
exec 3>"$WORK/q"
ask() {  # ask N: sends the query, waits for answer N, prints its ids
    echo 'kodelamax7 OR kodebarux7' >&3
    nth_line "$WORK/answers" "$1" | jq -r '[.results[].id] | sort | join(",")'
}
[ "$(ask 1)" = lama000007 ] || fail "batch before the switch: $(cat "$WORK/answers" "$WORK/batch.err")"
expect_exit 0 "$TELUSUR" index --index "$I" --rebuild "$WORK/baru"
[ "$(ask 2)" = baru000007 ] || fail "batch did not pick up the switch: $(tail -1 "$WORK/answers")"
expect_exit 0 "$TELUSUR" index --index "$I" "$WORK/lama"
[ "$(ask 3)" = baru000007,lama000007 ] || fail "batch did not pick up an in-place update: $(tail -1 "$WORK/answers")"
exec 3>&-
wait "$reader" || fail "batch reader failed: $(cat "$WORK/batch.err")"
echo ok
