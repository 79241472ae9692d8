# End-to-end: scripts/rebuild-index for cron and CI: arguments or config file, timestamps,
# summary, dry run, a lock with its own exit code, exit 0 only on success.
source "$(dirname "$0")/lib.sh"
SCRIPT="$SOURCE_DIR/scripts/rebuild-index"
I="$WORK/index"
ts='^\[[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z\] rebuild-index: '
mkdir -p "$WORK/src"; cp "$ARTICLES"/00[0-3]_*.txt "$WORK/src/"

expect_exit 0 "$SCRIPT" --index "$I" "$WORK/src"
expect_contains "$OUT" "added 4, updated 0, unchanged 0, removed 0, skipped 0" "summary"
expect_contains "$OUT" "done in" "done line"
while IFS= read -r line; do
    [[ "$line" =~ $ts ]] || fail "log line without timestamp: $line"
done <<<"$OUT"

# Config file; --dry-run shows the change and writes nothing.
printf '# nightly\nindex=%s\nsource=%s\nmode=incremental\nprune=yes\n' "$I" "$WORK/src" >"$WORK/conf"
cp "$ARTICLES"/004_*.txt "$WORK/src/"; rm "$WORK/src"/000_*.txt
expect_exit 0 "$SCRIPT" --config "$WORK/conf" --dry-run
expect_contains "$OUT" "would have added 1, updated 0, unchanged 3, removed 1" "dry run"
expect_exit 0 "$TELUSUR" show --index "$I" 000_58f45c9217456762
expect_exit 0 "$SCRIPT" --config "$WORK/conf"
expect_contains "$OUT" "added 1, updated 0, unchanged 3, removed 1" "incremental with prune"
expect_exit 1 "$TELUSUR" show --index "$I" 000_58f45c9217456762

# Two runs never overlap: the second names the holder and exits 3.
"$SCRIPT" --config "$WORK/conf" --rebuild >"$WORK/first.log" 2>&1 &
first=$!
for _ in $(seq 500); do [ -s "$I.rebuild.lock" ] && break; sleep 0.02; done
expect_exit 3 "$SCRIPT" --config "$WORK/conf"
expect_contains "$OUT" "another run holds $I.rebuild.lock (pid $first on" "second run"
wait "$first" || fail "first run failed: $(cat "$WORK/first.log")"
# A writer outside the script (telusur index) holding the index: exit 3 as well.
flock "$I/telusur.lock" sleep 2 &
holder=$!
for _ in $(seq 500); do flock -n "$I/telusur.lock" true || break; sleep 0.01; done
expect_exit 3 "$SCRIPT" --config "$WORK/conf"
expect_contains "$OUT" "locked by another writer" "index locked"
wait "$holder"
# A dry run takes no lock: it runs while another run holds the script's lock (and the index's).
echo "pid 1 on elsewhere, since then" >"$I.rebuild.lock"
flock "$I.rebuild.lock" flock "$I/telusur.lock" sleep 2 &
holder=$!
for _ in $(seq 500); do flock -n "$I/telusur.lock" true || break; sleep 0.01; done
expect_exit 0 "$SCRIPT" --config "$WORK/conf" --dry-run
expect_contains "$OUT" "would have added 0, updated 0" "dry run beside a running one"
[ "$(cat "$I.rebuild.lock")" = "pid 1 on elsewhere, since then" ] || fail "the dry run touched the lock file"
wait "$holder"

# Failures exit 2 and leave the live index alone.
expect_exit 2 "$SCRIPT" --index "$I" "$WORK/nope"
expect_contains "$OUT$ERR" "no such file or directory" "missing source"
expect_contains "$OUT" "failed (telusur exit 2)" "failure logged"
expect_exit 0 "$TELUSUR" show --index "$I" 004_e9b3913e3daf1767
expect_exit 2 "$SCRIPT" --config "$WORK/nope.conf"
expect_contains "$OUT" "cannot read config file" "missing config"
printf 'indeks=%s\n' "$I" >"$WORK/bad.conf"
expect_exit 2 "$SCRIPT" --config "$WORK/bad.conf" "$WORK/src"
expect_contains "$OUT" "bad.conf:1: unknown key 'indeks'" "bad config key"
expect_exit 2 "$SCRIPT" "$WORK/src"
expect_contains "$OUT" "no index directory" "no index"
expect_exit 0 "$SCRIPT" --help
expect_contains "$OUT" "usage: scripts/rebuild-index" "help"
echo ok
