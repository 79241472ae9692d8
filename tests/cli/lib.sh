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
