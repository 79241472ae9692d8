# End-to-end bad-input matrix (issue 9). Each row: a bad input, the exit code and a fragment of
# the message expected, then the check that nothing indexed before was lost: the five bundled
# articles are all still in the index, readable and searchable, and telusur check (Xapian's check and ours) finds no error.
# Runs as root in CI: permission rows drop to the nobody user with setpriv.
source "$(dirname "$0")/lib.sh"
BAD="$FIXTURES/ingest/bad"
chmod 755 "$WORK"  # so that the nobody user can reach the files below
mkdir -p "$WORK/in"
IDS=()
for f in "$ARTICLES"/*.txt; do IDS+=("$(basename "$f" .txt)"); done
[ ${#IDS[@]} -ge 5 ] || fail "bundled articles missing"
index_articles

# intact [DIR]: every bundled article is still in DIR (default $WORK/index) and searchable.
intact() {
    local dir="${1:-$WORK/index}" id
    "$TELUSUR" check --index "$dir" >"$WORK/check" 2>&1 || fail "$ROW: telusur check $dir: $(tail -3 "$WORK/check")"
    for id in "${IDS[@]}"; do
        "$TELUSUR" show --index "$dir" "$id" >/dev/null 2>"$WORK/err" \
            || fail "$ROW: article $id lost from $dir: $(cat "$WORK/err")"
    done
    "$TELUSUR" search --index "$dir" --format json Cambricon >"$WORK/out" 2>"$WORK/err" \
        || fail "$ROW: search in $dir failed: $(cat "$WORK/err")"
    jq -e '.results | map(.id) | index("003_69ad975cae3a0d70") != null' "$WORK/out" >/dev/null \
        || fail "$ROW: 003 no longer found in $dir"
}

# row NAME EXIT FRAGMENT CMD...: CMD exits EXIT and prints FRAGMENT (stderr or stdout); then
# the index is intact. $OUT and $ERR keep CMD's output for extra checks.
ROWS=0
row() {
    ROW="$1"
    local want="$2" fragment="$3"
    shift 3
    "$@" >"$WORK/out" 2>"$WORK/err" <"${STDIN:-/dev/null}"
    local got=$?
    OUT="$(cat "$WORK/out")"
    ERR="$(cat "$WORK/err")"
    [ "$got" -eq "$want" ] || fail "$ROW: exit $got, expected $want; stderr: ${ERR:0:500}"
    [[ "$ERR$OUT" == *"$fragment"* ]] || fail "$ROW: expected '$fragment'; got: ${ERR:0:500}"
    intact "${INDEX_DIR:-$WORK/index}"
    ROWS=$((ROWS + 1))
    printf 'ok  %-44s exit %s  %s\n' "$ROW" "$want" "${fragment:0:60}"
}
idx() { "$TELUSUR" index --index "$WORK/index" "$@"; }
srch() { "$TELUSUR" search --index "$WORK/index" "$@"; }

# Another user (to test permissions as root): nobody, through setpriv.
as_other() {
    if [ "$(id -u)" -eq 0 ]; then
        setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
    else
        "$@"
    fi
}

# --- ingestion (issue 4): each bad input is skipped with a warning naming it, or an error ---
row "missing path" 2 "$WORK/nope.txt: no such file or directory" idx "$WORK/nope.txt"
row "empty file" 2 "kosong.txt: empty article" idx "$BAD/kosong.txt"
row "blank file (spaces only)" 2 "spasi.txt: empty article" idx "$BAD/spasi.txt"
expect_contains "$ERR" "nothing to index" "blank file"
row "binary file (NUL bytes)" 2 "biner.txt: binary file (NUL bytes)" idx "$BAD/biner.txt"
row "binary file (control bytes)" 2 "binary file (mostly non-text bytes)" idx "$BAD/kontrol.txt"
row "invalid UTF-8 (repaired, indexed)" 0 "invalid UTF-8 repaired" idx "$BAD/latin1.txt"
expect_contains "$OUT" "added 1" "latin1 indexed"
row "over --max-bytes" 2 "over the --max-bytes limit of 100" idx --max-bytes 100 "$BAD/besar.txt"

printf '%s\n' '{"id":"jl-baik","body":"Baris pertama yang baik tentang wafer."}' '{rusak' \
    '{"id":"jl-kosong","title":"tanpa isi"}' >"$WORK/in/campur.jsonl"
row "malformed JSONL line" 0 "campur.jsonl:2: malformed line" idx "$WORK/in/campur.jsonl"
expect_contains "$ERR" "campur.jsonl:3:" "body-less line named"
expect_contains "$OUT" "added 1" "good JSONL line indexed"
expect_exit 0 srch wafer

mkdir -p "$WORK/strict" && cp "$BAD/kosong.txt" "$WORK/strict/" && printf 'Judul\n\nKata unikstrict.\n' >"$WORK/strict/baru.txt"
row "--strict with a bad file" 2 "--strict: skipped 1: 1 empty; the index is unchanged" \
    idx --strict "$WORK/strict"
expect_exit 1 srch unikstrict

cp "$ARTICLES/001_d7ea76b0c9959144.txt" "$WORK/in/tertutup.txt"
chmod 000 "$WORK/in/tertutup.txt"
cp -r "$WORK/index" "$WORK/nobody-index"
[ "$(id -u)" -ne 0 ] || chown -R 65534:65534 "$WORK/nobody-index"
INDEX_DIR="$WORK/nobody-index" row "unreadable file" 2 "tertutup.txt: cannot" \
    as_other "$TELUSUR" index --index "$WORK/nobody-index" "$WORK/in/tertutup.txt"
chmod 644 "$WORK/in/tertutup.txt"

# --- limits: a clear error or a bounded answer ---
python3 -c 'print("x" * (1 << 20))' >"$WORK/in/query-1mb"
row "1 MB query (batch)" 0 '"error":"query too long: 1048576 bytes, limit 65536' \
    srch --batch "$WORK/in/query-1mb"
row "100 KB query (argument)" 2 "query too long: 102400 bytes, limit 65536" \
    srch "$(python3 -c 'print("y" * 102400)')"
row "10,000 query terms" 2 "query too long: more than 1000 terms" \
    srch "$(python3 -c 'print(" ".join("k%d" % i for i in range(10000)))')"
row "parentheses nested 10,000 deep" 2 "parentheses nested too deeply (limit 100)" \
    srch "$(python3 -c 'print("(" * 10000 + "chip" + ")" * 10000)')"

# a* over a large vocabulary: 60,000 distinct words starting with 'a' in 60 articles.
python3 - "$WORK/in/kosakata.jsonl" <<'EOF'
import json, random, sys
random.seed(7)
with open(sys.argv[1], "w") as f:
    for d in range(60):
        words = ["a" + "".join(random.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(7))
                 for _ in range(1000)]
        f.write(json.dumps({"id": "kosakata-%d" % d, "body": " ".join(words)}) + "\n")
EOF
expect_exit 0 "$TELUSUR" index --index "$WORK/vocab" "$WORK/in/kosakata.jsonl"
row "wildcard over 60,000 a-words" 0 '"query":"aa*"' \
    timeout 30 "$TELUSUR" search --index "$WORK/vocab" --format json 'aa*'
jq -e '.total > 0' <<<"$OUT" >/dev/null || fail "aa* found nothing"
row "one-letter wildcard" 2 "a wildcard needs at least 2 letters" srch 'a*'

truncate -s 100M "$WORK/in/seratus-mb.txt"
row "100 MB article, default limit" 2 \
    "seratus-mb.txt: 104857600 bytes, over the --max-bytes limit of 10485760" \
    idx "$WORK/in/seratus-mb.txt"
rm -f "$WORK/in/seratus-mb.txt"
python3 -c 'import sys; sys.stdout.write(" ".join(["kata%d chip" % (i % 977) for i in range(200000)]))' \
    >"$WORK/in/satu-baris.txt"
row "2.5 MB single-line article" 0 "added 1" idx "$WORK/in/satu-baris.txt"
expect_exit 0 "$TELUSUR" show --index "$WORK/index" --format json satu-baris
[ "$(jq -r '.title | length' <<<"$OUT")" -le 201 ] || fail "single-line title is not bounded"

python3 -c '
import json, sys
sys.stdout.write(json.dumps({"id": "besar-50mb", "body": "kata " * (10 << 20)}) + "\n")
sys.stdout.write(json.dumps({"id": "kecil-stdin", "body": "Baris kecil unikstdin."}) + "\n")' \
    >"$WORK/in/50mb.jsonl"
STDIN="$WORK/in/50mb.jsonl" row "50 MB JSONL line on stdin" 0 \
    "<stdin>:1: line over the --max-bytes limit of 10485760 bytes" idx -
expect_contains "$OUT" "added 1" "the line after a 50 MB line"
expect_exit 0 srch unikstdin
# An id too long for a Xapian term (a 246-byte file name, a 300-byte JSON id) made the whole run
# fail; it is shortened with a warning, and show takes the long form too.
LONG_NAME="$(printf 'a%.0s' $(seq 246))"
printf 'Judul panjang sekali\n\nBerita unikpanjang tentang chip.\n' >"$WORK/in/$LONG_NAME.txt"
row "file name of 246 bytes" 0 "id longer than 200 bytes; using 'aaaa" idx "$WORK/in/$LONG_NAME.txt"
expect_contains "$OUT" "added 1" "long-named article indexed"
expect_exit 0 "$TELUSUR" show --index "$WORK/index" --format json "$LONG_NAME"
[ "$(jq -r '.id | length' <<<"$OUT")" -le 200 ] || fail "long id kept: $OUT"
# similar finds the article by its long id (an unknown id is a usage error, exit 2).
"$TELUSUR" similar --index "$WORK/index" "$LONG_NAME" >/dev/null 2>"$WORK/err" || [ $? -eq 1 ] \
    || fail "similar by the long id: $(cat "$WORK/err")"
expect_exit 2 "$TELUSUR" similar --index "$WORK/index" "${LONG_NAME}b"
expect_contains "$ERR" "no article with id" "unknown long id"
rm -f "$WORK/in/$LONG_NAME.txt"
printf '{"id":"%s","body":"Berita unikjson tentang chip."}\n' "$(printf 'j%.0s' $(seq 300))" >"$WORK/in/id-panjang.jsonl"
row "JSON id of 300 bytes" 0 "id-panjang.jsonl:1: id longer than 200 bytes" idx "$WORK/in/id-panjang.jsonl"
expect_exit 0 srch unikjson
# The same file indexed as a file: a JSONL file is held to --max-bytes line by line.
row "50 MB JSONL line in a file" 0 \
    "50mb.jsonl:1: line over the --max-bytes limit of 10485760 bytes" idx "$WORK/in/50mb.jsonl"
expect_contains "$OUT" "unchanged 1, removed 0, skipped 1: 1 too large" "the line after it, kept"
rm -f "$WORK/in/50mb.jsonl"

mkdir -p "$WORK/tiny"
python3 - "$WORK/tiny" <<'EOF'
import os, sys
for i in range(3000):
    d = os.path.join(sys.argv[1], "d%02d" % (i // 100))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "kecil-%d.txt" % i), "w") as f:
        f.write("Berita kecil %d\n\nKabar singkat nomor %d tentang chip.\n" % (i, i))
EOF
row "3,000 tiny files" 0 "added 3000, updated 0, unchanged 0, removed 0, skipped 0" idx "$WORK/tiny"

# Terminal escapes in article text never reach the terminal raw; JSON keeps the text escaped.
printf 'Judul \033[2J\033[31mmerah\033]0;judul-jendela\007\n\nIsi berita unikescape \033[1;1H\033[K dengan \302\233 kontrol.\n' \
    >"$WORK/in/escape.txt"
row "escape sequences in an article" 0 "added 1" idx "$WORK/in/escape.txt"
for cmd in "search unikescape" "show escape" "show --raw escape"; do
    # shellcheck disable=SC2086
    "$TELUSUR" $cmd --index "$WORK/index" >"$WORK/out" 2>&1 || fail "$cmd failed"
    ! LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]\|\xc2[\x80-\x9f]' "$WORK/out" \
        || fail "$cmd prints a control character: $(od -c "$WORK/out" | head)"
    grep -q '?\[2J' "$WORK/out" || fail "$cmd: the escape is not shown as text"
done
"$TELUSUR" search --index "$WORK/index" --format json unikescape >"$WORK/out"
jq -e '.results[0].title | contains("\u001b[2J")' "$WORK/out" >/dev/null || fail "JSON title"

# File names with spaces, quotes, a newline, an escape sequence and a non-UTF-8 byte.
mkdir -p "$WORK/names"
n=0
for name in "dua kata" "kutip'dan\"ganda" $'baris\nbaru' $'esc\033[2J' $'latin\xe9'; do
    n=$((n + 1))
    printf 'Judul berkas\n\nBerita unikberkas dari berkas nomor %s.\n' "$n" >"$WORK/names/$name.txt"
done
row "file names: spaces, quotes, newline, ESC, Latin-1" 0 "added 5" idx "$WORK/names"
"$TELUSUR" search --index "$WORK/index" --limit 10 --no-collapse unikberkas >"$WORK/out" 2>&1 || fail "names search"
! LC_ALL=C grep -q $'\x1b' "$WORK/out" || fail "an id from a file name prints an escape"
grep -q 'esc?\[2J  score' "$WORK/out" || fail "escaped id: $(cat "$WORK/out")"
"$TELUSUR" search --index "$WORK/index" --format json --limit 10 --no-collapse unikberkas >"$WORK/out"
[ "$(jq -r '.results | map(.id) | sort | join("|")' "$WORK/out")" = \
    $'baris\nbaru|dua kata|esc\033[2J|kutip\'dan"ganda|latin\xef\xbf\xbd' ] \
    || fail "ids in JSON: $(jq -c '.results | map(.id)' "$WORK/out")"
expect_exit 0 "$TELUSUR" show --index "$WORK/index" "dua kata"

# --- the index itself: truncated, without permissions, on a full disk ---
cp -r "$WORK/index" "$WORK/truncated"
# The live generation's postlist (DIR/XAPIANDB names it: "glass gen-NNNNNN").
postlist="$WORK/truncated/$(awk '/^glass / {print $2; exit}' "$WORK/truncated/XAPIANDB")/postlist.glass"
[ -f "$postlist" ] || fail "no postlist at $postlist"
truncate -s 8192 "$postlist"
row "truncated index file (search)" 2 "is corrupt (truncated" \
    "$TELUSUR" search --index "$WORK/truncated" chip
row "truncated index file (index)" 2 "is corrupt (truncated" \
    "$TELUSUR" index --index "$WORK/truncated" "$ARTICLES/003_69ad975cae3a0d70.txt"
[ "$(stat -c %s "$postlist")" -eq 8192 ] || fail "the truncated index was written"

cp -r "$WORK/index" "$WORK/noperm"
chmod 700 "$WORK/noperm"
[ "$(id -u)" -eq 0 ] || chmod 000 "$WORK/noperm"
row "index directory without permission (search)" 2 \
    "permission denied: cannot read the index at $WORK/noperm" \
    as_other "$TELUSUR" search --index "$WORK/noperm" chip
row "index directory without permission (index)" 2 \
    "cannot open lock file $WORK/noperm/telusur.lock: Permission denied" \
    as_other "$TELUSUR" index --index "$WORK/noperm" "$ARTICLES"
chmod 700 "$WORK/noperm"
INDEX_DIR="$WORK/noperm" intact

# Full disk, simulated with a file size limit (works for any user)...
cp -r "$WORK/index" "$WORK/full"
before=$(xapian-delve "$WORK/full" | sed -n 's/^number of documents = //p')
# The limit is below every table's size: the run's first write fails. (With a limit just above
# postlist.glass the run fails at its commit, where libxapian 1.4.22 leaks a 112-byte object
# inside WritableDatabase::commit_transaction(), which the ASan build reports; the tmpfs row
# below fails part-way.)
limit_kb=64
INDEX_DIR="$WORK/full" row "full disk (ulimit -f ${limit_kb}k)" 2 "File too large); the index is left as it was" \
    bash -c 'ulimit -f "$1"; trap "" XFSZ; shift; exec "$@"' _ "$limit_kb" \
    "$TELUSUR" index --index "$WORK/full" "$WORK/in/kosakata.jsonl" "$WORK/tiny"
[ "$(xapian-delve "$WORK/full" | sed -n 's/^number of documents = //p')" = "$before" ] \
    || fail "a failed run changed the number of documents"
# ... also when the run's very first write fails (the metadata it records as it opens the
# index), in a run that would have trained the index's stored-data dictionary.
generate_articles "$WORK/grow1" 150 tumbuh
generate_articles "$WORK/grow2" 40 lanjut
generate_articles "$WORK/grow3" 15 akhir
expect_exit 0 "$TELUSUR" index --index "$WORK/grow" "$WORK/grow1"
expect_exit 0 "$TELUSUR" index --index "$WORK/grow" "$WORK/grow2"
expect_exit 2 bash -c 'ulimit -f 64; trap "" XFSZ; exec "$@"' _ \
    "$TELUSUR" index --index "$WORK/grow" "$WORK/grow3"
expect_contains "$ERR" "cannot write the index at $WORK/grow/gen-000001 (" "full disk at the first write"
expect_contains "$ERR" "File too large); the index is left as it was" "full disk at the first write"
expect_exit 0 "$TELUSUR" check --index "$WORK/grow"
expect_exit 0 "$TELUSUR" stats --index "$WORK/grow" --format json
[ "$(jq '.documents' <<<"$OUT")" -eq 190 ] || fail "a failed run changed the index: $OUT"
[ "$(jq -r '.stored_data.compression' <<<"$OUT")" = none ] || fail "a failed run recorded a dictionary: $OUT"
ROWS=$((ROWS + 1))
expect_exit 0 "$TELUSUR" index --index "$WORK/grow" "$WORK/grow3"
expect_exit 0 "$TELUSUR" stats --index "$WORK/grow" --format json
[ "$(jq -r '.stored_data.compression' <<<"$OUT")" = zstd ] || fail "the run after trained no dictionary: $OUT"

# ...and with a small tmpfs when this user may mount one (root in CI).
mkdir -p "$WORK/tmpfs"
if mount -t tmpfs -o size=$(( $(du -sk "$WORK/index" | cut -f1) + 256 ))k tmpfs "$WORK/tmpfs" 2>/dev/null; then
    trap 'umount "$WORK/tmpfs" 2>/dev/null; rm -rf "$WORK"' EXIT
    cp -r "$WORK/index" "$WORK/tmpfs/index"
    INDEX_DIR="$WORK/tmpfs/index" row "full disk (tmpfs)" 2 "No space left on device); the index is left as it was" \
        "$TELUSUR" index --index "$WORK/tmpfs/index" "$WORK/in/kosakata.jsonl" "$WORK/tiny"
    umount "$WORK/tmpfs"
else
    echo "skip full disk (tmpfs): cannot mount a tmpfs as $(id -un); the ulimit -f row covers it"
fi
echo "ok: $ROWS rows"
