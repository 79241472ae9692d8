# Helpers for the end-to-end tests. Each test script sources this, runs the real binary
# ($TELUSUR, set by CTest) and fails on the first broken expectation.
set -uo pipefail
: "${TELUSUR:?TELUSUR must point at the telusur binary}"
: "${SOURCE_DIR:?SOURCE_DIR must point at the source tree}"
ARTICLES="$SOURCE_DIR/data/articles"
FIXTURES="$SOURCE_DIR/tests/fixtures"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# expect_exit CODE CMD...: runs CMD, keeps stdout in $OUT and stderr in $ERR, checks the code.
expect_exit() {
    local want="$1"; shift
    "$@" >"$WORK/out" 2>"$WORK/err"
    local got=$?
    OUT="$(cat "$WORK/out")"
    ERR="$(cat "$WORK/err")"
    [ "$got" -eq "$want" ] || fail "'$*' exited $got, expected $want; stderr: $ERR"
}

expect_contains() {  # expect_contains HAYSTACK NEEDLE WHAT
    [[ "$1" == *"$2"* ]] || fail "$3: expected to contain '$2', got: $1"
}

# The bundled articles indexed once into $WORK/index.
index_articles() {
    expect_exit 0 "$TELUSUR" index --index "$WORK/index" "$ARTICLES"
}

# nth_line FILE N: waits (at most 30 s) until FILE holds N lines, then prints line N; for the
# answers of a long-running `search --batch` fed through a fifo.
nth_line() {
    for _ in $(seq 300); do
        [ "$(wc -l <"$1")" -ge "$2" ] && break
        sleep 0.1
    done
    sed -n "${2}p" "$1"
}

# generate_articles DIR N TAG: writes N distinct articles TAG000000.txt ... made from the bundled
# ones; article i carries the word "kode${TAG}x${i}" (TAG lower case) to tell them apart.
generate_articles() {
    python3 - "$ARTICLES" "$1" "$2" "${3:-}" <<'PY'
import glob, os, sys
src, out, n, tag = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
texts = [open(p, encoding="utf-8").read() for p in sorted(glob.glob(os.path.join(src, "*.txt")))]
os.makedirs(out, exist_ok=True)
for i in range(n):
    text = texts[i % len(texts)] + f"\n\nCatatan arsip nomor {i}: kode{tag}x{i}, seri {i // 7}.\n"
    with open(os.path.join(out, f"{tag}{i:06d}.txt"), "w", encoding="utf-8") as f:
        f.write(text)
PY
}
