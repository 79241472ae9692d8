# End-to-end: Unix habits on every command: help COMMAND, --version, -q/-v, results on stdout
# and messages on stderr, NO_COLOR, COLUMNS, --pager only when asked.
source "$(dirname "$0")/lib.sh"
unset NO_COLOR PAGER COLUMNS TELUSUR_INDEX
export XDG_CONFIG_HOME="$WORK/xdg"

# --version: telusur, Xapian, ICU and analyzer versions, the ones actually linked.
expect_exit 0 "$TELUSUR" --version
expect_contains "$OUT" "telusur " "--version"
if command -v xapian-config >/dev/null; then
    expect_contains "$OUT" "Xapian $(xapian-config --version | awk '{ print $NF }')" "--version Xapian"
fi
if command -v pkg-config >/dev/null; then
    expect_contains "$OUT" "ICU $(pkg-config --modversion icu-uc)" "--version ICU"
fi
[[ "$OUT" =~ analyzer\ version\ [0-9]+ ]] || fail "--version has no analyzer version: $OUT"
# ... and the allocator malloc() reaches: jemalloc when the binary links it (release builds),
# and then the version installed; the C library's otherwise (sanitizer builds).
needed=$(command -v objdump >/dev/null && objdump -p "$TELUSUR" || true)  # no grep -q: SIGPIPE
if [[ "$needed" =~ NEEDED[[:space:]]+libjemalloc ]]; then
    expect_contains "$OUT" "allocator jemalloc $(pkg-config --modversion jemalloc | cut -d_ -f1)" \
        "--version allocator"
else
    expect_contains "$OUT" "allocator C library malloc" "--version allocator"
fi

# help COMMAND is COMMAND --help, for every command; every command has the common options.
expect_exit 0 "$TELUSUR" --help
commands=$(printf '%s\n' "$OUT" | awk '/^Commands:/ { on = 1; next } on && /^$/ { exit } on { print $1 }')
for c in $commands; do
    expect_exit 0 "$TELUSUR" "$c" --help
    want="$OUT"
    expect_exit 0 "$TELUSUR" help "$c"
    [ "$OUT" = "$want" ] || fail "'telusur help $c' differs from '$c --help'"
    for o in --quiet --verbose --pager --config; do expect_contains "$OUT" "$o" "$c --help"; done
    expect_exit 2 "$TELUSUR" "$c" -q -v --help
    expect_contains "$ERR" "not both" "$c -q -v"
done
# ... also before the command, like git's.
expect_exit 0 "$TELUSUR" -q index --index "$WORK/lead-index" "$ARTICLES"
[ -f "$WORK/lead-index/XAPIANDB" ] || fail "telusur -q index made no index"
printf 'limit = 1\n' >"$WORK/one.conf"
expect_exit 0 "$TELUSUR" -v --config "$WORK/one.conf" search --index "$WORK/lead-index" --format json chip
[ "$(jq '.results | length' <<<"$OUT")" -eq 1 ] || fail "telusur --config F search: $OUT"
expect_contains "$ERR" "one.conf" "telusur -v --config F search"
expect_exit 2 "$TELUSUR" help frobnicate
expect_contains "$ERR" "unknown command 'frobnicate'" "help of an unknown command"

