#!/usr/bin/env bash
# Remote shards: two stock xapian-tcpsrv servers (scripts/serve-shard) on 127.0.0.1 serve the
# shards of an index; a stub with "remote HOST:PORT" lines searches them with filters and facets and
# gets the same results as the local index. The servers are stopped on exit.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/shards_lib.sh"
SERVE="$SOURCE_DIR/scripts/serve-shard"
command -v xapian-tcpsrv >/dev/null || fail "xapian-tcpsrv not installed (package xapian-tools)"

stop_servers() {
    local f
    for f in "$WORK"/server-*.pid; do
        [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null
    done
    rm -rf "$WORK"
}
trap stop_servers EXIT

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

make_corpus "$WORK/corpus"
expect_exit 0 "$TELUSUR" index --index "$WORK/local" "$WORK/corpus"
expect_exit 0 "$TELUSUR" index --index "$WORK/sh" --shards 2 --jobs 2 "$WORK/corpus"

mkdir -p "$WORK/remote"
for k in 0 1; do
    port=""
    for _ in 1 2 3 4 5; do  # another process may take a free port first: try again
        p=$(free_port)
        if "$SERVE" "$WORK/sh/gen-000001/shard-$k" "$p" --background "$WORK/server-$k.pid" \
            2>"$WORK/serve-$k.err"; then
            port="$p"
            break
        fi
    done
    [ -n "$port" ] || fail "could not start xapian-tcpsrv for shard $k: $(cat "$WORK/serve-$k.err")"
    echo "remote 127.0.0.1:$port" >>"$WORK/remote/XAPIANDB"
done

for q in "${SHARD_QUERIES[@]}"; do
    same_results "$WORK/local" "$WORK/remote" --facets "$q"
done
same_results "$WORK/local" "$WORK/remote" --facets --company huawei "chip"
same_results "$WORK/local" "$WORK/remote" --facets --entity china "ekspor"
same_results "$WORK/local" "$WORK/remote" --facets --company nvidia --company huawei ""

# Facets over remote shards count documents like the local MatchSpy does.
remote_facets=$("$TELUSUR" search --index "$WORK/remote" --format json --facets chip |
    jq -c '.facets.company')
[[ "$remote_facets" == *'"count"'* ]] || fail "no company facets over remote shards: $remote_facets"

# A batch over remote shards answers every line.
printf '%s\n' "${SHARD_QUERIES[@]}" >"$WORK/queries.txt"
lines=$("$TELUSUR" search --index "$WORK/remote" --batch "$WORK/queries.txt" --facets |
    jq -c 'select(.total > 0) | .total' | wc -l)
[ "$lines" -eq "${#SHARD_QUERIES[@]}" ] || fail "batch over remote shards: $lines answers with hits"

# A stub of remote shards is not written to: the index the servers serve is. Updated in place,
# its shards are served as they are now, without restarting the servers (xapian-tcpsrv opens
# the databases for each connection).
expect_exit 2 "$TELUSUR" index --index "$WORK/remote" "$WORK/corpus"
expect_contains "$ERR" "cannot write (remote 127.0.0.1:" "in-place run on a remote stub"
stub_before="$(cat "$WORK/remote/XAPIANDB")"
expect_exit 2 "$TELUSUR" index --index "$WORK/remote" --rebuild "$WORK/corpus"
expect_contains "$ERR" "cannot write (remote 127.0.0.1:" "--rebuild of a remote stub"
[ "$(cat "$WORK/remote/XAPIANDB")" = "$stub_before" ] && [ ! -e "$WORK/remote/gen-000001" ] ||
    fail "--rebuild of a remote stub changed it"
mkdir -p "$WORK/more"
printf 'Kunlun Zeptogram\n\nBaidu memperkenalkan chip Kunlun zeptogram untuk pusat data.\n' \
    >"$WORK/more/zepto.txt"
expect_exit 1 "$TELUSUR" search --index "$WORK/remote" zeptogram
for index in sh local; do
    expect_exit 0 "$TELUSUR" index --index "$WORK/$index" "$WORK/corpus" "$WORK/more"
    expect_contains "$OUT" "added 1, updated 0" "update of $index"
done
expect_exit 0 "$TELUSUR" search --index "$WORK/remote" zeptogram
expect_exit 0 "$TELUSUR" stats --index "$WORK/remote" --format json
[ "$(jq .shards <<<"$OUT")" = 2 ] || fail "stats shards of the remote stub: $OUT"
same_results "$WORK/local" "$WORK/remote" --facets "chip"
same_results "$WORK/local" "$WORK/remote" --facets --company baidu "zeptogram"

# A server that is gone is an error naming the index, not a crash or an empty result.
kill "$(cat "$WORK/server-1.pid")"
sleep 0.3
expect_exit 2 "$TELUSUR" search --index "$WORK/remote" chip
expect_contains "$ERR" "$WORK/remote" "error with a remote shard down"
echo "ok"
