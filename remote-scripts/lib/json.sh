# shellcheck shell=sh
# lib/json.sh: JSON output helpers shared by Pier's remote scripts. Not run on its own: Pier
# inlines it where a script says `. ./lib/json.sh # pier:include` before sending the script.

# JSON string escaping. sed and tr rather than awk's gsub: backslashes in gsub replacements
# differ between mawk, gawk and busybox awk, and servers have any of them.
TAB=$(printf '\t')
CR=$(printf '\r')
json_string() {
  printf '%s' "$1" |
    sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e "s/$TAB/\\\\t/g" -e "s/$CR/\\\\r/g" |
    tr -d '\001-\010\013\014\016-\037' |
    awk 'NR > 1 { printf "%s", "\\n" } { printf "%s", $0 }'
}

# One {"fact":NAME,"value":STRING} line.
fact() {
  printf '{"fact":"%s","value":"%s"}\n' "$1" "$(json_string "$2")"
}

have() { command -v "$1" >/dev/null 2>&1; }
