# End-to-end: JSON output parses and every highlight [start, end) (Unicode code points)
# points at a word of the snippet that matches the query (words without synonyms or aliases,
# so each highlight is a form of a query word).
source "$(dirname "$0")/lib.sh"
index_articles
for q in "semikonduktor" "raksasa teknologi" "inovasi" "blokade"; do
    expect_exit 0 "$TELUSUR" search --index "$WORK/index" --format json $q
    printf '%s' "$OUT" >"$WORK/result.json"
    python3 - "$q" "$WORK/result.json" <<'PY' || fail "highlights for '$q'"
import json, sys
doc = json.load(open(sys.argv[2], encoding="utf-8"))
words = [w.lower() for w in sys.argv[1].split()]
assert set(doc) >= {"query", "total", "offset", "limit", "results"}, doc.keys()
assert doc["results"], "no results"
for r in doc["results"]:
    assert set(r) >= {"rank", "id", "title", "path", "score", "snippet", "highlights"}, r.keys()
    assert r["highlights"], f"no highlight in {r['id']}: {r['snippet']}"
    for start, end in r["highlights"]:
        word = r["snippet"][start:end].lower()
        # The highlighted word is a form of a query word (same stem: shares its first letters).
        assert any(w[:4] in word or word[:4] in w for w in words), (word, words)
PY
done
echo ok
