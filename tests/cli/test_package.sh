# End-to-end: 'cpack -G DEB' builds a .deb whose metadata is sane and whose Depends name the
# Debian package of every shared library the binary links, plus hunspell-id; the unpacked
# package runs. Exits 77 (skipped) without cpack, dpkg-deb or objdump, or in a sanitizer build.
source "$(dirname "$0")/lib.sh"
for tool in cpack dpkg-deb dpkg objdump; do
    command -v "$tool" >/dev/null || { echo "skipped: $tool not installed"; exit 77; }
done
BUILD_DIR="$(cd "$(dirname "$TELUSUR")" && pwd)"
[ -f "$BUILD_DIR/CPackConfig.cmake" ] || fail "no CPackConfig.cmake in $BUILD_DIR"
# A sanitizer build links libasan/libubsan: not something to package (scripts/test's release
# build runs this test).
if grep -q '^TELUSUR_SANITIZERS:BOOL=ON' "$BUILD_DIR/CMakeCache.txt"; then
    echo "skipped: sanitizer build"
    exit 77
fi
unset TELUSUR_DATA_DIR TELUSUR_INDEX
export XDG_CONFIG_HOME="$WORK/xdg"

expect_exit 0 cpack -G DEB --config "$BUILD_DIR/CPackConfig.cmake" -B "$WORK/pkg"
DEB=$(ls "$WORK"/pkg/*.deb 2>/dev/null | head -1)
[ -n "$DEB" ] || fail "cpack made no .deb: $OUT"
expect_exit 0 dpkg -I "$DEB"
INFO="$OUT"
field() { dpkg-deb -f "$DEB" "$1"; }
version=$("$TELUSUR" --version | head -1 | cut -d' ' -f2)
[ "$(field Package)" = "telusur" ] || fail "Package: $(field Package)"
[ "$(field Version)" = "$version" ] || fail "Version $(field Version), telusur --version says $version"
[ "$(field Architecture)" = "$(dpkg --print-architecture)" ] || fail "Architecture: $(field Architecture)"
[[ "$(field Maintainer)" == *"<"*"@"*">" ]] || fail "Maintainer is not 'name <email>': $(field Maintainer)"
[ -n "$(field Description | head -1)" ] || fail "no Description synopsis"
[ "$(field Description | wc -l)" -ge 2 ] || fail "no extended Description"
[ "$(basename "$DEB")" = "telusur_${version}_$(dpkg --print-architecture).deb" ] || fail "file name $(basename "$DEB")"

# Depends: the package of every library the packaged binary needs (NEEDED), and hunspell-id.
dpkg-deb -x "$DEB" "$WORK/root"
BIN="$WORK/root/usr/bin/telusur"
[ -x "$BIN" ] || fail "no usr/bin/telusur in the package"
depends=" $(field Depends | sed -E 's/\([^)]*\)//g; s/[ ,]+/ /g') "
[[ "$depends" == *" hunspell-id "* ]] || fail "Depends lacks hunspell-id: $depends"
needed=$(objdump -p "$BIN" | awk '$1 == "NEEDED" { print $2 }')
[ "$(wc -w <<<"$needed")" -ge 4 ] || fail "objdump found too few NEEDED libraries: $needed"
for lib in $needed; do
    path=$(ldd "$BIN" | awk -v l="$lib" '$1 == l { print $3 }')
    [ -n "$path" ] || fail "$lib is not found by ldd"
    pkg=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null || dpkg -S "$path" 2>/dev/null)
    pkg=${pkg%%:*}
    [ -n "$pkg" ] || fail "no Debian package owns $path ($lib)"
    [[ "$depends" == *" $pkg "* ]] || fail "Depends lacks $pkg (for $lib): $depends"
done
# Contents: binary, data, man page, completion, no articles.
expect_exit 0 dpkg -c "$DEB"
for f in ./usr/bin/telusur ./usr/share/telusur/entities.tsv ./usr/share/telusur/synonyms-id.txt \
    ./usr/share/telusur/stopwords-id.txt ./usr/share/man/man1/telusur.1.gz \
    ./usr/share/bash-completion/completions/telusur; do
    expect_contains "$OUT" " $f" "package contents"
done
[[ "$OUT" != *articles* ]] || fail "the package contains articles"
# The unpacked package works from its own tree.
expect_exit 0 "$BIN" index --index "$WORK/index" "$ARTICLES"
expect_exit 0 "$BIN" search --index "$WORK/index" --format json Kunlun
[ "$(jq '.total' <<<"$OUT")" -ge 1 ] || fail "search with the packaged binary: $OUT"
printf '%s\n' "$INFO" | sed -n '/Package:/,$p'