# Results on stdout, warnings on stderr; -q silences warnings only; -v reports on stderr only.
mkdir -p "$WORK/in"
cp "$ARTICLES"/00[34]_*.txt "$WORK/in/"
: >"$WORK/in/empty.txt"
expect_exit 0 "$TELUSUR" index --index "$WORK/index" "$WORK/in"
expect_contains "$ERR" "empty.txt: empty article" "warning on stderr"
[[ "$OUT" != *warning* ]] || fail "a warning went to stdout: $OUT"
summary="$OUT"
expect_exit 0 "$TELUSUR" index -q --index "$WORK/index2" "$WORK/in"
[ -z "$ERR" ] || fail "-q still warns: $ERR"
[ "$OUT" = "${summary//$WORK\/index/$WORK/index2}" ] || fail "-q changed stdout: $OUT"
expect_exit 2 "$TELUSUR" search -q --index "$WORK/missing" chip
expect_contains "$ERR" "no index at" "-q keeps errors"
expect_exit 1 "$TELUSUR" show -q --index "$WORK/index" nosuchid
[ -z "$ERR$OUT" ] || fail "show -q of a missing id prints: $OUT $ERR"
expect_exit 0 "$TELUSUR" search --index "$WORK/index" --format json chip
plain="$OUT"
[ -z "$ERR" ] || fail "search wrote to stderr: $ERR"
expect_exit 0 "$TELUSUR" search -v --index "$WORK/index" --format json chip
[ "$OUT" = "$plain" ] || fail "-v changed stdout"
expect_contains "$ERR" "telusur: config file:" "-v config"
expect_contains "$ERR" "telusur: index: $WORK/index" "-v index"
expect_contains "$ERR" "telusur: done in" "-v time"
expect_contains "$ERR" "telusur: data: $TELUSUR_DATA_DIR" "-v data"
jq -e . <<<"$OUT" >/dev/null || fail "-v broke the JSON on stdout"

# COLUMNS wraps text output (snippets) without losing words; JSON is not affected.
expect_exit 0 "$TELUSUR" search --index "$WORK/index" chip
unwrapped="$OUT"
COLUMNS=50 expect_exit 0 "$TELUSUR" search --index "$WORK/index" chip
wrapped="$OUT"
[ "$(wc -l <<<"$wrapped")" -gt "$(wc -l <<<"$unwrapped")" ] || fail "COLUMNS=50 did not wrap"
# Snippet lines (3-space indent, not the id/score line) fit in 50 columns.
long=$(printf '%s\n' "$wrapped" | grep '^   ' | grep -v ' score ' | awk 'length($0) > 50')
[ -z "$long" ] || fail "lines longer than COLUMNS=50: $long"
[ "$(tr -s ' \n' '  ' <<<"$wrapped")" = "$(tr -s ' \n' '  ' <<<"$unwrapped")" ] || fail "wrapping changed the words"
COLUMNS=50 expect_exit 0 "$TELUSUR" search --index "$WORK/index" --format json chip
[ "$OUT" = "$plain" ] || fail "COLUMNS changed JSON output"

# Colour and pager need a terminal: script(1) gives one.
if command -v script >/dev/null; then
    tty_run() { script -qec "$1" /dev/null </dev/null | tr -d '\r'; }
    out=$(tty_run "'$TELUSUR' search --index '$WORK/index' Kunlun")
    [[ "$out" == *$'\e[1m'* ]] || fail "no bold on a terminal: $out"
    out=$(NO_COLOR=1 tty_run "'$TELUSUR' search --index '$WORK/index' Kunlun")
    [[ "$out" != *$'\e['* ]] || fail "NO_COLOR ignored: $out"
    # --pager pages through $PAGER; without --pager, or into a pipe, never.
    out=$(PAGER="sed s/^/PAGED:/" tty_run "'$TELUSUR' search --pager --index '$WORK/index' Kunlun")
    [[ "$out" == *"PAGED:1. "* ]] || fail "--pager did not page: $out"
    [[ "$out" == *$'\e[1m'* ]] || fail "colour decided after the pager took stdout: $out"
    out=$(PAGER="sed s/^/PAGED:/" tty_run "'$TELUSUR' search --index '$WORK/index' Kunlun")
    [[ "$out" != *PAGED:* ]] || fail "paged without --pager: $out"
    PAGER="sed s/^/PAGED:/" expect_exit 0 "$TELUSUR" search --pager --index "$WORK/index" Kunlun
    [[ "$OUT" != *PAGED:* ]] || fail "paged into a pipe: $OUT"
    # The exit code survives the pager.
    PAGER=cat script -qec "'$TELUSUR' search --pager --index '$WORK/index' zzzqqq" /dev/null >/dev/null </dev/null
    [ $? -eq 1 ] || fail "exit code lost with --pager"
fi
echo "output habits ok"
