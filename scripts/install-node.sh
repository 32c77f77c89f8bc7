#!/usr/bin/env sh
# The web editor (/quan-tri/) serves Decap CMS from node_modules/ and its tests run decap-server: both need
# node and npm. Debian's packages are enough (Node.js 18 or later).
set -eu
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Cần node và npm (Node.js 18 trở lên) cho trang viết bài /quan-tri/: cài từ nodejs.org rồi chạy lại." >&2
  echo "node and npm (Node.js 18+) are required for the web editor: install them, then run make again." >&2
  exit 1
fi
as_root=""
[ "$(id -u)" -eq 0 ] || as_root="sudo"
for attempt in 1 2 3 4 5; do  # another engineer's apt may hold the lock for a moment
  $as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
    $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm && exit 0
  sleep 5
done
exit 1
