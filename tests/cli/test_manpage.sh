# End-to-end: the man page (doc/telusur.1) documents every command and every long option the
# binary's --help prints, every environment variable the sources read, and the exit codes.
# Generic over the command list of 'telusur --help', so new commands and options are caught.
source "$(dirname "$0")/lib.sh"
MAN="$SOURCE_DIR/doc/telusur.1"
[ -f "$MAN" ] || fail "no man page at $MAN"

# The man source as plain text: "\-" -> "-", font escapes dropped.
sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' "$MAN" >"$WORK/man.txt"
# section PATTERN: the lines from a .SS/.SH line matching PATTERN up to the next .SS/.SH.
section() {
    awk -v pat="$1" '/^\.S[SH] / { on = ($0 ~ pat) ? 1 : 0; if (on) { print; next } } on' "$WORK/man.txt"
}
section '^\.SH COMMON OPTIONS' >"$WORK/common.txt"
[ -s "$WORK/common.txt" ] || fail "man page has no COMMON OPTIONS section"

expect_exit 0 "$TELUSUR" --help
commands=$(printf '%s\n' "$OUT" | awk '/^Commands:/ { on = 1; next } on && /^$/ { exit } on { print $1 }')
[ "$(printf '%s\n' "$commands" | wc -w)" -ge 7 ] || fail "could not read the command list: $OUT"

checked=0
for c in $commands; do
    section "^\\.SS \"telusur $c[ \"]" >"$WORK/cmd.txt"
    [ -s "$WORK/cmd.txt" ] || fail "man page has no subsection '.SS \"telusur $c ...' for command $c"
    expect_exit 0 "$TELUSUR" "$c" --help
    # Option lines start with two spaces and a dash ("  -n [ --limit ] arg", "  --index arg");
    # the first long option on such a line is the option itself.
    options=$(printf '%s\n' "$OUT" | grep -E '^  -' | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)
    [ -n "$options" ] || fail "$c --help lists no options"
    for o in $options; do
        [ "$o" = "--help" ] && continue
        if ! grep -qE -- "$o([^a-z0-9-]|$)" "$WORK/cmd.txt" "$WORK/common.txt"; then
            fail "option $o of 'telusur $c' is not in the man page (doc/telusur.1, subsection of $c or COMMON OPTIONS)"
        fi
        checked=$((checked + 1))
    done
done
[ "$checked" -ge 30 ] || fail "only $checked options checked"

# Every environment variable the sources read is under ENVIRONMENT.
section '^\.SH ENVIRONMENT' >"$WORK/env.txt"
vars=$(grep -rohE '"(TELUSUR_[A-Z_]+|NO_COLOR|COLUMNS|PAGER|LESS|XDG_[A-Z_]+|HOME)"' "$SOURCE_DIR/src" | tr -d '"' | sort -u)
for v in $vars TELUSUR_INDEX TELUSUR_DATA_DIR NO_COLOR COLUMNS XDG_CONFIG_HOME; do
    grep -q "$v" "$WORK/env.txt" || fail "environment variable $v is not under ENVIRONMENT in the man page"
done

# Exit codes, the query language and the config file keys are documented.
section '^\.SH EXIT STATUS' >"$WORK/exit.txt"
for code in 0 1 2; do grep -qx ".B $code" "$WORK/exit.txt" || fail "exit code $code not documented"; done
section '^\.SH QUERY LANGUAGE' >"$WORK/query.txt"
for op in OR NOT NEAR/3 'title:' 'source:' 'company:' 'entity:' 'date:' '*'; do
    grep -qF -- "$op" "$WORK/query.txt" || fail "query language: '$op' not documented"
done
section '^\.SH CONFIGURATION' >"$WORK/config.txt"
for key in index limit color snippet-length pager gazetteer synonyms; do
    grep -qE "^\\.BI $key " "$WORK/config.txt" || fail "config key '$key' not documented"
done

# It renders without warnings (when groff is installed).
if command -v groff >/dev/null; then
    warnings=$(groff -man -Tutf8 -ww -z "$MAN" 2>&1)
    [ -z "$warnings" ] || fail "groff warnings: $warnings"
fi
echo "man page: $checked options of $(printf '%s\n' "$commands" | wc -w) commands documented"
