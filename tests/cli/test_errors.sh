# End-to-end: bad input gets one line on stderr naming what is wrong, and exit code 2.
source "$(dirname "$0")/lib.sh"

one_line() { [ "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 ] || fail "error is not one line: $ERR"; }

# Missing index.
expect_exit 2 "$TELUSUR" search --index "$WORK/missing" chip
expect_contains "$ERR" "no index at $WORK/missing; run 'telusur index PATH' first" "missing index"
one_line

# Missing input path: error, and nothing is created.
expect_exit 2 "$TELUSUR" index --index "$WORK/index" "$WORK/nope.txt"
expect_contains "$ERR" "$WORK/nope.txt: no such file or directory" "missing path"
one_line

index_articles
# Bad options and bad queries.
expect_exit 2 "$TELUSUR" search --index "$WORK/index" --limit -3 chip
expect_contains "$ERR" "--limit" "bad limit"; one_line
expect_exit 2 "$TELUSUR" search --index "$WORK/index" --format xml chip
expect_contains "$ERR" "--format" "bad format"; one_line
expect_exit 2 "$TELUSUR" search --index "$WORK/index" --bogus chip
expect_contains "$ERR" "bogus" "unknown option"; one_line
expect_exit 2 "$TELUSUR" search --index "$WORK/index" '"chip AI'
expect_contains "$ERR" "column 1" "unterminated phrase"; one_line
expect_exit 2 "$TELUSUR" search --index "$WORK/index" 'chip AND'
expect_contains "$ERR" "after AND" "dangling AND"; one_line
expect_exit 2 "$TELUSUR" search --index "$WORK/index" 'chip )'
expect_contains "$ERR" "unbalanced ')'" "stray paren"; one_line
expect_exit 2 "$TELUSUR" frobnicate
expect_contains "$ERR" "unknown command 'frobnicate'" "unknown command"; one_line

# A corrupt index is reported as such, one line, exit 2.
cp -r "$WORK/index" "$WORK/corrupt"
for f in "$WORK"/corrupt/gen-*/*.glass; do head -c 100 /dev/urandom >"$f"; done
expect_exit 2 "$TELUSUR" search --index "$WORK/corrupt" chip
expect_contains "$ERR" "corrupt" "corrupt index"; one_line

# An index built by another analyzer version is refused: one line, exit 2, asks for a rebuild.
cp -r "$WORK/index" "$WORK/oldversion"
xapian-metadata set "$WORK/oldversion" telusur.analyzer_version 1
expect_exit 2 "$TELUSUR" search --index "$WORK/oldversion" chip
expect_contains "$ERR" "built with analyzer version 1" "analyzer version"; one_line
expect_contains "$ERR" "rebuild" "analyzer version"

# Bad articles are skipped with a warning; the rest is indexed.
mkdir -p "$WORK/mixed"
cp "$ARTICLES"/003_*.txt "$WORK/mixed/"
: >"$WORK/mixed/empty.txt"
expect_exit 0 "$TELUSUR" index --index "$WORK/mixed-index" "$WORK/mixed"
expect_contains "$ERR" "empty.txt: empty article" "empty article warning"
expect_contains "$OUT" "added 1" "mixed summary"
expect_contains "$OUT" "skipped 1" "mixed summary"

# Nothing indexable at all: exit 2.
mkdir -p "$WORK/none"; : >"$WORK/none/a.txt"
expect_exit 2 "$TELUSUR" index --index "$WORK/none-index" "$WORK/none"
expect_contains "$ERR" "nothing to index" "nothing indexable"

# Every subcommand has --help.
for c in index search; do
    expect_exit 0 "$TELUSUR" "$c" --help
    expect_contains "$OUT" "usage: telusur $c" "$c --help"
done
echo ok
