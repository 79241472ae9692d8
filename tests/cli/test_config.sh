# End-to-end: the config file ($XDG_CONFIG_HOME/telusur/config or --config FILE) supplies
# defaults; command line > environment > config file > default; 'telusur config' says which.
# A user's gazetteer and synonym files add to the shipped ones.
source "$(dirname "$0")/lib.sh"
unset TELUSUR_INDEX TELUSUR_ENTITIES TELUSUR_SYNONYMS NO_COLOR PAGER COLUMNS
export XDG_CONFIG_HOME="$WORK/xdg"
CONF="$XDG_CONFIG_HOME/telusur/config"
mkdir -p "$XDG_CONFIG_HOME/telusur" "$WORK/elsewhere"

# No config file: built-in defaults, said so.
expect_exit 0 "$TELUSUR" config --format json
[ "$(jq -r '.limit.source' <<<"$OUT")" = "default" ] || fail "defaults: $OUT"
[ "$(jq -r '."config file".value' <<<"$OUT")" = "(none)" ] || fail "no config file: $OUT"

# A user's own gazetteer entity and synonym group, and an article naming the entity.
printf 'acme-semi\tcompany\tAcme Semikonduktor\tAcme Semikonduktor|=ACMESEMI\n' >"$XDG_CONFIG_HOME/telusur/mine.tsv"
printf 'zzsandi | Kunlun\n' >"$WORK/syn.txt"
mkdir -p "$WORK/articles"
cp "$ARTICLES"/*.txt "$WORK/articles/"
printf 'Acme Semikonduktor membuat chip AI baru\n\nPerusahaan Acme Semikonduktor dari Bandung merancang chip AI untuk pusat data.\n' \
    >"$WORK/articles/acme.txt"
cat >"$CONF" <<CONF
# telusur settings for the tests
index = idx
limit = 2
snippet-length = 40
color = always
gazetteer = mine.tsv
synonyms = $WORK/syn.txt
CONF

cd "$WORK/elsewhere" || fail "cd"
expect_exit 0 "$TELUSUR" index "$WORK/articles"
[ -f "$XDG_CONFIG_HOME/telusur/idx/XAPIANDB" ] || fail "config index = idx is not relative to the config file"
[ ! -e "$WORK/elsewhere/index" ] || fail "indexed into ./index despite the config file"
# limit and snippet-length from the file.
expect_exit 0 "$TELUSUR" search --format json chip
[ "$(jq '.results | length' <<<"$OUT")" -eq 2 ] || fail "config limit 2: $(jq '.results | length' <<<"$OUT")"
[ "$(jq '[.results[].snippet | length] | max' <<<"$OUT")" -le 60 ] || fail "config snippet-length 40: $OUT"
# The command line wins over the file.
expect_exit 0 "$TELUSUR" search --format json --limit 3 chip
[ "$(jq '.results | length' <<<"$OUT")" -eq 3 ] || fail "--limit 3 over config: $OUT"
expect_exit 0 "$TELUSUR" config --format json --limit 3
[ "$(jq -r '.limit.value + " " + .limit.source' <<<"$OUT")" = "3 command line" ] || fail "config --limit: $OUT"
[ "$(jq -r '."snippet-length".source' <<<"$OUT")" = "$CONF:4" ] || fail "source FILE:LINE: $OUT"
# The environment wins over the file, the command line over the environment.
mkdir -p "$WORK/envindex"
TELUSUR_INDEX="$WORK/envindex" expect_exit 2 "$TELUSUR" search chip
expect_contains "$ERR" "no index at $WORK/envindex" "TELUSUR_INDEX beats the config file"
TELUSUR_INDEX="$WORK/envindex" expect_exit 0 "$TELUSUR" search --index "$XDG_CONFIG_HOME/telusur/idx" chip
TELUSUR_INDEX="$WORK/envindex" expect_exit 0 "$TELUSUR" config --format json
[ "$(jq -r '.index.source' <<<"$OUT")" = "environment (TELUSUR_INDEX)" ] || fail "index source: $OUT"
# color = always in the file: bold even into a pipe; NO_COLOR (environment) beats it.
expect_exit 0 "$TELUSUR" search Kunlun
expect_contains "$OUT" $'\e[1m' "color = always"
NO_COLOR=1 expect_exit 0 "$TELUSUR" search Kunlun
[[ "$OUT" != *$'\e['* ]] || fail "NO_COLOR must beat the config file's color"

# The user's gazetteer adds to the shipped one (both filters work); so do the synonyms.
expect_exit 0 "$TELUSUR" search --format json --company acme-semi
[ "$(jq -r '.results[0].id' <<<"$OUT")" = "acme" ] || fail "user gazetteer company: $OUT"
expect_exit 0 "$TELUSUR" search --format json --company huawei
[ "$(jq '.total' <<<"$OUT")" -ge 1 ] || fail "shipped gazetteer lost: $OUT"
expect_exit 0 "$TELUSUR" entities --type company
expect_contains "$OUT" "acme-semi" "entities lists the user's company"
expect_contains "$OUT" "nvidia" "entities keeps the shipped companies"
expect_exit 0 "$TELUSUR" search --format json zzsandi
[ "$(jq -r '.results[0].id' <<<"$OUT")" = "004_e9b3913e3daf1767" ] || fail "user synonym zzsandi -> Kunlun: $OUT"
expect_exit 0 "$TELUSUR" search --format json cip
[ "$(jq '.total' <<<"$OUT")" -ge 1 ] || fail "shipped synonyms lost (cip -> chip): $OUT"
expect_exit 0 "$TELUSUR" config
expect_contains "$OUT" "mine.tsv  ($CONF:6)" "config lists the user's gazetteer with its line"
expect_contains "$OUT" "entities.tsv  (shipped)" "config lists the shipped gazetteer"

# --config FILE instead of the default file; a missing one is an error.
printf 'limit = 1\nindex = %s\n' "$XDG_CONFIG_HOME/telusur/idx" >"$WORK/other.conf"
expect_exit 0 "$TELUSUR" search --config "$WORK/other.conf" --format json chip
[ "$(jq '.results | length' <<<"$OUT")" -eq 1 ] || fail "--config limit 1: $OUT"
expect_exit 2 "$TELUSUR" search --config "$WORK/missing.conf" chip
expect_contains "$ERR" "$WORK/missing.conf: cannot read config file" "missing --config"
# A bad line: one-line error naming FILE:LINE, exit 2, for every command.
printf 'limit = 5\nsnippet_length = 300\n' >"$WORK/bad.conf"
for c in search index show entities facets stem analyze config; do
    expect_exit 2 "$TELUSUR" "$c" --config "$WORK/bad.conf" x
    expect_contains "$ERR" "$WORK/bad.conf:2: unknown setting 'snippet_length'" "bad config ($c)"
    [ "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 ] || fail "not one line: $ERR"
done
printf 'limit = lots\n' >"$CONF"
expect_exit 2 "$TELUSUR" search chip
expect_contains "$ERR" "$CONF:1: limit must be a whole number from 0 to 10000, got 'lots'" "bad value"
echo "config ok"
