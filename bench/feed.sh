#!/usr/bin/env bash
# bench/feed.sh SIZE [--runs N] TELUSUR...
#
# What an in-place run over one JSONL feed costs, the way a scraper writes one: a feed of the
# first SIZE - 10 records of bench/data/SIZE/jsonl/articles.jsonl is indexed, then
#   append   10 records appended, the index updated;
#   same     the run repeated on the unchanged feed;
#   half     5 records and half of a 6th appended (a feed read while a line is being written);
#   rest     the rest of that line and 4 more records appended;
#   rotate   the 10 oldest records dropped and 10 more appended (every line moves), updated.
# Each row: wall time and peak RSS (/usr/bin/time) of that run, medians of N runs (default 3),
# the binaries alternated within each run (compare builds in one invocation: machines are noisy).
# SIZE is 10k or 100k (the feed is one file of ~26 or ~263 MB); `scripts/bench SIZE` generates
# the corpus. Work files go to a temporary directory, removed at the end.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

usage() {
    echo "usage: bench/feed.sh 10k|100k [--runs N] TELUSUR..." >&2
    exit 2
}
[ $# -ge 2 ] || usage
SIZE="$1"
shift
case "$SIZE" in
    10k) RECORDS=10000 ;;
    100k) RECORDS=100000 ;;
    *) usage ;;
esac
RUNS=3
BINARIES=()
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) [ $# -ge 2 ] || usage; RUNS="$2"; shift 2 ;;
        *) BINARIES+=("$1"); shift ;;
    esac
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ && ${#BINARIES[@]} -ge 1 ]] || usage
SOURCE="$ROOT/bench/data/$SIZE/jsonl/articles.jsonl"
if [ ! -s "$SOURCE" ]; then
    echo "bench/feed.sh: $SOURCE is missing: run 'scripts/bench $SIZE' once to generate it" >&2
    exit 2
fi
[ -x /usr/bin/time ] || { echo "bench/feed.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
export TELUSUR_DATA_DIR="${TELUSUR_DATA_DIR:-$ROOT/data}"
# Versions before 2026-11-30 skipped a .jsonl file over --max-bytes whole; now it holds lines.
LIMIT=(--max-bytes 4000000000)
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# The rotation and the live appends need 20 records past the corpus: its first 20, with new ids
# and a new sentence (the same text would be a duplicate, not indexed).
head -n 20 "$SOURCE" | python3 -c '
import json, sys
for n, line in enumerate(sys.stdin):
    r = json.loads(line)
    r["id"] += "-extra"
    r["body"] = "Berita susulan nomor %d tentang chip. " % n + r["body"]
    print(json.dumps(r, ensure_ascii=False))' >"$WORK/extra20.jsonl"
head -n 10 "$WORK/extra20.jsonl" >"$WORK/extra.jsonl"
tail -n 10 "$WORK/extra20.jsonl" >"$WORK/live.jsonl"
# The live records cut after the 5th record and 100 bytes into the 6th.
CUT=$(( $(head -n 5 "$WORK/live.jsonl" | wc -c) + 100 ))

# measure NAME TELUSUR INDEX FEED: one timed run, its figures appended to $WORK/figures.
measure() {
    local name="$1" bin="$2" index="$3" feed="$4" out
    if ! out=$(/usr/bin/time -f "%e %M" "$bin" index --index "$index" "${LIMIT[@]}" "$feed" 2>&1 >/dev/null); then
        echo "bench/feed.sh: $bin failed on $name: $out" >&2
        exit 1
    fi
    echo "$bin $name $(tail -1 <<<"$out")" >>"$WORK/figures"
}

: >"$WORK/figures"
for run in $(seq "$RUNS"); do
    for bin in "${BINARIES[@]}"; do
        rm -rf "$WORK/index" "$WORK/src"
        mkdir -p "$WORK/src"
        head -n $((RECORDS - 10)) "$SOURCE" >"$WORK/src/feed.jsonl"
        "$bin" index --index "$WORK/index" "${LIMIT[@]}" "$WORK/src/feed.jsonl" >/dev/null 2>"$WORK/err" \
            || { echo "bench/feed.sh: $bin cannot index the feed: $(tail -1 "$WORK/err")" >&2; exit 1; }
        tail -n 10 "$SOURCE" >>"$WORK/src/feed.jsonl"
        measure append "$bin" "$WORK/index" "$WORK/src/feed.jsonl"
        measure same "$bin" "$WORK/index" "$WORK/src/feed.jsonl"
        head -c "$CUT" "$WORK/live.jsonl" >>"$WORK/src/feed.jsonl"
        measure half "$bin" "$WORK/index" "$WORK/src/feed.jsonl"
        tail -c +$((CUT + 1)) "$WORK/live.jsonl" >>"$WORK/src/feed.jsonl"
        measure rest "$bin" "$WORK/index" "$WORK/src/feed.jsonl"
        { tail -n +11 "$WORK/src/feed.jsonl"; cat "$WORK/extra.jsonl"; } >"$WORK/rotated"
        mv "$WORK/rotated" "$WORK/src/feed.jsonl"
        measure rotate "$bin" "$WORK/index" "$WORK/src/feed.jsonl"
    done
    echo "run $run of $RUNS done" >&2
done

python3 - "$WORK/figures" "$SIZE" "${BINARIES[@]}" <<'EOF'
import statistics, sys
figures, size, binaries = sys.argv[1], sys.argv[2], sys.argv[3:]
rows = {}
for line in open(figures):
    bin, name, wall, rss = line.split()
    rows.setdefault((bin, name), []).append((float(wall), int(rss)))
print(f"JSONL feed of {size} records, in-place runs: wall s / peak RSS MB, medians of {len(rows[(binaries[0], 'append')])} runs")
print(f"{'run':<8}" + "".join(f"{b[-28:]:>32}" for b in binaries))
for name in ("append", "same", "half", "rest", "rotate"):
    cells = []
    for b in binaries:
        got = rows[(b, name)]
        cells.append(f"{statistics.median(w for w, _ in got):.2f} s / {statistics.median(r for _, r in got) / 1024:.0f} MB")
    print(f"{name:<8}" + "".join(f"{c:>32}" for c in cells))
EOF
