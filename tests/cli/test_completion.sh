# End-to-end: the bash completion (completion/telusur.bash) completes commands, options per
# command, --company values from the gazetteer, --format/--type values, and files.
source "$(dirname "$0")/lib.sh"
source "$SOURCE_DIR/completion/telusur.bash"
complete -p telusur >/dev/null || fail "completion script did not register for telusur"

# complete WORD... : completes the last word as bash would; result in REPLY_WORDS (sorted, one line).
complete_words() {
    COMP_WORDS=("$TELUSUR" "$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE="${COMP_WORDS[*]}"
    COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    _telusur
    REPLY_WORDS="$(printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ')"
}
expect_reply() {  # expect_reply "WANT" WORD...: the completions are exactly WANT (sorted, spaces)
    local want="$1"; shift
    complete_words "$@"
    [ "$REPLY_WORDS" = "$want " ] || fail "completing '$*': expected '$want', got '$REPLY_WORDS'"
}
expect_in_reply() {  # expect_in_reply "A B" WORD...: A and B are among the completions
    local want="$1"; shift
    complete_words "$@"
    for w in $want; do
        [[ " $REPLY_WORDS" == *" $w "* ]] || fail "completing '$*': '$w' missing from '$REPLY_WORDS'"
    done
}

# Commands: every one 'telusur --help' lists, and help.
expect_in_reply "index search show entities facets stem analyze config help" ""
expect_reply "search show similar stats stem" s
expect_reply "search show similar stats stem" help s
expect_reply "--config --help --pager --quiet --verbose --version" --
expect_reply "search show similar stats stem" -q --config "$SOURCE_DIR/doc/telusur.1" s
expect_reply "--strict" --config x index --st
# Options of the command being completed, not of another.
expect_reply "--shards --strict" index --s
expect_reply "--snippet-length" search --sn
expect_in_reply "--limit --offset --format --company --quiet --verbose --pager --config" search --
complete_words show --
[[ "$REPLY_WORDS" != *--limit* ]] || fail "show offers search's --limit: $REPLY_WORDS"
# --company: company ids of the gazetteer the binary loads (types other than company excluded).
expect_in_reply "nvidia huawei baidu" search --company ""
expect_reply "nvidia" search chip --company nv
complete_words search --company ""
[[ " $REPLY_WORDS" != *" china "* ]] || fail "--company offers a place: $REPLY_WORDS"
[ "$(wc -w <<<"$REPLY_WORDS")" -eq "$(grep -cP '^[^#\t]+\tcompany\t' "$SOURCE_DIR/data/entities.tsv")" ] ||
    fail "--company offers $(wc -w <<<"$REPLY_WORDS") ids, entities.tsv has $(grep -cP '^[^#\t]+\tcompany\t' "$SOURCE_DIR/data/entities.tsv") companies"
# A user's own gazetteer adds its companies.
printf 'acme-chip\tcompany\tAcme Chip\tAcme Chip\n' >"$WORK/mine.tsv"
TELUSUR_ENTITIES="$WORK/mine.tsv" expect_reply "acme-chip" search --company ac
expect_in_reply "china jensen-huang nvidia" search --entity ""
# Values listed in the option's help.
expect_reply "json text tsv" search --format ""
expect_reply "json" show --format j
expect_reply "json" search --format = j
expect_reply "company" facets --type co
expect_reply "person place product" entities --type p
expect_reply "always auto never" config --color ""
# No values for a number; directories for --index; files for index's arguments and --config.
expect_reply "" search --limit ""
mkdir -p "$WORK/dir-a/sub" && : >"$WORK/dir-a/file.txt"
expect_reply "$WORK/dir-a/sub" search --index "$WORK/dir-a/"
expect_reply "$WORK/dir-a/file.txt $WORK/dir-a/sub" index "$WORK/dir-a/"
expect_reply "$WORK/dir-a/file.txt $WORK/dir-a/sub" search --config "$WORK/dir-a/"
expect_reply "" help search ""
echo "completion ok"
