# shellcheck shell=sh
# lib/keys.sh: helpers for the scripts that edit ~/.ssh/authorized_keys. Inlined by Pier where a
# script says `. ./lib/keys.sh # pier:include`.

# Reads one public key line from stdin into KEY, and its "type material" part into MATERIAL
# (comments may differ between installs); exits 2 with a JSON error for anything else.
read_public_key() {
  KEY=''
  IFS= read -r KEY || true
  case "$KEY" in
    ssh-ed25519\ * | ssh-rsa\ * | ecdsa-sha2-nistp256\ * | ecdsa-sha2-nistp384\ * | ecdsa-sha2-nistp521\ *) ;;
    *)
      printf '{"error":"stdin did not start with a public key line"}\n'
      exit 2
      ;;
  esac
  MATERIAL=$(printf '%s\n' "$KEY" | awk '{ print $1 " " $2 }')
}

# True when FILE has a line with the same type and material as MATERIAL.
has_key() {
  awk -v m="$MATERIAL" '($1 " " $2) == m { found = 1 } END { exit !found }' "$1"
}
