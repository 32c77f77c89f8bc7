#!/usr/bin/env sh
# The browser tests drive Debian's Chromium: Playwright's own browser download does not work offline.
set -eu
[ -x /usr/bin/chromium ] && exit 0
as_root=""
[ "$(id -u)" -eq 0 ] || as_root="sudo"
$as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
