# End-to-end ingestion: formats, metadata, furniture removal, duplicates, bad input, show.
source "$(dirname "$0")/lib.sh"
GOOD="$FIXTURES/ingest/good"
BAD="$FIXTURES/ingest/bad"
one_line() { [ "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 ] || fail "expected one line: $ERR"; }

# Bundled articles: furniture is not searchable, the real text is.
index_articles
for w in Transmart Ojol Iskander Airlangga Gaza Penafian comments SEO; do
    expect_exit 1 "$TELUSUR" search --index "$WORK/index" "$w"
done
expect_exit 0 "$TELUSUR" search --index "$WORK/index" --format json --no-collapse Tencent
[ "$(jq -r '.results[] | select(.id == "000_58f45c9217456762") | .date' <<<"$OUT")" = 2025-05-27 ] \
    || fail "000 date: $OUT"
[ "$(jq -r '.results[] | select(.id == "001_d7ea76b0c9959144") | .date' <<<"$OUT")" = null ] \
    || fail "001 has no date: $OUT"
jq -e '.results[0] | has("source") and has("author") and has("url")' <<<"$OUT" >/dev/null \
    || fail "metadata fields: $OUT"
expect_exit 0 "$TELUSUR" search --index "$WORK/index" Cambricon
expect_contains "$OUT" "003_69ad975cae3a0d70  score" "text id line"
expect_contains "$OUT" "Selular.id" "source on the id line"

# show: cleaned text with metadata, --raw the original, exit 1 for an unknown id.
expect_exit 0 "$TELUSUR" show --index "$WORK/index" 000_58f45c9217456762
expect_contains "$OUT" "date: 2025-05-27" "show date"
expect_contains "$OUT" "author: Hesti Nuraini" "show author"
[[ "$OUT" != *"Related Post"* ]] || fail "show prints furniture"
expect_exit 0 "$TELUSUR" show --index "$WORK/index" --raw 000_58f45c9217456762
[ "$OUT" = "$(cat "$ARTICLES"/000_58f45c9217456762.txt)" ] || fail "show --raw is not the original"
expect_exit 0 "$TELUSUR" show --index "$WORK/index" --format json 004_e9b3913e3daf1767
[ "$(jq -r '.body' <<<"$OUT" | grep -c 'Kunlun P800')" -eq 1 ] || fail "repeated text kept twice"
expect_exit 1 "$TELUSUR" show --index "$WORK/index" nope
expect_contains "$ERR" "no article with id 'nope'" "show unknown id"
expect_exit 2 "$TELUSUR" show --index "$WORK/missing" x

# Every format, one run; the malformed JSONL line and the body-less one are named with line numbers.
expect_exit 0 "$TELUSUR" index --index "$WORK/formats" "$GOOD"
expect_contains "$OUT" "added 7, updated 0, unchanged 0, removed 0, skipped 2: 1 malformed line, 1 no body" "formats"
expect_contains "$ERR" "telusur: warning: $GOOD/kiriman.jsonl:2: malformed line" "line number"
expect_contains "$ERR" "kiriman.jsonl:3: no 'id' field; using doc-" "hash id"
expect_exit 0 "$TELUSUR" show --index "$WORK/formats" --format json halaman
[ "$(jq -r '.url' <<<"$OUT")" = https://warta.contoh.id/xiaomi-kacamata ] || fail "html url: $OUT"
for w in skriptersembunyi Navigasisitus Kakisitus; do
    expect_exit 1 "$TELUSUR" search --index "$WORK/formats" "$w"
done
expect_exit 0 "$TELUSUR" search --index "$WORK/formats" --format json Cambricon
[ "$(jq -r '.results[0].date' <<<"$OUT")" = 2024-02-12 ] || fail "jsonl date: $OUT"

# --include filters walked directories; '-' reads JSONL from stdin.
expect_exit 0 "$TELUSUR" index --index "$WORK/inc" --include '*.json' "$GOOD"
expect_contains "$OUT" "added 3," "include"
printf '%s\n' '{"id":"s1","body":"Kabar dari pipa masuk lewat stdin."}' 'rusak' >"$WORK/in.jsonl"
expect_exit 0 "$TELUSUR" index --index "$WORK/stdin" - <"$WORK/in.jsonl"
expect_contains "$OUT" "added 1, updated 0, unchanged 0, removed 0, skipped 1: 1 malformed line" "stdin"
expect_contains "$ERR" "<stdin>:2: malformed line" "stdin line"

# A JSONL file is read a chunk of articles at a time and held to --max-bytes line by line, not as
# a whole: 600 records (three chunks) and a line over the limit, in a file far over it.
python3 - "$WORK/feed.jsonl" <<'EOF'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(1, 601):
        f.write(json.dumps({"id": "f%d" % i, "body": "Kabar umpan nomor%d tentang chip." % i}) + "\n")
        if i == 300:
            f.write(json.dumps({"id": "panjang", "body": "kata " * 100}) + "\n")
EOF
expect_exit 0 "$TELUSUR" index --index "$WORK/feed" --max-bytes 200 "$WORK/feed.jsonl"
expect_contains "$OUT" "added 600, updated 0, unchanged 0, removed 0, skipped 1: 1 too large" "feed"
expect_contains "$ERR" "feed.jsonl:301: line over the --max-bytes limit of 200 bytes" "long line"
expect_exit 0 "$TELUSUR" search --index "$WORK/feed" --format json nomor600
[ "$(jq -r '.results[0].id' <<<"$OUT")" = f600 ] || fail "last record of the feed: $OUT"
# In place. A feed that only grew is read from where the last run stopped: its first lines are
# not read again (the long line is not reported again), the new ones go on counting lines.
append() { printf '{"id":"f%s","body":"Kabar umpan nomor%s tentang chip."}'"$2" "$1" "$1" >>"$WORK/feed.jsonl"; }
for i in 601 602 603 604 605; do append $i '\n'; done
expect_exit 0 "$TELUSUR" index --index "$WORK/feed" --max-bytes 200 --dry-run "$WORK/feed.jsonl"
expect_contains "$OUT" "would have added 5, updated 0, unchanged 600, removed 0, skipped 0;" "dry run"
expect_exit 0 "$TELUSUR" index --index "$WORK/feed" --max-bytes 200 "$WORK/feed.jsonl"
expect_contains "$OUT" "added 5, updated 0, unchanged 600, removed 0, skipped 0;" "feed grown"
[[ "$ERR" != *"line over"* ]] || fail "the lines read before were read again: $ERR"
expect_exit 0 "$TELUSUR" show --index "$WORK/feed" --format json f605
[ "$(jq -r .path <<<"$OUT")" = "$WORK/feed.jsonl:606" ] || fail "appended record's line: $OUT"
expect_exit 0 "$TELUSUR" index --index "$WORK/feed" --max-bytes 200 "$WORK/feed.jsonl"
expect_contains "$OUT" "added 0, updated 0, unchanged 605, removed 0, skipped 0;" "grown feed unchanged"
# A whole record on a last line without its newline, then the line continued: the record's
# value names all of the file as it was, which no longer ends a line: read whole.
append 606 ''
expect_exit 0 "$TELUSUR" index --index "$WORK/feed" --max-bytes 200 "$WORK/feed.jsonl"
expect_contains "$OUT" "added 1, updated 0, unchanged 605, removed 0, skipped 0;" "unfinished line"
printf '\n' >>"$WORK/feed.jsonl"
append 607 '\n'
expect_exit 0 "$TELUSUR" index --index "$WORK/feed" --max-bytes 200 "$WORK/feed.jsonl"
expect_contains "$OUT" "added 1, updated 0, unchanged 606, removed 0, skipped 1: 1 too large" "line continued"
# Half a line (a feed read while it is written to): said to be so, then read once complete,
# from that line on.
printf '{"id":"f608","body":"Kabar umpan no' >>"$WORK/feed.jsonl"
expect_exit 0 "$TELUSUR" index --index "$WORK/feed" --max-bytes 200 "$WORK/feed.jsonl"
expect_contains "$OUT" "added 0, updated 0, unchanged 607, removed 0, skipped 1: 1 malformed line" "half a line"
expect_contains "$ERR" "feed.jsonl:609: malformed line: not valid JSON (the last line, without its newline: cut short or still being written)" "half a line named"
printf 'mor608 tentang chip."}\n' >>"$WORK/feed.jsonl"
expect_exit 0 "$TELUSUR" index --index "$WORK/feed" --max-bytes 200 "$WORK/feed.jsonl"
expect_contains "$OUT" "added 1, updated 0, unchanged 607, removed 0, skipped 0;" "half a line completed"
[[ "$ERR" != *"line over"* ]] || fail "read whole after half a line: $ERR"
expect_exit 0 "$TELUSUR" show --index "$WORK/feed" --format json f608
[ "$(jq -r .path <<<"$OUT")" = "$WORK/feed.jsonl:609" ] || fail "completed record's line: $OUT"
# A whole record without its newline, then cut off (the file is back to its complete lines):
# the record goes, as the file no longer holds it.
cp "$WORK/feed.jsonl" "$WORK/feed.before"
printf '{"id":"sekejap","body":"Kabar sekejap tentang chip."}' >>"$WORK/feed.jsonl"
expect_exit 0 "$TELUSUR" index --index "$WORK/feed" --max-bytes 200 "$WORK/feed.jsonl"
expect_contains "$OUT" "added 1, updated 0, unchanged 608, removed 0, skipped 0;" "record without newline"
expect_exit 0 "$TELUSUR" index --index "$WORK/feed" --max-bytes 200 "$WORK/feed.jsonl"
expect_contains "$OUT" "added 0, updated 0, unchanged 609, removed 0, skipped 0;" "record without newline, again"
[[ "$ERR" != *"line over"* ]] || fail "an unchanged file read again: $ERR"
cp "$WORK/feed.before" "$WORK/feed.jsonl"
expect_exit 0 "$TELUSUR" index --index "$WORK/feed" --max-bytes 200 "$WORK/feed.jsonl"
expect_contains "$OUT" "added 0, updated 0, unchanged 608, removed 1, skipped 1: 1 too large" "record cut off"
expect_exit 1 "$TELUSUR" show --index "$WORK/feed" sekejap
# An edited line (and one more appended), then a deleted line (the records after it move up):
# read whole, as the bytes before the end changed.
sed -i 's/nomor20 /nomor20 diralat /' "$WORK/feed.jsonl"
append 609 '\n'
expect_exit 0 "$TELUSUR" index --index "$WORK/feed" --max-bytes 200 "$WORK/feed.jsonl"
expect_contains "$OUT" "added 1, updated 1, unchanged 607, removed 0, skipped 1: 1 too large" "edited"
expect_exit 0 "$TELUSUR" search --index "$WORK/feed" diralat
sed -i 10d "$WORK/feed.jsonl"
expect_exit 0 "$TELUSUR" index --index "$WORK/feed" --max-bytes 200 "$WORK/feed.jsonl"
expect_contains "$OUT" "added 0, updated 0, unchanged 608, removed 1, skipped 1: 1 too large" "line deleted"
expect_exit 1 "$TELUSUR" search --index "$WORK/feed" nomor10
# The records below the deleted line moved up one: their paths say so (value kLine).
expect_exit 0 "$TELUSUR" show --index "$WORK/feed" --format json f600
[ "$(jq -r .path <<<"$OUT")" = "$WORK/feed.jsonl:600" ] || fail "moved record's line: $OUT"
expect_exit 0 "$TELUSUR" search --index "$WORK/feed" --format json nomor600
[ "$(jq -r '.results[0].path' <<<"$OUT")" = "$WORK/feed.jsonl:600" ] || fail "moved record's line in results: $OUT"

# A corpus folder of links: links to directories are followed, a loop is named once and ends.
mkdir -p "$WORK/linked"
ln -s "$ARTICLES" "$WORK/linked/2026"
ln -s "$WORK/linked" "$WORK/linked/loop"
expect_exit 0 "$TELUSUR" index --index "$WORK/links" "$WORK/linked"
expect_contains "$OUT" "added 5, updated 0, unchanged 0, removed 0, skipped 0" "linked directory"
expect_contains "$ERR" "$WORK/linked/loop: the directory walked as $WORK/linked (a loop or a second link to it); not walked again" "loop"
[ "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 ] || fail "one warning for the loop: $ERR"

# A folder mixing the bundled articles with broken files: all good content, each file reported.
mkdir -p "$WORK/mixed"
cp "$ARTICLES"/*.txt "$BAD"/* "$WORK/mixed/"
cp "$ARTICLES"/003_69ad975cae3a0d70.txt "$WORK/mixed/salinan.txt"
head -c 20000 /dev/zero | tr '\0' 'a' >"$WORK/mixed/raksasa.txt"
expect_exit 0 "$TELUSUR" index --index "$WORK/mixed-index" --max-bytes 10000 "$WORK/mixed"
expect_contains "$OUT" "added 7, updated 0, unchanged 0, removed 0, skipped 6: 2 binary, 1 duplicate, 2 empty, 1 too large" \
    "mixed summary"
for f in kosong.txt spasi.txt biner.txt kontrol.txt raksasa.txt salinan.txt latin1.txt; do
    [ "$(grep -c "^telusur: warning: $WORK/mixed/$f: " <<<"$ERR")" -eq 1 ] || fail "$f: $ERR"
done
expect_contains "$ERR" "salinan.txt: duplicate of 003_69ad975cae3a0d70" "duplicate"
expect_contains "$ERR" "latin1.txt: invalid UTF-8 repaired" "utf-8 warning"
expect_exit 0 "$TELUSUR" search --index "$WORK/mixed-index" zlatinone

# --strict: any skip is an error and the index stays as it was.
expect_exit 2 "$TELUSUR" index --index "$WORK/mixed-index" --strict "$WORK/mixed" "$GOOD"
expect_contains "$ERR" "--strict" "strict"
expect_exit 0 "$TELUSUR" search --index "$WORK/mixed-index" --format json --limit 100
[ "$(jq '.total' <<<"$OUT")" -eq 7 ] || fail "strict run changed the index: $OUT"

# A missing path: error, exit 2, the index untouched.
expect_exit 2 "$TELUSUR" index --index "$WORK/mixed-index" "$GOOD" "$WORK/nope"
expect_contains "$ERR" "$WORK/nope: no such file or directory" "missing path"; one_line
expect_exit 0 "$TELUSUR" search --index "$WORK/mixed-index" --format json --limit 100
[ "$(jq '.total' <<<"$OUT")" -eq 7 ] || fail "missing path changed the index"

# Nothing indexable: exit 2 with the reasons.
expect_exit 2 "$TELUSUR" index --index "$WORK/none" "$BAD/kosong.txt" "$BAD/biner.txt"
expect_contains "$ERR" "nothing to index" "nothing indexable"
expect_contains "$ERR" "1 binary, 1 empty" "nothing indexable reasons"
echo ok
