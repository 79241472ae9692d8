# End-to-end: incremental runs (add, change, delete, prune), changed analysis data, rebuild and
# rollback, legacy indexes, two writers, foreign directories, progress, stats/check/compact.
source "$(dirname "$0")/lib.sh"
I="$WORK/index"
hits() {  # hits QUERY: number of matching articles (0 on no hit)
    "$TELUSUR" search --index "$I" --format json --limit 0 "$1" | jq '.total'
}

# --- Incremental: new files added, changed ones updated, unchanged ones skipped.
mkdir -p "$WORK/src"
cp "$ARTICLES"/00[0-2]_*.txt "$WORK/src/"
expect_exit 0 "$TELUSUR" index --index "$I" "$WORK/src"
expect_contains "$OUT" "added 3, updated 0, unchanged 0, removed 0, skipped 0" "first run"
[ -f "$I/XAPIANDB" ] || fail "no stub written"
cp "$ARTICLES"/003_*.txt "$WORK/src/"
printf '\nParagraf baru tentang zirkonium.\n' >>"$WORK/src/000_58f45c9217456762.txt"
expect_exit 0 "$TELUSUR" index --index "$I" "$WORK/src"
expect_contains "$OUT" "added 1, updated 1, unchanged 2, removed 0, skipped 0; 4 articles" "second run"
[ "$(hits zirkonium)" -eq 1 ] || fail "changed text not searchable"
# Same bytes, new mtime: still unchanged (content hash, not mtime).
touch "$WORK/src"/*.txt
expect_exit 0 "$TELUSUR" index --index "$I" "$WORK/src"
expect_contains "$OUT" "added 0, updated 0, unchanged 4, removed 0, skipped 0" "touched files"
# A deleted file stays until --prune.
rm "$WORK/src/001_d7ea76b0c9959144.txt"
expect_exit 0 "$TELUSUR" index --index "$I" "$WORK/src"
expect_contains "$OUT" "removed 0" "no prune"
expect_exit 0 "$TELUSUR" show --index "$I" 001_d7ea76b0c9959144
# A dry run reads the index and writes nothing, not a byte: it needs no lock either, so it runs
# while another writer holds the index.
index_bytes() { find "$I" -type f | sort | xargs md5sum; }
before=$(index_bytes)
flock "$I/telusur.lock" sleep 2 &
holder=$!
for _ in $(seq 500); do flock -n "$I/telusur.lock" true || break; sleep 0.01; done
expect_exit 0 "$TELUSUR" index --index "$I" --dry-run --prune "$WORK/src"
expect_contains "$OUT" "dry run, nothing written: would have added 0, updated 0, unchanged 3, removed 1, skipped 0; 3 articles in $I" "dry run"
wait "$holder"
[ "$(index_bytes)" = "$before" ] || fail "the dry run changed the index's files"
# Of a new index, and of a rebuild: counted, and nothing created (both failed before
# 2026-11-30: "This backend doesn't implement transactions").
expect_exit 0 "$TELUSUR" index --index "$WORK/none" --dry-run "$WORK/src"
expect_contains "$OUT" "would have added 3, updated 0, unchanged 0, removed 0, skipped 0; 3 articles in $WORK/none" "dry run, new index"
[ ! -e "$WORK/none" ] || fail "a dry run created $WORK/none"
expect_exit 0 "$TELUSUR" index --index "$I" --rebuild --dry-run "$WORK/src"
expect_contains "$OUT" "would have added 3, updated 0, unchanged 0, removed 0, skipped 0; 3 articles in $I" "dry run, rebuild"
[ "$(index_bytes)" = "$before" ] || fail "the dry run of a rebuild changed the index's files"
expect_exit 0 "$TELUSUR" show --index "$I" 001_d7ea76b0c9959144
expect_exit 0 "$TELUSUR" index --index "$I" --prune "$WORK/src"
expect_contains "$OUT" "unchanged 3, removed 1, skipped 0; 3 articles" "prune"
expect_exit 1 "$TELUSUR" show --index "$I" 001_d7ea76b0c9959144
# A JSONL file losing a record: the record's article is removed with it.
printf '%s\n' '{"id":"j1","title":"Satu","body":"Gallium dan germanium dibatasi ekspornya."}' \
    '{"id":"j2","title":"Dua","body":"Huawei Ascend diuji di pusat data baru."}' >"$WORK/src/k.jsonl"
expect_exit 0 "$TELUSUR" index --index "$I" "$WORK/src"
expect_contains "$OUT" "added 2, updated 0, unchanged 3" "jsonl added"
printf '%s\n' '{"id":"j1","title":"Satu","body":"Gallium dan germanium dibatasi ekspornya."}' >"$WORK/src/k.jsonl"
expect_exit 0 "$TELUSUR" index --index "$I" "$WORK/src"
expect_contains "$OUT" "added 0, updated 0, unchanged 4, removed 1" "jsonl record removed"
expect_exit 1 "$TELUSUR" show --index "$I" j2
# An edit of case or punctuation alone changes the file (its bytes are hashed, not its words).
sed -i 's/zirkonium\./ZIRKONIUM!/' "$WORK/src/000_58f45c9217456762.txt"
expect_exit 0 "$TELUSUR" index --index "$I" "$WORK/src"
expect_contains "$OUT" "added 0, updated 1, unchanged 3, removed 0" "case-only edit"
expect_exit 0 "$TELUSUR" show --index "$I" 000_58f45c9217456762
expect_contains "$OUT" "ZIRKONIUM!" "case-only edit shown"
# A JSONL feed that grew by a line: the new record is added, the others are kept as they are.
printf '%s\n' '{"id":"j3","title":"Tiga","body":"Kunlun P800 diuji Baidu."}' >>"$WORK/src/k.jsonl"
expect_exit 0 "$TELUSUR" index --index "$I" "$WORK/src"
expect_contains "$OUT" "added 1, updated 0, unchanged 4, removed 0" "jsonl line appended"
expect_exit 0 "$TELUSUR" index --index "$I" "$WORK/src"
expect_contains "$OUT" "added 0, updated 0, unchanged 5, removed 0" "jsonl after append"
[ "$(hits gallium)" -eq 1 ] || fail "kept JSONL record not found"
[ "$(hits kunlun)" -ge 1 ] || fail "appended JSONL record not found"
printf '%s\n' '{"id":"j1","title":"Satu","body":"Gallium dan germanium dibatasi ekspornya."}' >"$WORK/src/k.jsonl"
expect_exit 0 "$TELUSUR" index --index "$I" "$WORK/src"
expect_contains "$OUT" "added 0, updated 0, unchanged 4, removed 1" "jsonl line dropped again"
# A feed that drops its oldest line: the records below it moved up a line but did not change.
# They are kept (their records say where they are now), not analysed and written again.
printf '%s\n' '{"id":"j1","title":"Satu","body":"Gallium dan germanium dibatasi ekspornya."}' \
    '{"id":"j4","title":"Empat","body":"Tencent menyewa chip H20."}' \
    '{"id":"j5","title":"Lima","body":"Alibaba merancang chip tantalum."}' >"$WORK/src/k.jsonl"
expect_exit 0 "$TELUSUR" index --index "$I" "$WORK/src"
expect_contains "$OUT" "added 2, updated 0, unchanged 4, removed 0" "jsonl feed grown"
sed -i 1d "$WORK/src/k.jsonl"
expect_exit 0 "$TELUSUR" index --index "$I" --dry-run "$WORK/src"
expect_contains "$OUT" "would have added 0, updated 0, unchanged 5, removed 1" "dry run, oldest line dropped"
expect_exit 0 "$TELUSUR" index --index "$I" "$WORK/src"
expect_contains "$OUT" "added 0, updated 0, unchanged 5, removed 1" "oldest line dropped"
expect_exit 0 "$TELUSUR" show --index "$I" --format json j5
[ "$(jq -r .path <<<"$OUT")" = "$WORK/src/k.jsonl:2" ] || fail "moved record's path: $OUT"
[ "$(hits tantalum)" -eq 1 ] || fail "moved record not found"
printf '%s\n' '{"id":"j1","title":"Satu","body":"Gallium dan germanium dibatasi ekspornya."}' >"$WORK/src/k.jsonl"
expect_exit 0 "$TELUSUR" index --index "$I" "$WORK/src"
expect_contains "$OUT" "added 1, updated 0, unchanged 3, removed 2, skipped 0; 4 articles" "feed back to one line"

# --- An index started from a handful of articles keeps their common terms as it grows; a run
# says when a rebuild would choose better ones, and stats shows where they came from.
G="$WORK/grown" GS="$WORK/grown-src"
mkdir -p "$GS"
cp "$ARTICLES"/*.txt "$GS/"
expect_exit 0 "$TELUSUR" index --index "$G" "$GS"
expect_exit 0 "$TELUSUR" stats --index "$G" --format json
[ "$(jq -c .common_terms <<<"$OUT")" = '{"chosen_from":5,"outgrown":false,"terms":'"$(jq .common_terms.terms <<<"$OUT")"'}' ] \
    || fail "common terms of a new index: $OUT"
for i in $(seq 1 200); do
    printf '{"id":"g%d","title":"Kabar %d","body":"Laporan nomor %d tentang pasokan chip dan pusat data."}\n' "$i" "$i" "$i"
done >"$GS/feed.jsonl"
expect_exit 0 "$TELUSUR" index --index "$G" "$GS"
expect_contains "$ERR" "note: the common terms whose phrases are marked were chosen from 5 articles and the index holds 205" "outgrown note"
expect_exit 0 "$TELUSUR" stats --index "$G"
expect_contains "$OUT" "chosen from 5 articles (the index has outgrown them" "outgrown in stats"
expect_exit 0 "$TELUSUR" index --index "$G" --rebuild "$GS"
[ -z "$ERR" ] || fail "a note after the rebuild: $ERR"
expect_exit 0 "$TELUSUR" stats --index "$G" --format json
[ "$(jq -c '[.common_terms.chosen_from, .common_terms.outgrown]' <<<"$OUT")" = '[205,false]' ] \
    || fail "common terms after the rebuild: $OUT"

# --- In-place runs analyse ahead in --jobs - 1 threads and write in input order: the same
# outcome as one by one. Here an article moves to an earlier file (1-b.jsonl) while the file
# that held it (2-a.jsonl) is unchanged: that file's state is read only once the move is
# written (counted with the article already in flight, 2-a would count 2 unchanged, not 1).
for jobs in 1 3; do
    J="$WORK/jobs$jobs" S="$WORK/src$jobs"
    mkdir -p "$S"
    cp "$ARTICLES"/*.txt "$S/"
    printf '%s\n' '{"id":"jz","title":"Zet","body":"Kunlun P800 dirakit di Beijing."}' >"$S/1-b.jsonl"
    printf '%s\n' '{"id":"jx","title":"Eks","body":"Gallium dibatasi ekspornya."}' \
        '{"id":"jy","title":"Ye","body":"Huawei Ascend diuji di pusat data."}' >"$S/2-a.jsonl"
    expect_exit 0 "$TELUSUR" index --index "$J" --jobs "$jobs" "$S"
    expect_contains "$OUT" "added 8, updated 0, unchanged 0" "jobs $jobs: first run"
    # The new index ties JSONL records to their file, which exists: pruning keeps them.
    expect_exit 0 "$TELUSUR" index --index "$J" --prune "$S/000_58f45c9217456762.txt"
    expect_contains "$OUT" "unchanged 1, removed 0, skipped 0; 8 articles" "jobs $jobs: prune"
    printf '%s\n' '{"id":"jz","title":"Zet","body":"Kunlun P800 dirakit di Beijing."}' \
        '{"id":"jx","title":"Eks","body":"Gallium dan germanium dibatasi ekspornya."}' >"$S/1-b.jsonl"
    expect_exit 0 "$TELUSUR" index --index "$J" --jobs "$jobs" "$S"
    expect_contains "$OUT" "added 0, updated 1, unchanged 7, removed 0, skipped 0; 8 articles" \
        "jobs $jobs: moved article"
    expect_exit 0 "$TELUSUR" index --index "$J" --jobs "$jobs" "$S"
    expect_contains "$OUT" "added 0, updated 0, unchanged 8, removed 0" "jobs $jobs: again"
    expect_exit 0 "$TELUSUR" show --index "$J" --format json jx
    expect_contains "$OUT" "germanium" "jobs $jobs: moved article's new text"
    "$TELUSUR" search --index "$J" --format json --facets --limit 20 "chip OR gallium OR kunlun" |
        jq -S 'del(.took_ms) | walk(if type == "object" and has("path")
            then .path |= sub("/src[13]/"; "/src/") else . end)' >"$WORK/search$jobs.json" ||
        fail "jobs $jobs: search failed"
done
cmp -s "$WORK/search1.json" "$WORK/search3.json" || fail "--jobs 1 and 3 differ: $(diff "$WORK/search1.json" "$WORK/search3.json" | head -5)"

# --- Changed analysis data (a user gazetteer): incremental runs refuse, --rebuild works.
printf 'zirkonia\tcompany\tZirkonia Corp\tZirkonia|Zirkonia Corp\t\n' >"$WORK/extra.tsv"
TELUSUR_ENTITIES="$WORK/extra.tsv" expect_exit 2 "$TELUSUR" index --index "$I" "$WORK/src"
expect_contains "$ERR" "built with other analysis data" "fingerprint"
expect_contains "$ERR" "--rebuild" "fingerprint"
TELUSUR_ENTITIES="$WORK/extra.tsv" expect_exit 0 "$TELUSUR" stats --index "$I"
expect_contains "$OUT" "changed since indexing" "stats sees the change"
TELUSUR_ENTITIES="$WORK/extra.tsv" expect_exit 0 "$TELUSUR" index --index "$I" --rebuild "$WORK/src"
expect_contains "$OUT" "added 4, updated 0, unchanged 0, removed 0, skipped 0; 4 articles" "rebuild"
expect_contains "$OUT" "switched to gen-000002" "rebuild"
TELUSUR_ENTITIES="$WORK/extra.tsv" expect_exit 0 "$TELUSUR" index --index "$I" "$WORK/src"
expect_contains "$OUT" "unchanged 4" "after rebuild"
export TELUSUR_ENTITIES="$WORK/extra.tsv"  # the index now holds this analysis

# --- Rebuild and rollback switch whole indexes.
mkdir -p "$WORK/other"; cp "$ARTICLES"/004_*.txt "$WORK/other/"
expect_exit 0 "$TELUSUR" index --index "$I" --rebuild "$WORK/other"
expect_contains "$OUT" "1 articles in $I (switched to gen-000003)" "rebuild other"
[ "$(hits zirkonium)" -eq 0 ] || fail "old content after rebuild"
expect_exit 0 "$TELUSUR" rollback --index "$I"
expect_contains "$OUT" "from gen-000003 to gen-000002 (4 articles)" "rollback"
[ "$(hits zirkonium)" -eq 1 ] || fail "rollback did not bring the old content back"
[ "$(ls -d "$I"/gen-* | wc -l)" -eq 2 ] || fail "generations kept: $(ls "$I")"
# A failed rebuild (nothing indexable) leaves the live index as it was and nothing behind.
mkdir -p "$WORK/empty"; : >"$WORK/empty/a.txt"
expect_exit 2 "$TELUSUR" index --index "$I" --rebuild "$WORK/empty"
[ "$(hits zirkonium)" -eq 1 ] || fail "failed rebuild changed the live index"
[ "$(ls -d "$I"/gen-* | wc -l)" -eq 2 ] || fail "failed rebuild left a generation: $(ls "$I")"

# --- stats, check, compact.
expect_exit 0 "$TELUSUR" stats --index "$I" --format json
[ "$(jq '.documents' <<<"$OUT")" -eq 4 ] || fail "stats documents: $OUT"
[ "$(jq '.terms' <<<"$OUT")" -gt 100 ] || fail "stats terms: $OUT"
[ "$(jq -r '.dates.from' <<<"$OUT")" = 2025-05-27 ] || fail "stats dates: $OUT"
[ "$(jq -r '.generation' <<<"$OUT")" = gen-000002 ] || fail "stats generation: $OUT"
# Four articles train no dictionary (index/compression.hpp): plain records.
[ "$(jq -r '.stored_data.compression' <<<"$OUT")" = none ] || fail "stats stored_data: $OUT"
expect_exit 0 "$TELUSUR" check --index "$I"
expect_contains "$OUT" "ok:" "check"
expect_contains "$OUT" "4 documents" "check"
expect_exit 0 "$TELUSUR" compact --index "$I"
expect_contains "$OUT" "switched to gen-000004" "compact"
[ "$(hits zirkonium)" -eq 1 ] || fail "compact lost content"
expect_exit 0 "$TELUSUR" check --index "$I"
cp -r "$I" "$WORK/broken"
for f in "$WORK"/broken/gen-000004/*.glass; do head -c 100 /dev/urandom >"$f"; done
expect_exit 2 "$TELUSUR" check --index "$WORK/broken"
expect_contains "$ERR" "corrupt" "check corrupt"

# --- An index started small gets its stored-data dictionary from the in-place run in which it
# reaches 200 articles (older records stay plain); a long-running reader (search --batch)
# opened before reads the records compressed with it.
G="$WORK/grow"
generate_articles "$WORK/g1" 150 satu
generate_articles "$WORK/g2" 40 dua
generate_articles "$WORK/g3" 20 tiga
expect_exit 0 "$TELUSUR" index --index "$G" "$WORK/g1"
expect_exit 0 "$TELUSUR" index --index "$G" "$WORK/g2"
expect_exit 0 "$TELUSUR" stats --index "$G" --format json
[ "$(jq -r '.stored_data.compression' <<<"$OUT")" = none ] || fail "190 articles, a dictionary: $OUT"
mkfifo "$WORK/gq"
"$TELUSUR" search --index "$G" --no-collapse --batch - <"$WORK/gq" >"$WORK/ganswers" 2>"$WORK/gbatch.err" &
reader=$!
exec 4>"$WORK/gq"
ask_grown() {  # ask_grown N QUERY: sends the query, waits for answer N, prints id and snippet
    echo "$2" >&4
    nth_line "$WORK/ganswers" "$1" | jq -r '[.results[] | .id, .snippet] | join(" ")'
}
[[ "$(ask_grown 1 kodesatux7)" == "satu000007 "*kodesatux7* ]] || fail "batch before: $(cat "$WORK/ganswers" "$WORK/gbatch.err")"
expect_exit 0 "$TELUSUR" index --index "$G" "$WORK/g3"
expect_contains "$OUT" "added 20," "third run"
expect_exit 0 "$TELUSUR" stats --index "$G" --format json
[ "$(jq -r '.stored_data.compression' <<<"$OUT")" = zstd ] || fail "no dictionary after the third run: $OUT"
# Files in name order: tiga000009 is the 200th article, tiga000015 is compressed.
[[ "$(ask_grown 2 kodetigax15)" == "tiga000015 "*kodetigax15* ]] || fail "batch after: $(tail -1 "$WORK/ganswers"; cat "$WORK/gbatch.err")"
[[ "$(ask_grown 3 kodesatux8)" == "satu000008 "*kodesatux8* ]] || fail "batch, a plain record: $(tail -1 "$WORK/ganswers")"
exec 4>&-
wait "$reader" || fail "batch reader failed: $(cat "$WORK/gbatch.err")"
expect_exit 0 "$TELUSUR" show --index "$G" tiga000015
expect_contains "$OUT" "kodetigax15" "show a compressed record"

# --- A legacy index (a plain glass database in DIR) is read, updated in place, converted.
mkdir -p "$WORK/legacy"
cp "$I"/gen-000004/*.glass "$I"/gen-000004/iamglass "$WORK/legacy/"
expect_exit 0 "$TELUSUR" search --index "$WORK/legacy" zirkonium
cp "$ARTICLES"/004_*.txt "$WORK/src/"
expect_exit 0 "$TELUSUR" index --index "$WORK/legacy" "$WORK/src"
expect_contains "$OUT" "added 1," "legacy incremental"
[ -f "$WORK/legacy/iamglass" ] || fail "legacy index not updated in place"
expect_exit 0 "$TELUSUR" index --index "$WORK/legacy" --rebuild "$WORK/other"
[ -f "$WORK/legacy/XAPIANDB" ] && [ ! -f "$WORK/legacy/iamglass" ] || fail "not converted: $(ls "$WORK/legacy")"
expect_exit 1 "$TELUSUR" search --index "$WORK/legacy" zirkonium
expect_exit 0 "$TELUSUR" rollback --index "$WORK/legacy"
expect_exit 0 "$TELUSUR" search --index "$WORK/legacy" zirkonium

# --- One writer at a time: a held lock makes a second writer fail at once, or wait.
flock "$I/telusur.lock" sleep 3 &
holder=$!
sleep 0.5
start=$(date +%s)
expect_exit 2 "$TELUSUR" index --index "$I" "$WORK/src"
expect_contains "$ERR" "index $I is being updated by another process" "second writer"
[ "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 ] || fail "not one line: $ERR"
[ $(( $(date +%s) - start )) -le 1 ] || fail "second writer did not fail at once"
expect_exit 2 "$TELUSUR" rollback --index "$I"
expect_contains "$ERR" "being updated by another process" "rollback while locked"
expect_exit 0 "$TELUSUR" index --index "$I" --wait 20 "$WORK/src"
expect_contains "$OUT" "added 1," "--wait"
wait "$holder"

# --- Foreign directories and files are refused, one line, exit 2, and left alone.
mkdir -p "$WORK/home"; echo penting >"$WORK/home/notes.txt"
for c in "search chip" "stats" "index $WORK/src"; do
    expect_exit 2 "$TELUSUR" ${c%% *} --index "$WORK/home" ${c#* }
    expect_contains "$ERR" "is not a telusur index" "foreign dir ($c)"
    [ "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 ] || fail "not one line: $ERR"
done
[ "$(ls "$WORK/home")" = notes.txt ] || fail "foreign dir touched: $(ls "$WORK/home")"
expect_exit 2 "$TELUSUR" search --index "$WORK/home/notes.txt" chip
expect_contains "$ERR" "is a file" "index path is a file"

# --- Progress: JSON events on stderr; nothing when not a terminal.
expect_exit 0 "$TELUSUR" index --index "$WORK/p" --progress json "$WORK/src"
[ "$(head -1 <<<"$ERR" | jq -r '.event')" = start ] || fail "json progress start: $ERR"
[ "$(tail -1 <<<"$ERR" | jq -r '.event + " " + (.files_done|tostring)')" = "done 5" ] || fail "json progress done: $ERR"
expect_exit 0 "$TELUSUR" index --index "$WORK/p" "$WORK/src"
[ -z "$ERR" ] || fail "progress printed when not a terminal: $ERR"
expect_exit 2 "$TELUSUR" index --index "$WORK/p" --progress loud "$WORK/src"
# On a terminal (a pty from script(1)) the default draws a bar with files/s and ETA.
if command -v script >/dev/null; then
    bar="$(script -qec "'$TELUSUR' index --index '$WORK/pty' '$WORK/src'" /dev/null)"
    expect_contains "$bar" "5/5 files" "progress bar"
    expect_contains "$bar" "files/s  ETA 0:00" "progress bar"
fi
expect_contains "$ERR" "--progress must be auto, never or json" "bad progress"

# Every new subcommand has --help.
for c in rollback stats check compact; do
    expect_exit 0 "$TELUSUR" "$c" --help
    expect_contains "$OUT" "usage: telusur $c" "$c --help"
done
echo ok
