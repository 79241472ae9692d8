# bash completion for telusur(1).
# Installed as share/bash-completion/completions/telusur (bash-completion loads it on demand);
# or: source completion/telusur.bash
#
# Commands and options come from the binary's own help ('telusur --help', 'telusur CMD --help'),
# so they follow whatever version is installed; --company/--entity values from the gazetteer it
# loads ('telusur entities'), which includes the user's own files; --format, --type, --color and
# other values from the lists in the option's help text ("text or json").

# _telusur_help_table BIN CMD: one line per option: LONG, SHORT, ARG (0/1), HELP separated by \037.
_telusur_help_table() {
    "$1" "$2" --help 2>/dev/null | awk '
        function flush() { if (long != "") printf "%s\037%s\037%d\037%s\n", long, short, arg, desc }
        /^  -/ {
            flush()
            line = substr($0, 3)
            long = ""; short = ""; arg = 0
            if (match(line, /^-[a-zA-Z] \[ --[a-z0-9-]+ \]/)) {
                short = substr(line, 1, 2); long = substr(line, 6, RLENGTH - 7)
            } else if (match(line, /^--[a-z0-9-]+/)) {
                long = substr(line, 1, RLENGTH)
            } else if (match(line, /^-[a-zA-Z]/)) {
                short = substr(line, 1, 2)
            }
            line = substr(line, RLENGTH + 1)
            if (match(line, /^ (arg|[A-Z][A-Z_]*)( |$)/)) { arg = 1; line = substr(line, RLENGTH + 1) }
            if (match(line, /^ *\(=[^)]*\)/)) line = substr(line, RLENGTH + 1)
            sub(/^ +/, "", line)
            desc = line
            next
        }
        /^       +[^ ]/ && long != "" { line = $0; sub(/^ +/, "", line); desc = desc " " line; next }
        { flush(); long = "" }
        END { flush() }'
}

# _telusur_values HELP: the values an option's help text lists ("output format: text or json",
# "only this type (company, product, person, place, org)"), or nothing.
_telusur_values() {
    local help="$1" candidate words w ok
    local -a candidates=()
    [[ "$help" == *:* ]] && candidates+=("${help##*:}")
    [[ "$help" == *"("*")"* ]] && { candidate="${help##*(}"; candidates+=("${candidate%%)*}"); }
    candidates+=("$help")
    for candidate in "${candidates[@]}"; do
        candidate="$(sed -e 's/([^)]*)//g' -e 's/[.)]*$//' <<<"$candidate")"
        [[ "$candidate" == *,* || "$candidate" == *" or "* || "$candidate" == *"|"* ]] || continue
        words="$(sed -e 's/ or / /g' -e 's/[,|]/ /g' <<<"$candidate")"
        ok=1
        for w in $words; do
            [[ "$w" =~ ^-?[a-z][a-z0-9_-]*$ ]] || { ok=0; break; }
        done
        if [ "$ok" = 1 ] && [ -n "${words// /}" ]; then
            echo $words
            return
        fi
    done
}

_telusur() {
    local cur="${COMP_WORDS[COMP_CWORD]}" prev="" cword=$COMP_CWORD
    local bin="${COMP_WORDS[0]}"
    [[ "$bin" == "~/"* ]] && bin="$HOME/${bin#\~/}"
    COMPREPLY=()
    # "--format=js" arrives as "--format" "=" "js" (COMP_WORDBREAKS has '=').
    if [ "$cur" = "=" ]; then
        cur=""
        prev="${COMP_WORDS[cword - 1]}"
    elif [ "$cword" -ge 2 ] && [ "${COMP_WORDS[cword - 1]}" = "=" ]; then
        prev="${COMP_WORDS[cword - 2]}"
    elif [ "$cword" -ge 1 ]; then
        prev="${COMP_WORDS[cword - 1]}"
    fi

    # The command: the first word after the program that is not an option.
    local i command=""
    for ((i = 1; i < cword; i++)); do
        if [ "${COMP_WORDS[i]}" = "--config" ]; then
            i=$((i + 1))  # its FILE
        elif [[ "${COMP_WORDS[i]}" != -* ]]; then
            command="${COMP_WORDS[i]}"
            break
        fi
    done
    if [ -z "$command" ]; then
        if [ "$prev" = "--config" ]; then
            compopt -o filenames 2>/dev/null
            mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        elif [[ "$cur" == -* ]]; then
            mapfile -t COMPREPLY < <(compgen -W "--help --version --quiet --verbose --pager --config" -- "$cur")
        else
            mapfile -t COMPREPLY < <(compgen -W "$("$bin" --help 2>/dev/null |
                awk '/^Commands:/ { on = 1; next } on && /^$/ { exit } on { print $1 }') help" -- "$cur")
        fi
        return 0
    fi
    if [ "$command" = "help" ]; then
        [ "$cword" -eq $((i + 1)) ] && mapfile -t COMPREPLY < <(compgen -W "$("$bin" --help 2>/dev/null |
            awk '/^Commands:/ { on = 1; next } on && /^$/ { exit } on { print $1 }')" -- "$cur")
        return 0
    fi

    local table
    table="$(_telusur_help_table "$bin" "$command")"
    # The value of an option that takes one.
    local long short arg help
    if [[ "$prev" == -* ]]; then
        while IFS=$'\037' read -r long short arg help; do
            [ "$prev" = "$long" ] || { [ -n "$short" ] && [ "$prev" = "$short" ]; } || continue
            [ "$arg" = 1 ] || break
            case "$long" in
                --company)
                    mapfile -t COMPREPLY < <(compgen -W "$("$bin" entities --type company 2>/dev/null | cut -f1)" -- "$cur") ;;
                --entity)
                    mapfile -t COMPREPLY < <(compgen -W "$("$bin" entities 2>/dev/null | cut -f1)" -- "$cur") ;;
                --index)
                    compopt -o filenames 2>/dev/null
                    mapfile -t COMPREPLY < <(compgen -d -- "$cur") ;;
                *)
                    local values
                    values="$(_telusur_values "$help")"
                    if [ -n "$values" ]; then
                        mapfile -t COMPREPLY < <(compgen -W "$values" -- "$cur")
                    elif [[ "$help" == *FILE* || "$long" == --config || "$long" == --batch ]]; then
                        compopt -o filenames 2>/dev/null
                        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
                    fi ;;
            esac
            return 0
        done <<<"$table"
    fi
    if [[ "$cur" == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$(cut -d $'\037' -f1 <<<"$table")" -- "$cur")
        return 0
    fi
    case "$command" in
        index)
            compopt -o filenames 2>/dev/null
            mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
        analyze)
            [ -z "$cur" ] && COMPREPLY=(-) ;;
    esac
    return 0
}

complete -F _telusur telusur
