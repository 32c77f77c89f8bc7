#!/usr/bin/env sh
# Debian tools the tests use: rsync (`make publish`) and poppler-utils (pdftoppm shows a PDF's pages).
set -eu
missing=""
command -v rsync >/dev/null 2>&1 || missing="$missing rsync"
command -v pdftoppm >/dev/null 2>&1 || missing="$missing poppler-utils"
[ -z "$missing" ] && exit 0
as_root=""
[ "$(id -u)" -eq 0 ] || as_root="sudo"
# Another apt run (another checkout's tests) may hold the lock for a while: wait for it.
for attempt in 1 2 3 4 5 6; do
    if $as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
       $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing; then
        exit 0
    fi
    sleep 10
done
echo "Không cài được:$missing (apt-get)" >&2
exit 1
