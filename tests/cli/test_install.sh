# End-to-end: 'cmake --install' into a temporary prefix (and a DESTDIR staging root), then the
# installed telusur indexes and searches from another directory, reading its installed data
# (not the source tree), with its man page and bash completion in place.
source "$(dirname "$0")/lib.sh"
BUILD_DIR="$(cd "$(dirname "$TELUSUR")" && pwd)"
[ -f "$BUILD_DIR/CMakeCache.txt" ] || fail "$BUILD_DIR (the directory of \$TELUSUR) is not a build tree"
unset TELUSUR_DATA_DIR TELUSUR_INDEX TELUSUR_ENTITIES TELUSUR_SYNONYMS
export XDG_CONFIG_HOME="$WORK/xdg"  # no user config file

PREFIX="$WORK/prefix"
expect_exit 0 cmake --install "$BUILD_DIR" --prefix "$PREFIX"
BIN="$PREFIX/bin/telusur"
[ -x "$BIN" ] || fail "no executable $BIN"
DATA="$PREFIX/share/telusur"
# Every data file the sources load is installed; the articles and developer files are not.
files=$(grep -rohE 'data_path\("[^"]+"\)' "$SOURCE_DIR/src" | sed -E 's/data_path\("(.*)"\)/\1/' | sort -u)
[ "$(wc -w <<<"$files")" -ge 5 ] || fail "found only these data files in the sources: $files"
for f in $files; do [ -f "$DATA/$f" ] || fail "data file $f is not installed in $DATA"; done
[ ! -e "$DATA/articles" ] || fail "data/articles was installed"
[ ! -e "$DATA/stemming/gold.tsv" ] || fail "the stemmer's gold list was installed"
ls "$PREFIX"/share/man/man1/telusur.1* >/dev/null 2>&1 || fail "no man page in $PREFIX/share/man/man1"
[ -f "$PREFIX/share/bash-completion/completions/telusur" ] || fail "no bash completion installed"

# From another directory: index the bundled articles, search them.
mkdir -p "$WORK/elsewhere" && cd "$WORK/elsewhere" || fail "cd"
expect_exit 0 "$BIN" index "$ARTICLES"
[ -d "$WORK/elsewhere/index" ] || fail "the index was not made in the current directory"
expect_exit 0 "$BIN" search --format json Kunlun
[ "$(jq -r '.results[0].id' <<<"$OUT")" = "004_e9b3913e3daf1767" ] || fail "installed search: $OUT"
expect_exit 0 "$BIN" search --company huawei --format json
[ "$(jq '.total' <<<"$OUT")" -ge 1 ] || fail "installed gazetteer: no article names huawei: $OUT"
expect_exit 1 "$BIN" search zzzqqq
# It reads the installed data, found next to the executable.
expect_exit 0 "$BIN" config --format json
[ "$(jq -r '."data directory".value' <<<"$OUT")" = "$DATA" ] || fail "installed telusur reads data from: $OUT"
[ "$(jq -r '."data directory".source' <<<"$OUT")" = "next to the executable" ] || fail "$OUT"
expect_exit 0 "$BIN" --version
expect_contains "$OUT" "telusur " "installed --version"

# The installed man page renders and names the commands.
if command -v man >/dev/null; then
    page=$(MANWIDTH=80 man -l "$PREFIX"/share/man/man1/telusur.1* 2>/dev/null)
    expect_contains "$page" "telusur search" "installed man page"
    expect_contains "$page" "EXIT STATUS" "installed man page"
fi
# The installed completion completes companies with the installed binary.
(
    source "$PREFIX/share/bash-completion/completions/telusur"
    COMP_WORDS=("$BIN" search --company huaw); COMP_CWORD=3; _telusur
    [ "${COMPREPLY[*]}" = "huawei" ] || fail "installed completion: '${COMPREPLY[*]}'"
) || exit 1

# A staged install (DESTDIR, as packagers do) is relocatable: it runs from the staging root.
DESTDIR="$WORK/stage" expect_exit 0 cmake --install "$BUILD_DIR" --prefix /opt/telusur
STAGED="$WORK/stage/opt/telusur/bin/telusur"
[ -x "$STAGED" ] || fail "DESTDIR install: no $STAGED"
expect_exit 0 "$STAGED" search --index "$WORK/elsewhere/index" --format json chip
[ "$(jq '.total' <<<"$OUT")" -ge 1 ] || fail "staged search: $OUT"
expect_exit 0 "$STAGED" config --format json
[ "$(jq -r '."data directory".value' <<<"$OUT")" = "$WORK/stage/opt/telusur/share/telusur" ] || fail "staged data: $OUT"
echo "install ok: $PREFIX"
